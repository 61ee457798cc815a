/* SPDX-License-Identifier: MIT */
/* timer.c - per-CPU timer queues on the indexed min-heap. */
#include "core/sched/timer.h"

struct timer_queue timer_queues[SCHED_MAX_CPUS];

#ifdef STRATA_PROOF
/* What the proofs assume of the arch locks: they touch only the lock. */
/*@ requires \valid(lock); assigns *lock; */
void spin_lock(spinlock_t *lock);
/*@ requires \valid(lock); assigns *lock; */
void spin_unlock(spinlock_t *lock);
/*@ requires \valid(lock); assigns *lock; */
void spin_lock_init(spinlock_t *lock);
/* An IPI leaves the C state alone. */
/*@ assigns \nothing; */
void arch_kick_cpu(unsigned int cpu);
#endif

/* The timer whose node n is (node is the first member of struct timer). */
static struct timer *timer_of(struct sched_heap_node *n)
{
    return container_of(n, struct timer, node);
}

void timer_subsystem_init(void)
{
    /* The invariants name the fields sched_heap_init sets, one per
     * clause, not TimerHeapValid: that predicate, unfolded across the
     * writes to queue cpu, left the solvers without an answer in 10 s.
     * TimerQueuesValid follows from them at the exit (count 0). */
    /*@ loop invariant range: 0 <= cpu <= SCHED_MAX_CPUS;
        loop invariant done_slots: \forall integer c; 0 <= c < cpu ==>
            timer_queues[c].heap.slots == &timer_queues[c].slots[0];
        loop invariant done_capacity: \forall integer c; 0 <= c < cpu ==>
            timer_queues[c].heap.capacity == TIMER_QUEUE_CAPACITY;
        loop invariant done_empty: \forall integer c; 0 <= c < cpu ==>
            timer_queues[c].heap.count == 0;
        loop assigns cpu, timer_queues[0 .. SCHED_MAX_CPUS - 1];
        loop variant SCHED_MAX_CPUS - cpu; */
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        struct timer_queue *q = &timer_queues[cpu];

        spin_lock_init(&q->lock);
        sched_heap_init(&q->heap, q->slots, TIMER_QUEUE_CAPACITY);
    }
}

status_t timer_init(struct timer *t, timer_fn fn, void *data, uint32_t cpu)
{
    if (cpu >= SCHED_MAX_CPUS || fn == NULL)
        return STATUS_EINVAL;
    sched_heap_node_init(&t->node);
    t->fn = fn;
    t->data = data;
    t->cpu = cpu;
    return STATUS_OK;
}

bool timer_is_active(const struct timer *t)
{
    return t->node.index != SCHED_HEAP_NONE;
}

/* Arm t in q (q's lock held): disarm first so the key may change. */
/*@ requires valid_q: TimerHeapValid(q);
    requires valid_timer: \valid(t) && \separated(t, q);
    requires armed_here: t->node.index != SCHED_HEAP_NONE ==> TimerArmedIn(q, t);
    assigns q->heap, q->slots[0 .. TIMER_QUEUE_CAPACITY - 1], t->node,
            q->slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index;
    ensures valid_q: TimerHeapValid(q);
    behavior armed:
      assumes t->node.index != SCHED_HEAP_NONE ||
              q->heap.count < TIMER_QUEUE_CAPACITY;
      ensures result: \result == STATUS_OK;
      ensures armed: TimerArmedIn(q, t);
      ensures deadline: t->node.key == deadline;
    behavior full:
      assumes t->node.index == SCHED_HEAP_NONE &&
              q->heap.count == TIMER_QUEUE_CAPACITY;
      ensures result: \result == STATUS_ENOSPC;
    complete behaviors;
    disjoint behaviors; */
static status_t queue_arm(struct timer_queue *q, struct timer *t,
                          uint64_t deadline)
{
    if (t->node.index != SCHED_HEAP_NONE)
        sched_heap_remove(&q->heap, &t->node);
    t->node.key = deadline;
    return sched_heap_insert(&q->heap, &t->node);
}

status_t timer_set(struct timer *t, uint64_t deadline)
{
    struct timer_queue *q = &timer_queues[t->cpu];
    status_t status;
    bool earliest;

    spin_lock(&q->lock);
    status = queue_arm(q, t, deadline);
    earliest = status == STATUS_OK && t->node.index == 0;
    spin_unlock(&q->lock);
    /* A new first deadline: the queue's CPU may sleep past it (its timer
     * interrupt is armed for the old one), so wake it to re-arm. */
    if (earliest)
        arch_kick_cpu(t->cpu);
    return status;
}

void timer_stop(struct timer *t)
{
    struct timer_queue *q = &timer_queues[t->cpu];

    spin_lock(&q->lock);
    if (t->node.index != SCHED_HEAP_NONE)
        sched_heap_remove(&q->heap, &t->node);
    spin_unlock(&q->lock);
}

/* Take both queues' locks in CPU order, so two migrations never deadlock. */
/*@ requires range: a < SCHED_MAX_CPUS && b < SCHED_MAX_CPUS;
    assigns timer_queues[a].lock, timer_queues[b].lock; */
static void lock_pair(uint32_t a, uint32_t b)
{
    uint32_t first = a < b ? a : b;
    uint32_t second = a < b ? b : a;

    spin_lock(&timer_queues[first].lock);
    if (second != first)
        spin_lock(&timer_queues[second].lock);
}

/*@ requires range: a < SCHED_MAX_CPUS && b < SCHED_MAX_CPUS;
    assigns timer_queues[a].lock, timer_queues[b].lock; */
static void unlock_pair(uint32_t a, uint32_t b)
{
    spin_unlock(&timer_queues[a].lock);
    if (b != a)
        spin_unlock(&timer_queues[b].lock);
}

/* Re-queue t from its CPU's queue into CPU to's (both locks held). */
/*@ requires queues: TimerQueuesValid;
    requires valid_timer: TimerValid(t) && to < SCHED_MAX_CPUS && to != t->cpu;
    requires apart: \separated(t, timer_queues + (0 .. SCHED_MAX_CPUS - 1));
    requires armed_here: t->node.index != SCHED_HEAP_NONE ==>
        TimerArmedIn(&timer_queues[t->cpu], t);
    assigns timer_queues[t->cpu].heap, timer_queues[to].heap,
            timer_queues[t->cpu].slots[0 .. TIMER_QUEUE_CAPACITY - 1],
            timer_queues[to].slots[0 .. TIMER_QUEUE_CAPACITY - 1],
            timer_queues[t->cpu].slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index,
            timer_queues[to].slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index,
            t->node.index, t->cpu;
    ensures result: \result == STATUS_OK || \result == STATUS_ENOSPC;
    ensures moved: \result == STATUS_OK ==> t->cpu == to;
    ensures kept: \result == STATUS_ENOSPC ==> t->cpu == \old(t->cpu); */
static status_t queue_move(struct timer *t, uint32_t to)
{
    struct timer_queue *from = &timer_queues[t->cpu];
    struct timer_queue *dest = &timer_queues[to];

    if (t->node.index == SCHED_HEAP_NONE) {
        t->cpu = to;
        return STATUS_OK;
    }
    if (dest->heap.count == dest->heap.capacity)
        return STATUS_ENOSPC;
    sched_heap_remove(&from->heap, &t->node);
    t->cpu = to;
    return sched_heap_insert(&dest->heap, &t->node);
}

status_t timer_migrate(struct timer *t, uint32_t cpu)
{
    uint32_t from = t->cpu;
    status_t status;

    if (cpu >= SCHED_MAX_CPUS)
        return STATUS_EINVAL;
    if (cpu == from)
        return STATUS_OK;
    lock_pair(from, cpu);
    status = queue_move(t, cpu);
    unlock_pair(from, cpu);
    return status;
}

uint64_t timer_next_deadline(uint32_t cpu)
{
    struct sched_heap_node *first;
    uint64_t deadline = TIMER_NEVER;

    if (cpu >= SCHED_MAX_CPUS)
        return TIMER_NEVER;
    spin_lock(&timer_queues[cpu].lock);
    first = sched_heap_min(&timer_queues[cpu].heap);
    if (first != NULL)
        deadline = first->key;
    spin_unlock(&timer_queues[cpu].lock);
    return deadline;
}

/* Disarm and return the earliest timer of q due by now, or NULL. */
/*@ requires valid_q: TimerHeapValid(q);
    assigns q->lock, q->heap, q->slots[0 .. TIMER_QUEUE_CAPACITY - 1],
            q->slots[0 .. TIMER_QUEUE_CAPACITY - 1]->index;
    ensures valid_q: TimerHeapValid(q); */
static struct timer *queue_take_expired(struct timer_queue *q, uint64_t now)
{
    struct sched_heap_node *first;
    struct timer *t = NULL;

    spin_lock(&q->lock);
    first = sched_heap_min(&q->heap);
    if (first != NULL && first->key <= now) {
        sched_heap_remove(&q->heap, first);
        t = timer_of(first);
    }
    spin_unlock(&q->lock);
    return t;
}

uint32_t timer_fire_expired(uint32_t cpu, uint64_t now)
{
    struct timer *t;
    uint32_t fired = 0, limit;

    if (cpu >= SCHED_MAX_CPUS)
        return 0;
    /* At most the timers armed on entry: a callback that re-arms its
     * timer at or before now fires on the next call, not in a loop. */
    limit = timer_queues[cpu].heap.count;
    /*@ loop invariant bound: fired <= limit;
        loop variant limit - fired; */
    while (fired < limit) {
        t = queue_take_expired(&timer_queues[cpu], now);
        if (t == NULL)
            break;
        t->fn(t, t->data, now);
        fired++;
    }
    return fired;
}
