/* SPDX-License-Identifier: MIT */
/* timer.c - system time (pvclock) and the timer / scheduler hypercalls. */
#include "guest.h"

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* ((tsc - stamp) shifted by tsc_shift) * mul >> 32, as Xen defines it. */
static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t env_time_ns(void)
{
    struct vcpu_info *vi = pv_vcpu_info();
    volatile struct vcpu_time_info *t;
    uint32_t version;
    uint64_t ns;

    if (vi == NULL)
        return 0;
    t = &vi->time;
    do {
        version = t->version;
        barrier();
        ns = t->system_time + scale_delta(rdtsc() - t->tsc_timestamp,
                                          t->tsc_to_system_mul, t->tsc_shift);
        barrier();
    } while ((version & 1) || version != t->version);
    return ns;
}

long timer_set(uint64_t deadline_ns)
{
    return hypercall_set_timer_op(deadline_ns);
}

long timer_singleshot(uint64_t deadline_ns, bool future_only)
{
    struct vcpu_set_singleshot_timer t = {
        .timeout_abs_ns = deadline_ns,
        .flags = future_only ? VCPU_SSHOTTMR_future : 0,
    };

    return hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

long timer_singleshot_stop(void)
{
    return hypercall_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
}

long sched_block(void)
{
    return hypercall_sched_op(SCHEDOP_block, NULL);
}

long sched_yield(void)
{
    return hypercall_sched_op(SCHEDOP_yield, NULL);
}

long sched_poll(evtchn_port_t *ports, unsigned int n, uint64_t timeout_ns)
{
    struct sched_poll p = {
        .ports = (uint64_t)(uintptr_t)ports, .nr_ports = n, .timeout = timeout_ns,
    };

    return hypercall_sched_op(SCHEDOP_poll, &p);
}
