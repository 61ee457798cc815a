/* SPDX-License-Identifier: MIT */
/* pv_traps.c - bounce frames, iret and kernel/user switches of a PV vCPU. */
#include "guest/pv/pv_vcpu.h"
#include "hypercall/hypercall.h"
#include "lib/string.h"

#define RFLAGS_TF   (1UL << 8)
#define RFLAGS_IF   (1UL << 9)
#define RFLAGS_IOPL (3UL << 12)
#define RFLAGS_NT   (1UL << 14)
#define RFLAGS_RF   (1UL << 16)
#define RFLAGS_VM   (1UL << 17)
/* What a bounce leaves set in the real flags: events are virtual, so
 * the real IF stays on; single-step and the rest are cleared. */
#define BOUNCE_CLEAR (RFLAGS_TF | RFLAGS_NT | RFLAGS_RF | RFLAGS_VM)
#define IRET_CLEAR   (RFLAGS_IOPL | RFLAGS_VM | RFLAGS_NT)
#define CS_MASK_SHIFT 32    /* the saved upcall mask rides in CS bits 32-39 */
#define BOUNCE_MAX_WORDS 8  /* rcx r11 [error] rip cs rflags rsp ss */

#define DR6_INIT 0xffff0ff0ULL   /* the architectural reset values */
#define DR7_INIT 0x400ULL

void pv_vcpu_init(struct pv_vcpu *pv)
{
    mem_set(pv, 0, sizeof(*pv));
    pv->dr[6] = DR6_INIT;
    pv->dr[7] = DR7_INIT;
}

bool pv_vector_has_error(unsigned int vector)
{
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
           vector == 21 || vector == 29 || vector == 30;
}

void pv_toggle_mode(struct vcpu *v, struct pv_vcpu *pv)
{
    v->pv_user_mode = !v->pv_user_mode;
    v->pv_l4 = v->pv_user_mode ? v->pv_user_l4 : v->pv_kernel_l4;
    arch_set_guest_bases(pv->fs_base, v->pv_user_mode ? pv->gs_base_user
                                                      : pv->gs_base_kernel);
}

/*
 * Write {rcx, r11, [error], rip, cs, rflags, rsp, ss} below the kernel
 * stack (16-byte aligned) and point regs at handler. The saved CS shows
 * RPL 0 for guest kernel mode (so the guest can tell kernel from user)
 * and carries the upcall mask in bits 32-39; the saved RFLAGS.IF is the
 * guest's virtual IF, i.e. !upcall_mask.
 */
static status_t bounce(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs,
                       uint64_t handler, bool has_error, uint64_t error,
                       bool mask_events)
{
    /* LAB 8: BEGIN */
    struct vcpu_info *info = vcpu_info_of(v);
    bool from_user = v->pv_user_mode;
    uint64_t frame[BOUNCE_MAX_WORDS];
    uint64_t cs = from_user ? (regs->cs | 3) : (regs->cs & ~3UL);
    uint64_t flags = (regs->rflags & ~RFLAGS_IF) |
                     (info->evtchn_upcall_mask ? 0 : RFLAGS_IF);
    uint64_t sp = from_user ? pv->kernel_sp : regs->rsp;
    unsigned int n = 0;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if (has_error)
        frame[n++] = error;
    frame[n++] = regs->rip;
    frame[n++] = (cs & 0xffff) | ((uint64_t)info->evtchn_upcall_mask << CS_MASK_SHIFT);
    frame[n++] = flags;
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    sp = (sp & ~15UL) - n * sizeof(uint64_t);
    if (from_user)
        pv_toggle_mode(v, pv);
    if (hypercall_copy_to_guest(v, sp, frame, n * sizeof(uint64_t)) != STATUS_OK) {
        if (from_user)
            pv_toggle_mode(v, pv);
        return STATUS_EFAULT;
    }
    if (mask_events)
        info->evtchn_upcall_mask = 1;
    regs->rsp = sp;
    regs->rip = handler;
    regs->cs = ARCH_GUEST_CS64;
    regs->ss = ARCH_GUEST_DS;
    regs->rflags = (regs->rflags & ~BOUNCE_CLEAR) | RFLAGS_IF;
    return STATUS_OK;
    /* LAB 8: STUB
    // Build the frame in a local array (BOUNCE_MAX_WORDS words), place it
    // below the 16-byte aligned stack top (the kernel stack from user
    // mode), copy it with hypercall_copy_to_guest (on failure change
    // nothing and return STATUS_EFAULT), then enter the handler.
    (void)v;
    (void)pv;
    (void)regs;
    (void)handler;
    (void)has_error;
    (void)error;
    (void)mask_events;
    LAB_TODO(8, "bounce: write the bounce frame on the guest kernel stack and enter the handler");
    LAB 8: END */
}

status_t pv_inject_trap(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs,
                        unsigned int vector, bool has_error, uint64_t error)
{
    const struct pv_trap *t;

    if (vector >= PV_NR_VECTORS || pv->traps[vector].address == 0)
        return STATUS_ENOENT;
    t = &pv->traps[vector];
    return bounce(v, pv, regs, t->address, has_error, error,
                  (t->flags & PV_TRAP_MASK_EVENTS) != 0);
}

bool pv_deliver_events(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs)
{
    struct vcpu_info *info = vcpu_info_of(v);

    if (!info->evtchn_upcall_pending || info->evtchn_upcall_mask ||
        pv->event_callback == 0)
        return false;
    return bounce(v, pv, regs, pv->event_callback, false, 0, true) == STATUS_OK;
}

status_t pv_bounce_syscall(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs)
{
    if (pv->syscall_callback == 0)
        return STATUS_ENOENT;
    return bounce(v, pv, regs, pv->syscall_callback, false, 0,
                  pv->syscall_masks_events);
}

status_t pv_do_iret(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs)
{
    /* LAB 8: BEGIN */
    struct iret_context c;
    bool to_user;

    if (hypercall_copy_from_guest(v, &c, regs->rsp, sizeof(c)) != STATUS_OK)
        return STATUS_EFAULT;
    to_user = (c.cs & 3) == 3;
    if (to_user && !v->pv_user_mode) {
        if (v->pv_user_l4 == INVALID_MFN)
            return STATUS_EINVAL;
        pv_toggle_mode(v, pv);
    }
    regs->rip = c.rip;
    regs->cs = c.cs | 3;
    regs->rflags = (c.rflags & ~IRET_CLEAR) | RFLAGS_IF;
    regs->rsp = c.rsp;
    regs->ss = c.ss | 3;
    regs->rax = c.rax;
    if (c.flags & VGCF_in_syscall) {
        /* sysret-style: rcx and r11 are the return RIP and RFLAGS. */
        regs->rcx = c.rip;
        regs->r11 = c.rflags;
    } else {
        regs->rcx = c.rcx;
        regs->r11 = c.r11;
    }
    vcpu_info_of(v)->evtchn_upcall_mask = (c.rflags & RFLAGS_IF) ? 0 : 1;
    return STATUS_OK;
    /* LAB 8: STUB
    // Read a struct iret_context from the guest stack (STATUS_EFAULT if
    // you cannot), switch to user mode if the saved CS has RPL 3 (refuse
    // with STATUS_EINVAL without a user page table), restore the
    // registers with RPL 3 forced and IOPL/VM/NT cleared, honour
    // VGCF_in_syscall, and set the upcall mask from the saved IF.
    (void)v;
    (void)pv;
    (void)regs;
    LAB_TODO(8, "pv_do_iret: pop the iret frame from the guest stack, check it and return to it");
    LAB 8: END */
}
