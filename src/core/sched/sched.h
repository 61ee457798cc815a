/* SPDX-License-Identifier: MIT */
/* sched.h - the scheduler core: units, CPU pools, policies, block/wake/yield. */
#ifndef STRATA_CORE_SCHED_SCHED_H
#define STRATA_CORE_SCHED_SCHED_H

#include "arch/arch.h"
#include "lib/status.h"
#include "core/sched/sched_config.h"
#include "core/sched/sched_heap.h"
#include "core/sched/timer.h"

/*
 * A schedulable unit (Xen's sched_unit) is what a policy orders and a
 * CPU runs; the vCPU object of src/core embeds one. CPUs are grouped in
 * pools, each scheduled by one policy picked by name ("credit", "rtds").
 * Each CPU also owns an idle unit, run when its policy has nothing.
 *
 * Unit states: BLOCKED (no work) -> wake -> RUNNABLE (queued by its
 * policy) -> picked -> RUNNING (current on unit->cpu) -> preempted back
 * to RUNNABLE, or block -> BLOCKED. A running unit that blocks stays
 * current until its CPU next calls sched_schedule().
 *
 * Locking: one lock per pool guards the pool, every unit in it (all the
 * fields below marked [P]), the per-CPU state of its CPUs and the
 * policy's state of that pool; every function here takes it itself and
 * calls the policy with it held. It is coarser than Xen's per-CPU
 * runqueue locks and makes stealing trivially safe.
 */

typedef uint64_t sched_cpumask_t;          /* bit c: CPU c */
#define SCHED_CPU(c)        ((sched_cpumask_t)1 << (c))
#define SCHED_ALL_CPUS      (~(sched_cpumask_t)0 >> (64 - SCHED_MAX_CPUS))
#define SCHED_NO_POOL       0xffffffffu
#define SCHED_NO_CPU        0xffffffffu
#define SCHED_FOREVER       UINT64_MAX     /* a slice with no end */

enum sched_state {
    SCHED_BLOCKED,
    SCHED_RUNNABLE,
    SCHED_RUNNING,
};

/* Credit priority classes, best first; the runqueue key's top byte. */
enum credit_prio {
    CREDIT_BOOST = 0,    /* woke with credit left: runs ahead */
    CREDIT_UNDER = 1,    /* has credit */
    CREDIT_OVER  = 2,    /* out of credit: runs only when nothing else can */
    CREDIT_IDLE  = 3,    /* the idle unit (never queued) */
};

/* The credit policy's per-unit state [P]. */
struct credit_unit {
    struct sched_heap_node node;  /* in the runqueue of unit->cpu when queued */
    uint32_t weight;              /* relative share, 1 .. CREDIT_MAX_WEIGHT */
    uint32_t cap;                 /* % of one CPU, 0 = uncapped */
    int64_t credit;               /* ns of CPU time it may still use */
    uint64_t used_ns;             /* ran since the last accounting */
    uint8_t prio;                 /* enum credit_prio */
    bool parked;                  /* over its cap until the next accounting */
    bool yielded;                 /* queue behind its peers once */
};

/* The RTDS policy's per-unit state [P]. */
struct rtds_unit {
    struct sched_heap_node node;  /* key = deadline; in runq or depleted queue */
    uint64_t period_ns;           /* server period */
    uint64_t budget_ns;           /* budget per period */
    uint64_t deadline_ns;         /* end of the current period */
    uint64_t remaining_ns;        /* budget left in the current period */
    uint64_t misses;              /* periods ended with budget left while runnable */
    bool depleted;                /* node is in the depleted queue, not runq */
};

struct sched_unit {
    uint32_t id;                  /* owner's name (domain << 16 | vcpu) */
    uint32_t pool;                /* [P] pool, or SCHED_NO_POOL */
    uint32_t slot;                /* [P] index in pool->units */
    uint32_t cpu;                 /* [P] CPU it runs / is queued / last ran on */
    enum sched_state state;       /* [P] */
    sched_cpumask_t affinity;     /* [P] hard affinity */
    uint64_t start_ns;            /* [P] when it last started running */
    uint64_t runtime_ns;          /* [P] total time run */
    bool is_idle;                 /* the idle unit of a CPU */
    union {
        struct credit_unit credit;
        struct rtds_unit rtds;
    } policy;                     /* [P] the pool's policy's state */
};

struct sched_decision {
    struct sched_unit *unit;      /* what runs next (never NULL from the core) */
    uint64_t slice_ns;            /* call sched_schedule() again after this */
};

struct sched_pool;

/*
 * A policy. Every hook runs with the pool lock held. Units handed to
 * wake/requeue are RUNNABLE and not queued; pick_next removes the unit
 * it returns from its queue (NULL: nothing for this CPU, run idle).
 */
struct sched_policy {
    const char *name;
    void (*init)(struct sched_pool *pool, uint64_t now);
    void (*insert)(struct sched_pool *pool, struct sched_unit *unit, uint64_t now);
    void (*remove)(struct sched_pool *pool, struct sched_unit *unit);
    void (*wake)(struct sched_pool *pool, struct sched_unit *unit, uint64_t now);
    void (*sleep)(struct sched_pool *pool, struct sched_unit *unit);
    void (*yield)(struct sched_pool *pool, struct sched_unit *unit);
    void (*requeue)(struct sched_pool *pool, struct sched_unit *unit, uint64_t now);
    void (*account)(struct sched_pool *pool, struct sched_unit *unit,
                    uint64_t ran_ns, uint64_t now);
    struct sched_decision (*pick_next)(struct sched_pool *pool, uint32_t cpu,
                                       uint64_t now);
};

struct sched_pool {
    spinlock_t lock;                          /* guards everything [P] */
    uint32_t id;                              /* index in the pool table */
    bool in_use;                              /* [P] */
    const struct sched_policy *policy;        /* [P] */
    sched_cpumask_t cpus;                     /* [P] CPUs of the pool */
    uint32_t nr_cpus;                         /* [P] */
    uint32_t nr_units;                        /* [P] */
    struct sched_unit *units[SCHED_MAX_UNITS]; /* [P] members, 0 .. nr_units-1 */
};

/* Per-CPU scheduler state, guarded by the lock of the CPU's pool. */
struct sched_pcpu {
    uint32_t pool;                /* SCHED_NO_POOL when the CPU is in none */
    struct sched_unit *current;   /* running unit (the idle unit when idle) */
    struct sched_unit idle;       /* this CPU's idle unit */
    bool resched;                 /* a policy asked this CPU to reschedule */
};

#include "core/sched/sched_policy_state.h"

/* Module state, visible only for the contracts below. */
extern struct sched_pool sched_pools[SCHED_MAX_POOLS];
extern struct sched_pcpu sched_pcpus[SCHED_MAX_CPUS];

#include "sched_logic.h"  /* RunqueueValid, SchedUnitValid, ... (spec/) */
#include "lib.h"          /* LibValidString (spec/) */

/*@ predicate SchedStateValid{L} =
      (\forall integer p; 0 <= p < SCHED_MAX_POOLS ==>
          SchedPoolValid(&sched_pools[p]) && sched_pools[p].id == p) &&
      (\forall integer c; 0 <= c < SCHED_MAX_CPUS ==>
          SchedCpuValid(&sched_pcpus[c]));
*/

/* --- Setup -------------------------------------------------------------- */

/* Forget every pool and unit; each CPU runs its idle unit. */
/*@ assigns sched_pools[0 .. SCHED_MAX_POOLS - 1], sched_pcpus[0 .. SCHED_MAX_CPUS - 1];
    ensures valid: SchedStateValid;
    ensures no_pools: \forall integer p; 0 <= p < SCHED_MAX_POOLS ==>
        !sched_pools[p].in_use;
    ensures idle: \forall integer c; 0 <= c < SCHED_MAX_CPUS ==>
        sched_pcpus[c].pool == SCHED_NO_POOL &&
        sched_pcpus[c].current == &sched_pcpus[c].idle; */
void sched_init(void);

/* Create a pool of cpus run by the policy called name ("credit", "rtds").
 * EINVAL: unknown policy or bad mask; EBUSY: a CPU is in another pool;
 * ENOSPC: no free pool. */
/*@ requires state: SchedStateValid;
    requires valid_name: LibValidString(name);
    requires valid_out: \valid(pool_out);
    assigns sched_pools[0 .. SCHED_MAX_POOLS - 1],
            sched_pcpus[0 .. SCHED_MAX_CPUS - 1].pool, *pool_out,
            credit_pools[0 .. SCHED_MAX_POOLS - 1],
            credit_runqs[0 .. SCHED_MAX_CPUS - 1],
            rtds_pools[0 .. SCHED_MAX_POOLS - 1];
    ensures state: SchedStateValid;
    behavior bad_mask:
      assumes cpus == 0 || (cpus & ~SCHED_ALL_CPUS) != 0;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior some_cpus:
      assumes cpus != 0 && (cpus & ~SCHED_ALL_CPUS) == 0;
      ensures result: \result == STATUS_OK || \result == STATUS_EINVAL ||
                      \result == STATUS_EBUSY || \result == STATUS_ENOSPC;
      ensures created: \result == STATUS_OK ==>
          *pool_out < SCHED_MAX_POOLS && sched_pools[*pool_out].in_use &&
          sched_pools[*pool_out].cpus == cpus &&
          sched_pools[*pool_out].nr_units == 0;
    complete behaviors;
    disjoint behaviors; */
status_t sched_pool_create(const char *name, sched_cpumask_t cpus,
                           uint64_t now, uint32_t *pool_out);

/* Destroy an empty pool, releasing its CPUs (EBUSY if it has units). */
/*@ requires state: SchedStateValid;
    assigns sched_pools[0 .. SCHED_MAX_POOLS - 1].in_use,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].lock,
            sched_pcpus[0 .. SCHED_MAX_CPUS - 1];
    ensures state: SchedStateValid;
    behavior no_pool:
      assumes pool >= SCHED_MAX_POOLS || !sched_pools[pool].in_use;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior busy:
      assumes pool < SCHED_MAX_POOLS && sched_pools[pool].in_use &&
              sched_pools[pool].nr_units != 0;
      assigns \nothing;
      ensures result: \result == STATUS_EBUSY;
    behavior destroyed:
      assumes pool < SCHED_MAX_POOLS && sched_pools[pool].in_use &&
              sched_pools[pool].nr_units == 0;
      ensures result: \result == STATUS_OK;
      ensures released: !sched_pools[pool].in_use;
    complete behaviors;
    disjoint behaviors; */
status_t sched_pool_destroy(uint32_t pool);

/* The pool (for policies: valid while its lock is held), or NULL. */
/*@ assigns \nothing;
    behavior none:
      assumes pool >= SCHED_MAX_POOLS || !sched_pools[pool].in_use;
      ensures null: \result == \null;
    behavior found:
      assumes pool < SCHED_MAX_POOLS && sched_pools[pool].in_use;
      ensures pool: \result == &sched_pools[pool];
    complete behaviors;
    disjoint behaviors; */
struct sched_pool *sched_pool_get(uint32_t pool);

/* The policy table entry called name, or NULL. */
/*@ requires valid_name: LibValidString(name);
    assigns \nothing;
    ensures known: \result == \null || \result == &credit_policy ||
                   \result == &rtds_policy; */
const struct sched_policy *sched_policy_find(const char *name);

/* --- Units ------------------------------------------------------------- */

/* Give u its initial, pool-less state. */
/*@ requires valid_unit: \valid(u);
    requires apart: \separated(u, sched_pools + (0 .. SCHED_MAX_POOLS - 1),
                               sched_pcpus + (0 .. SCHED_MAX_CPUS - 1));
    assigns *u;
    ensures valid: SchedUnitValid(u);
    ensures fresh: u->id == id && u->pool == SCHED_NO_POOL &&
                   u->state == SCHED_BLOCKED && !u->is_idle; */
void sched_unit_init(struct sched_unit *u, uint32_t id);

/* Add the blocked unit u to pool with hard affinity (which must meet the
 * pool's CPUs). EINVAL / ENOSPC / EBUSY (already in a pool). */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns sched_pools[0 .. SCHED_MAX_POOLS - 1], *u,
            credit_runqs[0 .. SCHED_MAX_CPUS - 1],
            rtds_pools[0 .. SCHED_MAX_POOLS - 1];
    ensures state: SchedStateValid;
    behavior refused:
      assumes pool >= SCHED_MAX_POOLS || !sched_pools[pool].in_use ||
              (affinity & sched_pools[pool].cpus) == 0 || u->is_idle ||
              u->pool != SCHED_NO_POOL ||
              sched_pools[pool].nr_units == SCHED_MAX_UNITS;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL || \result == STATUS_EBUSY ||
                      \result == STATUS_ENOSPC;
    behavior added:
      assumes pool < SCHED_MAX_POOLS && sched_pools[pool].in_use &&
              (affinity & sched_pools[pool].cpus) != 0 && !u->is_idle &&
              u->pool == SCHED_NO_POOL &&
              sched_pools[pool].nr_units < SCHED_MAX_UNITS;
      ensures result: \result == STATUS_OK;
      ensures member: u->pool == pool && u->state == SCHED_BLOCKED &&
                      u->affinity == affinity &&
                      sched_pools[pool].units[u->slot] == u;
    complete behaviors;
    disjoint behaviors; */
status_t sched_unit_add(uint32_t pool, struct sched_unit *u,
                        sched_cpumask_t affinity, uint64_t now);

/* Take a blocked, descheduled unit out of its pool (EBUSY otherwise). */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns sched_pools[0 .. SCHED_MAX_POOLS - 1], u->pool, u->slot,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].units[0 .. SCHED_MAX_UNITS - 1]->slot;
    ensures state: SchedStateValid;
    behavior no_pool:
      assumes u->pool == SCHED_NO_POOL || !sched_pools[u->pool].in_use;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior busy:
      assumes u->pool != SCHED_NO_POOL && sched_pools[u->pool].in_use &&
              (u->state != SCHED_BLOCKED || sched_pcpus[u->cpu].current == u);
      assigns \nothing;
      ensures result: \result == STATUS_EBUSY;
    behavior removed:
      assumes u->pool != SCHED_NO_POOL && sched_pools[u->pool].in_use &&
              u->state == SCHED_BLOCKED && sched_pcpus[u->cpu].current != u;
      ensures result: \result == STATUS_OK;
      ensures gone: u->pool == SCHED_NO_POOL;
    complete behaviors;
    disjoint behaviors; */
status_t sched_unit_remove(struct sched_unit *u);

/* Change u's hard affinity; EINVAL if it would leave no CPU of the pool. */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns u->affinity, u->cpu, sched_pcpus[0 .. SCHED_MAX_CPUS - 1].resched,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].lock,
            credit_runqs[0 .. SCHED_MAX_CPUS - 1],
            rtds_pools[0 .. SCHED_MAX_POOLS - 1], u->policy;
    ensures state: SchedStateValid;
    behavior refused:
      assumes u->pool == SCHED_NO_POOL || !sched_pools[u->pool].in_use ||
              (affinity & sched_pools[u->pool].cpus) == 0;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior changed:
      assumes u->pool != SCHED_NO_POOL && sched_pools[u->pool].in_use &&
              (affinity & sched_pools[u->pool].cpus) != 0;
      ensures result: \result == STATUS_OK;
      ensures affinity: u->affinity == affinity;
    complete behaviors;
    disjoint behaviors; */
status_t sched_set_affinity(struct sched_unit *u, sched_cpumask_t affinity,
                            uint64_t now);

/* u has work: BLOCKED -> RUNNABLE (queued; may tickle a CPU). */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns u->state, u->cpu, u->policy, sched_pcpus[0 .. SCHED_MAX_CPUS - 1].resched,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].lock,
            credit_runqs[0 .. SCHED_MAX_CPUS - 1], credit_pools[0 .. SCHED_MAX_POOLS - 1],
            rtds_pools[0 .. SCHED_MAX_POOLS - 1];
    ensures state: SchedStateValid;
    behavior not_blocked:
      assumes u->pool == SCHED_NO_POOL || u->state != SCHED_BLOCKED;
      assigns \nothing;
    behavior woken:
      assumes u->pool != SCHED_NO_POOL && u->state == SCHED_BLOCKED;
      ensures awake: u->state == SCHED_RUNNABLE || u->state == SCHED_RUNNING;
    complete behaviors;
    disjoint behaviors; */
void sched_wake(struct sched_unit *u, uint64_t now);

/* u has no more work: dequeued, or its CPU is asked to reschedule. */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns u->state, sched_pcpus[0 .. SCHED_MAX_CPUS - 1].resched,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].lock,
            credit_runqs[0 .. SCHED_MAX_CPUS - 1],
            rtds_pools[0 .. SCHED_MAX_POOLS - 1], u->policy;
    ensures state: SchedStateValid;
    behavior ignored:
      assumes u->pool == SCHED_NO_POOL || u->state == SCHED_BLOCKED;
      assigns \nothing;
    behavior blocked:
      assumes u->pool != SCHED_NO_POOL && u->state != SCHED_BLOCKED;
      ensures blocked: u->state == SCHED_BLOCKED;
    complete behaviors;
    disjoint behaviors; */
void sched_block(struct sched_unit *u, uint64_t now);

/* The running u lets its peers go first; its CPU reschedules. */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns u->policy, sched_pcpus[u->cpu].resched,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].lock;
    behavior ignored:
      assumes u->pool == SCHED_NO_POOL || u->state != SCHED_RUNNING;
      assigns \nothing;
    behavior yielded:
      assumes u->pool != SCHED_NO_POOL && u->state == SCHED_RUNNING;
      ensures resched: sched_pcpus[u->cpu].resched;
    complete behaviors;
    disjoint behaviors; */
void sched_unit_yield(struct sched_unit *u, uint64_t now);

/* --- CPUs --------------------------------------------------------------- */

/* The scheduling decision of cpu at now: charges the unit that ran,
 * requeues it if still runnable, and picks what runs next. */
/*@ requires state: SchedStateValid;
    requires cpu_range: cpu < SCHED_MAX_CPUS;
    assigns sched_pcpus[cpu].current, sched_pcpus[cpu].resched,
            sched_pcpus[cpu].idle, sched_pools[0 .. SCHED_MAX_POOLS - 1].lock,
            sched_pcpus[cpu].current->state, sched_pcpus[cpu].current->runtime_ns,
            sched_pcpus[cpu].current->policy,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].units[0 .. SCHED_MAX_UNITS - 1][0],
            credit_runqs[0 .. SCHED_MAX_CPUS - 1], credit_pools[0 .. SCHED_MAX_POOLS - 1],
            rtds_pools[0 .. SCHED_MAX_POOLS - 1], timer_queues[0 .. SCHED_MAX_CPUS - 1];
    ensures state: SchedStateValid;
    ensures current: \result.unit == sched_pcpus[cpu].current &&
                     \result.unit->state == SCHED_RUNNING &&
                     \result.unit->cpu == cpu;
    ensures allowed: \result.unit->is_idle ||
                     (\result.unit->affinity & ((sched_cpumask_t)1 << cpu)) != 0;
    ensures handled: !sched_pcpus[cpu].resched; */
struct sched_decision sched_schedule(uint32_t cpu, uint64_t now);

/* The unit running on cpu (its idle unit when idle). */
/*@ requires state: SchedStateValid;
    requires cpu_range: cpu < SCHED_MAX_CPUS;
    assigns \nothing;
    ensures current: \result == sched_pcpus[cpu].current; */
struct sched_unit *sched_current(uint32_t cpu);

/* True if a policy asked cpu to reschedule since its last decision. */
/*@ requires cpu_range: cpu < SCHED_MAX_CPUS;
    assigns \nothing;
    ensures result: \result == sched_pcpus[cpu].resched; */
bool sched_resched_pending(uint32_t cpu);

/* Ask cpu to reschedule (policies, with the pool lock held); another
 * CPU is woken with arch_kick_cpu (an IPI on x86). */
/*@ requires cpu_range: cpu < SCHED_MAX_CPUS;
    assigns sched_pcpus[cpu].resched;
    ensures pending: sched_pcpus[cpu].resched; */
void sched_tickle(uint32_t cpu);

/* The per-CPU state of cpu (for policies, under the pool lock). */
/*@ requires cpu_range: cpu < SCHED_MAX_CPUS;
    assigns \nothing;
    ensures result: \result == &sched_pcpus[cpu]; */
struct sched_pcpu *sched_pcpu(uint32_t cpu);

/* The pool cpu belongs to, or SCHED_NO_POOL. */
/*@ assigns \nothing;
    behavior outside:
      assumes cpu >= SCHED_MAX_CPUS;
      ensures none: \result == SCHED_NO_POOL;
    behavior inside:
      assumes cpu < SCHED_MAX_CPUS;
      ensures pool: \result == sched_pcpus[cpu].pool;
    complete behaviors;
    disjoint behaviors; */
uint32_t sched_cpu_pool(uint32_t cpu);

/* True if u may run on cpu (hard affinity and pool membership). */
/*@ requires valid: \valid_read(pool) && \valid_read(u);
    assigns \nothing;
    ensures result: \result <==> (cpu < SCHED_MAX_CPUS &&
        (u->affinity & pool->cpus & ((sched_cpumask_t)1 << cpu)) != 0); */
bool sched_unit_allowed(const struct sched_pool *pool,
                        const struct sched_unit *u, uint32_t cpu);

#endif /* STRATA_CORE_SCHED_SCHED_H */
