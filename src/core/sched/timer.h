/* SPDX-License-Identifier: MIT */
/* timer.h - per-CPU timer queues: arm, stop, migrate, fire what expired. */
#ifndef STRATA_CORE_SCHED_TIMER_H
#define STRATA_CORE_SCHED_TIMER_H

#include "arch/arch.h"
#include "core/sched/sched_config.h"
#include "core/sched/sched_heap.h"

/*
 * Each CPU has one queue of armed timers, a binary min-heap on the
 * deadline (nanoseconds of arch_now_ns()). The CPU's timer interrupt
 * calls timer_fire_expired(); whoever programs the LAPIC asks
 * timer_next_deadline(). A callback runs with no timer lock held, so it
 * may re-arm its own timer or arm others.
 */

#define TIMER_NEVER UINT64_MAX   /* no deadline */

struct timer;
typedef void (*timer_fn)(struct timer *timer, void *data, uint64_t now);

struct timer {
    struct sched_heap_node node;  /* key = deadline; guarded by timer_queues[cpu].lock */
    timer_fn fn;                  /* set by timer_init, read when firing */
    void *data;                   /* passed to fn */
    uint32_t cpu;                 /* the queue this timer belongs to; guarded
                                     by that queue's lock */
};

struct timer_queue {
    spinlock_t lock;              /* guards heap, slots and the armed timers */
    struct sched_heap heap;       /* armed timers, earliest deadline first */
    struct sched_heap_node *slots[TIMER_QUEUE_CAPACITY];
};

/* The queues, one per CPU: module state, visible only for the contracts. */
extern struct timer_queue timer_queues[SCHED_MAX_CPUS];

#include "timer_logic.h"  /* TimerHeapValid, TimerValid (spec/) */

/*@ predicate TimerQueuesValid{L} =
      \forall integer c; 0 <= c < SCHED_MAX_CPUS ==>
        TimerHeapValid(&timer_queues[c]);
*/

/* Empty every CPU's queue (boot, and between host tests). */
/*@ assigns timer_queues[0 .. SCHED_MAX_CPUS - 1];
    ensures valid: TimerQueuesValid;
    ensures empty: \forall integer c; 0 <= c < SCHED_MAX_CPUS ==>
                   timer_queues[c].heap.count == 0; */
void timer_subsystem_init(void);

/* Prepare t (not armed) to call fn(t, data, now) on CPU cpu. */
/*@ requires valid_timer: \valid(t);
    requires apart: \separated(t, timer_queues + (0 .. SCHED_MAX_CPUS - 1));
    assigns *t;
    behavior bad_cpu:
      assumes cpu >= SCHED_MAX_CPUS || fn == \null;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior ready:
      assumes cpu < SCHED_MAX_CPUS && fn != \null;
      ensures result: \result == STATUS_OK;
      ensures valid: TimerValid(t) && t->cpu == cpu;
      ensures unarmed: t->node.index == SCHED_HEAP_NONE;
    complete behaviors;
    disjoint behaviors; */
status_t timer_init(struct timer *t, timer_fn fn, void *data, uint32_t cpu);

/* Arm t for deadline (re-arming moves it); ENOSPC if the queue is full. */
/*@ requires queues: TimerQueuesValid;
    requires valid_timer: TimerValid(t);
    requires apart: \separated(t, timer_queues + (0 .. SCHED_MAX_CPUS - 1));
    requires armed_here: t->node.index != SCHED_HEAP_NONE ==>
        TimerArmedIn(&timer_queues[t->cpu], t);
    assigns timer_queues[t->cpu], t->node,
            timer_queues[t->cpu].slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index;
    ensures queues: TimerQueuesValid;
    behavior armed:
      assumes t->node.index != SCHED_HEAP_NONE ||
              timer_queues[t->cpu].heap.count < TIMER_QUEUE_CAPACITY;
      ensures result: \result == STATUS_OK;
      ensures armed: TimerArmedIn(&timer_queues[t->cpu], t);
      ensures deadline: t->node.key == deadline;
    behavior full:
      assumes t->node.index == SCHED_HEAP_NONE &&
              timer_queues[t->cpu].heap.count == TIMER_QUEUE_CAPACITY;
      ensures result: \result == STATUS_ENOSPC;
    complete behaviors;
    disjoint behaviors; */
status_t timer_set(struct timer *t, uint64_t deadline);

/* Disarm t; harmless when it is not armed. */
/*@ requires queues: TimerQueuesValid;
    requires valid_timer: TimerValid(t);
    requires apart: \separated(t, timer_queues + (0 .. SCHED_MAX_CPUS - 1));
    requires armed_here: t->node.index != SCHED_HEAP_NONE ==>
        TimerArmedIn(&timer_queues[t->cpu], t);
    assigns timer_queues[t->cpu], t->node.index,
            timer_queues[t->cpu].slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index;
    ensures queues: TimerQueuesValid;
    ensures unarmed: t->node.index == SCHED_HEAP_NONE; */
void timer_stop(struct timer *t);

/* True while t is armed. */
/*@ requires valid_timer: \valid_read(t);
    assigns \nothing;
    ensures result: \result <==> t->node.index != SCHED_HEAP_NONE; */
bool timer_is_active(const struct timer *t);

/* Move t to CPU cpu's queue, keeping its deadline and armed state. */
/*@ requires queues: TimerQueuesValid;
    requires valid_timer: TimerValid(t);
    requires apart: \separated(t, timer_queues + (0 .. SCHED_MAX_CPUS - 1));
    requires armed_here: t->node.index != SCHED_HEAP_NONE ==>
        TimerArmedIn(&timer_queues[t->cpu], t);
    assigns timer_queues[0 .. SCHED_MAX_CPUS - 1], t->node.index, t->cpu,
            timer_queues[0 .. SCHED_MAX_CPUS - 1].slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index;
    behavior bad_cpu:
      assumes cpu >= SCHED_MAX_CPUS;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior moved:
      assumes cpu < SCHED_MAX_CPUS;
      ensures queues: TimerQueuesValid;
      ensures result: \result == STATUS_OK || \result == STATUS_ENOSPC;
      ensures moved: \result == STATUS_OK ==> t->cpu == cpu;
      ensures kept: \result == STATUS_ENOSPC ==> t->cpu == \old(t->cpu);
    complete behaviors;
    disjoint behaviors; */
status_t timer_migrate(struct timer *t, uint32_t cpu);

/* Earliest deadline armed on cpu, TIMER_NEVER when none (for the LAPIC). */
/*@ requires queues: TimerQueuesValid;
    assigns timer_queues[0 .. SCHED_MAX_CPUS - 1].lock;
    behavior bad_cpu:
      assumes cpu >= SCHED_MAX_CPUS;
      ensures never: \result == TIMER_NEVER;
    behavior none:
      assumes cpu < SCHED_MAX_CPUS && timer_queues[cpu].heap.count == 0;
      ensures never: \result == TIMER_NEVER;
    behavior some:
      assumes cpu < SCHED_MAX_CPUS && timer_queues[cpu].heap.count > 0;
      ensures earliest: \forall integer i;
          0 <= i < timer_queues[cpu].heap.count ==>
          \result <= timer_queues[cpu].heap.slots[i]->key;
    complete behaviors;
    disjoint behaviors; */
uint64_t timer_next_deadline(uint32_t cpu);

/* Run the callback of every timer on cpu whose deadline is <= now, in
 * deadline order, each disarmed first; returns how many fired. */
/*@ requires queues: TimerQueuesValid;
    behavior bad_cpu:
      assumes cpu >= SCHED_MAX_CPUS;
      assigns \nothing;
      ensures none: \result == 0;
    behavior fire:
      assumes cpu < SCHED_MAX_CPUS;
    complete behaviors;
    disjoint behaviors; */
uint32_t timer_fire_expired(uint32_t cpu, uint64_t now);

#endif /* STRATA_CORE_SCHED_TIMER_H */
