/* SPDX-License-Identifier: MIT */
/* pv_vcpu_ctx.c - VCPUOP_initialise for PV: check a vcpu_guest_context, then load it. */
#include "guest/pv/pv_vcpu_ctx.h"
#include "guest/pv/pv_desc.h"
#include "guest/pv/pv_hypercalls.h"
#include "guest/pv/pv_mm.h"
#include "hypercall/hypercall.h"
#include "lib/string.h"
#include "public/vcpu.h"

#define RFLAGS_FIXED   0x2ULL               /* always 1 */
#define RFLAGS_IF      (1ULL << 9)
#define RFLAGS_IOPL    (3ULL << 12)
#define RFLAGS_KEEP    0x003c0fd5ULL        /* status, TF, IF, DF, AC, VIF, VIP, ID: no IOPL, NT, RF, VM */
#define DR7_ENABLES    0xffULL
#define DR7_GD         (1ULL << 13)
#define LDT_MAX_ENTS   8192U
#define FXSAVE_MXCSR   24
#define MXCSR_VALID    0xffbfU
#define DESC_PER_FRAME 512U

/* One context at a time (5 KiB: not for the hypervisor stack). */
static struct vcpu_guest_context ctx;
static spinlock_t ctx_lock;

static bool addr_ok(uint64_t va)
{
    return va == 0 || pv_guest_address_ok(va);
}

static bool debugregs_ok(const struct vcpu_guest_context *c)
{
    for (unsigned int i = 0; i < 4; i++)
        if (!addr_ok(c->debugreg[i]))
            return false;
    return c->debugreg[6] == (uint32_t)c->debugreg[6] &&
           c->debugreg[7] == (uint32_t)c->debugreg[7] &&
           !(c->debugreg[7] & (DR7_ENABLES | DR7_GD));
}

/* Decode: everything that can be refused, before anything changes. */
static bool context_ok(const struct vcpu_guest_context *c)
{
    const struct cpu_user_regs *r = &c->user_regs;

    if (!(c->flags & VGCF_in_kernel) || !pv_guest_address_ok(r->rip) ||
        !addr_ok(r->rsp) || !addr_ok(c->kernel_sp) || !addr_ok(c->fs_base) ||
        !addr_ok(c->gs_base_kernel) || !addr_ok(c->gs_base_user) ||
        !addr_ok(c->event_callback_eip) || !addr_ok(c->failsafe_callback_eip) ||
        !addr_ok(c->syscall_callback_eip) || !addr_ok(c->ldt_base) ||
        c->ldt_ents > LDT_MAX_ENTS || c->gdt_ents > PV_GDT_MAX_ENTRIES ||
        (c->ctrlreg[3] & (PAGE_SIZE - 1)) != 0 || c->ctrlreg[3] == 0 ||
        (c->ctrlreg[1] & (PAGE_SIZE - 1)) != 0 || !debugregs_ok(c))
        return false;
    for (unsigned int i = 0; i < PV_NR_VECTORS; i++)
        if (!addr_ok(c->trap_ctxt[i].address))
            return false;
    return true;
}

/* Take the GDT and L4 references; on a refusal drop what was taken. */
static status_t take_refs(struct vcpu *target, struct pv_vcpu *pv,
                          const struct vcpu_guest_context *c)
{
    mfn_t user = c->ctrlreg[1] >> PAGE_SHIFT;

    if (pv_gdt_install(target->domain, pv, c->gdt_frames, (uint32_t)c->gdt_ents,
                       false) != STATUS_OK)
        return STATUS_EINVAL;
    if (user != 0 && pv_mm_set_user_base(target, user) != STATUS_OK) {
        pv_gdt_release(pv);
        return STATUS_EINVAL;
    }
    if (pv_mm_set_kernel_base(target, c->ctrlreg[3] >> PAGE_SHIFT) != STATUS_OK) {
        if (user != 0)
            (void)pv_mm_set_user_base(target, INVALID_MFN);
        pv_gdt_release(pv);
        return STATUS_EINVAL;
    }
    return STATUS_OK;
}

static void load_regs(struct cpu_regs *regs, const struct cpu_user_regs *r)
{
    mem_set(regs, 0, sizeof(*regs));
    regs->r15 = r->r15; regs->r14 = r->r14; regs->r13 = r->r13; regs->r12 = r->r12;
    regs->rbp = r->rbp; regs->rbx = r->rbx; regs->r11 = r->r11; regs->r10 = r->r10;
    regs->r9 = r->r9; regs->r8 = r->r8; regs->rax = r->rax; regs->rcx = r->rcx;
    regs->rdx = r->rdx; regs->rsi = r->rsi; regs->rdi = r->rdi;
    regs->rip = r->rip;
    regs->rsp = r->rsp;
    regs->cs = r->cs | 3U;                  /* the guest kernel is ring 3 */
    regs->ss = r->ss | 3U;
    regs->rflags = (r->rflags & RFLAGS_KEEP) | RFLAGS_FIXED | RFLAGS_IF;
}

static void load_pv(struct pv_vcpu *pv, const struct vcpu_guest_context *c)
{
    for (unsigned int i = 0; i < PV_NR_VECTORS; i++)
        pv->traps[i] = (struct pv_trap){ .address = c->trap_ctxt[i].address,
                                         .cs = c->trap_ctxt[i].cs,
                                         .flags = c->trap_ctxt[i].flags };
    pv->event_callback = c->event_callback_eip;
    pv->failsafe_callback = c->failsafe_callback_eip;
    pv->failsafe_masks_events = (c->flags & VGCF_failsafe_disables_events) != 0;
    pv->syscall_callback = c->syscall_callback_eip;
    pv->syscall_masks_events = (c->flags & VGCF_syscall_disables_events) != 0;
    pv->kernel_sp = c->kernel_sp;
    pv->fs_base = c->fs_base;
    pv->gs_base_kernel = c->gs_base_kernel;
    pv->gs_base_user = c->gs_base_user;
    pv->ldt_base = c->ldt_ents != 0 ? c->ldt_base : 0;
    pv->ldt_ents = (uint32_t)c->ldt_ents;
    pv->iopl = (uint8_t)((c->user_regs.rflags & RFLAGS_IOPL) >> 12);
    for (unsigned int i = 0; i < 8; i++)
        if (i != 4 && i != 5)
            pv->dr[i] = c->debugreg[i];
}

static void load_fpu(void *fpu, const struct vcpu_guest_context *c)
{
    uint32_t mxcsr;

    if (!(c->flags & VGCF_i387_valid)) {
        arch_fpu_init_state(fpu);
        return;
    }
    mem_copy(fpu, c->fpu_ctxt, sizeof(c->fpu_ctxt));
    /* Reserved MXCSR bits would fault FXRSTOR in the hypervisor. */
    mem_copy(&mxcsr, (uint8_t *)fpu + FXSAVE_MXCSR, sizeof(mxcsr));
    mxcsr &= MXCSR_VALID;
    mem_copy((uint8_t *)fpu + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
}

/* DS/ES/FS/GS as given, RPL 3 (run.c nulls what the GDT cannot back). */
static void load_sels(struct arch_guest_sels *sels, const struct cpu_user_regs *r)
{
    sels->ds = r->ds ? r->ds | 3U : 0;
    sels->es = r->es ? r->es | 3U : 0;
    sels->fs = r->fs ? r->fs | 3U : 0;
    sels->gs = r->gs ? r->gs | 3U : 0;
}

status_t pv_vcpu_context_load(struct vcpu *caller, struct vcpu *target,
                              struct guest_vcpu *gv, uint64_t ctxt)
{
    status_t rc = STATUS_OK;

    spin_lock(&ctx_lock);
    if (hypercall_copy_from_guest(caller, &ctx, ctxt, sizeof(ctx)) != STATUS_OK)
        rc = STATUS_EFAULT;
    else if (!context_ok(&ctx))
        rc = STATUS_EINVAL;
    else
        rc = take_refs(target, &gv->pv, &ctx);
    if (rc == STATUS_OK) {
        load_regs(&gv->regs, &ctx.user_regs);
        load_sels(&gv->sels, &ctx.user_regs);
        load_pv(&gv->pv, &ctx);
        load_fpu(gv->fpu, &ctx);
    }
    spin_unlock(&ctx_lock);
    return rc;
}
