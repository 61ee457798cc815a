/* SPDX-License-Identifier: MIT */
/* selftest.h - boot self-tests chosen with test=NAME on the command line. */
#ifndef STRATA_BOOT_SELFTEST_H
#define STRATA_BOOT_SELFTEST_H

#include "lib/compiler.h"

/* Run test name ("fault", "smp", "timer", "alloc", "wx", "stack-guard"
 * or "all"), print one "Test result: SUCCESS|FAILURE <name> ..." line per
 * test and leave QEMU with the pass or fail code. Never returns. */
NORETURN void selftest_run(const char *name);

/* Print the result line of one test; false results are counted. */
void selftest_report(const char *name, bool ok, const char *detail);

/* Failures reported so far. */
unsigned int selftest_failures(void);

/* The tests (each in its own file). Return true on success. */
bool test_fault(void);
bool test_smp(void);
bool test_timer(void);
bool test_alloc(void);
bool test_wx(void);
/* Overflows the stack; ends the machine from the double-fault hook. */
NORETURN void test_stack_guard(void);
/* Runs a hand-built PV guest; ends the machine with its verdict. */
NORETURN void test_pv(void);
/* Busy PV vCPUs on every CPU; end the machine with the verdict. */
NORETURN void test_sched_credit(void);
NORETURN void test_sched_rtds(void);
/* IPIs between all CPUs, NMIs, wake-ups, the spurious vector, vector
 * ownership; ends the machine with the verdict. */
NORETURN void test_ipi(void);
/* The PIT's IRQ through the IOAPIC and the pirq table; ends the machine. */
NORETURN void test_irq(void);

#endif /* STRATA_BOOT_SELFTEST_H */
