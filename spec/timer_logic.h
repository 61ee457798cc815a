/* SPDX-License-Identifier: MIT */
/* timer_logic.h - ACSL predicates of the per-CPU timer queues (spec/timer.md). */
#ifndef STRATA_SPEC_TIMER_LOGIC_H
#define STRATA_SPEC_TIMER_LOGIC_H

/*
 * A timer queue is an indexed min-heap on deadlines over its own slot
 * array (TimerHeapValid). A timer is well formed when it names an
 * existing CPU queue (TimerValid); it is armed exactly when its node is
 * held by that CPU's queue.
 */

/*@ predicate TimerHeapValid(struct timer_queue *q) =
      \valid(q) &&
      q->heap.slots == &q->slots[0] &&
      q->heap.capacity == TIMER_QUEUE_CAPACITY &&
      SchedHeapValid(&q->heap);

    predicate TimerValid(struct timer *t) =
      \valid(t) && t->cpu < SCHED_MAX_CPUS;

    predicate TimerArmedIn(struct timer_queue *q, struct timer *t) =
      SchedHeapHolds(&q->heap, &t->node);
*/

#endif /* STRATA_SPEC_TIMER_LOGIC_H */
