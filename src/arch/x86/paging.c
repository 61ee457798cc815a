/* SPDX-License-Identifier: MIT */
/* paging.c - build, query and audit the hypervisor page tables. */
#include "arch/x86/paging.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/early_alloc.h"
#include "arch/x86/layout.h"
#include "lib/print.h"

#define LARGE_PAGE      0x200000ULL
#define TABLE_FLAGS     (PTE_P | PTE_W)    /* leaves decide permissions */
#define LAPIC_PHYS      0xfee00000ULL
#define WX_REPORT_MAX   8

extern const char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern const char __data_start[], __bss_end[];

static paddr_t root_pa;

static uint64_t *table_virt(paddr_t pa)
{
    return arch_frame_to_virt(pa >> PAGE_SHIFT);
}

static unsigned int index_of(uintptr_t va, unsigned int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

/* Table of the next level under entry index of table, created if absent. */
static uint64_t *next_table(uint64_t *table, unsigned int index)
{
    if (!(table[index] & PTE_P))
        table[index] = early_alloc_pages(1) | TABLE_FLAGS;
    if (table[index] & PTE_PS)
        panic("paging: mapping inside a large page");
    return table_virt(table[index] & PTE_ADDR);
}

/* Entry for va at level (1 = 4 KiB, 2 = 2 MiB), building tables above. */
static uint64_t *entry_for(uintptr_t va, unsigned int level)
{
    uint64_t *table = table_virt(root_pa);

    for (unsigned int l = 4; l > level; l--)
        table = next_table(table, index_of(va, l));
    return &table[index_of(va, level)];
}

void paging_map_page(uintptr_t va, paddr_t pa, uint64_t flags)
{
    *entry_for(va, 1) = (pa & PTE_ADDR) | flags;
}

uint64_t *paging_pte_of(uintptr_t va)
{
    uint64_t *table = table_virt(root_pa);

    for (unsigned int l = 4; l > 1; l--) {
        uint64_t e = table[index_of(va, l)];

        if (!(e & PTE_P) || (e & PTE_PS))
            panic("paging: no 4 KiB table for %#lx", va);
        table = table_virt(e & PTE_ADDR);
    }
    return &table[index_of(va, 1)];
}

/* Like entry_for(va, 1), but the entries on the way also allow user
 * access (the leaf still decides): for what PV guests may read. */
static uint64_t *user_entry_for(uintptr_t va)
{
    uint64_t *table = table_virt(root_pa);

    for (unsigned int l = 4; l > 1; l--) {
        unsigned int i = index_of(va, l);
        uint64_t *next = next_table(table, i);

        table[i] |= PTE_U;
        table = next;
    }
    return &table[index_of(va, 1)];
}

void paging_map_guest_readonly(uintptr_t va, paddr_t pa, size_t bytes)
{
    for (size_t off = 0; off < bytes; off += PAGE_SIZE)
        *user_entry_for(va + off) = ((pa + off) & PTE_ADDR) | PTE_P | PTE_U | PTE_NX;
}

static void map_large(uintptr_t va, paddr_t pa, uint64_t flags)
{
    *entry_for(va, 2) = (pa & PTE_ADDR) | flags | PTE_PS;
}

static void map_image_range(const char *start, const char *end, uint64_t flags)
{
    for (uintptr_t va = (uintptr_t)start; va < (uintptr_t)end; va += PAGE_SIZE)
        paging_map_page(va, va - IMAGE_VIRT_OFFSET, flags);
}

/* Large pages where a whole aligned 2 MiB lies inside [start, end). */
static void map_direct(paddr_t start, paddr_t end)
{
    paddr_t pa = (start + PAGE_SIZE - 1) & PAGE_MASK;

    end &= PAGE_MASK;
    while (pa < end) {
        if ((pa & (LARGE_PAGE - 1)) == 0 && end - pa >= LARGE_PAGE) {
            map_large(DIRECTMAP_BASE + pa, pa, MAP_DATA);
            pa += LARGE_PAGE;
        } else {
            paging_map_page(DIRECTMAP_BASE + pa, pa, MAP_DATA);
            pa += PAGE_SIZE;
        }
    }
}

void paging_build(const struct boot_info *bi)
{
    root_pa = early_alloc_pages(1);
    map_image_range(__text_start, __text_end, MAP_TEXT);
    map_image_range(__rodata_start, __rodata_end, MAP_RODATA);
    map_image_range(__data_start, __bss_end, MAP_DATA);
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_USABLE)
            map_direct(bi->mem[i].start, bi->mem[i].end);
    paging_map_page(DIRECTMAP_BASE + LAPIC_PHYS, LAPIC_PHYS, MAP_MMIO);
    ioapic_map_mmio();
}

void paging_activate(void)
{
    write_cr3(root_pa);
    write_cr4(read_cr4() | CR4_PGE);
}

paddr_t paging_root(void)
{
    return root_pa;
}

/* Fold one level's entry into the effective flags. */
static uint64_t combine(uint64_t eff, uint64_t entry)
{
    eff &= entry | ~(PTE_W | PTE_U);            /* W and U need every level */
    eff |= entry & PTE_NX;                      /* NX from any level */
    return eff;
}

uint64_t paging_lookup(uintptr_t va)
{
    uint64_t *table = table_virt(read_cr3() & PTE_ADDR);
    uint64_t eff = PTE_P | PTE_W | PTE_U;

    for (unsigned int level = 4; level >= 1; level--) {
        uint64_t e = table[index_of(va, level)];

        if (!(e & PTE_P))
            return 0;
        eff = combine(eff, e);
        if (level == 1 || (e & PTE_PS))
            return eff;
        table = table_virt(e & PTE_ADDR);
    }
    return 0;
}

struct wx_walk {
    uint64_t leaves;
    uint64_t violations;
};

static uintptr_t canonical(uintptr_t va)
{
    return (va & (1ULL << 47)) ? va | 0xffff000000000000ULL : va;
}

static void walk(paddr_t table_pa, unsigned int level, uintptr_t base,
                 uint64_t eff, struct wx_walk *w)
{
    const uint64_t *table = table_virt(table_pa);

    for (unsigned int i = 0; i < 512; i++) {
        uint64_t e = table[i];
        uintptr_t va = canonical(base + ((uintptr_t)i << (PAGE_SHIFT + 9 * (level - 1))));
        uint64_t f = combine(eff, e);

        if (!(e & PTE_P))
            continue;
        if (level > 1 && !(e & PTE_PS)) {
            walk(e & PTE_ADDR, level - 1, va, f, w);
            continue;
        }
        w->leaves++;
        if ((f & PTE_W) && !(f & PTE_NX)) {
            if (w->violations++ < WX_REPORT_MAX)
                printk("W^X violation: %#lx -> %#llx (level %u)\n", va,
                       (unsigned long long)(e & PTE_ADDR), level);
        }
    }
}

void paging_check_wx(uint64_t *leaves, uint64_t *violations)
{
    struct wx_walk w = { 0, 0 };

    walk(read_cr3() & PTE_ADDR, 4, 0, PTE_P | PTE_W | PTE_U, &w);
    *leaves = w.leaves;
    *violations = w.violations;
}
