/* SPDX-License-Identifier: MIT */
/* test_evtchn.c - event channels: bindings, delivery bits, invariants. */
#include "unit.h"
#include "support/fake_mm.h"

#include "core/evtchn.h"

static unsigned int kicks;
static void on_kick(struct vcpu *v) { kicks++; }
static const struct domain_hooks hooks = { .vcpu_kick = on_kick };

static struct domain *d1, *d2;

static void setup(void)
{
    fake_mm_init();
    domain_set_hooks(&hooks);
    kicks = 0;
    d1 = fake_domain(1, false, false, 2);
    d2 = fake_domain(2, true, false, 2);
}

static bool pending(struct domain *d, evtchn_port_t p)
{
    return (d->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static uint8_t state_of(struct domain *d, evtchn_port_t p)
{
    struct evtchn_status st;

    CHECK_EQ(evtchn_status(d, p, &st), STATUS_OK);
    return (uint8_t)st.status;
}

/* Connect d1 and d2; returns d1's port in *p1 and d2's in *p2. */
static void connect(evtchn_port_t *p1, evtchn_port_t *p2)
{
    CHECK_EQ(evtchn_alloc_unbound(d2, d1->id, p2), STATUS_OK);
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, *p2, p1), STATUS_OK);
}

UNIT_TEST(alloc_unbound_then_bind_is_symmetric)
{
    evtchn_port_t p1, p2;
    struct evtchn_status st;

    setup();
    connect(&p1, &p2);
    CHECK(p1 > 0 && p2 > 0);
    CHECK_EQ(evtchn_status(d1, p1, &st), STATUS_OK);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, 2);
    CHECK_EQ(st.u.interdomain.port, p2);
    CHECK_EQ(evtchn_status(d2, p2, &st), STATUS_OK);
    CHECK_EQ(st.u.interdomain.dom, 1);
    CHECK_EQ(st.u.interdomain.port, p1);
    CHECK(evtchn_invariants_hold());
}

UNIT_TEST(bind_interdomain_checks_remote_state)
{
    evtchn_port_t p2, p1 = 0, p3;

    setup();
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, 0, &p1), STATUS_EINVAL);
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, 5000, &p1), STATUS_EINVAL);
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, 7, &p1), STATUS_EINVAL); /* closed */
    CHECK_EQ(evtchn_alloc_unbound(d2, 3, &p2), STATUS_OK);      /* for d3 */
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, p2, &p1), STATUS_EINVAL);
    CHECK_EQ(p1, 0);
    CHECK_EQ(evtchn_alloc_unbound(d2, d2->id, &p3), STATUS_OK);
    CHECK_EQ(evtchn_bind_interdomain(d2, d2, p3, &p1), STATUS_OK); /* loopback */
    CHECK_EQ(evtchn_send(d2, p1), STATUS_OK);
    CHECK(pending(d2, p3));
    CHECK_EQ(evtchn_close(d2, p3), STATUS_OK);
    CHECK_EQ(state_of(d2, p1), EVTCHNSTAT_unbound);
    CHECK_EQ(evtchn_alloc_unbound(d2, DOMAIN_TABLE_SIZE, &p3), STATUS_EINVAL);
    CHECK(evtchn_invariants_hold());
}

UNIT_TEST(send_sets_pending_selector_and_upcall)
{
    evtchn_port_t p1, p2;
    struct vcpu_info *vi;

    setup();
    connect(&p1, &p2);
    vi = vcpu_info_of(&d2->vcpus[0]);
    d2->shared_info->evtchn_pending[p2 / 64] = 0;
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    kicks = 0;
    CHECK_EQ(evtchn_send(d1, p1), STATUS_OK);
    CHECK(pending(d2, p2));
    CHECK_EQ(vi->evtchn_pending_sel, 1ULL << (p2 / 64));
    CHECK_EQ(vi->evtchn_upcall_pending, 1);
    CHECK_EQ(kicks, 1);
    CHECK_EQ(evtchn_send(d1, p1), STATUS_OK);  /* already pending: no new kick */
    CHECK_EQ(kicks, 1);
    CHECK(evtchn_is_pending(d2, p2));
    CHECK(!evtchn_is_pending(d2, 0));
}

UNIT_TEST(masked_port_is_delivered_on_unmask)
{
    evtchn_port_t p1, p2;
    struct vcpu_info *vi;

    setup();
    connect(&p1, &p2);
    vi = vcpu_info_of(&d2->vcpus[0]);
    d2->shared_info->evtchn_pending[p2 / 64] = 0;
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_pending_sel = 0;
    d2->shared_info->evtchn_mask[p2 / 64] |= 1ULL << (p2 % 64);
    CHECK_EQ(evtchn_send(d1, p1), STATUS_OK);
    CHECK(pending(d2, p2));
    CHECK_EQ(vi->evtchn_upcall_pending, 0);
    CHECK_EQ(evtchn_unmask(d2, p2), STATUS_OK);
    CHECK_EQ(vi->evtchn_upcall_pending, 1);
    CHECK(vi->evtchn_pending_sel & (1ULL << (p2 / 64)));
    CHECK_EQ(evtchn_unmask(d2, 0), STATUS_EINVAL);
    CHECK_EQ(evtchn_unmask(d2, 1024), STATUS_EINVAL);
}

UNIT_TEST(close_makes_peer_unbound_and_clears_pending)
{
    evtchn_port_t p1, p2, again;
    struct evtchn_status st;

    setup();
    connect(&p1, &p2);
    CHECK_EQ(evtchn_send(d2, p2), STATUS_OK);
    CHECK(pending(d1, p1));
    CHECK_EQ(evtchn_close(d1, p1), STATUS_OK);
    CHECK(!pending(d1, p1));
    CHECK_EQ(state_of(d1, p1), EVTCHNSTAT_closed);
    CHECK_EQ(evtchn_status(d2, p2, &st), STATUS_OK);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 1);
    CHECK_EQ(evtchn_send(d2, p2), STATUS_OK);     /* unbound: dropped */
    CHECK_EQ(evtchn_close(d1, p1), STATUS_EINVAL); /* closed twice */
    CHECK_EQ(evtchn_close(d1, 0), STATUS_EINVAL);
    CHECK_EQ(evtchn_send(d1, p1), STATUS_EINVAL);
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, p2, &again), STATUS_OK); /* rebind */
    CHECK(evtchn_invariants_hold());
}

UNIT_TEST(virq_binding_rules)
{
    evtchn_port_t p, q;
    struct evtchn_status st;

    setup();
    CHECK_EQ(evtchn_bind_virq(d1, NR_VIRQS, 0, &p), STATUS_EINVAL);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_CON_RING, 1, &p), STATUS_EINVAL); /* global */
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 2, &p), STATUS_ENOENT);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 1, &p), STATUS_OK);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 1, &q), STATUS_EEXIST);
    CHECK_EQ(evtchn_status(d1, p, &st), STATUS_OK);
    CHECK_EQ(st.status, EVTCHNSTAT_virq);
    CHECK_EQ(st.u.virq, VIRQ_TIMER);
    CHECK_EQ(st.vcpu, 1);
    CHECK(evtchn_send_virq(&d1->vcpus[1], VIRQ_TIMER));
    CHECK(pending(d1, p));
    CHECK(!evtchn_send_virq(&d1->vcpus[0], VIRQ_TIMER));
    CHECK(!evtchn_send_virq(&d1->vcpus[0], NR_VIRQS));
    CHECK_EQ(evtchn_send(d1, p), STATUS_EINVAL);         /* guests cannot send */
    CHECK_EQ(evtchn_bind_vcpu(d1, p, 0), STATUS_EINVAL); /* per-vCPU VIRQ */
    CHECK_EQ(evtchn_close(d1, p), STATUS_OK);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 1, &q), STATUS_OK);  /* free again */
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_CON_RING, 0, &q), STATUS_OK);
    CHECK(evtchn_send_virq(&d1->vcpus[1], VIRQ_CON_RING)); /* global: to vCPU 0's port */
    CHECK_EQ(evtchn_bind_vcpu(d1, q, 1), STATUS_OK);
}

UNIT_TEST(ipi_and_bind_vcpu)
{
    evtchn_port_t p, u;
    struct vcpu_info *vi1;

    setup();
    CHECK_EQ(evtchn_bind_ipi(d1, 5, &p), STATUS_ENOENT);
    CHECK_EQ(evtchn_bind_ipi(d1, 1, &p), STATUS_OK);
    vi1 = vcpu_info_of(&d1->vcpus[1]);
    CHECK_EQ(evtchn_send(d1, p), STATUS_OK);
    CHECK(pending(d1, p));
    CHECK_EQ(vi1->evtchn_upcall_pending, 1);
    CHECK_EQ(evtchn_bind_vcpu(d1, p, 0), STATUS_EINVAL);   /* IPI is per vCPU */
    CHECK_EQ(evtchn_alloc_unbound(d1, 2, &u), STATUS_OK);
    CHECK_EQ(evtchn_bind_vcpu(d1, u, 1), STATUS_OK);
    CHECK_EQ(evtchn_bind_vcpu(d1, u, 9), STATUS_ENOENT);
    CHECK_EQ(evtchn_bind_vcpu(d1, 0, 0), STATUS_EINVAL);
    CHECK_EQ(evtchn_bind_vcpu(d1, 77, 0), STATUS_EINVAL);   /* closed */
    CHECK_EQ(evtchn_status(d1, 0, &(struct evtchn_status){ 0 }), STATUS_EINVAL);
}

/* XSA-317 class (port allocation error paths): a failed allocation leaves no half-set state. */
UNIT_TEST(xsa317_port_exhaustion_leaves_state_consistent)
{
    evtchn_port_t p = 0, last = 0;
    unsigned int n = 0;

    setup();
    while (evtchn_alloc_unbound(d1, 2, &p) == STATUS_OK) {
        last = p;
        n++;
    }
    CHECK_EQ(n, d1->limits.max_evtchn_ports - 1);   /* ports 1 .. limit-1 */
    CHECK_EQ(last, d1->limits.max_evtchn_ports - 1);
    CHECK_EQ(evtchn_bind_ipi(d1, 0, &p), STATUS_ENOSPC);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 0, &p), STATUS_ENOSPC);
    CHECK_EQ(evtchn_alloc_unbound(d2, 1, &p), STATUS_OK);
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, p, &last), STATUS_ENOSPC);
    CHECK_EQ(state_of(d2, p), EVTCHNSTAT_unbound);    /* remote untouched */
    /* The failed VIRQ bind did not leave the VIRQ marked as bound. */
    CHECK_EQ(evtchn_close(d1, 1), STATUS_OK);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 0, &p), STATUS_OK);
    CHECK_EQ(p, 1);
    CHECK(evtchn_invariants_hold());
}

/* XSA-343/344 class (evtchn reset/close vs bound peers): both ends stay consistent. */
UNIT_TEST(xsa343_344_reset_and_destroy_unbind_peers_symmetrically)
{
    evtchn_port_t p1, p2, v;

    setup();
    connect(&p1, &p2);
    CHECK_EQ(evtchn_bind_virq(d1, VIRQ_TIMER, 0, &v), STATUS_OK);
    CHECK_EQ(evtchn_reset(d1), STATUS_OK);
    CHECK_EQ(state_of(d1, p1), EVTCHNSTAT_closed);
    CHECK_EQ(state_of(d1, v), EVTCHNSTAT_closed);
    CHECK_EQ(state_of(d2, p2), EVTCHNSTAT_unbound);
    CHECK(!evtchn_send_virq(&d1->vcpus[0], VIRQ_TIMER));
    CHECK(evtchn_invariants_hold());
    CHECK_EQ(evtchn_bind_interdomain(d1, d2, p2, &p1), STATUS_OK);
    CHECK_EQ(domain_destroy(d1), STATUS_OK);
    CHECK_EQ(state_of(d2, p2), EVTCHNSTAT_unbound);
    CHECK_EQ(evtchn_send(d2, p2), STATUS_OK);     /* dropped, no use-after-free */
    CHECK(evtchn_invariants_hold());
    /* The slot is reused with every port closed. */
    d1 = fake_domain(1, false, false, 1);
    CHECK_EQ(evtchn_status(d1, p1, &(struct evtchn_status){ 0 }), STATUS_OK);
    CHECK_EQ(state_of(d1, p1), EVTCHNSTAT_closed);
}

/* XSA-188 class (failed ABI switch, use-after-free): 2-level state survives reuse. */
UNIT_TEST(xsa188_two_level_state_survives_repeated_use)
{
    evtchn_port_t p1, p2;

    setup();
    for (int i = 0; i < 100; i++) {
        connect(&p1, &p2);
        CHECK_EQ(evtchn_send(d1, p1), STATUS_OK);
        CHECK(pending(d2, p2));
        CHECK_EQ(evtchn_close(d2, p2), STATUS_OK);
        CHECK_EQ(evtchn_close(d1, p1), STATUS_OK);
    }
    CHECK_EQ(state_of(d1, p1), EVTCHNSTAT_closed);
    CHECK(evtchn_invariants_hold());
}

UNIT_TEST(random_operations_keep_bindings_symmetric)
{
    uint64_t seed = unit_seed();
    struct domain *ds[2];

    setup();
    ds[0] = d1;
    ds[1] = d2;
    for (int i = 0; i < 3000; i++) {
        struct domain *a = ds[unit_random(&seed) % 2], *b = ds[unit_random(&seed) % 2];
        evtchn_port_t port = (evtchn_port_t)(unit_random(&seed) % 40), out;

        switch (unit_random(&seed) % 6) {
        case 0: (void)evtchn_alloc_unbound(a, b->id, &out); break;
        case 1: (void)evtchn_bind_interdomain(a, b, port, &out); break;
        case 2: (void)evtchn_close(a, port); break;
        case 3: (void)evtchn_send(a, port); break;
        case 4: (void)evtchn_bind_ipi(a, 0, &out); break;
        default: (void)evtchn_unmask(a, port); break;
        }
    }
    CHECK(evtchn_invariants_hold());
}

UNIT_TEST(hypervisor_raises_only_unbound_ports)
{
    evtchn_port_t console, p1, p2;

    setup();
    CHECK_EQ(evtchn_alloc_unbound(d1, 0, &console), STATUS_OK);
    kicks = 0;
    d1->shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
    CHECK_EQ(evtchn_raise_unbound(d1, console), STATUS_OK);
    CHECK(pending(d1, console));
    CHECK(kicks > 0);
    connect(&p1, &p2);
    CHECK_EQ(evtchn_raise_unbound(d1, p1), STATUS_EINVAL);     /* bound */
    CHECK_EQ(evtchn_raise_unbound(d1, 0), STATUS_EINVAL);
    CHECK_EQ(evtchn_raise_unbound(d1, 100000), STATUS_EINVAL);
    CHECK(evtchn_invariants_hold());
}
