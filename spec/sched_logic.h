/* SPDX-License-Identifier: MIT */
/* sched_logic.h - ACSL predicates of the scheduler core and runqueues (spec/sched.md). */
#ifndef STRATA_SPEC_SCHED_LOGIC_H
#define STRATA_SPEC_SCHED_LOGIC_H

/*
 * RunqueueValid: a runqueue is an indexed min-heap able to hold every
 * unit of a pool. SchedUnitValid: a unit names a real CPU and, when it
 * belongs to a pool, a real pool. SchedPoolValid: the member table is
 * dense, each member knows its slot and its pool, and the pool's CPU
 * mask names existing CPUs. SchedCpuValid: a CPU's pool index is real
 * and it always has something current (at worst its idle unit).
 */

/*@ predicate RunqueueValid(struct sched_heap *h) =
      SchedHeapValid(h) && h->capacity == SCHED_MAX_UNITS;

    predicate SchedUnitValid(struct sched_unit *u) =
      \valid(u) && u->cpu < SCHED_MAX_CPUS &&
      (u->pool == SCHED_NO_POOL || u->pool < SCHED_MAX_POOLS) &&
      SCHED_BLOCKED <= u->state <= SCHED_RUNNING;

    predicate SchedPoolValid(struct sched_pool *p) =
      \valid(p) && p->id < SCHED_MAX_POOLS &&
      p->nr_units <= SCHED_MAX_UNITS && p->nr_cpus <= SCHED_MAX_CPUS &&
      (p->cpus & ~SCHED_ALL_CPUS) == 0 &&
      \forall integer i; 0 <= i < p->nr_units ==>
        \valid(p->units[i]) && p->units[i]->slot == i &&
        p->units[i]->pool == p->id;

    predicate SchedCpuValid(struct sched_pcpu *c) =
      \valid(c) && (c->pool == SCHED_NO_POOL || c->pool < SCHED_MAX_POOLS) &&
      \valid(c->current);
*/

#endif /* STRATA_SPEC_SCHED_LOGIC_H */
