/* SPDX-License-Identifier: MIT */
/* console_io.h - console_io (hypercall 18): the hypervisor console. */
#ifndef STRATA_PUBLIC_CONSOLE_IO_H
#define STRATA_PUBLIC_CONSOLE_IO_H

/*
 * HYPERVISOR_console_io(cmd, unsigned int count, char *buffer).
 * CONSOLEIO_write prints count bytes of buffer on the hypervisor console,
 * prefixed by the calling domain; it returns 0 or a negative errno.
 * CONSOLEIO_read returns the number of bytes of input copied (Strata has
 * no console input for domains yet and returns 0).
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

#endif /* STRATA_PUBLIC_CONSOLE_IO_H */
