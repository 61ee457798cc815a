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

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "runstate_info");
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "singleshot");
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "register_vcpu_info");
#endif

#endif /* STRATA_PUBLIC_VCPU_H */
