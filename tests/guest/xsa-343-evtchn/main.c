/* SPDX-License-Identifier: MIT */
/* xsa-343-evtchn: XSA-343/344 class - event channels closed or reset while bound. */
#include "guest.h"

const char test_title[] = "xsa-343-evtchn: close/reset while bound, port limits, bad binds (XSA-343/344 class)";

#define WAIT_NS (2000 * NS_PER_MS)

static domid_t self;

static uint32_t state_of(evtchn_port_t port)
{
    struct evtchn_status st;
    long rc = evtchn_status(DOMID_SELF, port, &st);

    return rc == 0 ? st.status : 0xffffffffU;
}

static void pair(evtchn_port_t *a, evtchn_port_t *b)
{
    require(evtchn_alloc_unbound(self, a) == 0, "alloc_unbound");
    require(evtchn_bind_interdomain(self, *a, b) == 0, "bind_interdomain");
    (void)evtchn_unmask(*a);
    (void)evtchn_unmask(*b);
}

/* Closing one end of a bound pair while an event is pending on it. */
static void close_while_bound(void)
{
    evtchn_port_t a, b, c;

    pair(&a, &b);
    (void)events_mask(true);
    check_eq(evtchn_send(b), 0, "send");               /* a is pending, masked */
    check_eq(evtchn_close(a), 0, "close the pending end");
    check_eq(state_of(a), EVTCHNSTAT_closed, "closed end");
    check_eq(state_of(b), EVTCHNSTAT_unbound, "the other end after close");
    check_eq(evtchn_send(b), 0, "send on the now unbound end (dropped)");
    check_eq(evtchn_send(a), -XEN_EINVAL, "send on the closed end");
    /* The port is reused: no stale pending event comes with it. */
    require(evtchn_alloc_unbound(self, &c) == 0, "alloc again");
    (void)events_take(c);
    check_eq(evtchn_close(b), 0, "close the other end");
    check_eq(evtchn_close(c), 0, "close the new port");
    check_eq(evtchn_close(b), -XEN_EINVAL, "second close");
    (void)events_mask(false);
}

/* EVTCHNOP_reset while ports are bound and pending: all closed. */
static void reset_while_bound(void)
{
    evtchn_port_t a, b;
    struct evtchn_reset r = { .dom = DOMID_SELF };

    pair(&a, &b);
    (void)events_mask(true);
    (void)evtchn_send(a);
    check_eq(hypercall_event_channel_op(EVTCHNOP_reset, &r), 0, "EVTCHNOP_reset");
    check_eq(state_of(a), EVTCHNSTAT_closed, "port a after reset");
    check_eq(state_of(b), EVTCHNSTAT_closed, "port b after reset");
    check_eq(state_of(timer_port), EVTCHNSTAT_closed, "the timer port after reset");
    check_eq(evtchn_send(b), -XEN_EINVAL, "send after reset");
    r.dom = (domid_t)(self + 1);
    check(hypercall_event_channel_op(EVTCHNOP_reset, &r) < 0, "reset of another domain");
    (void)events_mask(false);
    /* Everything works again: the timer VIRQ and a fresh pair. */
    require(evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port) == 0, "bind VIRQ_TIMER again");
    (void)evtchn_unmask(timer_port);
    check(events_wait(timer_port, env_time_ns() + 5 * NS_PER_MS), "no timer after reset");
    pair(&a, &b);
    check_eq(evtchn_send(a), 0, "send on a fresh pair");
    check(events_wait(b, env_time_ns() + WAIT_NS), "no event on a fresh pair after reset");
    check_eq(evtchn_close(a), 0, "close a");
    check_eq(evtchn_close(b), 0, "close b");
}

/* Allocate every port there is, then free them all. */
static void port_limit(void)
{
    static evtchn_port_t ports[4096];
    unsigned int n = 0;
    long rc = 0;

    while (n < sizeof(ports) / sizeof(ports[0]) &&
           (rc = evtchn_alloc_unbound(self, &ports[n])) == 0)
        n++;
    check(rc == -XEN_ENOSPC, "alloc_unbound past the last port: %ld after %u", rc, n);
    check(n > 10, "only %u ports", n);
    for (unsigned int i = 0; i < n; i++)
        check(ports[i] > 0 && ports[i] < EVTCHN_2L_NR_CHANNELS, "port %u out of range", ports[i]);
    for (unsigned int i = 0; i < n; i++)
        check_eq(evtchn_close(ports[i]), 0, "close after the limit");
    printk("%u ports allocated and closed\n", n);
}

static void bad_binds(void)
{
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF, .remote_port = 100000 };
    struct evtchn_bind_vcpu bv = { .port = timer_port, .vcpu = 5 };
    evtchn_port_t p;

    check(hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &bi) < 0,
          "bind_interdomain to port 100000");
    bi.remote_port = timer_port;
    check(hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &bi) < 0,
          "bind_interdomain to our VIRQ port");
    check_eq(evtchn_bind_virq(VIRQ_TIMER, 0, &p), -XEN_EEXIST, "VIRQ_TIMER bound twice");
    check(evtchn_bind_virq(VIRQ_TIMER, 31, &p) < 0, "VIRQ_TIMER on vCPU 31");
    check(evtchn_bind_virq(1000, 0, &p) < 0, "VIRQ 1000");
    check(hypercall_event_channel_op(EVTCHNOP_bind_vcpu, &bv) < 0, "bind_vcpu to vCPU 5");
    check_eq(evtchn_unmask(EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL, "unmask past the last port");
    check_eq(evtchn_close(EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL, "close past the last port");
}

void test_main(void)
{
    int id = cmdline_domid();

    require(id > 0 && shared_info != NULL, "no domid= or shared_info");
    self = (domid_t)id;
    for (unsigned int round = 0; round < 20; round++)
        close_while_bound();
    bad_binds();
    reset_while_bound();
    port_limit();
    report_success();
}
