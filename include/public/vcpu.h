/* SPDX-License-Identifier: MIT */
/* vcpu.h - vcpu_op (hypercall 24): bring-up, runstate, timers, vcpu_info. */
#ifndef STRATA_PUBLIC_VCPU_H
#define STRATA_PUBLIC_VCPU_H

/* HYPERVISOR_vcpu_op(cmd, unsigned int vcpuid, void *arg). */
#include "public/xen.h"

#define VCPUOP_initialise                     0
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3  /* returns 1 or 0 */
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info            10
#define VCPUOP_send_nmi                      11
#define VCPUOP_get_physid                    12
#define VCPUOP_register_vcpu_time_memory_area 13

#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/* OUT: the vCPU's state and the nanoseconds spent in each state. */
struct vcpu_runstate_info {
    int32_t  state;
    uint32_t pad;
    uint64_t state_entry_time;
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;

/* IN: guest virtual address where the hypervisor keeps the runstate. */
struct vcpu_register_runstate_memory_area {
    uint64_t addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;

/* IN period_ns of VIRQ_TIMER. */
struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

#define VCPU_SSHOTTMR_future (1U << 0)  /* fail with -ETIME if in the past */
/* IN timeout_abs_ns (system time), flags. */
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;
    uint32_t pad;
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;

/* Move this vCPU's vcpu_info to (mfn, offset). IN mfn, offset, rsvd (0). */
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

/* VCPUOP_initialise (x86_64 layout of Xen's arch-x86 headers): the
 * registers and the PV state a vCPU starts with. */
struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;        /* private to Xen */
    uint32_t entry_vector;      /* private to Xen */
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t saved_upcall_mask;
    uint8_t _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};

#define VGCF_i387_valid                 (1U << 0)
#define VGCF_in_kernel                  (1U << 2)
#define VGCF_failsafe_disables_events   (1U << 3)
#define VGCF_syscall_disables_events    (1U << 4)
#define VGCF_online                     (1U << 5)

struct vcpu_guest_context {
    uint8_t fpu_ctxt[512];              /* FXSAVE image */
    uint64_t flags;                     /* VGCF_* */
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];
    uint64_t ldt_base, ldt_ents;
    uint64_t gdt_frames[16], gdt_ents;
    uint64_t kernel_ss, kernel_sp;
    uint64_t ctrlreg[8];                /* CR3: kernel L4, CR1: user L4 */
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist;
    uint64_t fs_base, gs_base_kernel, gs_base_user;
};

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "runstate_info");
_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs");
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "vcpu_guest_context");
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "singleshot");
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "register_vcpu_info");
#endif

#endif /* STRATA_PUBLIC_VCPU_H */
