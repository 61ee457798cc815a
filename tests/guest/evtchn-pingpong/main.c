/* SPDX-License-Identifier: MIT */
/* evtchn-pingpong: interdomain events bounced N times between two domains; loopback. */
#include "guest.h"

const char test_title[] = "evtchn-pingpong: alloc_unbound, bind_interdomain, send/upcall, close";

#define WAIT_NS   (5000 * NS_PER_MS)    /* generous: TCG on a busy host */
#define DRAIN_NS  (50 * NS_PER_MS)
#define PING      1                     /* domid of the side that allocates */
#define PONG      2

static uint64_t deadline(void)
{
    return env_time_ns() + WAIT_NS;
}

/* Xen notifies the local port of a new bind_interdomain (events the
 * unbound end may have missed): take that notification, if any. */
static void drain(evtchn_port_t port)
{
    (void)events_wait(port, env_time_ns() + DRAIN_NS);
}

static struct evtchn_status status_of(evtchn_port_t port)
{
    struct evtchn_status st;

    check_eq(evtchn_status(DOMID_SELF, port, &st), 0, "EVTCHNOP_status of our port");
    return st;
}

/* Poll our port until its state is want (the peer acts meanwhile). */
static void await_state(evtchn_port_t port, uint32_t want, const char *what)
{
    uint64_t end = deadline();

    while (status_of(port).status != want) {
        check(env_time_ns() < end, "port %u: still state %u, want %u (%s)", port,
              status_of(port).status, want, what);
        (void)sched_yield();
    }
}

/* One domain, both ends: alloc_unbound for ourselves, bind to it, send
 * each way, close. */
static void loopback(domid_t self)
{
    evtchn_port_t a, b;
    struct evtchn_status st;

    check_eq(evtchn_alloc_unbound(self, &a), 0, "loopback alloc_unbound(self)");
    check_eq(evtchn_bind_interdomain(self, a, &b), 0, "loopback bind_interdomain");
    check(a != b, "loopback: both ends are port %u", a);
    (void)evtchn_unmask(a);
    (void)evtchn_unmask(b);
    drain(b);
    st = status_of(b);
    check_eq(st.status, EVTCHNSTAT_interdomain, "loopback: state of the bound end");
    check_eq(st.u.interdomain.dom, self, "loopback: remote domain");
    check_eq(st.u.interdomain.port, a, "loopback: remote port");
    check_eq(evtchn_send(b), 0, "loopback send b");
    check(events_wait(a, deadline()), "loopback: no event on %u after a send on %u", a, b);
    check(!events_take(b), "loopback: the sending end %u saw its own event", b);
    check_eq(evtchn_send(a), 0, "loopback send a");
    check(events_wait(b, deadline()), "loopback: no event on %u after a send on %u", b, a);
    check_eq(evtchn_close(b), 0, "loopback close b");
    st = status_of(a);
    check_eq(st.status, EVTCHNSTAT_unbound, "loopback: the other end after close");
    check_eq(evtchn_close(a), 0, "loopback close a");
    check_eq(evtchn_send(a), -XEN_EINVAL, "send on a closed port");
}

static void ping(unsigned int rounds)
{
    evtchn_port_t port;
    struct evtchn_status st;

    check_eq(evtchn_alloc_unbound(PONG, &port), 0, "alloc_unbound(d2)");
    (void)evtchn_unmask(port);
    st = status_of(port);
    /* d2 may have bound it already: unbound for d2, or bound to d2. */
    check(st.status == EVTCHNSTAT_unbound || st.status == EVTCHNSTAT_interdomain,
          "new port's state %u", st.status);
    check_eq(st.status == EVTCHNSTAT_unbound ? st.u.unbound.dom : st.u.interdomain.dom, PONG,
             "new port's remote domain");
    check(events_wait(port, deadline()), "d2 did not bind and say it is ready");
    st = status_of(port);
    check_eq(st.status, EVTCHNSTAT_interdomain, "bound port's state");
    check_eq(st.u.interdomain.dom, PONG, "bound port's remote domain");
    for (unsigned int i = 0; i < rounds; i++) {
        check_eq(evtchn_send(port), 0, "send");
        check(events_wait(port, deadline()), "round %u: no pong", i);
    }
    printk("%u round trips\n", rounds);
    /* d2 closes its end after the last pong: ours falls back to unbound. */
    await_state(port, EVTCHNSTAT_unbound, "d2 closed its end");
    check_eq(status_of(port).u.unbound.dom, PONG, "unbound again, for d2");
    check_eq(evtchn_close(port), 0, "close");
}

static void pong(unsigned int rounds)
{
    evtchn_port_t port;

    check_eq(evtchn_bind_peer(PING, WAIT_NS, &port), 0, "bind to d1's unbound port");
    drain(port);
    check_eq(evtchn_send(port), 0, "send: ready");
    for (unsigned int i = 0; i < rounds; i++) {
        check(events_wait(port, deadline()), "round %u: no ping", i);
        check_eq(evtchn_send(port), 0, "send");
    }
    check_eq(evtchn_close(port), 0, "close");
    check_eq(evtchn_send(port), -XEN_EINVAL, "send on the closed port");
}

void test_main(void)
{
    int id = cmdline_domid();
    unsigned int rounds = (unsigned int)cmdline_uint("rounds", 100);

    require(shared_info != NULL, "shared_info not mapped: no events");
    require(id >= 0, "no domid= on the command line");
    loopback((domid_t)id);
    if (cmdline_guests() < 2) {
        printk("one domain: loopback only\n");
        report_success();
    }
    require(id == PING || id == PONG, "domid=%d: want 1 or 2", id);
    if (id == PING)
        ping(rounds);
    else
        pong(rounds);
    report_success();
}
