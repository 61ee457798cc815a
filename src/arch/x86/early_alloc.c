/* SPDX-License-Identifier: MIT */
/* early_alloc.c - boot-time bump allocator and the list of reserved RAM. */
#include "arch/x86/early_alloc.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "lib/print.h"
#include "lib/string.h"

#define LOW_MEMORY_END  0x100000    /* BIOS, trampoline, loader data */



static paddr_t next_free;           /* first page not yet handed out */
static paddr_t region_start, region_end;
static bool sealed;
static struct phys_range reserved[EARLY_RESERVED_MAX];
static unsigned int nr_reserved;

static paddr_t page_up(paddr_t a)
{
    return (a + PAGE_SIZE - 1) & PAGE_MASK;
}

static void reserve(paddr_t start, paddr_t end, const char *what)
{
    if (nr_reserved < EARLY_RESERVED_MAX)
        reserved[nr_reserved++] = (struct phys_range){ start & PAGE_MASK,
                                                       page_up(end), what };
}

/* Insertion sort by start: a handful of entries. */
static void sort_reserved(void)
{
    for (unsigned int i = 1; i < nr_reserved; i++) {
        struct phys_range r = reserved[i];
        unsigned int j = i;

        for (; j > 0 && reserved[j - 1].start > r.start; j--)
            reserved[j] = reserved[j - 1];
        reserved[j] = r;
    }
}

/* First usable range (below the boot map limit) reaching above floor. */
static void pick_region(const struct boot_info *bi, paddr_t floor)
{
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_range *m = &bi->mem[i];
        paddr_t start = m->start > floor ? page_up(m->start) : floor;
        paddr_t end = m->end < EARLY_MAP_LIMIT ? m->end & PAGE_MASK : EARLY_MAP_LIMIT;

        if (m->type == BOOT_MEM_USABLE && start < end &&
            (region_end == 0 || start < region_start)) {
            region_start = start;
            region_end = end;
        }
    }
    if (region_end == 0)
        panic("early_alloc: no usable RAM above %#lx", floor);
}

void early_alloc_init(const struct boot_info *bi)
{
    paddr_t floor = page_up(SYMBOL_ADDRESS(__image_phys_end));

    reserve(0, LOW_MEMORY_END, "low memory");
    reserve(SYMBOL_ADDRESS(__image_phys_start), floor, "hypervisor image");
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        reserve(bi->modules[i].start, bi->modules[i].end, "boot module");
        if (page_up(bi->modules[i].end) > floor)
            floor = page_up(bi->modules[i].end);
    }
    pick_region(bi, floor);
    next_free = region_start;
}

paddr_t early_alloc_pages(size_t n)
{
    paddr_t pa = next_free;

    if (sealed)
        panic("early_alloc after hand-over to mm");
    if (n > (region_end - next_free) / PAGE_SIZE)
        panic("early_alloc: out of memory (%zu pages wanted)", n);
    next_free += n * PAGE_SIZE;
    mem_set(arch_frame_to_virt(pa >> PAGE_SHIFT), 0, n * PAGE_SIZE);
    return pa;
}

void early_alloc_seal(void)
{
    sealed = true;
    if (next_free > region_start)
        reserve(region_start, next_free, "early allocations");
    sort_reserved();
}

unsigned int early_reserved_ranges(const struct phys_range **ranges)
{
    *ranges = reserved;
    return nr_reserved;
}

void image_phys_range(paddr_t *start, paddr_t *end)
{
    *start = SYMBOL_ADDRESS(__image_phys_start);
    *end = SYMBOL_ADDRESS(__image_phys_end);
}
