/* SPDX-License-Identifier: MIT */
/* report.c - print the verdict line once and end the domain. */
#include "guest.h"

static bool reported;   /* a verdict was printed: never a second one */

static NORETURN void end_domain(unsigned int reason)
{
    for (;;) {
        (void)hypercall_shutdown(reason);
        /* Refused? Nothing else can end us: keep asking, politely. */
        (void)hypercall_sched_op(SCHEDOP_yield, NULL);
    }
}

static NORETURN void verdict(const char *word, unsigned int reason,
                             const char *fmt, va_list ap)
{
    char detail[256];

    if (reported)
        end_domain(SHUTDOWN_crash);
    reported = true;
    if (fmt == NULL) {
        printk("Test result: %s\n", word);
    } else {
        vformat(detail, sizeof(detail), fmt, ap);
        printk("Test result: %s: %s\n", word, detail);
    }
    end_domain(reason);
}

void report_success(void)
{
    va_list none;

    /* verdict() ignores ap when fmt is NULL. */
    __builtin_memset(&none, 0, sizeof(none));
    verdict("SUCCESS", SHUTDOWN_poweroff, NULL, none);
}

void report_skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verdict("SKIP", SHUTDOWN_poweroff, fmt, ap);
}

void report_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verdict("ERROR", SHUTDOWN_crash, fmt, ap);
}

void report_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verdict("FAILURE", SHUTDOWN_crash, fmt, ap);
}

void report_shutdown(unsigned int reason)
{
    reported = true;
    end_domain(reason);
}
