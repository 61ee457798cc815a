/* SPDX-License-Identifier: MIT */
/* hvm.h - per-domain and per-vCPU HVM state, VM-exit handling, INIT/SIPI. */
#ifndef STRATA_GUEST_HVM_HVM_H
#define STRATA_GUEST_HVM_HVM_H

/*
 * An HVM domain has a nested page table mirrored from its P2M
 * (mm/nested.h), a device-model platform (dm/platform.h) and one
 * backend vCPU (arch/hvm_backend.h) per started vCPU. The guest layer's
 * per-CPU loop runs HVM vCPUs like PV ones (they are sched_units);
 * hvm_run.c enters them through the backend. Every exit goes through
 * hvm_handle_exit; anything a guest does that Strata cannot or will not
 * emulate crashes that domain only. Design: docs/hvm.md "Backend and
 * exits".
 */
#include "arch/hvm_backend.h"
#include "core/domain.h"
#include "core/sched/timer.h"
#include "guest/hvm/dm/platform.h"
#include "guest/hvm/hvm_build.h"
#include "guest/guests.h"
#include "hypercall/hypercall.h"
#include "lib/status.h"

struct hvm_vcpu {
    struct vcpu *vcpu;
    struct arch_hvm_vcpu *arch;   /* NULL: not created */
    mfn_t frames;                 /* the backend's block */
    bool wait_sipi;               /* after INIT: parked until a Startup IPI */
    bool init_pending;            /* INIT for a vCPU that was running */
    int sipi_vector;              /* a SIPI for a parked vCPU, -1: none */
    bool nmi_pending;             /* taken from the platform, not injected yet */
};

struct hvm_domain {
    struct domain *d;             /* NULL: slot unused */
    spinlock_t lock;              /* the platform and the vCPUs' INIT/SIPI state */
    struct hvm_platform *platform;
    struct timer timer;           /* the platform's next deadline */
    bool timer_ready;
    char debug_line[128];         /* port 0xe9 output waiting for its newline */
    size_t debug_len;
    struct hvm_vcpu vcpus[DOMAIN_MAX_VCPUS];
};

/* Vector of an exception the handlers inject. */
#define HVM_VEC_NMI 2
#define HVM_VEC_UD  6
#define HVM_VEC_GP  13

/* The debug console port (QEMU's and Bochs' "debugcon"). */
#define HVM_DEBUG_PORT 0xe9

/* Make d an HVM domain: nested paging from its P2M (built or not yet),
 * its platform with nr_vcpus local APICs. Nothing stays allocated on an
 * error. -ENODEV: no hardware virtualisation (err says why). */
status_t hvm_domain_init(struct domain *d, char *err, size_t errlen);

/* Undo hvm_domain_init and free every backend vCPU (domain teardown). */
void hvm_domain_destroy(struct domain *d);

/* Forget every HVM domain without freeing anything (host tests). */
void hvm_table_reset(void);

/* The HVM state of d, or NULL. */
struct hvm_domain *hvm_domain_of(const struct domain *d);

/* The HVM state of v (NULL if v's domain is not HVM). */
struct hvm_vcpu *hvm_vcpu_of(const struct vcpu *v);

/* Give v its backend vCPU (reset state). -ENOMEM. */
status_t hvm_vcpu_create(struct vcpu *v);

/* Start v in 64-bit mode with st (the domain builder's vCPU 0 state):
 * creates its backend vCPU and makes it runnable. */
status_t hvm_vcpu_start(struct vcpu *v, const struct arch_hvm_state *st,
                        const struct cpu_regs *regs);

/* vCPU 0's state at the 64-bit entry the builder prepared. */
void hvm_state_from_build(const struct hvm_initial_state *init, struct arch_hvm_state *st,
                          struct cpu_regs *regs);

/* The state in which a Startup IPI with vector leaves a vCPU: real
 * mode at vector:0000 (CS base vector << 12). */
void hvm_sipi_state(uint8_t vector, struct arch_hvm_state *st, struct cpu_regs *regs);

/* Bytes typed on Strata's console for d: into its UART. */
void hvm_console_input(struct domain *d, const char *buf, size_t n);

/* Fill the HVM parts of an HVM domain's guest-table parameters (its
 * console input). */
void hvm_guest_params(struct guest_params *p);

/* Handle one exit of hv; regs are its registers. Afterwards hv may be
 * blocked (HLT), its domain crashed, or both unchanged and ready to
 * run again. Called with interrupts disabled. */
void hvm_handle_exit(struct hvm_vcpu *hv, struct cpu_regs *regs, const struct arch_hvm_exit *e);

/* Last steps before entering hv at time now: a pending INIT/SIPI, the
 * platform's timers, and the interrupt to inject (or an interrupt
 * window to ask for). */
void hvm_prepare_entry(struct hvm_vcpu *hv, struct cpu_regs *regs, uint64_t now);

/* What exit handling needs of the per-CPU loop and the guest table,
 * implemented in hvm_run.c (image; host tests supply their own):
 * crash d (guests_crash), start v with regs (guests_start_vcpu), and
 * run one hypercall with interrupts enabled. */
void hvm_crash_domain(struct domain *d, const char *reason);
status_t hvm_start_vcpu_regs(struct vcpu *v, const struct cpu_regs *regs);
long hvm_dispatch_hypercall(struct vcpu *v, struct hypercall_frame *f);

#endif /* STRATA_GUEST_HVM_HVM_H */
