/* SPDX-License-Identifier: MIT */
/* events.c - 2-level event channels: wrappers, the upcall, waiting. */
#include "guest.h"

#define PORT_WORDS (EVTCHN_2L_NR_CHANNELS / 64)

evtchn_port_t timer_port;
static uint64_t seen[PORT_WORDS];       /* written by the upcall */
static unsigned int upcalls;

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    if (rc == 0)
        *port = op.port;
    return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *local)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = remote_port };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &op);

    if (rc == 0)
        *local = op.local_port;
    return rc;
}

long evtchn_bind_virq(unsigned int virq, unsigned int vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (rc == 0)
        *port = op.port;
    return rc;
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_close, &op);
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };

    return hypercall_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *out)
{
    *out = (struct evtchn_status){ .dom = dom, .port = port };
    return hypercall_event_channel_op(EVTCHNOP_status, out);
}

/* One pass over peer's ports: an unbound one meant for us? */
static long find_peer_port(domid_t peer, domid_t self, evtchn_port_t *port)
{
    struct evtchn_status st;
    long rc = -XEN_ENOENT;

    for (evtchn_port_t p = 1; p < 64; p++) {
        long r = evtchn_status(peer, p, &st);

        if (r == -XEN_EPERM || r == -XEN_ESRCH)
            return r;
        if (r == 0 && st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == self) {
            *port = p;
            return 0;
        }
    }
    return rc;
}

/* One pass without EVTCHNOP_status (a domU may not query another
 * domain, as on Xen): bind_interdomain succeeds only on a port of peer
 * that is unbound and meant for us, so trying each is harmless. */
static long try_bind_each(domid_t peer, evtchn_port_t *local)
{
    for (evtchn_port_t p = 1; p < 64; p++)
        if (evtchn_bind_interdomain(peer, p, local) == 0)
            return 0;
    return -XEN_ENOENT;
}

long evtchn_bind_peer(domid_t peer, uint64_t timeout_ns, evtchn_port_t *local)
{
    uint64_t end = env_time_ns() + timeout_ns;
    int self = cmdline_domid();
    evtchn_port_t remote;
    long rc;

    if (self < 0)
        return -XEN_EINVAL;
    for (;;) {
        rc = find_peer_port(peer, (domid_t)self, &remote);
        if (rc == 0)
            rc = evtchn_bind_interdomain(peer, remote, local);
        else if (rc == -XEN_EPERM)
            rc = try_bind_each(peer, local);
        if (rc == 0) {
            (void)evtchn_unmask(*local);
            return 0;
        }
        if (rc != -XEN_ENOENT || env_time_ns() >= end)
            return rc;
        (void)sched_yield();
    }
}

bool events_seen(evtchn_port_t port)
{
    return port < EVTCHN_2L_NR_CHANNELS && (__atomic_load_n(&seen[port / 64], __ATOMIC_SEQ_CST) >> (port % 64)) & 1;
}

bool events_take(evtchn_port_t port)
{
    uint64_t bit = 1ULL << (port % 64);

    if (port >= EVTCHN_2L_NR_CHANNELS)
        return false;
    return (__atomic_fetch_and(&seen[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

unsigned int events_count(void)
{
    return __atomic_load_n(&upcalls, __ATOMIC_SEQ_CST);
}

bool events_mask(bool masked)
{
    struct vcpu_info *vi = pv_vcpu_info();
    bool old;

    if (vi == NULL)
        return true;
    old = vi->evtchn_upcall_mask;
    barrier();
    vi->evtchn_upcall_mask = masked;
    barrier();
    /* Something arrived while masked: a cheap hypercall delivers it. */
    if (!masked && vi->evtchn_upcall_pending)
        (void)hypercall_xen_version(XENVER_version, NULL);
    return old;
}

/* Scan the selector and the pending words; record and clear each
 * unmasked pending port (the 2-level ABI). */
void events_upcall(void)
{
    struct vcpu_info *vi = pv_vcpu_info();

    if (vi == NULL)
        return;
    upcalls++;
    vi->evtchn_upcall_pending = 0;
    for (;;) {
        uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);

        if (sel == 0)
            break;
        while (sel) {
            unsigned int w = (unsigned int)__builtin_ctzll(sel);
            uint64_t bits;

            sel &= sel - 1;
            bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];
            __atomic_fetch_and(&shared_info->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
            __atomic_fetch_or(&seen[w], bits, __ATOMIC_SEQ_CST);
        }
    }
}

bool events_wait(evtchn_port_t port, uint64_t deadline_ns)
{
    bool came;

    for (;;) {
        if (events_take(port))
            return true;
        if (deadline_ns != 0 && env_time_ns() >= deadline_ns)
            return false;
        if (deadline_ns != 0)
            (void)timer_set(deadline_ns);
        (void)sched_block();        /* enables events; the upcall runs on return */
        (void)events_mask(true);
        came = events_take(port);
        if (came)
            return true;
    }
}
