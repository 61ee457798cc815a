/* SPDX-License-Identifier: MIT */
/* serial.h - the 16550 UART on COM1, polled. */
#ifndef STRATA_ARCH_X86_SERIAL_H
#define STRATA_ARCH_X86_SERIAL_H

#include "lib/compiler.h"

/* Program COM1 for 115200 8N1, FIFOs on, interrupts off. */
void serial_init(void);

/* Write n bytes, turning "\n" into "\r\n"; waits for the transmitter. */
void serial_write(const char *s, size_t n);

#endif /* STRATA_ARCH_X86_SERIAL_H */
