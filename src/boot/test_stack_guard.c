/* SPDX-License-Identifier: MIT */
/* test_stack_guard.c - running off the stack hits the guard page, caught by #DF. */
#include "boot/selftest.h"
#include "arch/arch.h"
#include "arch/x86/exit_code.h"
#include "arch/x86/traps.h"
#include "lib/print.h"

#define RECURSION_LIMIT 1000000     /* far beyond a 16 KiB stack */

static void guard_hit(uint64_t cr2, bool in_stack_guard)
{
    selftest_report("stack-guard", in_stack_guard,
                    in_stack_guard ? "overflow hit the guard page, #DF on IST stack"
                                   : "double fault outside a guard page");
    arch_shutdown(selftest_failures() == 0 ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

/* Each level keeps a frame alive (the volatile buffer and the use of the
 * result after the call stop tail-call elimination). */
static unsigned int __attribute__((noinline)) recurse(unsigned int depth)
{
    volatile char frame[256];

    frame[0] = (char)depth;
    if (depth >= RECURSION_LIMIT)
        return frame[0];
    return recurse(depth + 1) + frame[0];
}

NORETURN void test_stack_guard(void)
{
    printk("--- self-test stack-guard ---\n");
    trap_set_double_fault_hook(guard_hit);
    printk("stack-guard test: recursing until the guard page\n");
    printk("stack-guard test: returned %u\n", recurse(0));
    selftest_report("stack-guard", false, "recursion returned without a fault");
    arch_shutdown(EXIT_CODE_FAIL);
}
