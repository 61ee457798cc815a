/* SPDX-License-Identifier: MIT */
/* console.h - bring up the hypervisor console and make it printk's sink. */
#ifndef STRATA_ARCH_X86_CONSOLE_H
#define STRATA_ARCH_X86_CONSOLE_H

/* Initialise COM1 and register arch_console_write with print_set_sink. */
void console_init(void);

/* Stop taking the console lock (fatal paths: the lock may be held by the
 * CPU that is dying). */
void console_force_unlock(void);

#endif /* STRATA_ARCH_X86_CONSOLE_H */
