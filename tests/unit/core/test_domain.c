/* SPDX-License-Identifier: MIT */
/* test_domain.c - domain table, lifecycle, references, pause, limits. */
#include "unit.h"
#include "support/fake_mm.h"

#include "core/domain.h"
#include "core/mm_port.h"
#include "public/sched.h"

static unsigned int kicks, blocks, yields, shutdowns;

static void on_kick(struct vcpu *v) { kicks++; }
static void on_block(struct vcpu *v) { blocks++; }
static void on_yield(struct vcpu *v) { yields++; }
static void on_shutdown(struct domain *d) { shutdowns++; }

static const struct domain_hooks counting_hooks = {
    .vcpu_kick = on_kick, .vcpu_block = on_block,
    .vcpu_yield = on_yield, .domain_shutdown = on_shutdown,
};

static void setup(void)
{
    fake_mm_init();
    domain_set_hooks(&counting_hooks);
    kicks = blocks = yields = shutdowns = 0;
}

UNIT_TEST(create_rejects_bad_id_and_config)
{
    struct shared_info si;
    struct domain_config cfg = {
        .limits = { .max_pages = 1, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1, .shared_info = &si,
    };
    struct domain *d = NULL;

    setup();
    CHECK_EQ(domain_create(DOMAIN_TABLE_SIZE, &cfg, &d), STATUS_EINVAL);
    CHECK_EQ(domain_create(DOMID_SELF, &cfg, &d), STATUS_EINVAL);
    cfg.nr_vcpus = 2;
    CHECK_EQ(domain_create(1, &cfg, &d), STATUS_EINVAL);
    cfg.nr_vcpus = 1;
    cfg.limits.max_vcpus = DOMAIN_MAX_VCPUS + 1;
    CHECK_EQ(domain_create(1, &cfg, &d), STATUS_EINVAL);
    cfg.limits.max_vcpus = 1;
    cfg.limits.max_evtchn_ports = EVTCHN_2L_NR_CHANNELS + 1;
    CHECK_EQ(domain_create(1, &cfg, &d), STATUS_EINVAL);
    cfg.limits.max_evtchn_ports = 64;
    cfg.limits.max_grant_frames = DOMAIN_MAX_GRANT_FRAMES + 1;
    CHECK_EQ(domain_create(1, &cfg, &d), STATUS_EINVAL);
    cfg.limits.max_grant_frames = 1;
    cfg.shared_info = NULL;
    CHECK_EQ(domain_create(1, &cfg, &d), STATUS_EINVAL);
    CHECK(d == NULL);
    CHECK(domain_get(1) == NULL);
}

UNIT_TEST(create_then_lookup_and_duplicate)
{
    struct domain *d, *e;

    setup();
    d = fake_domain(3, false, false, 2);
    CHECK(d != NULL);
    CHECK_EQ(d->id, 3);
    CHECK_EQ(d->refcount, 1);
    CHECK(fake_domain(3, false, false, 1) == NULL);   /* -EEXIST */
    e = domain_get(3);
    CHECK(e == d);
    CHECK_EQ(d->refcount, 2);
    domain_put(e);
    CHECK(domain_get(4) == NULL);
    CHECK(domain_get(0xFFFF) == NULL);
    /* vCPU 0 starts online with events masked; vCPU 1 offline. */
    CHECK(d->vcpus[0].online);
    CHECK(!d->vcpus[1].online);
    CHECK_EQ(d->shared_info->vcpu_info[0].evtchn_upcall_mask, 1);
    CHECK(domain_vcpu(d, 1) == &d->vcpus[1]);
    CHECK(domain_vcpu(d, 2) == NULL);
}

UNIT_TEST(destroy_frees_only_at_last_reference)
{
    struct domain *d, *ref;

    setup();
    d = fake_domain(2, false, false, 1);
    ref = domain_get(2);
    CHECK_EQ(domain_destroy(d), STATUS_OK);
    CHECK_EQ(d->state, DOMAIN_DYING);
    CHECK(domain_get(2) == NULL);              /* dying: no new references */
    CHECK_EQ(domain_destroy(d), STATUS_EINVAL); /* twice */
    CHECK_EQ(ref->refcount, 1);
    domain_put(ref);
    CHECK_EQ(d->state, DOMAIN_FREE);           /* slot reusable */
    CHECK(fake_domain(2, true, false, 1) != NULL);
}

UNIT_TEST(lookup_resolves_self_and_checks_privilege)
{
    struct domain *u, *p, *out = NULL;

    setup();
    u = fake_domain(1, false, false, 1);
    p = fake_domain(0, false, true, 1);
    CHECK_EQ(domain_lookup(u, DOMID_SELF, &out), STATUS_OK);
    CHECK(out == u);
    domain_put(out);
    CHECK_EQ(domain_lookup(u, 1, &out), STATUS_OK);
    domain_put(out);
    CHECK_EQ(domain_lookup(u, 0, &out), STATUS_EPERM);
    CHECK_EQ(domain_lookup(p, 1, &out), STATUS_OK);
    CHECK(out == u);
    domain_put(out);
    CHECK_EQ(domain_lookup(p, 9, &out), STATUS_ESRCH);
    CHECK_EQ(u->refcount, 1);
    CHECK_EQ(p->refcount, 1);
}

UNIT_TEST(pause_nests_and_controls_runnable)
{
    struct domain *d;

    setup();
    d = fake_domain(1, false, false, 2);
    CHECK(vcpu_runnable(&d->vcpus[0]));
    CHECK(!vcpu_runnable(&d->vcpus[1]));      /* offline */
    CHECK_EQ(domain_unpause(d), STATUS_EINVAL);
    CHECK_EQ(domain_pause(d), STATUS_OK);
    CHECK_EQ(domain_pause(d), STATUS_OK);
    CHECK(!vcpu_runnable(&d->vcpus[0]));
    CHECK_EQ(domain_unpause(d), STATUS_OK);
    CHECK(!vcpu_runnable(&d->vcpus[0]));
    CHECK_EQ(domain_unpause(d), STATUS_OK);
    CHECK(vcpu_runnable(&d->vcpus[0]));
    d->pause_count = UINT32_MAX;
    CHECK_EQ(domain_pause(d), STATUS_EINVAL);
}

UNIT_TEST(shutdown_records_reason_once)
{
    struct domain *d;

    setup();
    d = fake_domain(1, false, false, 1);
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_MAX + 1), STATUS_EINVAL);
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_crash), STATUS_OK);
    CHECK_EQ(d->state, DOMAIN_SHUTDOWN);
    CHECK_EQ(d->shutdown_reason, SHUTDOWN_crash);
    CHECK_EQ(shutdowns, 1);
    CHECK(!vcpu_runnable(&d->vcpus[0]));
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_poweroff), STATUS_EINVAL);
    CHECK_EQ(d->shutdown_reason, SHUTDOWN_crash);
    /* A shut-down domain can still be found and destroyed. */
    CHECK(domain_get(1) == d);
    domain_put(d);
    CHECK_EQ(domain_destroy(d), STATUS_OK);
}

UNIT_TEST(block_kick_yield_hooks)
{
    struct domain *d;
    struct vcpu *v;

    setup();
    d = fake_domain(1, false, false, 1);
    v = &d->vcpus[0];
    vcpu_block(v);
    CHECK(v->blocked);
    CHECK_EQ(vcpu_info_of(v)->evtchn_upcall_mask, 0);   /* unmasked by block */
    CHECK_EQ(blocks, 1);
    vcpu_kick(v);
    CHECK(!v->blocked);
    CHECK_EQ(kicks, 1);
    vcpu_info_of(v)->evtchn_upcall_pending = 1;
    vcpu_block(v);                       /* an upcall is pending: stay awake */
    CHECK(!v->blocked);
    CHECK_EQ(blocks, 1);
    vcpu_yield(v);
    CHECK(v->yield_requested);
    CHECK_EQ(yields, 1);
    domain_set_hooks(NULL);
    vcpu_yield(v);
    vcpu_kick(v);
    vcpu_info_of(v)->evtchn_upcall_pending = 0;
    vcpu_block(v);
    CHECK(v->blocked);
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_poweroff), STATUS_OK);
}

/* The page limit is mm's account, set up from the domain's limits. */
UNIT_TEST(page_limit_is_handed_to_mm)
{
    struct domain *d;

    setup();
    d = fake_domain(1, false, false, 1);
    CHECK_EQ(d->mm.account.max_pages, d->limits.max_pages);
    CHECK_EQ(d->mm.account.domid, 1);
    CHECK_EQ(d->mm.account.pages, 0);
    CHECK_EQ(d->mm.p2m.gfn_limit, DOMAIN_DEFAULT_GFN_LIMIT);
}

UNIT_TEST(reference_saturates_instead_of_wrapping)
{
    struct domain *d;

    setup();
    d = fake_domain(1, false, false, 1);
    d->refcount = UINT32_MAX;
    CHECK(domain_get(1) == NULL);
    CHECK(domain_get_even_dying(1) == NULL);
    domain_ref(d);
    CHECK_EQ(d->refcount, UINT32_MAX);
    d->refcount = 1;
    CHECK(domain_get_even_dying(DOMAIN_TABLE_SIZE) == NULL);
    CHECK(domain_get_even_dying(5) == NULL);
}

/* Without installed memory services every mm request fails cleanly. */
UNIT_TEST(mm_port_without_ops_fails_cleanly)
{
    struct domain *d;
    char buf[8];
    mfn_t mfn;

    setup();
    d = fake_domain(1, true, false, 1);
    mm_port_set_ops(NULL);
    CHECK_EQ(mm_port_copy_from_guest(&d->vcpus[0], buf, 0, sizeof(buf)), STATUS_EFAULT);
    CHECK_EQ(mm_port_copy_to_guest(&d->vcpus[0], 0, buf, sizeof(buf)), STATUS_EFAULT);
    CHECK_EQ(mm_port_alloc_shared_frame(d, &mfn), STATUS_ENOMEM);
    CHECK_EQ(mm_port_frame_of(d, 0, &mfn), STATUS_EINVAL);
    CHECK_EQ(mm_port_get_frame(d, 0, false), STATUS_EINVAL);
    CHECK_EQ(mm_port_p2m_grant_map(d, 0, 0, true), STATUS_ENOSYS);
    CHECK_EQ(mm_port_p2m_grant_unmap(d, 0, 0), STATUS_ENOSYS);
    mm_port_put_frame(0, false);        /* no-ops, must not crash */
    mm_port_free_shared_frame(d, 0);
    fake_mm_init();
}
