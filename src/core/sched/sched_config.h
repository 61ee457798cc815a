/* SPDX-License-Identifier: MIT */
/* sched_config.h - compile-time limits of timers and scheduling. */
#ifndef STRATA_CORE_SCHED_SCHED_CONFIG_H
#define STRATA_CORE_SCHED_SCHED_CONFIG_H

#define SCHED_MAX_CPUS        16u    /* CPUs a cpumask (uint64_t) can name */
#define SCHED_MAX_UNITS       4096u  /* schedulable units per pool */
#define SCHED_MAX_POOLS       4u     /* CPU pools */
#define TIMER_QUEUE_CAPACITY  4096u  /* armed timers per CPU */

#endif /* STRATA_CORE_SCHED_SCHED_CONFIG_H */
