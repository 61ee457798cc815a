/* SPDX-License-Identifier: MIT */
/* sched_test.h - a tiny event loop that runs always-busy units on some CPUs. */
#ifndef STRATA_TESTS_SCHED_TEST_H
#define STRATA_TESTS_SCHED_TEST_H

#include "core/sched/sched.h"

/* Run cpus from time from to until: every CPU calls sched_schedule()
 * when its slice ends or it is tickled, and fires its timers when due.
 * Units never block on their own. Returns the decisions taken. */
uint64_t sched_test_run(sched_cpumask_t cpus, uint64_t from, uint64_t until);

/* Fresh timers and scheduler, one pool of policy over cpus holding
 * units[0 .. n - 1] (each initialised with its index); returns the pool. */
uint32_t sched_test_pool(const char *policy, sched_cpumask_t cpus,
                         struct sched_unit *units, uint32_t n);

#endif /* STRATA_TESTS_SCHED_TEST_H */
