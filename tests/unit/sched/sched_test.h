/* SPDX-License-Identifier: MIT */
/* sched_test.h - a tiny event loop that runs always-busy units on some CPUs. */
#ifndef STRATA_TESTS_SCHED_TEST_H
#define STRATA_TESTS_SCHED_TEST_H

#include "core/sched/sched.h"

/* Run cpus from time from to until: every CPU calls sched_schedule()
 * when its slice ends or it is tickled, and fires its timers when due.
 * Units never block on their own. Returns the decisions taken. */
uint64_t sched_test_run(sched_cpumask_t cpus, uint64_t from, uint64_t until);

#endif /* STRATA_TESTS_SCHED_TEST_H */
