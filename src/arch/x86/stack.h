/* SPDX-License-Identifier: MIT */
/* stack.h - per-CPU stacks with unmapped guard pages. */
#ifndef STRATA_ARCH_X86_STACK_H
#define STRATA_ARCH_X86_STACK_H

#include "lib/compiler.h"

/* Map cpu's main and IST stacks in its window of the stacks slot, each
 * with an unmapped guard page below; record them in its percpu. */
void stack_alloc(unsigned int cpu);

/* Continue in fn(arg) on the stack ending at top; never returns
 * (entry.S). */
NORETURN void stack_switch(uintptr_t top, void (*fn)(void *), void *arg);

#endif /* STRATA_ARCH_X86_STACK_H */
