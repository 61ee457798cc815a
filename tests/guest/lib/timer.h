/* SPDX-License-Identifier: MIT */
/* timer.h - system time from vcpu_info and the ways to ask for VIRQ_TIMER. */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include "libc.h"
#include "public/event_channel.h"

#define NS_PER_MS 1000000UL

/* System time (ns) from vCPU 0's time record (the pvclock). */
uint64_t env_time_ns(void);

/* set_timer_op(deadline) and VCPUOP_set/stop_singleshot_timer. */
long timer_set(uint64_t deadline_ns);
long timer_singleshot(uint64_t deadline_ns, bool future_only);
long timer_singleshot_stop(void);

/* SCHEDOP_block / SCHEDOP_yield / SCHEDOP_poll(ports, timeout). */
long sched_block(void);
long sched_yield(void);
long sched_poll(evtchn_port_t *ports, unsigned int n, uint64_t timeout_ns);

#endif /* GUEST_TIMER_H */
