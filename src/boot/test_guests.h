/* SPDX-License-Identifier: MIT */
/* test_guests.h - hand-built PV guests for the boot self-tests. */
#ifndef STRATA_BOOT_TEST_GUESTS_H
#define STRATA_BOOT_TEST_GUESTS_H

/*
 * No domain builder and no PV MMU: a one-page code blob is mapped
 * read-only at TEST_GUEST_VA with a stack page above it, the page tables
 * made here and typed directly. Enough to exercise the ring-3 paths and
 * the scheduler with real vCPUs.
 */
#include "core/domain.h"
#include "guest/guests.h"

#define TEST_GUEST_VA 0x400000ULL

/* Set up scheduling (pool of every CPU run by policy) once. */
void test_guests_init(const char *policy, guests_end_fn on_end);

/* Domain id running code[0..len) with params p; fails the test (and
 * stops the machine) on any error. */
struct domain *test_guest_start(domid_t id, const void *code, size_t len,
                                const struct guest_params *p);

/* Report name as failed with why and stop the machine. */
NORETURN void test_guests_fail(const char *name, const char *why);

#endif /* STRATA_BOOT_TEST_GUESTS_H */
