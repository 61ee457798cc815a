/* SPDX-License-Identifier: MIT */
/* acpi.h - find the CPUs through the ACPI MADT. */
#ifndef STRATA_ARCH_X86_ACPI_H
#define STRATA_ARCH_X86_ACPI_H

#include "lib/compiler.h"

/* Store the APIC IDs of enabled processors (at most max) in ids; return
 * how many. 0 if there is no ACPI or no MADT. Uses the boot tables'
 * direct map of 0-4 GiB, so call it before paging_activate. */
unsigned int acpi_find_cpus(uint32_t *ids, unsigned int max);

#endif /* STRATA_ARCH_X86_ACPI_H */
