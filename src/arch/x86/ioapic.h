/* SPDX-License-Identifier: MIT */
/* ioapic.h - IOAPICs from the MADT: GSI routing to a vector and CPU, masking. */
#ifndef STRATA_ARCH_X86_IOAPIC_H
#define STRATA_ARCH_X86_IOAPIC_H

#include "lib/compiler.h"
#include "lib/status.h"

/* paging_build: map every IOAPIC the MADT lists (uncached, NX) in the
 * direct map. */
void ioapic_map_mmio(void);

/* Read each IOAPIC's pin count and mask every pin (idempotent; the other
 * calls do it on first use). */
void ioapic_init(void);

/* GSIs the IOAPICs cover: 0 .. ioapic_nr_gsis() - 1 (gaps read as none). */
unsigned int ioapic_nr_gsis(void);

/* Route gsi to vector on CPU index cpu (fixed delivery, physical
 * destination) with the given signalling; the pin is left masked.
 * EINVAL: no IOAPIC pin for gsi, an exception vector or no such CPU. */
status_t ioapic_route(uint32_t gsi, unsigned int vector, unsigned int cpu, bool level,
                      bool active_low);

/* Mask or unmask gsi's pin; EINVAL if no IOAPIC has it. */
status_t ioapic_set_masked(uint32_t gsi, bool masked);

/* True if gsi's pin is masked (or there is no such pin). */
bool ioapic_is_masked(uint32_t gsi);

#endif /* STRATA_ARCH_X86_IOAPIC_H */
