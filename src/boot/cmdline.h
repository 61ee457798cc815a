/* SPDX-License-Identifier: MIT */
/* cmdline.h - options of the hypervisor command line ("key=value" words). */
#ifndef STRATA_BOOT_CMDLINE_H
#define STRATA_BOOT_CMDLINE_H

#include "lib/compiler.h"

/* Copy the value of the first "key=value" word of cmdline into value
 * (NUL-terminated, truncated to size). False if key is absent. */
bool cmdline_option(const char *cmdline, const char *key, char *value, size_t size);

#endif /* STRATA_BOOT_CMDLINE_H */
