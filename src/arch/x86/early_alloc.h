/* SPDX-License-Identifier: MIT */
/* early_alloc.h - boot-time page allocator, and the ranges RAM hand-over must skip. */
#ifndef STRATA_ARCH_X86_EARLY_ALLOC_H
#define STRATA_ARCH_X86_EARLY_ALLOC_H

#include "arch/arch.h"
#include "arch/x86/boot_info.h"

#define EARLY_RESERVED_MAX  (BOOT_MODULES_MAX + 4)

/* A physical range that is RAM but not free: [start, end). */
struct phys_range {
    paddr_t start;
    paddr_t end;
    const char *what;
};

/*
 * A bump allocator over usable RAM below 4 GiB, above the image and the
 * modules. It serves the page tables, stacks and the frame table until
 * L6 hands the rest of RAM to mm and seals it. Everything it gave out
 * stays allocated for good (one reserved range, "early allocations").
 */
void early_alloc_init(const struct boot_info *bi);

/* n zeroed, page-aligned, contiguous pages; panics when out of memory or
 * after early_alloc_seal. Returns the physical address. */
paddr_t early_alloc_pages(size_t n);

/* No more early allocations: from now on mm owns free RAM. */
void early_alloc_seal(void);

/* The RAM no allocator may hand out: the low 1 MiB, the image, the
 * modules and the early allocations. Returns how many; *ranges points at
 * them (sorted by start, not overlapping). */
unsigned int early_reserved_ranges(const struct phys_range **ranges);

/* Physical extent of the loaded image, [*start, *end), from the linker. */
void image_phys_range(paddr_t *start, paddr_t *end);

#endif /* STRATA_ARCH_X86_EARLY_ALLOC_H */
