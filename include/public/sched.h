/* SPDX-License-Identifier: MIT */
/* sched.h - sched_op (hypercall 29): yield, block, shutdown, poll. */
#ifndef STRATA_PUBLIC_SCHED_H
#define STRATA_PUBLIC_SCHED_H

/* HYPERVISOR_sched_op(cmd, void *arg). */
#include "public/event_channel.h"

#define SCHEDOP_yield          0  /* arg unused: give up the CPU */
#define SCHEDOP_block          1  /* arg unused: sleep until an event */
#define SCHEDOP_shutdown       2  /* arg: struct sched_shutdown */
#define SCHEDOP_poll           3  /* arg: struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* arg: struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code  5
#define SCHEDOP_watchdog       6
#define SCHEDOP_pin_override   7

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

/* Stop the calling domain. IN reason (SHUTDOWN_*). */
struct sched_shutdown {
    uint32_t reason;
};
typedef struct sched_shutdown sched_shutdown_t;

/* Block until one of nr_ports ports is pending or timeout (absolute ns,
 * 0 = none) passes. IN ports (array of evtchn_port_t), nr_ports, timeout. */
struct sched_poll {
    xen_guest_handle_t ports;
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;

/* Stop another domain (privileged). IN domain_id, reason. */
struct sched_remote_shutdown {
    domid_t domain_id;
    uint16_t pad;
    uint32_t reason;
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll");
_Static_assert(sizeof(struct sched_remote_shutdown) == 8, "remote_shutdown");
#endif

#endif /* STRATA_PUBLIC_SCHED_H */
