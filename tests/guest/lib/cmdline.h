/* SPDX-License-Identifier: MIT */
/* cmdline.h - the guest's command line: key=value words (domid=, guests=, ...). */
#ifndef GUEST_CMDLINE_H
#define GUEST_CMDLINE_H

#include "libc.h"

/* Copy the value of key (the text after "key=" up to a space) into
 * buf[size]; a bare word "key" gives "". Returns true if present. */
bool cmdline_get(const char *key, char *buf, size_t size);

/* key=<decimal or 0x hex> or fallback when absent or malformed. */
uint64_t cmdline_uint(const char *key, uint64_t fallback);

/* This domain's ID from domid=<i> (0 on Xen dom0; -1 when absent) and
 * the number of test domains from guests=<n> (1 when absent). */
int cmdline_domid(void);
unsigned int cmdline_guests(void);

#endif /* GUEST_CMDLINE_H */
