/* SPDX-License-Identifier: MIT */
/* guest.h - everything a guest test includes (docs/guest-tests.md). */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include "libc.h"
#include "arch.h"
#include "hypercall.h"
#include "report.h"
#include "console.h"
#include "cmdline.h"
#include "exceptions.h"
#include "events.h"
#include "gnttab.h"
#include "timer.h"
#include "memory.h"
#include "peer.h"
#include "bystander.h"

/* Provided by each test. */
extern const char test_title[];
void test_main(void);

/* The start of day (head.S calls env_start with start_info). */
NORETURN void env_start(start_info_t *si);
void env_setup(void);

#endif /* GUEST_GUEST_H */
