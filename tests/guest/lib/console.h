/* SPDX-License-Identifier: MIT */
/* console.h - guest output: console_io writes, the console ring, printk. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include "libc.h"

/* CONSOLEIO_write of n bytes; returns the hypercall's result. */
long console_write(const char *buf, size_t n);

/* Copy n bytes into the console ring (start_info console.domU) and kick
 * its event channel, waiting (yield) while the ring is full. Returns 0,
 * or -1 when this domain has no ring (dom0 on Xen). */
int console_ring_write(const char *buf, size_t n);

/* Bytes of console input waiting in the ring / read up to n of them. */
size_t console_ring_input(char *buf, size_t n);

/* Formatted output through console_write. */
void printk(const char *fmt, ...) PRINTF_LIKE(1, 2);
void vprintk(const char *fmt, va_list ap);

#endif /* GUEST_CONSOLE_H */
