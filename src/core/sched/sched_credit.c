/* SPDX-License-Identifier: MIT */
/* sched_credit.c - the credit policy over per-CPU priority runqueues. */
#include "core/sched/sched_credit.h"
#include "lib/print.h"

struct credit_runq credit_runqs[SCHED_MAX_CPUS];
struct credit_pool credit_pools[SCHED_MAX_POOLS];

static struct credit_unit *cu_of(struct sched_unit *u)
{
    return &u->policy.credit;
}

static struct sched_unit *unit_of(struct sched_heap_node *n)
{
    return container_of(n, struct sched_unit, policy.credit.node);
}

static uint8_t key_class(uint64_t key)
{
    return (uint8_t)(key >> 56);
}

static void credit_init(struct sched_pool *pool, uint64_t now)
{
    struct credit_pool *cp = &credit_pools[pool->id];

    cp->next_accounting = now + CREDIT_PERIOD_NS;
    cp->seq = 0;
    cp->stats = (struct credit_stats){ 0 };
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        if (pool->cpus & SCHED_CPU(cpu))
            sched_heap_init(&credit_runqs[cpu].heap, credit_runqs[cpu].slots, SCHED_MAX_UNITS);
}

static void credit_insert(struct sched_pool *pool, struct sched_unit *u,
                          uint64_t now)
{
    struct credit_unit *cu = cu_of(u);

    sched_heap_node_init(&cu->node);
    cu->weight = CREDIT_DEFAULT_WEIGHT;
    cu->cap = 0;
    cu->credit = 0;
    cu->used_ns = 0;
    cu->prio = CREDIT_OVER;
    cu->parked = false;
    cu->yielded = false;
}

static void credit_remove(struct sched_pool *pool, struct sched_unit *u)
{
    ASSERT(cu_of(u)->node.index == SCHED_HEAP_NONE);
}

/* Queue u on runqueue cpu: BOOST and UNDER units in arrival order (round
 * robin), OVER units by debt, least first, so that among units out of
 * credit the one furthest over its share waits; a yielding unit goes
 * behind every OVER unit once. */
static void runq_insert(struct sched_pool *pool, struct sched_unit *u,
                        uint32_t cpu)
{
    struct credit_unit *cu = cu_of(u);
    uint64_t order;
    status_t status;

    if (cu->yielded)
        order = (uint64_t)CREDIT_DEBT_LIMIT + 1;
    else if (cu->prio == CREDIT_OVER)
        order = (uint64_t)(cu->credit < 0 ? -cu->credit : 0);
    else
        order = credit_pools[pool->id].seq++;
    cu->node.key = credit_runq_key(cu->yielded ? CREDIT_OVER : cu->prio, order);
    cu->yielded = false;
    u->cpu = cpu;
    status = sched_heap_insert(&credit_runqs[cpu].heap, &cu->node);
    ASSERT(status == STATUS_OK);   /* capacity is SCHED_MAX_UNITS */
}

static void runq_remove(struct sched_unit *u)
{
    struct credit_unit *cu = cu_of(u);

    if (cu->node.index != SCHED_HEAP_NONE)
        sched_heap_remove(&credit_runqs[u->cpu].heap, &cu->node);
}

/* Load of cpu: queued units, plus one if it runs a real unit. */
static uint32_t cpu_load(uint32_t cpu)
{
    return credit_runqs[cpu].heap.count + (sched_current(cpu)->is_idle ? 0 : 1);
}

/* The allowed CPU with the least load, u's own CPU winning ties. */
static uint32_t credit_place(struct sched_pool *pool, struct sched_unit *u)
{
    uint32_t best = u->cpu;
    uint32_t best_load = sched_unit_allowed(pool, u, best) ? cpu_load(best)
                                                             : UINT32_MAX;

    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        if (!sched_unit_allowed(pool, u, cpu))
            continue;
        if (cpu_load(cpu) < best_load) {
            best = cpu;
            best_load = cpu_load(cpu);
        }
    }
    return best;
}

/* The class of what runs on cpu (CREDIT_IDLE for the idle unit). */
static uint8_t running_class(uint32_t cpu)
{
    struct sched_unit *cur = sched_current(cpu);

    return cur->is_idle ? CREDIT_IDLE : cu_of(cur)->prio;
}

/* Ask a CPU to run u now if u beats what it runs; else an idle CPU. */
static void credit_tickle(struct sched_pool *pool, struct sched_unit *u)
{
    if (cu_of(u)->prio < running_class(u->cpu)) {
        sched_tickle(u->cpu);
        return;
    }
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        if (sched_unit_allowed(pool, u, cpu) && running_class(cpu) == CREDIT_IDLE) {
            sched_tickle(cpu);
            return;
        }
    }
}

static void credit_wake(struct sched_pool *pool, struct sched_unit *u,
                        uint64_t now)
{
    struct credit_unit *cu = cu_of(u);

    cu->prio = cu->credit > 0 ? CREDIT_BOOST : CREDIT_OVER;
    if (cu->parked)
        return;
    runq_insert(pool, u, credit_place(pool, u));
    credit_tickle(pool, u);
}

static void credit_sleep(struct sched_pool *pool, struct sched_unit *u)
{
    runq_remove(u);
}

static void credit_yield(struct sched_pool *pool, struct sched_unit *u)
{
    cu_of(u)->yielded = true;
}

static void credit_requeue(struct sched_pool *pool, struct sched_unit *u,
                           uint64_t now)
{
    if (cu_of(u)->parked)
        return;
    runq_insert(pool, u, u->cpu);
}

static void credit_account(struct sched_pool *pool, struct sched_unit *u,
                           uint64_t ran_ns, uint64_t now)
{
    struct credit_unit *cu = cu_of(u);

    cu->credit = credit_burn(cu->credit, ran_ns);
    cu->used_ns += ran_ns;
    cu->prio = credit_class(cu->credit);
    if (cu->cap != 0 && cu->used_ns >= credit_cap_ns(cu->cap))
        cu->parked = true;
}

/* Total weight of the units that compete this period. */
static uint64_t active_weight(struct sched_pool *pool)
{
    uint64_t total = 0;

    for (uint32_t i = 0; i < pool->nr_units; i++) {
        struct sched_unit *u = pool->units[i];

        if (u->state != SCHED_BLOCKED || cu_of(u)->used_ns != 0)
            total += cu_of(u)->weight;
    }
    return total;
}

/* Grant u its share of a period; unpark it and re-key it if queued. */
static void credit_refill(struct sched_pool *pool, struct sched_unit *u,
                          uint64_t total_weight)
{
    struct credit_unit *cu = cu_of(u);
    uint64_t pool_credit = CREDIT_PERIOD_NS * pool->nr_cpus;
    bool queued = cu->node.index != SCHED_HEAP_NONE;
    bool active = u->state != SCHED_BLOCKED || cu->used_ns != 0;

    if (active)
        cu->credit = credit_grant(cu->credit,
            credit_share(pool_credit, cu->weight, total_weight,
                         credit_cap_ns(cu->cap)));
    cu->used_ns = 0;
    if (cu->prio != CREDIT_BOOST)
        cu->prio = credit_class(cu->credit);
    if (queued && key_class(cu->node.key) != cu->prio) {
        runq_remove(u);
        runq_insert(pool, u, u->cpu);
    } else if (cu->parked && u->state == SCHED_RUNNABLE) {
        cu->parked = false;
        runq_insert(pool, u, credit_place(pool, u));
        credit_tickle(pool, u);
    }
    cu->parked = false;
}

/* Sift steps taken so far by the runqueues of pool's CPUs. */
static uint64_t pool_heap_steps(struct sched_pool *pool)
{
    uint64_t steps = 0;

    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        if (pool->cpus & SCHED_CPU(cpu))
            steps += credit_runqs[cpu].heap.steps;
    return steps;
}

/* The periodic accounting, run by whichever CPU schedules first after
 * a period boundary: two passes over the pool's units. */
static void credit_accounting(struct sched_pool *pool, uint64_t now)
{
    struct credit_pool *cp = &credit_pools[pool->id];
    uint64_t total = active_weight(pool);
    uint64_t steps = pool_heap_steps(pool);

    for (uint32_t i = 0; i < pool->nr_units && total != 0; i++)
        credit_refill(pool, pool->units[i], total);
    while (cp->next_accounting <= now)
        cp->next_accounting += CREDIT_PERIOD_NS;
    cp->stats.accountings++;
    cp->stats.accounting_ops += 2 * (uint64_t)pool->nr_units +
                                pool_heap_steps(pool) - steps;
}

/* Best unit of runqueue peer of class < below that may run on cpu. */
static struct sched_unit *steal_candidate(struct sched_pool *pool,
                                          uint32_t peer, uint32_t cpu,
                                          uint8_t below, uint64_t *ops)
{
    struct sched_heap *h = &credit_runqs[peer].heap;
    struct sched_unit *best = NULL;

    if (h->count == 0 || key_class(h->slots[0]->key) >= below)
        return NULL;
    (*ops)++;
    if (sched_unit_allowed(pool, unit_of(h->slots[0]), cpu))
        return unit_of(h->slots[0]);
    /* The head is pinned elsewhere: look at every queued unit. */
    for (uint32_t i = 1; i < h->count; i++) {
        struct sched_unit *u = unit_of(h->slots[i]);

        (*ops)++;
        if (key_class(h->slots[i]->key) < below &&
            sched_unit_allowed(pool, u, cpu) &&
            (best == NULL || h->slots[i]->key < cu_of(best)->node.key))
            best = u;
    }
    return best;
}

/* The best unit of another CPU better than class below, or NULL. */
static struct sched_unit *credit_steal(struct sched_pool *pool, uint32_t cpu,
                                       uint8_t below, uint64_t *ops)
{
    struct sched_unit *best = NULL;

    for (uint32_t i = 1; i < SCHED_MAX_CPUS; i++) {
        uint32_t peer = (cpu + i) % SCHED_MAX_CPUS;
        struct sched_unit *u;

        if (!(pool->cpus & SCHED_CPU(peer)))
            continue;
        (*ops)++;
        u = steal_candidate(pool, peer, cpu, below, ops);
        if (u != NULL && (best == NULL ||
                          cu_of(u)->node.key < cu_of(best)->node.key))
            best = u;
    }
    return best;
}

static uint64_t slice_for(struct credit_pool *cp, struct sched_unit *u,
                          uint64_t now)
{
    uint64_t slice = cp->next_accounting - now;
    struct credit_unit *cu;

    if (u == NULL)
        return slice;
    cu = cu_of(u);
    if (slice > CREDIT_TSLICE_NS)
        slice = CREDIT_TSLICE_NS;
    if (cu->cap != 0 && credit_cap_ns(cu->cap) - cu->used_ns < slice)
        slice = credit_cap_ns(cu->cap) - cu->used_ns;
    return slice;
}

static struct sched_decision credit_pick_next(struct sched_pool *pool,
                                              uint32_t cpu, uint64_t now)
{
    struct credit_pool *cp = &credit_pools[pool->id];
    struct sched_heap *h = &credit_runqs[cpu].heap;
    struct sched_heap_node *head;
    struct sched_unit *next = NULL, *stolen = NULL;
    uint64_t ops = 0, steps;

    if (now >= cp->next_accounting)
        credit_accounting(pool, now);
    steps = h->steps;
    head = sched_heap_min(h);
    if (head != NULL)
        next = unit_of(head);
    if (head == NULL || key_class(head->key) >= CREDIT_OVER)
        stolen = credit_steal(pool, cpu, head ? key_class(head->key)
                                              : CREDIT_IDLE, &ops);
    if (stolen != NULL) {
        next = stolen;
        cp->stats.steals++;
    }
    if (next != NULL) {
        uint64_t peer_steps = credit_runqs[next->cpu].heap.steps;

        sched_heap_remove(&credit_runqs[next->cpu].heap, &cu_of(next)->node);
        ops += credit_runqs[next->cpu].heap.steps - peer_steps;
    }
    ops += h->steps - steps + 1;
    cp->stats.picks++;
    cp->stats.ops += ops;
    return (struct sched_decision){ next, slice_for(cp, next, now) };
}

status_t credit_set_params(struct sched_unit *u, uint32_t weight, uint32_t cap)
{
    struct sched_pool *pool = sched_pool_get(u->pool);

    if (pool == NULL || pool->policy != &credit_policy)
        return STATUS_EINVAL;
    if (weight == 0 || weight > CREDIT_MAX_WEIGHT || cap > 100)
        return STATUS_EINVAL;
    spin_lock(&pool->lock);
    cu_of(u)->weight = weight;
    cu_of(u)->cap = cap;
    spin_unlock(&pool->lock);
    return STATUS_OK;
}

status_t credit_get_stats(uint32_t id, struct credit_stats *out)
{
    struct sched_pool *pool = sched_pool_get(id);

    if (pool == NULL || pool->policy != &credit_policy)
        return STATUS_EINVAL;
    *out = credit_pools[id].stats;
    return STATUS_OK;
}

const struct sched_policy credit_policy = {
    .name = "credit",
    .init = credit_init,
    .insert = credit_insert,
    .remove = credit_remove,
    .wake = credit_wake,
    .sleep = credit_sleep,
    .yield = credit_yield,
    .requeue = credit_requeue,
    .account = credit_account,
    .pick_next = credit_pick_next,
};
