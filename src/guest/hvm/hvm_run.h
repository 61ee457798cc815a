/* SPDX-License-Identifier: MIT */
/* hvm_run.h - the per-CPU guest loop's way into an HVM vCPU. */
#ifndef STRATA_GUEST_HVM_HVM_RUN_H
#define STRATA_GUEST_HVM_HVM_RUN_H

#include "guest/vcpu_state.h"

/* Run gv (an HVM vCPU, this CPU's current, its registers in this CPU's
 * guest frame, interrupts disabled) until its next exit, handle the
 * exit and leave through guest_return_path, again and again; the stack
 * starts afresh below the frame each time, as a PV entry does. Returns
 * to a PV guest by arch_enter_guest when the loop switches to one. */
NORETURN void hvm_enter(struct guest_vcpu *gv);

/* The HVM part of preparing gv's entry at time now (INIT/SIPI, the
 * platform's timers, the event to inject): the loop calls it before it
 * programs the CPU's timer, which must include the platform's deadline. */
void hvm_prepare(struct guest_vcpu *gv, struct cpu_regs *regs, uint64_t now);

#endif /* STRATA_GUEST_HVM_HVM_RUN_H */
