/* SPDX-License-Identifier: MIT */
/* traps.h - exception and interrupt dispatch, register dumps, fixups. */
#ifndef STRATA_ARCH_X86_TRAPS_H
#define STRATA_ARCH_X86_TRAPS_H

#include "lib/compiler.h"
#include "lib/status.h"
#include "arch/arch.h"

#define VEC_DE      0
#define VEC_NMI     2
#define VEC_UD      6
#define VEC_DF      8
#define VEC_GP      13
#define VEC_PF      14
#define VEC_MC      18
#define VEC_TIMER   0xf0    /* LAPIC timer */
#define VEC_SPURIOUS 0xff   /* LAPIC spurious */

/* trap_entry.S builds struct cpu_regs (arch/arch.h). */

typedef void (*irq_handler_fn)(struct cpu_regs *regs);

/* Called by trap_entry.S for every vector. */
void trap_dispatch(struct cpu_regs *regs);

/* Route vector (>= 32) to handler; the handler sends the EOI. */
void trap_set_irq_handler(unsigned int vector, irq_handler_fn handler);

/* Print a register dump of regs (with CR2 for a page fault). */
void trap_dump(const struct cpu_regs *regs);

/* What a double fault does once it is reported: called with the CR2 at
 * the time and whether it lies in a guard page of this CPU's stack. The
 * default (no hook) panics. Boot self-tests install their own. */
typedef void (*double_fault_hook_fn)(uint64_t cr2, bool in_stack_guard);
void trap_set_double_fault_hook(double_fault_hook_fn hook);

/* Count of faults fixed up so far (all CPUs); for tests. */
uint64_t trap_fixup_count(void);

#endif /* STRATA_ARCH_X86_TRAPS_H */
