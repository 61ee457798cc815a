/* SPDX-License-Identifier: MIT */
/* report.h - the one verdict line of a test, and the checks that lead to it. */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include "libc.h"

/*
 * Each report_* function prints exactly one line
 *   Test result: SUCCESS | SKIP: ... | ERROR: ... | FAILURE: ...
 * and ends the domain: SUCCESS and SKIP with SHUTDOWN_poweroff, ERROR and
 * FAILURE with SHUTDOWN_crash (so Strata's exit status shows them too).
 * FAILURE: the hypervisor misbehaved. ERROR: the test could not do its
 * job (a set-up call failed, an unexpected exception). SKIP: the test
 * does not apply here.
 */
NORETURN void report_success(void);
NORETURN void report_skip(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void report_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
NORETURN void report_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Shut the domain down with any reason after printing nothing more
 * (for tests of shutdown reasons themselves). */
NORETURN void report_shutdown(unsigned int reason);

#define GUEST_FILE_LINE __FILE_NAME__ ":" GUEST_STR(__LINE__) ": "
#define GUEST_STR(x) GUEST_STR2(x)
#define GUEST_STR2(x) #x

/* FAILURE with file:line unless cond holds. */
#define check(cond, fmt, ...) \
    do { if (!(cond)) report_fail(GUEST_FILE_LINE fmt, ##__VA_ARGS__); } while (0)
/* FAILURE unless got == want (both printed, as signed 64-bit numbers). */
#define check_eq(got, want, what) \
    do { long long g_ = (long long)(got), w_ = (long long)(want); \
         if (g_ != w_) report_fail(GUEST_FILE_LINE "%s: got %lld, want %lld", (what), g_, w_); \
    } while (0)
/* ERROR with file:line unless cond holds (a set-up step failed). */
#define require(cond, fmt, ...) \
    do { if (!(cond)) report_error(GUEST_FILE_LINE fmt, ##__VA_ARGS__); } while (0)

#endif /* GUEST_REPORT_H */
