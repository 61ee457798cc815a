/* SPDX-License-Identifier: MIT */
/* vcpu_state.h - what the guest layer keeps per vCPU beside core's struct vcpu. */
#ifndef STRATA_GUEST_VCPU_STATE_H
#define STRATA_GUEST_VCPU_STATE_H

/*
 * Core (L3) knows a vCPU's Xen-visible state; running it needs more:
 * its registers while it is not on a CPU, its FPU state, its scheduler
 * unit, its one-shot timer and, for PV, the traps and callbacks it
 * registered. One guest_vcpu per vCPU, allocated from the page
 * allocator when the domain is built, found from the vcpu by index.
 */
#include "lib/status.h"
#include "arch/arch.h"
#include "core/domain.h"
#include "core/sched/sched.h"
#include "core/sched/timer.h"
#include "guest/pv/pv_vcpu.h"

struct guest_vcpu {
    uint8_t fpu[ARCH_FPU_BYTES] ALIGNED(16);  /* fxsave image */
    struct vcpu *vcpu;
    struct cpu_regs regs;        /* saved while not on a CPU */
    struct sched_unit unit;      /* unit.id = domain << 16 | vcpu */
    struct timer singleshot;     /* VCPUOP_set_singleshot_timer / set_timer_op */
    uint64_t armed_deadline;     /* the deadline singleshot is set to, 0: none */
    uint32_t running_on;         /* CPU it runs on, or GUEST_NOT_RUNNING */
    bool started;                /* has a register context */
    struct arch_guest_sels sels; /* PV: DS/ES/FS/GS while not on a CPU */
    struct pv_vcpu pv;
};

#define GUEST_NOT_RUNNING 0xffffffffU

/* Allocate and zero the state of vCPU v (its frames come from the page
 * allocator, outside any domain's account). */
status_t guest_vcpu_create(struct vcpu *v, struct guest_vcpu **out);

/* Free it again (domain teardown). */
void guest_vcpu_destroy(struct vcpu *v);

/* Forget every vCPU's state without freeing it (boot, between host tests). */
void guest_vcpu_table_reset(void);

/* The state of v, or NULL if none was created. */
struct guest_vcpu *guest_vcpu_of(const struct vcpu *v);

/* The guest_vcpu whose scheduler unit is u. */
struct guest_vcpu *guest_vcpu_of_unit(struct sched_unit *u);

#endif /* STRATA_GUEST_VCPU_STATE_H */
