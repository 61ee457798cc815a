/* SPDX-License-Identifier: MIT */
/* guests.c - the guest table: names, parameters, domain hooks, the end of a run. */
#include "guest/guests.h"
#include "guest/guests_internal.h"
#include "guest/console_ring.h"
#include "core/evtchn.h"
#include "guest/vcpu_state.h"
#include "guest/pv/pv_hypercalls.h"
#include "guest/pv/pv_grant.h"
#include "guest/pv/pv_mm.h"
#include "guest/pv/pv_desc.h"
#include "guest/pv/pv_vcpu_ctx.h"
#include "hypercall/vcpu_op.h"
#include "core/sched/sched_credit.h"
#include "core/sched/sched_rtds.h"
#include "lib/print.h"
#include "public/sched.h"
#include "lib/string.h"

struct guest_entry {
    bool used;
    bool crashed;
    struct guest_params params;
    spinlock_t console_lock;                 /* one drainer at a time */
    struct xencons_interface *console;       /* NULL: none */
};

#define CONSOLE_INPUT_CHUNK 64

static struct guest_entry entries[DOMAIN_TABLE_SIZE];
static spinlock_t guests_lock = SPINLOCK_INIT;
static uint32_t live_domains;
static bool all_poweroff = true;
static guests_end_fn end_fn;
static uint32_t the_pool;
static const char *const reasons[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

uint32_t guests_pool(void)
{
    return the_pool;
}

const char *guests_name(const struct domain *d)
{
    return entries[d->id].used ? entries[d->id].params.name : "?";
}

static void hook_kick(struct vcpu *v)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);

    if (gv == NULL || !gv->started || !vcpu_runnable(v))
        return;
    sched_wake(&gv->unit, arch_now_ns());
    /* Running elsewhere: make that CPU pass its return path now, where
     * the new event is delivered (an IPI from another vCPU of the guest,
     * a timer of CPU 0's queue). */
    if (gv->running_on != GUEST_NOT_RUNNING && gv->running_on != arch_cpu_id())
        arch_kick_cpu(gv->running_on);
}

static void hook_block(struct vcpu *v)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);

    if (gv == NULL)
        return;
    sched_block(&gv->unit, arch_now_ns());
    /* An event may have arrived between v->blocked and sched_block. */
    if (vcpu_runnable(v))
        sched_wake(&gv->unit, arch_now_ns());
}

static void hook_yield(struct vcpu *v)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);

    if (gv != NULL)
        sched_unit_yield(&gv->unit, arch_now_ns());
}

static void stop_vcpus(struct domain *d)
{
    for (uint32_t i = 0; i < d->nr_vcpus; i++) {
        struct guest_vcpu *gv = guest_vcpu_of(&d->vcpus[i]);

        if (gv != NULL && gv->started)
            sched_block(&gv->unit, arch_now_ns());
    }
}

/* CPU time d's vCPUs were given, in ms (the scheduler's accounting). */
static uint64_t runtime_ms(struct domain *d)
{
    uint64_t ns = 0;

    for (uint32_t i = 0; i < d->nr_vcpus; i++) {
        struct guest_vcpu *gv = guest_vcpu_of(&d->vcpus[i]);

        if (gv != NULL)
            ns += gv->unit.runtime_ns;
    }
    return ns / 1000000;
}

static void hook_shutdown(struct domain *d)
{
    struct guest_entry *e = &entries[d->id];
    uint32_t reason = d->shutdown_reason;
    bool last;

    stop_vcpus(d);
    guests_console_poll(d);     /* its last words first */
    if (!e->crashed)
        printk("strata: d%u (%s) shut down: %s (ran %lu ms)\n", d->id, guests_name(d),
               reason < sizeof(reasons) / sizeof(reasons[0]) ? reasons[reason] : "?",
               runtime_ms(d));
    spin_lock(&guests_lock);
    if (reason != SHUTDOWN_poweroff)
        all_poweroff = false;
    last = --live_domains == 0;
    spin_unlock(&guests_lock);
    if (last && end_fn != NULL)
        end_fn(all_poweroff);
}

void guests_console_poll(struct domain *d)
{
    struct guest_entry *e = &entries[d->id];

    if (!e->used || e->console == NULL)
        return;
    spin_lock(&e->console_lock);
    (void)console_ring_drain(d, e->console);
    spin_unlock(&e->console_lock);
}

static struct guest_entry *console_focus(domid_t *id)
{
    for (domid_t i = 0; i < DOMAIN_TABLE_SIZE; i++) {
        if (entries[i].used && !entries[i].crashed &&
            (entries[i].console != NULL || entries[i].params.console_input != NULL)) {
            *id = i;
            return &entries[i];
        }
    }
    return NULL;
}

void guests_console_input(void)
{
    char buf[CONSOLE_INPUT_CHUNK];
    size_t n = 0;
    int c;
    domid_t id;
    struct guest_entry *e;
    struct domain *d;

    while (n < sizeof(buf) && (c = arch_console_read()) >= 0)
        buf[n++] = c == '\r' ? '\n' : (char)c;
    if (n == 0 || (e = console_focus(&id)) == NULL || (d = domain_get(id)) == NULL)
        return;
    if (e->params.console_input != NULL) {
        e->params.console_input(d, buf, n);
        domain_put(d);
        return;
    }
    spin_lock(&e->console_lock);
    (void)console_ring_feed(e->console, buf, n);
    spin_unlock(&e->console_lock);
    (void)evtchn_raise_unbound(d, e->params.console_port);
    domain_put(d);
}

void guests_crash(struct domain *d, const char *reason)
{
    struct guest_entry *e = &entries[d->id];

    printk("strata: d%u (%s) crashed: %s\n", d->id, guests_name(d), reason);
    e->crashed = true;
    if (domain_shutdown(d, SHUTDOWN_crash) != STATUS_OK)
        stop_vcpus(d);
}

/* --- PV MMU TLB maintenance ------------------------------------------------ */

/* The PV MMU calls these from the hypercall of the vCPU that changed its
 * tables, so this CPU's TLB is the one that may hold its stale entries.
 * Another CPU reloads CR3 (dropping every non-global entry) before it
 * runs this domain again; two vCPUs of one domain running at once would
 * need a shootdown IPI, which Strata does not have yet (arch/x86/tlb.c). */
static bool runs_here(struct vcpu *v)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);

    return gv != NULL && gv->running_on == arch_cpu_id();
}

/* NEW_BASEPTR and friends: load the new L4 now (a reload of the same one
 * is how a PV kernel flushes its TLB). */
static void mm_base_changed(struct vcpu *v)
{
    if (runs_here(v))
        arch_load_guest_l4(v->pv_l4);
    arch_flush_local_tlb();
}

static void mm_flush_tlb(struct vcpu *v, bool all_cpus)
{
    (void)v;
    (void)all_cpus;
    arch_flush_local_tlb();
}

static void mm_invlpg(struct vcpu *v, uint64_t va, bool all_cpus)
{
    (void)v;
    (void)all_cpus;
    arch_invlpg(va);
}

static const struct pv_mm_hooks mm_hooks = {
    .base_changed = mm_base_changed,
    .flush_tlb = mm_flush_tlb,
    .invlpg = mm_invlpg,
};

static const struct domain_hooks hooks = {
    .vcpu_kick = hook_kick,
    .vcpu_block = hook_block,
    .vcpu_yield = hook_yield,
    .domain_shutdown = hook_shutdown,
};

static long vcpu_initialise(struct vcpu *caller, struct vcpu *target, uint64_t ctxt);

status_t guests_init(const char *policy, guests_end_fn on_end)
{
    sched_cpumask_t cpus = 0;
    status_t rc;

    for (unsigned int c = 0; c < arch_nr_cpus() && c < SCHED_MAX_CPUS; c++)
        cpus |= SCHED_CPU(c);
    end_fn = on_end;
    rc = sched_pool_create(policy, cpus, arch_now_ns(), &the_pool);
    if (rc != STATUS_OK)
        return rc;
    domain_set_hooks(&hooks);
    pv_mm_set_hooks(&mm_hooks);
    pv_grant_init();
    vcpu_op_set_initialise(vcpu_initialise);
    return pv_hypercalls_register();
}

status_t guests_add_domain(struct domain *d, const struct guest_params *p)
{
    struct guest_entry *e = &entries[d->id];

    if (e->used)
        return STATUS_EEXIST;
    e->used = true;
    e->crashed = false;
    e->params = *p;
    spin_lock_init(&e->console_lock);
    e->console = p->console_mfn == INVALID_MFN ? NULL : arch_frame_to_virt(p->console_mfn);
    spin_lock(&guests_lock);
    live_domains++;
    spin_unlock(&guests_lock);
    return STATUS_OK;
}

static status_t set_policy_params(struct sched_unit *u, const struct guest_params *p)
{
    const struct sched_pool *pool = sched_pool_get(the_pool);

    if (pool != NULL && str_compare(pool->policy->name, "rtds") == 0) {
        if (p->budget_ns == 0)
            return STATUS_OK;
        return rtds_set_params(u, p->budget_ns, p->period_ns);
    }
    if (p->weight == 0 && p->cap == 0)
        return STATUS_OK;
    return credit_set_params(u, p->weight ? p->weight : CREDIT_DEFAULT_WEIGHT, p->cap);
}

/* Give gv (its registers loaded) a timer and a scheduler unit, asleep
 * until woken. */
static status_t enrol(struct vcpu *v, struct guest_vcpu *gv)
{
    status_t rc = guest_timer_init(gv);

    if (rc == STATUS_OK)
        rc = sched_unit_add(the_pool, &gv->unit, SCHED_ALL_CPUS, arch_now_ns());
    /* The policy's parameters belong to the pool the unit is in. */
    if (rc == STATUS_OK) {
        rc = set_policy_params(&gv->unit, &entries[v->domain->id].params);
        if (rc != STATUS_OK)
            (void)sched_unit_remove(&gv->unit);
    }
    if (rc == STATUS_OK)
        gv->started = true;
    return rc;
}

status_t guests_start_vcpu(struct vcpu *v, const struct cpu_regs *initial)
{
    struct guest_vcpu *gv;
    status_t rc = guest_vcpu_create(v, &gv);

    if (rc != STATUS_OK)
        return rc;
    gv->regs = *initial;
    rc = enrol(v, gv);
    if (rc != STATUS_OK) {
        guest_vcpu_destroy(v);
        return rc;
    }
    v->initialised = true;
    v->online = true;
    sched_wake(&gv->unit, arch_now_ns());
    return STATUS_OK;
}

/* VCPUOP_initialise (vcpu_op.h): a PV vCPU that never ran gets its
 * state and first context, and waits for VCPUOP_up. One at a time, so
 * two callers cannot both find the target uninitialised. */
static spinlock_t initialise_lock = SPINLOCK_INIT;

static long vcpu_initialise(struct vcpu *caller, struct vcpu *target, uint64_t ctxt)
{
    struct guest_vcpu *gv;
    status_t rc;

    if (target->domain->hvm)
        return STATUS_ENOSYS;
    spin_lock(&initialise_lock);
    rc = target->initialised ? STATUS_EEXIST : guest_vcpu_create(target, &gv);
    if (rc == STATUS_OK) {
        rc = pv_vcpu_context_load(caller, target, gv, ctxt);
        if (rc == STATUS_OK && enrol(target, gv) != STATUS_OK) {
            pv_gdt_release(&gv->pv);   /* its L4 references go at teardown */
            rc = STATUS_ENOMEM;
        }
        if (rc == STATUS_OK)
            target->initialised = true;
        else
            guest_vcpu_destroy(target);
    }
    spin_unlock(&initialise_lock);
    return rc;
}
