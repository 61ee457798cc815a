/* SPDX-License-Identifier: MIT */
/* bystander.h - a well-behaved domain that must finish SUCCESS beside a hostile one. */
#ifndef GUEST_BYSTANDER_H
#define GUEST_BYSTANDER_H

#include "libc.h"

/* For run_ms of system time: keep a pattern in 4 pages (checked every
 * round), bounce an event through a loopback channel, sleep on the timer
 * and yield. SUCCESS if everything held (prints the rounds), FAILURE at
 * the first thing that did not. The hostile domain runs meanwhile. */
NORETURN void bystander_run(uint64_t run_ms);

#endif /* GUEST_BYSTANDER_H */
