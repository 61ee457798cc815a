/* SPDX-License-Identifier: MIT */
/* evtchn.c - event channels: port table, bindings and 2-level delivery. */
#include "core/evtchn.h"
#include "lib/string.h"

#define EVTCHN_TABLE_ENTRIES (DOMAIN_TABLE_SIZE * EVTCHN_MAX_PORTS)
#define BITS_PER_XEN_ULONG   64
#define NO_PORT              0U

/* Port records of every domain slot; slot d->id is protected by
 * d->event_lock. Port 0 of each slot stays closed. */
static struct evtchn evtchn_table[EVTCHN_TABLE_ENTRIES];
/* The port bound to (domain slot, vCPU, VIRQ), or NO_PORT; same lock. */
static evtchn_port_t virq_ports[DOMAIN_TABLE_SIZE][DOMAIN_MAX_VCPUS][NR_VIRQS];
/* One past the highest port ever used in each slot (bounds the scans of
 * evtchn_invariants_hold); same lock. */
static evtchn_port_t port_high[DOMAIN_TABLE_SIZE];

/* --- Bits of shared_info (atomic: the guest writes them concurrently) --- */

/*@ requires \valid(word) && bit < 64;
    assigns *word;
    ensures *word == (\old(*word) | ((uint64_t)1 << bit));
    ensures \result <==> (\old(*word) & ((uint64_t)1 << bit)) != 0; */
static bool bit_test_and_set(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t mask = (xen_ulong_t)1 << bit;
#ifdef __FRAMAC__
    xen_ulong_t old = *word;
    *word = old | mask;
#else
    xen_ulong_t old = __atomic_fetch_or(word, mask, __ATOMIC_SEQ_CST);
#endif
    return (old & mask) != 0;
}

/*@ requires \valid(word) && bit < 64;
    assigns *word;
    ensures *word == (\old(*word) & ~((uint64_t)1 << bit));
    ensures \result <==> (\old(*word) & ((uint64_t)1 << bit)) != 0; */
static bool bit_test_and_clear(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t mask = (xen_ulong_t)1 << bit;
#ifdef __FRAMAC__
    xen_ulong_t old = *word;
    *word = old & ~mask;
#else
    xen_ulong_t old = __atomic_fetch_and(word, ~mask, __ATOMIC_SEQ_CST);
#endif
    return (old & mask) != 0;
}

/*@ requires \valid_read(word) && bit < 64; assigns \nothing; */
static bool bit_test(const xen_ulong_t *word, unsigned int bit)
{
    return (*word >> bit) & 1U;
}

/* --- Port records -------------------------------------------------------- */

/*@ requires dom < DOMAIN_TABLE_SIZE && port < EVTCHN_MAX_PORTS;
    assigns \nothing;
    ensures \result == &evtchn_table[EvtchnIndex(dom, port)]; */
static struct evtchn *port_record(domid_t dom, evtchn_port_t port)
{
    return &evtchn_table[(size_t)dom * EVTCHN_MAX_PORTS + port];
}

bool evtchn_port_valid(const struct domain *d, evtchn_port_t port)
{
    return port > 0 && port < d->limits.max_evtchn_ports;
}

/* Lowest closed port of d, or NO_PORT when every port is in use. */
static evtchn_port_t port_find_free(const struct domain *d)
{
    /*@ loop invariant bound: 1 <= p <= d->limits.max_evtchn_ports;
        loop assigns p;
        loop variant d->limits.max_evtchn_ports - p; */
    for (evtchn_port_t p = 1; p < d->limits.max_evtchn_ports; p++)
        if (port_record(d->id, p)->state == EVTCHNSTAT_closed) {
            if (p >= port_high[d->id])
                port_high[d->id] = p + 1;
            return p;
        }
    return NO_PORT;
}

/* Take the event locks of a and b (one lock if they are the same),
 * the lower domid first so two CPUs never wait on each other. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(&a->event_lock);
    } else if (a->id < b->id) {
        spin_lock(&a->event_lock);
        spin_lock(&b->event_lock);
    } else {
        spin_lock(&b->event_lock);
        spin_lock(&a->event_lock);
    }
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    spin_unlock(&a->event_lock);
    if (a != b)
        spin_unlock(&b->event_lock);
}

/* --- Interdomain links (the symmetric-binding invariant lives here) ----- */

/*@
  requires table: EvtchnTableValid(&evtchn_table[0]);
  requires sym: EvtchnSymmetric(&evtchn_table[0]);
  requires bounds: ld < DOMAIN_TABLE_SIZE && 0 < lp < EVTCHN_MAX_PORTS &&
                   rd < DOMAIN_TABLE_SIZE && 0 < rp < EVTCHN_MAX_PORTS;
  requires distinct: EvtchnIndex(ld, lp) != EvtchnIndex(rd, rp);
  requires local_free: evtchn_table[EvtchnIndex(ld, lp)].state == EVTCHNSTAT_closed;
  requires remote_unbound:
      evtchn_table[EvtchnIndex(rd, rp)].state == EVTCHNSTAT_unbound;
  assigns evtchn_table[EvtchnIndex(ld, lp)], evtchn_table[EvtchnIndex(rd, rp)];
  ensures sym: EvtchnSymmetric(&evtchn_table[0]);
  ensures linked: evtchn_table[EvtchnIndex(ld, lp)].state == EVTCHNSTAT_interdomain &&
                  evtchn_table[EvtchnIndex(ld, lp)].remote_dom == rd &&
                  evtchn_table[EvtchnIndex(ld, lp)].remote_port == rp;
*/
static void evtchn_link(domid_t ld, evtchn_port_t lp, domid_t rd, evtchn_port_t rp)
{
    struct evtchn *l = port_record(ld, lp);
    struct evtchn *r = port_record(rd, rp);

    l->state = EVTCHNSTAT_interdomain;
    l->remote_dom = rd;
    l->remote_port = rp;
    l->notify_vcpu = 0;
    r->state = EVTCHNSTAT_interdomain;
    r->remote_dom = ld;
    r->remote_port = lp;
}

/*@
  requires table: EvtchnTableValid(&evtchn_table[0]);
  requires sym: EvtchnSymmetric(&evtchn_table[0]);
  requires bounds: ld < DOMAIN_TABLE_SIZE && 0 < lp < EVTCHN_MAX_PORTS;
  requires linked: evtchn_table[EvtchnIndex(ld, lp)].state == EVTCHNSTAT_interdomain;
  assigns evtchn_table[EvtchnIndex(ld, lp)],
          evtchn_table[EvtchnIndex(evtchn_table[EvtchnIndex(ld, lp)].remote_dom,
                                   evtchn_table[EvtchnIndex(ld, lp)].remote_port)];
  ensures sym: EvtchnSymmetric(&evtchn_table[0]);
  ensures closed: evtchn_table[EvtchnIndex(ld, lp)].state == EVTCHNSTAT_closed ||
                  evtchn_table[EvtchnIndex(ld, lp)].state == EVTCHNSTAT_unbound;
*/
static void evtchn_unlink(domid_t ld, evtchn_port_t lp)
{
    struct evtchn *l = port_record(ld, lp);
    struct evtchn *r = port_record(l->remote_dom, l->remote_port);

    /* The peer waits for us again, as after alloc_unbound. */
    r->state = EVTCHNSTAT_unbound;
    r->remote_dom = ld;
    r->remote_port = 0;
    l->state = EVTCHNSTAT_closed;
    l->remote_dom = 0;
    l->remote_port = 0;
}

/* --- Delivery (2-level ABI) ---------------------------------------------- */

/* Mark v's upcall pending and kick it if that is news. */
static void vcpu_mark_events_pending(struct vcpu *v)
{
    struct vcpu_info *info = vcpu_info_of(v);

#ifdef __FRAMAC__
    uint8_t was = info->evtchn_upcall_pending;
    info->evtchn_upcall_pending = 1;
#else
    uint8_t was = __atomic_exchange_n(&info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
#endif
    if (was)
        return;
    vcpu_kick(v);
}

/* Set port's pending bit in d; if it is unmasked, select its word for the
 * notified vCPU and raise the upcall. */
static void port_set_pending(struct domain *d, evtchn_port_t port)
{
    struct shared_info *s = d->shared_info;
    unsigned int word = port / BITS_PER_XEN_ULONG;
    unsigned int bit = port % BITS_PER_XEN_ULONG;
    struct vcpu *v = domain_vcpu(d, port_record(d->id, port)->notify_vcpu);

    if (bit_test_and_set(&s->evtchn_pending[word], bit))
        return;
    if (bit_test(&s->evtchn_mask[word], bit) || !v)
        return;
    if (!bit_test_and_set(&vcpu_info_of(v)->evtchn_pending_sel, word))
        vcpu_mark_events_pending(v);
}

static void port_clear_pending(struct domain *d, evtchn_port_t port)
{
    bit_test_and_clear(&d->shared_info->evtchn_pending[port / BITS_PER_XEN_ULONG],
                       port % BITS_PER_XEN_ULONG);
}

bool evtchn_is_pending(struct domain *d, evtchn_port_t port)
{
    if (!evtchn_port_valid(d, port))
        return false;
    return bit_test(&d->shared_info->evtchn_pending[port / BITS_PER_XEN_ULONG],
                    port % BITS_PER_XEN_ULONG);
}

/* --- Lifecycle ----------------------------------------------------------- */

/* Close every port of slot dom ever handed out (those above the
 * high-water mark are still closed). */
static void slot_clear(domid_t dom)
{
    mem_set(port_record(dom, 0), 0, port_high[dom] * sizeof(struct evtchn));
    mem_set(virq_ports[dom], 0, sizeof(virq_ports[dom]));
    port_high[dom] = 0;
}

void evtchn_table_reset(void)
{
    /*@ loop invariant bound: 0 <= dom <= DOMAIN_TABLE_SIZE;
        loop assigns dom, evtchn_table[0 .. EVTCHN_TABLE_ENTRIES - 1],
                     virq_ports[0 .. DOMAIN_TABLE_SIZE - 1][0 .. DOMAIN_MAX_VCPUS - 1][0 .. NR_VIRQS - 1],
                     port_high[0 .. DOMAIN_TABLE_SIZE - 1];
        loop variant DOMAIN_TABLE_SIZE - dom; */
    for (domid_t dom = 0; dom < DOMAIN_TABLE_SIZE; dom++)
        slot_clear(dom);
}

void evtchn_domain_init(struct domain *d)
{
    slot_clear(d->id);
}

static status_t port_close_locked(struct domain *d, evtchn_port_t port);

void evtchn_domain_teardown(struct domain *d)
{
    evtchn_reset(d);
}

/* --- Operations ---------------------------------------------------------- */

status_t evtchn_alloc_unbound(struct domain *d, domid_t remote, evtchn_port_t *port)
{
    struct evtchn *c;
    evtchn_port_t p;

    if (remote >= DOMAIN_TABLE_SIZE)
        return STATUS_EINVAL;
    spin_lock(&d->event_lock);
    p = port_find_free(d);
    if (p == NO_PORT) {
        spin_unlock(&d->event_lock);
        return STATUS_ENOSPC;
    }
    c = port_record(d->id, p);
    c->state = EVTCHNSTAT_unbound;
    c->remote_dom = remote;
    c->remote_port = 0;
    c->notify_vcpu = 0;
    port_clear_pending(d, p);
    spin_unlock(&d->event_lock);
    *port = p;
    return STATUS_OK;
}

/* LAB 5: BEGIN */
status_t evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                                 evtchn_port_t rport, evtchn_port_t *lport)
{
    struct evtchn *r;
    evtchn_port_t lp;
    status_t rc = STATUS_OK;

    if (!evtchn_port_valid(rd, rport))
        return STATUS_EINVAL;
    lock_pair(ld, rd);
    r = port_record(rd->id, rport);
    lp = port_find_free(ld);
    if (r->state != EVTCHNSTAT_unbound || r->remote_dom != ld->id)
        rc = STATUS_EINVAL;
    else if (lp == NO_PORT)
        rc = STATUS_ENOSPC;
    if (rc == STATUS_OK) {
        evtchn_link(ld->id, lp, rd->id, rport);
        port_clear_pending(ld, lp);
        /* As Xen does: mark the new port pending, so an event sent while
         * the remote port was still unbound is not lost. */
        port_set_pending(ld, lp);
        *lport = lp;
    }
    unlock_pair(ld, rd);
    return rc;
}
/* LAB 5: STUB
status_t evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                                 evtchn_port_t rport, evtchn_port_t *lport)
{
    (void)evtchn_link; // the helper you will want
    LAB_TODO(5, "evtchn_bind_interdomain: check the remote port, link both ends");
}
LAB 5: END */

static bool virq_is_global(uint32_t virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
           virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

status_t evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
                          evtchn_port_t *port)
{
    struct evtchn *c;
    evtchn_port_t p;

    if (virq >= NR_VIRQS || (virq_is_global(virq) && vcpu != 0))
        return STATUS_EINVAL;
    if (!domain_vcpu(d, vcpu))
        return STATUS_ENOENT;
    spin_lock(&d->event_lock);
    if (virq_ports[d->id][vcpu][virq] != NO_PORT) {
        spin_unlock(&d->event_lock);
        return STATUS_EEXIST;
    }
    p = port_find_free(d);
    if (p == NO_PORT) {
        spin_unlock(&d->event_lock);
        return STATUS_ENOSPC;
    }
    c = port_record(d->id, p);
    c->state = EVTCHNSTAT_virq;
    c->virq = virq;
    c->notify_vcpu = vcpu;
    virq_ports[d->id][vcpu][virq] = p;
    port_clear_pending(d, p);
    spin_unlock(&d->event_lock);
    *port = p;
    return STATUS_OK;
}

status_t evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn *c;
    evtchn_port_t p;

    if (!domain_vcpu(d, vcpu))
        return STATUS_ENOENT;
    spin_lock(&d->event_lock);
    p = port_find_free(d);
    if (p == NO_PORT) {
        spin_unlock(&d->event_lock);
        return STATUS_ENOSPC;
    }
    c = port_record(d->id, p);
    c->state = EVTCHNSTAT_ipi;
    c->notify_vcpu = vcpu;
    port_clear_pending(d, p);
    spin_unlock(&d->event_lock);
    *port = p;
    return STATUS_OK;
}

/* Close a non-interdomain port; the caller holds d->event_lock. */
static status_t port_close_locked(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c = port_record(d->id, port);

    if (c->state == EVTCHNSTAT_closed || c->state == EVTCHNSTAT_interdomain)
        return STATUS_EINVAL;
    if (c->state == EVTCHNSTAT_virq)
        virq_ports[d->id][c->notify_vcpu][c->virq] = NO_PORT;
    mem_set(c, 0, sizeof(*c));
    port_clear_pending(d, port);
    return STATUS_OK;
}

/* Close an interdomain port: both ends under both locks. The peer cannot
 * be freed while it has a bound port (its teardown closes that port under
 * the same locks), so it is looked up even when dying. The port may have
 * changed between the two lockings: the caller retries on -EAGAIN. */
static status_t port_close_interdomain(struct domain *d, evtchn_port_t port,
                                       domid_t remote)
{
    struct domain *rd = domain_get_even_dying(remote);
    struct evtchn *c;
    status_t rc = STATUS_EAGAIN;

    if (!rd)
        return STATUS_EAGAIN;
    lock_pair(d, rd);
    c = port_record(d->id, port);
    if (c->state == EVTCHNSTAT_interdomain && c->remote_dom == remote) {
        evtchn_unlink(d->id, port);
        port_clear_pending(d, port);
        rc = STATUS_OK;
    }
    unlock_pair(d, rd);
    domain_put(rd);
    return rc;
}

/* One attempt at closing port; -EAGAIN if it changed under us. */
static status_t port_close_once(struct domain *d, evtchn_port_t port)
{
    domid_t remote;
    uint8_t state;
    status_t rc;

    spin_lock(&d->event_lock);
    state = port_record(d->id, port)->state;
    remote = port_record(d->id, port)->remote_dom;
    rc = state == EVTCHNSTAT_interdomain ? STATUS_OK : port_close_locked(d, port);
    spin_unlock(&d->event_lock);
    if (state != EVTCHNSTAT_interdomain)
        return rc;
    return port_close_interdomain(d, port, remote);
}

#define CLOSE_RETRIES 16

status_t evtchn_close(struct domain *d, evtchn_port_t port)
{
    status_t rc = STATUS_EAGAIN;

    if (!evtchn_port_valid(d, port))
        return STATUS_EINVAL;
    /*@ loop invariant bound: 0 <= i <= CLOSE_RETRIES;
        loop variant CLOSE_RETRIES - i; */
    for (unsigned int i = 0; i < CLOSE_RETRIES && rc == STATUS_EAGAIN; i++)
        rc = port_close_once(d, port);
    return rc;
}

/* LAB 5: BEGIN */
/* Deliver on an interdomain port: set the peer's pending bit. */
static void send_interdomain(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c = port_record(d->id, port);
    struct domain *rd = domain_get_even_dying(c->remote_dom);
    domid_t remote = c->remote_dom;
    evtchn_port_t rport = c->remote_port;

    spin_unlock(&d->event_lock);
    if (!rd)
        return;
    lock_pair(d, rd);
    c = port_record(d->id, port);
    /* Deliver only if the binding did not change while unlocked. */
    if (c->state == EVTCHNSTAT_interdomain && c->remote_dom == remote &&
        c->remote_port == rport)
        port_set_pending(rd, rport);
    unlock_pair(d, rd);
    domain_put(rd);
}

status_t evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *c;

    if (!evtchn_port_valid(d, port))
        return STATUS_EINVAL;
    spin_lock(&d->event_lock);
    c = port_record(d->id, port);
    switch (c->state) {
    case EVTCHNSTAT_interdomain:
        send_interdomain(d, port);   /* drops d->event_lock */
        return STATUS_OK;
    case EVTCHNSTAT_ipi:
        port_set_pending(d, port);
        break;
    case EVTCHNSTAT_unbound:
        break;                       /* nobody listens yet: dropped */
    default:
        spin_unlock(&d->event_lock);
        return STATUS_EINVAL;
    }
    spin_unlock(&d->event_lock);
    return STATUS_OK;
}
/* LAB 5: STUB
status_t evtchn_send(struct domain *d, evtchn_port_t port)
{
    LAB_TODO(5, "evtchn_send: raise the peer's port (interdomain) or our own (IPI)");
}
LAB 5: END */

status_t evtchn_status(struct domain *d, evtchn_port_t port, struct evtchn_status *out)
{
    const struct evtchn *c;

    if (!evtchn_port_valid(d, port))
        return STATUS_EINVAL;
    spin_lock(&d->event_lock);
    c = port_record(d->id, port);
    out->status = c->state;
    out->vcpu = c->notify_vcpu;
    mem_set(&out->u, 0, sizeof(out->u));
    if (c->state == EVTCHNSTAT_unbound) {
        out->u.unbound.dom = c->remote_dom;
    } else if (c->state == EVTCHNSTAT_interdomain) {
        out->u.interdomain.dom = c->remote_dom;
        out->u.interdomain.port = c->remote_port;
    } else if (c->state == EVTCHNSTAT_virq) {
        out->u.virq = c->virq;
    }
    spin_unlock(&d->event_lock);
    return STATUS_OK;
}

status_t evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    struct shared_info *s = d->shared_info;
    unsigned int word = port / BITS_PER_XEN_ULONG;
    unsigned int bit = port % BITS_PER_XEN_ULONG;
    struct vcpu *v;

    if (!evtchn_port_valid(d, port))
        return STATUS_EINVAL;
    spin_lock(&d->event_lock);
    v = domain_vcpu(d, port_record(d->id, port)->notify_vcpu);
    if (bit_test_and_clear(&s->evtchn_mask[word], bit) &&
        bit_test(&s->evtchn_pending[word], bit) && v &&
        !bit_test_and_set(&vcpu_info_of(v)->evtchn_pending_sel, word))
        vcpu_mark_events_pending(v);
    spin_unlock(&d->event_lock);
    return STATUS_OK;
}

status_t evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn *c;
    status_t rc = STATUS_OK;

    if (!evtchn_port_valid(d, port))
        return STATUS_EINVAL;
    if (!domain_vcpu(d, vcpu))
        return STATUS_ENOENT;
    spin_lock(&d->event_lock);
    c = port_record(d->id, port);
    if (c->state == EVTCHNSTAT_unbound || c->state == EVTCHNSTAT_interdomain ||
        (c->state == EVTCHNSTAT_virq && virq_is_global(c->virq)))
        c->notify_vcpu = vcpu;
    else
        rc = STATUS_EINVAL;
    spin_unlock(&d->event_lock);
    return rc;
}

status_t evtchn_reset(struct domain *d)
{
    /*@ loop invariant bound: 1 <= p <= d->limits.max_evtchn_ports;
        loop variant d->limits.max_evtchn_ports - p; */
    for (evtchn_port_t p = 1; p < d->limits.max_evtchn_ports; p++)
        if (port_record(d->id, p)->state != EVTCHNSTAT_closed)
            (void)evtchn_close(d, p);
    return STATUS_OK;
}

bool evtchn_send_virq(struct vcpu *v, uint32_t virq)
{
    struct domain *d = v->domain;
    uint32_t target = virq_is_global(virq) ? 0 : v->id;
    evtchn_port_t p;

    if (virq >= NR_VIRQS)
        return false;
    spin_lock(&d->event_lock);
    p = virq_ports[d->id][target][virq];
    if (p != NO_PORT)
        port_set_pending(d, p);
    spin_unlock(&d->event_lock);
    return p != NO_PORT;
}

status_t evtchn_raise_unbound(struct domain *d, evtchn_port_t port)
{
    status_t rc = STATUS_EINVAL;

    if (!evtchn_port_valid(d, port))
        return STATUS_EINVAL;
    spin_lock(&d->event_lock);
    if (port_record(d->id, port)->state == EVTCHNSTAT_unbound) {
        port_set_pending(d, port);
        rc = STATUS_OK;
    }
    spin_unlock(&d->event_lock);
    return rc;
}

/* --- Runtime check of the invariants (tests, fuzzer) --------------------- */

static bool port_invariant_holds(domid_t dom, evtchn_port_t port)
{
    const struct evtchn *c = port_record(dom, port);
    const struct evtchn *r;

    if (c->state > EVTCHNSTAT_ipi)
        return false;
    if (c->state != EVTCHNSTAT_interdomain)
        return true;
    if (c->remote_dom >= DOMAIN_TABLE_SIZE || c->remote_port == 0 ||
        c->remote_port >= EVTCHN_MAX_PORTS)
        return false;
    r = port_record(c->remote_dom, c->remote_port);
    return r->state == EVTCHNSTAT_interdomain && r->remote_dom == dom &&
           r->remote_port == port;
}

bool evtchn_invariants_hold(void)
{
    for (domid_t dom = 0; dom < DOMAIN_TABLE_SIZE; dom++) {
        if (port_record(dom, 0)->state != EVTCHNSTAT_closed)
            return false;
        /* Ports above the high-water mark were never handed out. */
        for (evtchn_port_t p = 1; p < port_high[dom]; p++)
            if (!port_invariant_holds(dom, p))
                return false;
        if (port_record(dom, EVTCHN_MAX_PORTS - 1)->state != EVTCHNSTAT_closed &&
            port_high[dom] < EVTCHN_MAX_PORTS)
            return false;
    }
    return true;
}
