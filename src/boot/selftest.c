/* SPDX-License-Identifier: MIT */
/* selftest.c - run the chosen self-test(s) and leave with the verdict. */
#include "boot/selftest.h"
#include "arch/arch.h"
#include "arch/x86/exit_code.h"
#include "lib/print.h"
#include "lib/string.h"

struct selftest {
    const char *name;
    bool (*run)(void);
};

/* test=all runs these in order, then stack-guard (which ends the run). */
static const struct selftest tests[] = {
    { "fault", test_fault },
    { "smp", test_smp },
    { "timer", test_timer },
    { "alloc", test_alloc },
    { "wx", test_wx },
};

static unsigned int failures;

unsigned int selftest_failures(void)
{
    return failures;
}

void selftest_report(const char *name, bool ok, const char *detail)
{
    if (!ok)
        failures++;
    printk("Test result: %s %s: %s\n", ok ? "SUCCESS" : "FAILURE", name, detail);
}

static NORETURN void finish(void)
{
    arch_shutdown(failures == 0 ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

NORETURN void selftest_run(const char *name)
{
    bool all = str_compare(name, "all") == 0;
    bool found = all;

    for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
        if (all || str_compare(name, tests[i].name) == 0) {
            printk("--- self-test %s ---\n", tests[i].name);
            tests[i].run();
            found = true;
        }
    }
    if (all || str_compare(name, "stack-guard") == 0)
        test_stack_guard();
    if (str_compare(name, "pv") == 0)
        test_pv();
    if (str_compare(name, "sched-credit") == 0)
        test_sched_credit();
    if (str_compare(name, "sched-rtds") == 0)
        test_sched_rtds();
    if (str_compare(name, "ipi") == 0)
        test_ipi();
    if (str_compare(name, "irq") == 0)
        test_irq();
    if (!found)
        selftest_report(name, false, "no such test");
    finish();
}
