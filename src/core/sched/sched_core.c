/* SPDX-License-Identifier: MIT */
/* sched_core.c - the scheduler core: pools, unit states, the per-CPU decision. */
#include "core/sched/sched.h"
#include "core/sched/sched_credit.h"
#include "core/sched/sched_rtds.h"
#include "lib/print.h"
#include "lib/string.h"

struct sched_pool sched_pools[SCHED_MAX_POOLS];
struct sched_pcpu sched_pcpus[SCHED_MAX_CPUS];

/* The policies a pool can be created with, by name. */
static const struct sched_policy *const policies[] = {
    &credit_policy,
    &rtds_policy,
};

const struct sched_policy *sched_policy_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(policies); i++)
        if (str_compare(policies[i]->name, name) == 0)
            return policies[i];
    return NULL;
}

static void idle_unit_init(uint32_t cpu)
{
    struct sched_unit *idle = &sched_pcpus[cpu].idle;

    sched_unit_init(idle, 0xffff0000u | cpu);
    idle->is_idle = true;
    idle->cpu = cpu;
    idle->state = SCHED_RUNNING;
    idle->affinity = SCHED_CPU(cpu);
    sched_pcpus[cpu].current = idle;
}

void sched_init(void)
{
    for (uint32_t p = 0; p < SCHED_MAX_POOLS; p++) {
        spin_lock_init(&sched_pools[p].lock);
        sched_pools[p].id = p;
        sched_pools[p].in_use = false;
        sched_pools[p].nr_units = 0;
    }
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        sched_pcpus[cpu].pool = SCHED_NO_POOL;
        sched_pcpus[cpu].resched = false;
        idle_unit_init(cpu);
    }
}

static uint32_t mask_count(sched_cpumask_t mask)
{
    return (uint32_t)__builtin_popcountll(mask);
}

/* EBUSY if a CPU of mask already belongs to a pool. */
static status_t cpus_free(sched_cpumask_t mask)
{
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        if ((mask & SCHED_CPU(cpu)) && sched_pcpus[cpu].pool != SCHED_NO_POOL)
            return STATUS_EBUSY;
    return STATUS_OK;
}

static struct sched_pool *pool_free_slot(void)
{
    for (uint32_t p = 0; p < SCHED_MAX_POOLS; p++)
        if (!sched_pools[p].in_use)
            return &sched_pools[p];
    return NULL;
}

status_t sched_pool_create(const char *name, sched_cpumask_t cpus,
                           uint64_t now, uint32_t *pool_out)
{
    const struct sched_policy *policy = sched_policy_find(name);
    struct sched_pool *pool;
    status_t status;

    if (policy == NULL || cpus == 0 || (cpus & ~SCHED_ALL_CPUS))
        return STATUS_EINVAL;
    status = cpus_free(cpus);
    if (status != STATUS_OK)
        return status;
    pool = pool_free_slot();
    if (pool == NULL)
        return STATUS_ENOSPC;
    spin_lock(&pool->lock);
    pool->in_use = true;
    pool->policy = policy;
    pool->cpus = cpus;
    pool->nr_cpus = mask_count(cpus);
    pool->nr_units = 0;
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        if (cpus & SCHED_CPU(cpu))
            sched_pcpus[cpu].pool = pool->id;
    policy->init(pool, now);
    spin_unlock(&pool->lock);
    *pool_out = pool->id;
    return STATUS_OK;
}

struct sched_pool *sched_pool_get(uint32_t pool)
{
    if (pool >= SCHED_MAX_POOLS || !sched_pools[pool].in_use)
        return NULL;
    return &sched_pools[pool];
}

status_t sched_pool_destroy(uint32_t id)
{
    struct sched_pool *pool = sched_pool_get(id);

    if (pool == NULL)
        return STATUS_EINVAL;
    if (pool->nr_units != 0)
        return STATUS_EBUSY;
    spin_lock(&pool->lock);
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        if (pool->cpus & SCHED_CPU(cpu)) {
            sched_pcpus[cpu].pool = SCHED_NO_POOL;
            idle_unit_init(cpu);
        }
    pool->in_use = false;
    spin_unlock(&pool->lock);
    return STATUS_OK;
}

void sched_unit_init(struct sched_unit *u, uint32_t id)
{
    mem_set(u, 0, sizeof(*u));
    u->id = id;
    u->pool = SCHED_NO_POOL;
    u->slot = SCHED_NO_POOL;
    u->state = SCHED_BLOCKED;
}

/* The lowest-numbered CPU of mask (mask != 0). */
static uint32_t mask_first(sched_cpumask_t mask)
{
    return (uint32_t)__builtin_ctzll(mask);
}

status_t sched_unit_add(uint32_t id, struct sched_unit *u,
                        sched_cpumask_t affinity, uint64_t now)
{
    struct sched_pool *pool = sched_pool_get(id);

    if (pool == NULL || (affinity & pool->cpus) == 0 || u->is_idle)
        return STATUS_EINVAL;
    if (u->pool != SCHED_NO_POOL)
        return STATUS_EBUSY;
    if (pool->nr_units == SCHED_MAX_UNITS)
        return STATUS_ENOSPC;
    spin_lock(&pool->lock);
    u->pool = id;
    u->slot = pool->nr_units;
    u->affinity = affinity;
    u->cpu = mask_first(affinity & pool->cpus);
    u->state = SCHED_BLOCKED;
    pool->units[pool->nr_units++] = u;
    pool->policy->insert(pool, u, now);
    spin_unlock(&pool->lock);
    return STATUS_OK;
}

status_t sched_unit_remove(struct sched_unit *u)
{
    struct sched_pool *pool = sched_pool_get(u->pool);
    struct sched_unit *last;

    if (pool == NULL)
        return STATUS_EINVAL;
    spin_lock(&pool->lock);
    if (u->state != SCHED_BLOCKED || sched_pcpus[u->cpu].current == u) {
        spin_unlock(&pool->lock);
        return STATUS_EBUSY;
    }
    pool->policy->remove(pool, u);
    last = pool->units[--pool->nr_units];
    pool->units[u->slot] = last;
    last->slot = u->slot;
    u->pool = SCHED_NO_POOL;
    u->slot = SCHED_NO_POOL;
    spin_unlock(&pool->lock);
    return STATUS_OK;
}

bool sched_unit_allowed(const struct sched_pool *pool,
                        const struct sched_unit *u, uint32_t cpu)
{
    return cpu < SCHED_MAX_CPUS &&
           (u->affinity & pool->cpus & SCHED_CPU(cpu)) != 0;
}

status_t sched_set_affinity(struct sched_unit *u, sched_cpumask_t affinity,
                            uint64_t now)
{
    struct sched_pool *pool = sched_pool_get(u->pool);

    if (pool == NULL || (affinity & pool->cpus) == 0)
        return STATUS_EINVAL;
    spin_lock(&pool->lock);
    u->affinity = affinity;
    if (!sched_unit_allowed(pool, u, u->cpu)) {
        if (u->state == SCHED_RUNNABLE) {
            /* Re-place it: the policy queues it on an allowed CPU. */
            pool->policy->sleep(pool, u);
            u->cpu = mask_first(affinity & pool->cpus);
            pool->policy->wake(pool, u, now);
        } else if (u->state == SCHED_RUNNING) {
            sched_tickle(u->cpu);
        } else {
            u->cpu = mask_first(affinity & pool->cpus);
        }
    }
    spin_unlock(&pool->lock);
    return STATUS_OK;
}

void sched_wake(struct sched_unit *u, uint64_t now)
{
    struct sched_pool *pool = sched_pool_get(u->pool);

    if (pool == NULL)
        return;
    spin_lock(&pool->lock);
    if (u->state != SCHED_BLOCKED) {
        /* Already awake: nothing to do. */
    } else if (sched_pcpus[u->cpu].current == u) {
        /* Blocked and woken before its CPU descheduled it: keep running. */
        u->state = SCHED_RUNNING;
    } else {
        u->state = SCHED_RUNNABLE;
        pool->policy->wake(pool, u, now);
    }
    spin_unlock(&pool->lock);
}

void sched_block(struct sched_unit *u, uint64_t now)
{
    struct sched_pool *pool = sched_pool_get(u->pool);

    if (pool == NULL)
        return;
    spin_lock(&pool->lock);
    if (u->state == SCHED_RUNNABLE)
        pool->policy->sleep(pool, u);
    else if (u->state == SCHED_RUNNING)
        sched_tickle(u->cpu);
    u->state = SCHED_BLOCKED;
    spin_unlock(&pool->lock);
}

void sched_unit_yield(struct sched_unit *u, uint64_t now)
{
    struct sched_pool *pool = sched_pool_get(u->pool);

    if (pool == NULL)
        return;
    spin_lock(&pool->lock);
    if (u->state == SCHED_RUNNING) {
        pool->policy->yield(pool, u);
        sched_tickle(u->cpu);
    }
    spin_unlock(&pool->lock);
}

/* Charge the unit that ran on cpu until now; requeue it if runnable. */
static void sched_put_prev(struct sched_pool *pool, struct sched_unit *prev,
                           uint64_t now)
{
    uint64_t ran = now > prev->start_ns ? now - prev->start_ns : 0;

    prev->runtime_ns += ran;
    if (prev->is_idle)
        return;
    pool->policy->account(pool, prev, ran, now);
    if (prev->state == SCHED_RUNNING) {
        prev->state = SCHED_RUNNABLE;
        pool->policy->requeue(pool, prev, now);
    }
}

struct sched_decision sched_schedule(uint32_t cpu, uint64_t now)
{
    struct sched_pcpu *pc = &sched_pcpus[cpu];
    struct sched_pool *pool = sched_pool_get(pc->pool);
    struct sched_decision next = { &pc->idle, SCHED_FOREVER };

    if (pool == NULL)
        return next;
    spin_lock(&pool->lock);
    sched_put_prev(pool, pc->current, now);
    next = pool->policy->pick_next(pool, cpu, now);
    if (next.unit == NULL)
        next.unit = &pc->idle;
    ASSERT(next.unit->is_idle || sched_unit_allowed(pool, next.unit, cpu));
    next.unit->state = SCHED_RUNNING;
    next.unit->cpu = cpu;
    next.unit->start_ns = now;
    pc->current = next.unit;
    pc->resched = false;
    spin_unlock(&pool->lock);
    return next;
}

struct sched_unit *sched_current(uint32_t cpu)
{
    return sched_pcpus[cpu].current;
}

bool sched_resched_pending(uint32_t cpu)
{
    return sched_pcpus[cpu].resched;
}

void sched_tickle(uint32_t cpu)
{
    sched_pcpus[cpu].resched = true;
    arch_kick_cpu(cpu);
}

struct sched_pcpu *sched_pcpu(uint32_t cpu)
{
    return &sched_pcpus[cpu];
}

uint32_t sched_cpu_pool(uint32_t cpu)
{
    return cpu < SCHED_MAX_CPUS ? sched_pcpus[cpu].pool : SCHED_NO_POOL;
}
