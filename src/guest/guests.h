/* SPDX-License-Identifier: MIT */
/* guests.h - running guests: the scheduler loop, entries from guests, the end of a run. */
#ifndef STRATA_GUEST_GUESTS_H
#define STRATA_GUEST_GUESTS_H

/*
 * After boot every CPU runs guests_cpu_loop: it asks the scheduler for
 * a vCPU and enters it; every trap, interrupt and syscall from a guest
 * comes back through the arch entry code to guest_entry_* and leaves
 * through guest_return_path, which may switch vCPUs or send the CPU
 * idle. Design: docs/pv-exec.md.
 */
#include "lib/status.h"
#include "core/domain.h"

#define GUEST_NAME_MAX 32

/* Per-domain parameters from the boot config. */
struct guest_params {
    char name[GUEST_NAME_MAX];
    uint32_t weight;         /* credit weight, 0: default */
    uint32_t cap;            /* credit cap in %, 0: none */
    uint64_t budget_ns;      /* RTDS budget, 0: default */
    uint64_t period_ns;      /* RTDS period */
    mfn_t console_mfn;       /* the domU console ring page, or INVALID_MFN */
    uint32_t console_port;   /* its event channel (unbound, raised by Strata) */
    /* HVM: where bytes typed for it go (its UART), or NULL. */
    void (*console_input)(struct domain *d, const char *buf, size_t n);
};

/* Called once with every domain ended: all_poweroff says whether each
 * shut down with SHUTDOWN_poweroff. */
typedef void (*guests_end_fn)(bool all_poweroff);

/* Set up scheduling of guests over the CPUs online (one pool run by the
 * policy named policy), the domain hooks and the PV hypercalls. */
status_t guests_init(const char *policy, guests_end_fn on_end);

/* Register d (built, not yet running) with its parameters. */
status_t guests_add_domain(struct domain *d, const struct guest_params *p);

/* Give vCPU v its first register state and make it runnable. */
status_t guests_start_vcpu(struct vcpu *v, const struct cpu_regs *initial);

/* The name given to d, or "?". */
const char *guests_name(const struct domain *d);

/* Print what d wrote to its console ring (cheap when it wrote nothing). */
void guests_console_poll(struct domain *d);

/* Pass bytes typed on Strata's console to the domain that has the
 * console focus (the lowest-numbered live domain with a console ring). */
void guests_console_input(void);

/* Stop d because of something it did (reason printed with the domain). */
void guests_crash(struct domain *d, const char *reason);

/* Enter the loop on this CPU and make every other CPU enter it too. */
NORETURN void guests_run(void);

#endif /* STRATA_GUEST_GUESTS_H */
