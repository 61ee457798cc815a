/* SPDX-License-Identifier: MIT */
/* hvm_run.c - HVM vCPUs in the per-CPU guest loop: enter, exit, back to the scheduler. */
#include "guest/hvm/hvm_run.h"
#include "guest/hvm/hvm.h"
#include "guest/guests.h"

/*
 * The PV path enters a guest by restoring this CPU's guest frame and
 * comes back through an entry stub at the top of the stack, which calls
 * guest_return_path. An HVM vCPU keeps the same frame (its general
 * registers) but enters through the backend, which returns like a
 * function at the exit: hvm_step runs one entry/exit on a fresh stack
 * below the frame (run.c's prepare_entry prepared it through
 * hvm_prepare), then the same guest_return_path. That may switch to
 * another HVM vCPU (hvm_enter again, the stack starts afresh), to a PV
 * one (it returns, and the frame goes to ring 3) or go idle.
 */
static struct hvm_vcpu *current_hvm[SCHED_MAX_CPUS];

static void hvm_step(unsigned int cpu)
{
    struct cpu_regs *frame = arch_guest_frame();
    struct hvm_vcpu *hv = current_hvm[cpu];
    struct arch_hvm_exit exit;

    if (vcpu_runnable(hv->vcpu)) {
        arch_hvm_run(hv->arch, frame, &exit);
        hvm_handle_exit(hv, frame, &exit);
    }
    guest_return_path(frame);
    arch_enter_guest(frame);
}

void hvm_prepare(struct guest_vcpu *gv, struct cpu_regs *regs, uint64_t now)
{
    hvm_prepare_entry(hvm_vcpu_of(gv->vcpu), regs, now);
}

NORETURN void hvm_enter(struct guest_vcpu *gv)
{
    current_hvm[arch_cpu_id()] = hvm_vcpu_of(gv->vcpu);
    arch_run_cpu_loop(hvm_step);
}

void hvm_crash_domain(struct domain *d, const char *reason)
{
    guests_crash(d, reason);
}

status_t hvm_start_vcpu_regs(struct vcpu *v, const struct cpu_regs *regs)
{
    return guests_start_vcpu(v, regs);
}

/* Hypercalls may run long: interrupts on, as for PV. */
long hvm_dispatch_hypercall(struct vcpu *v, struct hypercall_frame *f)
{
    long rc;

    arch_irq_enable();
    rc = hypercall_dispatch(v, f);
    arch_irq_disable();
    return rc;
}
