/* SPDX-License-Identifier: MIT */
/* domain.c - the domain table, domain lifecycle and vCPU state. */
#include "core/domain.h"
#include "core/evtchn.h"
#include "core/gnttab.h"
#include "core/mm_port.h"
#include "lib/print.h"
#include "lib/string.h"
#include "public/sched.h"

/* table_lock protects state and refcount of every slot. */
static spinlock_t table_lock = SPINLOCK_INIT;
static struct domain domain_table[DOMAIN_TABLE_SIZE];
/* Set once at boot, before any domain exists. */
static const struct domain_hooks *hooks;

void domain_set_hooks(const struct domain_hooks *new_hooks)
{
    hooks = new_hooks;
}

void domain_table_reset(void)
{
    mem_set(domain_table, 0, sizeof(domain_table));
    spin_lock_init(&table_lock);
    evtchn_table_reset();
    gnttab_table_reset();
}

/*@ requires valid_cfg: \valid_read(cfg);
    assigns \nothing;
    ensures limits: \result ==> cfg->limits.max_vcpus <= DOMAIN_MAX_VCPUS &&
        cfg->nr_vcpus <= cfg->limits.max_vcpus &&
        cfg->limits.max_evtchn_ports <= EVTCHN_2L_NR_CHANNELS &&
        cfg->limits.max_grant_frames <= DOMAIN_MAX_GRANT_FRAMES &&
        cfg->shared_info != \null; */
static bool config_valid(const struct domain_config *cfg)
{
    const struct domain_limits *l = &cfg->limits;

    return l->max_vcpus >= 1 && l->max_vcpus <= DOMAIN_MAX_VCPUS &&
           cfg->nr_vcpus >= 1 && cfg->nr_vcpus <= l->max_vcpus &&
           l->max_evtchn_ports >= 2 &&
           l->max_evtchn_ports <= EVTCHN_2L_NR_CHANNELS &&
           l->max_grant_frames <= DOMAIN_MAX_GRANT_FRAMES &&
           cfg->shared_info != NULL;
}

static void vcpus_init(struct domain *d)
{
    /*@ loop invariant bound: 0 <= i <= d->nr_vcpus;
        loop assigns i, d->vcpus[0 .. DOMAIN_MAX_VCPUS - 1];
        loop variant d->nr_vcpus - i; */
    for (uint32_t i = 0; i < d->nr_vcpus; i++) {
        d->vcpus[i].domain = d;
        d->vcpus[i].id = i;
        d->vcpus[i].initialised = (i == 0);
        d->vcpus[i].online = (i == 0);
        d->vcpus[i].pv_l4 = INVALID_MFN;
        d->vcpus[i].pv_user_l4 = INVALID_MFN;
        d->vcpus[i].pv_kernel_l4 = INVALID_MFN;
        /* Events start masked, as a PV guest expects at entry. */
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    }
}

status_t domain_create(domid_t id, const struct domain_config *cfg, struct domain **out)
{
    struct domain *d;

    if (id >= DOMAIN_TABLE_SIZE || !config_valid(cfg))
        return STATUS_EINVAL;
    spin_lock(&table_lock);
    d = &domain_table[id];
    if (d->state != DOMAIN_FREE) {
        spin_unlock(&table_lock);
        return STATUS_EEXIST;
    }
    mem_set(d, 0, sizeof(*d));
    if (mm_domain_init(&d->mm, id, cfg->limits.max_pages,
                       cfg->gfn_limit ? cfg->gfn_limit : DOMAIN_DEFAULT_GFN_LIMIT)
        != STATUS_OK) {
        spin_unlock(&table_lock);
        return STATUS_EINVAL;
    }
    d->id = id;
    d->privileged = cfg->privileged;
    d->hvm = cfg->hvm;
    d->limits = cfg->limits;
    d->nr_vcpus = cfg->nr_vcpus;
    d->shared_info = cfg->shared_info;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->event_lock);
    spin_lock_init(&d->grant_lock);
    vcpus_init(d);
    evtchn_domain_init(d);
    gnttab_domain_init(d);
    d->refcount = 1;
    d->state = DOMAIN_ACTIVE;
    spin_unlock(&table_lock);
    *out = d;
    return STATUS_OK;
}

struct domain *domain_get(domid_t id)
{
    struct domain *d;

    if (id >= DOMAIN_TABLE_SIZE)
        return NULL;
    spin_lock(&table_lock);
    d = &domain_table[id];
    if (d->state == DOMAIN_FREE || d->state == DOMAIN_DYING ||
        d->refcount == UINT32_MAX)
        d = NULL;
    else
        d->refcount++;
    spin_unlock(&table_lock);
    return d;
}

struct domain *domain_get_even_dying(domid_t id)
{
    struct domain *d;

    if (id >= DOMAIN_TABLE_SIZE)
        return NULL;
    spin_lock(&table_lock);
    d = &domain_table[id];
    if (d->state == DOMAIN_FREE || d->refcount == 0 || d->refcount == UINT32_MAX)
        d = NULL;
    else
        d->refcount++;
    spin_unlock(&table_lock);
    return d;
}

void domain_ref(struct domain *d)
{
    spin_lock(&table_lock);
    ASSERT(d->refcount > 0);
    if (d->refcount < UINT32_MAX)
        d->refcount++;
    spin_unlock(&table_lock);
}

/* Drop the references registered vcpu_info areas hold. */
static void vcpus_release(struct domain *d)
{
    /*@ loop invariant bound: 0 <= i <= d->nr_vcpus;
        loop variant d->nr_vcpus - i; */
    for (uint32_t i = 0; i < d->nr_vcpus; i++)
        if (d->vcpus[i].info)
            mm_port_put_frame(d->vcpus[i].info_mfn, true);
}

/* The last reference went: release what the domain still holds. */
static void domain_free(struct domain *d)
{
    vcpus_release(d);
    gnttab_domain_free(d);
    p2m_destroy(&d->mm);
    mem_set(d, 0, sizeof(*d));
}

void domain_put(struct domain *d)
{
    bool last;

    spin_lock(&table_lock);
    ASSERT(d->refcount > 0);
    d->refcount--;
    last = d->refcount == 0;
    if (last)
        ASSERT(d->state == DOMAIN_DYING);
    spin_unlock(&table_lock);
    if (last)
        domain_free(d);
}

status_t domain_lookup(struct domain *caller, domid_t id, struct domain **out)
{
    struct domain *d;

    if (id == DOMID_SELF || id == caller->id) {
        domain_ref(caller);
        *out = caller;
        return STATUS_OK;
    }
    if (!caller->privileged)
        return STATUS_EPERM;
    d = domain_get(id);
    if (!d)
        return STATUS_ESRCH;
    *out = d;
    return STATUS_OK;
}

status_t domain_destroy(struct domain *d)
{
    spin_lock(&table_lock);
    if (d->state == DOMAIN_DYING) {
        spin_unlock(&table_lock);
        return STATUS_EINVAL;
    }
    d->state = DOMAIN_DYING;
    spin_unlock(&table_lock);
    evtchn_domain_teardown(d);
    gnttab_domain_teardown(d);
    domain_put(d);
    return STATUS_OK;
}

status_t domain_pause(struct domain *d)
{
    status_t rc = STATUS_OK;

    spin_lock(&d->lock);
    if (d->pause_count == UINT32_MAX)
        rc = STATUS_EINVAL;
    else
        d->pause_count++;
    spin_unlock(&d->lock);
    return rc;
}

status_t domain_unpause(struct domain *d)
{
    status_t rc = STATUS_OK;

    spin_lock(&d->lock);
    if (d->pause_count == 0)
        rc = STATUS_EINVAL;
    else
        d->pause_count--;
    spin_unlock(&d->lock);
    return rc;
}

status_t domain_shutdown(struct domain *d, uint32_t reason)
{
    if (reason > SHUTDOWN_MAX)
        return STATUS_EINVAL;
    spin_lock(&table_lock);
    if (d->state != DOMAIN_ACTIVE) {
        spin_unlock(&table_lock);
        return STATUS_EINVAL;
    }
    d->state = DOMAIN_SHUTDOWN;
    d->shutdown_reason = reason;
    spin_unlock(&table_lock);
    if (hooks && hooks->domain_shutdown)
        hooks->domain_shutdown(d);
    return STATUS_OK;
}

bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return v->online && !v->blocked && d->state == DOMAIN_ACTIVE &&
           d->pause_count == 0;
}

struct vcpu *domain_vcpu(struct domain *d, uint32_t id)
{
    if (id >= d->nr_vcpus)
        return NULL;
    return &d->vcpus[id];
}

struct vcpu_info *vcpu_info_of(struct vcpu *v)
{
    if (v->info)
        return v->info;
    return &v->domain->shared_info->vcpu_info[v->id];
}

void vcpu_kick(struct vcpu *v)
{
    v->blocked = false;
    if (hooks && hooks->vcpu_kick)
        hooks->vcpu_kick(v);
}

void vcpu_block(struct vcpu *v)
{
    struct vcpu_info *info = vcpu_info_of(v);

    /* Blocking re-enables event delivery, as in Xen. */
    info->evtchn_upcall_mask = 0;
    if (info->evtchn_upcall_pending)
        return;
    v->blocked = true;
    if (hooks && hooks->vcpu_block)
        hooks->vcpu_block(v);
}

void vcpu_yield(struct vcpu *v)
{
    v->yield_requested = true;
    if (hooks && hooks->vcpu_yield)
        hooks->vcpu_yield(v);
}
