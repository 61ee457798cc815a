/* SPDX-License-Identifier: MIT */
/* acpi.h - the ACPI MADT: CPUs, IOAPICs, ISA interrupt overrides. */
#ifndef STRATA_ARCH_X86_ACPI_H
#define STRATA_ARCH_X86_ACPI_H

#include "lib/compiler.h"

/* Store the APIC IDs of enabled processors (at most max) in ids; return
 * how many. 0 if there is no ACPI or no MADT. Uses the boot tables'
 * direct map of 0-4 GiB, so call it before paging_activate. */
unsigned int acpi_find_cpus(uint32_t *ids, unsigned int max);

/* Filled by acpi_find_cpus from the same MADT (so valid after it). */
#define ACPI_MAX_IOAPICS 4
struct acpi_ioapic {
    uint32_t id;            /* IOAPIC ID */
    uint32_t address;       /* MMIO base */
    uint32_t gsi_base;      /* GSI of its pin 0 */
};

/* The IOAPICs the MADT lists (at most ACPI_MAX_IOAPICS): *out and count. */
unsigned int acpi_ioapics(const struct acpi_ioapic **out);

/* An ISA IRQ's GSI and signalling after the MADT's interrupt source
 * overrides (QEMU: IRQ 0, the PIT, is GSI 2); without an override the
 * GSI is the IRQ, edge-triggered, active high. */
struct acpi_isa_irq {
    uint32_t gsi;
    bool level;
    bool active_low;
};
struct acpi_isa_irq acpi_isa_irq(unsigned int irq);

#endif /* STRATA_ARCH_X86_ACPI_H */
