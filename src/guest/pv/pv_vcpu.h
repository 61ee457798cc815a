/* SPDX-License-Identifier: MIT */
/* pv_vcpu.h - the PV-specific state of a vCPU and its trap delivery. */
#ifndef STRATA_GUEST_PV_PV_VCPU_H
#define STRATA_GUEST_PV_PV_VCPU_H

/*
 * A PV guest kernel runs in ring 3, so every exception, event and user
 * syscall reaches Strata first, which forwards it by writing a bounce
 * frame on the guest kernel's stack and resuming at the handler the
 * guest registered (set_trap_table, callback_op). The guest returns
 * with HYPERVISOR_iret. Model and frame layouts: docs/pv-exec.md.
 */
#include "lib/status.h"
#include "arch/arch.h"
#include "core/domain.h"

#define PV_NR_VECTORS 256

/* The flags of a registered trap (Xen's trap_info.flags). */
#define PV_TRAP_DPL_MASK    0x3U
#define PV_TRAP_MASK_EVENTS 0x4U

/* set_gdt: the guest owns the 14 GDT pages below Strata's 0xe000. */
#define PV_GDT_MAX_FRAMES  14U
#define PV_GDT_MAX_ENTRIES (PV_GDT_MAX_FRAMES * 512U)

struct pv_trap {
    uint64_t address;       /* 0: none registered */
    uint16_t cs;
    uint8_t flags;          /* PV_TRAP_* */
};

struct pv_vcpu {
    struct pv_trap traps[PV_NR_VECTORS];
    uint64_t event_callback;
    uint64_t failsafe_callback;
    uint64_t syscall_callback;
    bool syscall_masks_events;
    bool failsafe_masks_events;
    uint64_t kernel_sp;     /* stack_switch: the kernel stack for user traps */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
    bool fpu_ts;            /* the virtual CR0.TS (fpu_taskswitch, clts, #NM) */
    uint64_t ldt_base;      /* MMUEXT_SET_LDT: linear address, 0: none */
    uint32_t ldt_ents;      /* its descriptors (<= 8192) */
    uint8_t iopl;           /* PHYSDEVOP_set_iopl: the virtual IOPL, 0-3 */
    /* set_debugreg: DR0-3, DR6, DR7 as the guest set them (never loaded
     * into the CPU: breakpoints are refused, see do_set_debugreg). */
    uint64_t dr[8];
    /* set_gdt (pv_desc.c): each frame holds one validated SEG_DESC type
     * reference; gdt_nr_frames == 0 means no guest GDT. */
    mfn_t gdt_frames[PV_GDT_MAX_FRAMES];
    uint32_t gdt_nr_frames;
    uint32_t gdt_entries;
};

/* Forget everything the guest registered (vCPU creation). */
void pv_vcpu_init(struct pv_vcpu *pv);

/* Deliver exception vector to the guest kernel of v: bounce frame on its
 * kernel stack, then resume at its registered handler. has_error says
 * whether the frame carries error. -ENOENT: no handler registered;
 * -EFAULT: the frame could not be written (the caller crashes the
 * domain or uses the failsafe callback). */
status_t pv_inject_trap(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs,
                        unsigned int vector, bool has_error, uint64_t error);

/* Deliver a pending event upcall if the guest has one unmasked and an
 * event callback registered; true if regs now point at the callback. */
bool pv_deliver_events(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs);

/* A syscall made in guest user mode: bounce to the syscall callback.
 * -ENOENT when none is registered. */
status_t pv_bounce_syscall(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs);

/* HYPERVISOR_iret: pop the guest's iret_context from its stack into regs
 * (switching to user mode when it returns there). -EFAULT on a bad frame,
 * -EINVAL when returning to user mode without a user page table. */
status_t pv_do_iret(struct vcpu *v, struct pv_vcpu *pv, struct cpu_regs *regs);

/* Switch v between guest kernel and user mode: page-table base and the
 * two GS bases (Xen's toggle_guest_mode). */
void pv_toggle_mode(struct vcpu *v, struct pv_vcpu *pv);

/* Whether vector pushes an error code. */
bool pv_vector_has_error(unsigned int vector);

#endif /* STRATA_GUEST_PV_PV_VCPU_H */
