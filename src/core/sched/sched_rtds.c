/* SPDX-License-Identifier: MIT */
/* sched_rtds.c - the RTDS policy: EDF runqueue, depleted queue, replenishment timer. */
#include "core/sched/sched_rtds.h"
#include "lib/print.h"

struct rtds_pool rtds_pools[SCHED_MAX_POOLS];

static struct rtds_unit *ru_of(struct sched_unit *u)
{
    return &u->policy.rtds;
}

static struct sched_unit *unit_of(struct sched_heap_node *n)
{
    return container_of(n, struct sched_unit, policy.rtds.node);
}

static void replenish_timer_fn(struct timer *t, void *data, uint64_t now);

static void rtds_init(struct sched_pool *pool, uint64_t now)
{
    struct rtds_pool *rp = &rtds_pools[pool->id];
    uint32_t first = (uint32_t)__builtin_ctzll(pool->cpus);
    status_t status;

    rp->pool = pool;
    sched_heap_init(&rp->runq, rp->runq_slots, SCHED_MAX_UNITS);
    sched_heap_init(&rp->depleted, rp->depleted_slots, SCHED_MAX_UNITS);
    rp->stats = (struct rtds_stats){ 0 };
    status = timer_init(&rp->replenish_timer, replenish_timer_fn, rp, first);
    ASSERT(status == STATUS_OK);
}

static void rtds_insert(struct sched_pool *pool, struct sched_unit *u,
                        uint64_t now)
{
    struct rtds_unit *ru = ru_of(u);

    sched_heap_node_init(&ru->node);
    ru->period_ns = RTDS_DEFAULT_PERIOD_NS;
    ru->budget_ns = RTDS_DEFAULT_BUDGET_NS;
    ru->deadline_ns = now + ru->period_ns;
    ru->remaining_ns = ru->budget_ns;
    ru->misses = 0;
    ru->depleted = false;
}

static void dequeue(struct rtds_pool *rp, struct sched_unit *u)
{
    struct rtds_unit *ru = ru_of(u);

    if (ru->node.index == SCHED_HEAP_NONE)
        return;
    sched_heap_remove(ru->depleted ? &rp->depleted : &rp->runq, &ru->node);
}

static void rtds_remove(struct sched_pool *pool, struct sched_unit *u)
{
    dequeue(&rtds_pools[pool->id], u);
}

/* Arm (or stop) the replenishment timer for the depleted queue's head. */
static void rearm_replenish_timer(struct rtds_pool *rp)
{
    struct sched_heap_node *head = sched_heap_min(&rp->depleted);
    status_t status;

    if (head == NULL) {
        timer_stop(&rp->replenish_timer);
        return;
    }
    status = timer_set(&rp->replenish_timer, head->key);
    ASSERT(status == STATUS_OK);
}

/* Queue u by its deadline: runq with budget left, depleted without. */
static void enqueue(struct rtds_pool *rp, struct sched_unit *u)
{
    struct rtds_unit *ru = ru_of(u);
    status_t status;

    ru->node.key = ru->deadline_ns;
    ru->depleted = ru->remaining_ns == 0;
    status = sched_heap_insert(ru->depleted ? &rp->depleted : &rp->runq,
                               &ru->node);
    ASSERT(status == STATUS_OK);   /* capacity is SCHED_MAX_UNITS */
    if (ru->depleted && rp->depleted.slots[0] == &ru->node)
        rearm_replenish_timer(rp);
}

/* The deadline of what runs on cpu; SCHED_FOREVER means idle, which any
 * unit beats, and 0 a CPU outside u's reach. */
static uint64_t running_deadline(struct sched_pool *pool,
                                 struct sched_unit *u, uint32_t cpu)
{
    struct sched_unit *cur;

    if (!sched_unit_allowed(pool, u, cpu))
        return 0;
    cur = sched_current(cpu);
    return cur->is_idle ? SCHED_FOREVER : ru_of(cur)->deadline_ns;
}

/* Ask the allowed CPU running the latest deadline (idle first) to take u,
 * if u's deadline is earlier. */
static void rtds_tickle(struct sched_pool *pool, struct sched_unit *u)
{
    uint32_t target = SCHED_NO_CPU;
    uint64_t latest = ru_of(u)->deadline_ns;

    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        uint64_t d = running_deadline(pool, u, cpu);

        if (d > latest) {
            latest = d;
            target = cpu;
        }
    }
    if (target != SCHED_NO_CPU)
        sched_tickle(target);
}

static void rtds_wake(struct sched_pool *pool, struct sched_unit *u,
                      uint64_t now)
{
    struct rtds_pool *rp = &rtds_pools[pool->id];

    /* Blocked through a window end: a fresh window, not a miss. */
    rtds_replenish(ru_of(u), now);
    enqueue(rp, u);
    if (!ru_of(u)->depleted)
        rtds_tickle(pool, u);
}

static void rtds_sleep(struct sched_pool *pool, struct sched_unit *u)
{
    dequeue(&rtds_pools[pool->id], u);
}

static void rtds_yield(struct sched_pool *pool, struct sched_unit *u)
{
    /* Defer the rest of this window's budget to the next window. */
    ru_of(u)->remaining_ns = 0;
}

static void rtds_requeue(struct sched_pool *pool, struct sched_unit *u,
                         uint64_t now)
{
    enqueue(&rtds_pools[pool->id], u);
}

/* A window of u ends with budget left while u wanted to run: a miss. */
static void count_miss(struct rtds_pool *rp, struct sched_unit *u)
{
    ru_of(u)->misses++;
    rp->stats.misses++;
}

static void rtds_account(struct sched_pool *pool, struct sched_unit *u,
                         uint64_t ran_ns, uint64_t now)
{
    struct rtds_pool *rp = &rtds_pools[pool->id];
    struct rtds_unit *ru = ru_of(u);

    rtds_charge(ru, ran_ns);
    if (now >= ru->deadline_ns) {
        if (ru->remaining_ns > 0 && u->state == SCHED_RUNNING)
            count_miss(rp, u);
        rtds_replenish(ru, now);
    }
}

/* Move every depleted unit whose window ended by now back to the runq,
 * and replenish queued units whose window ended unserved (misses). */
static void replenish_due(struct rtds_pool *rp, uint64_t now)
{
    struct sched_heap_node *head;

    while ((head = sched_heap_min(&rp->depleted)) != NULL && head->key <= now) {
        struct sched_unit *u = unit_of(head);

        sched_heap_remove(&rp->depleted, head);
        rtds_replenish(ru_of(u), now);
        enqueue(rp, u);
        rp->stats.replenishments++;
        rtds_tickle(rp->pool, u);
    }
    while ((head = sched_heap_min(&rp->runq)) != NULL && head->key <= now) {
        struct sched_unit *u = unit_of(head);

        sched_heap_remove(&rp->runq, head);
        count_miss(rp, u);
        rtds_replenish(ru_of(u), now);
        enqueue(rp, u);
    }
    rearm_replenish_timer(rp);
}

static void replenish_timer_fn(struct timer *t, void *data, uint64_t now)
{
    struct rtds_pool *rp = data;

    spin_lock(&rp->pool->lock);
    replenish_due(rp, now);
    spin_unlock(&rp->pool->lock);
}

/* The earliest-deadline queued unit allowed on cpu, or NULL. */
static struct sched_unit *earliest_allowed(struct rtds_pool *rp, uint32_t cpu,
                                           uint64_t *ops)
{
    struct sched_heap *h = &rp->runq;
    struct sched_unit *best = NULL;

    (*ops)++;
    if (h->count == 0 || sched_unit_allowed(rp->pool, unit_of(h->slots[0]), cpu))
        return h->count == 0 ? NULL : unit_of(h->slots[0]);
    /* The head is pinned elsewhere: look at every queued unit. */
    for (uint32_t i = 1; i < h->count; i++) {
        struct sched_unit *u = unit_of(h->slots[i]);

        (*ops)++;
        if (sched_unit_allowed(rp->pool, u, cpu) &&
            (best == NULL || h->slots[i]->key < ru_of(best)->node.key))
            best = u;
    }
    return best;
}

static struct sched_decision rtds_pick_next(struct sched_pool *pool,
                                            uint32_t cpu, uint64_t now)
{
    struct rtds_pool *rp = &rtds_pools[pool->id];
    uint64_t steps = rp->runq.steps + rp->depleted.steps, ops = 0;
    struct sched_decision next = { NULL, SCHED_FOREVER };

    replenish_due(rp, now);
    next.unit = earliest_allowed(rp, cpu, &ops);
    if (next.unit != NULL) {
        sched_heap_remove(&rp->runq, &ru_of(next.unit)->node);
        next.slice_ns = rtds_slice(ru_of(next.unit), now);
    }
    rp->stats.picks++;
    rp->stats.ops += ops + rp->runq.steps + rp->depleted.steps - steps;
    return next;
}

status_t rtds_set_params(struct sched_unit *u, uint64_t budget_ns,
                         uint64_t period_ns)
{
    struct sched_pool *pool = sched_pool_get(u->pool);
    struct rtds_unit *ru = ru_of(u);

    if (pool == NULL || pool->policy != &rtds_policy ||
        !rtds_params_valid(budget_ns, period_ns))
        return STATUS_EINVAL;
    spin_lock(&pool->lock);
    ru->budget_ns = budget_ns;
    ru->period_ns = period_ns;
    if (ru->remaining_ns > budget_ns || ru->node.index == SCHED_HEAP_NONE)
        ru->remaining_ns = budget_ns;
    spin_unlock(&pool->lock);
    return STATUS_OK;
}

status_t rtds_get_stats(uint32_t id, struct rtds_stats *out)
{
    struct sched_pool *pool = sched_pool_get(id);

    if (pool == NULL || pool->policy != &rtds_policy)
        return STATUS_EINVAL;
    *out = rtds_pools[id].stats;
    return STATUS_OK;
}

uint64_t rtds_unit_misses(const struct sched_unit *u)
{
    return u->policy.rtds.misses;
}

const struct sched_policy rtds_policy = {
    .name = "rtds",
    .init = rtds_init,
    .insert = rtds_insert,
    .remove = rtds_remove,
    .wake = rtds_wake,
    .sleep = rtds_sleep,
    .yield = rtds_yield,
    .requeue = rtds_requeue,
    .account = rtds_account,
    .pick_next = rtds_pick_next,
};
