/* SPDX-License-Identifier: MIT */
/* bystander.c - a well-behaved domain that must finish SUCCESS beside a hostile one. */
#include "guest.h"

#define PATTERN_PAGES 4
#define SLEEP_NS      (2 * NS_PER_MS)
#define WAIT_NS       (2000 * NS_PER_MS)

static uint64_t pattern[PATTERN_PAGES][PAGE_SIZE / 8] PAGE_ALIGNED;

static uint64_t pattern_word(unsigned int page, unsigned int i)
{
    return ((uint64_t)page << 32) ^ (i * 0x9e3779b97f4a7c15ULL);
}

static void pattern_fill(void)
{
    for (unsigned int p = 0; p < PATTERN_PAGES; p++)
        for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
            pattern[p][i] = pattern_word(p, i);
}

static void pattern_check(unsigned int round)
{
    for (unsigned int p = 0; p < PATTERN_PAGES; p++)
        for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
            check(pattern[p][i] == pattern_word(p, i),
                  "round %u: our memory changed (page %u word %u: %#lx)", round, p, i,
                  pattern[p][i]);
}

/* One event each way through a loopback channel (a, b). */
static void bounce(evtchn_port_t a, evtchn_port_t b, unsigned int round)
{
    check_eq(evtchn_send(a), 0, "bystander: send");
    check(events_wait(b, env_time_ns() + WAIT_NS), "bystander round %u: event lost", round);
}

void bystander_run(uint64_t run_ms)
{
    int self = cmdline_domid();
    evtchn_port_t a, b;
    uint64_t end;
    unsigned int round = 0;

    require(shared_info != NULL && self >= 0, "bystander: no shared_info or domid");
    pattern_fill();
    require(evtchn_alloc_unbound((domid_t)self, &a) == 0, "bystander: alloc_unbound");
    require(evtchn_bind_interdomain((domid_t)self, a, &b) == 0, "bystander: bind");
    (void)evtchn_unmask(a);
    (void)evtchn_unmask(b);
    end = env_time_ns() + run_ms * NS_PER_MS;
    while (env_time_ns() < end) {
        bounce(b, a, round);
        (void)events_wait(timer_port, env_time_ns() + SLEEP_NS);
        (void)sched_yield();
        pattern_check(round++);
    }
    printk("bystander: %u rounds in %lu ms, memory and events intact\n", round,
           (unsigned long)run_ms);
    report_success();
}
