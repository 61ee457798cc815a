/* SPDX-License-Identifier: MIT */
/* gdt.c - per-CPU GDT with a TSS whose IST slots hold the emergency stacks. */
#include "arch/x86/gdt.h"
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/early_alloc.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"

#define DESC_CODE64     0x00af9a000000ffffULL   /* P, DPL0, code, L */
#define DESC_DATA       0x00cf92000000ffffULL   /* P, DPL0, data, writable */
#define DESC_U_CODE32   0x00cffa000000ffffULL   /* P, DPL3, code, D */
#define DESC_U_DATA     0x00cff2000000ffffULL   /* P, DPL3, data, writable */
#define DESC_U_CODE64   0x00affa000000ffffULL   /* P, DPL3, code, L */
#define TSS_TYPE_AVAIL  0x89ULL                 /* P, 64-bit TSS available */

/* Guest descriptor frames are mapped writable for the CPU only (it sets
 * accessed bits); the guest's own mappings of them stay read-only. */
#define MAP_GUEST_GDT   (PTE_P | PTE_W | PTE_NX)
#define MAP_NO_GDT      (PTE_P | PTE_NX)

/*
 * One GDT per CPU (each has its own TSS, whose descriptor gets busy), at
 * a fixed window in the hypervisor slots, so the same GDTR serves while
 * the 14 pages below selector 0xe000 change with the PV vCPU that runs.
 * Without one they all map a zeroed frame: every guest selector there
 * is a not-present descriptor.
 */
static paddr_t zero_frame;

static uintptr_t window_of(unsigned int cpu)
{
    return GDT_WINDOWS_BASE + (uintptr_t)cpu * GDT_WINDOW_SIZE;
}

void gdt_alloc(unsigned int cpu)
{
    uintptr_t va = window_of(cpu);

    if (zero_frame == 0)
        zero_frame = early_alloc_pages(1);
    for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++)
        paging_map_page(va + i * PAGE_SIZE, zero_frame, MAP_NO_GDT);
    paging_map_page(va + GDT_GUEST_PAGES * PAGE_SIZE, early_alloc_pages(1), MAP_DATA);
}

void arch_load_guest_gdt(const mfn_t *frames, unsigned int nr)
{
    uintptr_t va = window_of(this_cpu()->cpu_id);

    for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++) {
        uint64_t want = i < nr ? (frames[i] << PAGE_SHIFT) | MAP_GUEST_GDT
                               : zero_frame | MAP_NO_GDT;
        uint64_t *pte = paging_pte_of(va + i * PAGE_SIZE);

        if (*pte == want)
            continue;
        *pte = want;
        invlpg((const void *)(va + i * PAGE_SIZE));
    }
}

struct PACKED gdt_ptr {
    uint16_t limit;
    uint64_t base;
};

/* A system descriptor spans two GDT slots in long mode. */
static void gdt_set_tss(uint64_t *gdt, const struct tss *tss)
{
    uint64_t base = (uint64_t)(uintptr_t)tss;
    uint64_t limit = sizeof(*tss) - 1;

    gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                       (TSS_TYPE_AVAIL << 40) | (((limit >> 16) & 0xf) << 48) |
                       (((base >> 24) & 0xff) << 56);
    gdt[SEL_TSS / 8 + 1] = base >> 32;
}

static void tss_fill(struct tss *tss, const struct cpu_stacks *s)
{
    tss->rsp[0] = s->main_top;
    tss->ist[IST_DF - 1] = s->df_top;
    tss->ist[IST_NMI - 1] = s->nmi_top;
    tss->ist[IST_MC - 1] = s->mc_top;
    tss->iomap_base = sizeof(*tss);     /* no I/O bitmap */
}

void gdt_load(struct percpu *cpu)
{
    uint64_t *gdt = (uint64_t *)window_of(cpu->cpu_id);
    struct gdt_ptr ptr = { GDT_ENTRIES * 8 - 1, (uint64_t)(uintptr_t)gdt };

    tss_fill(&cpu->tss, &cpu->stacks);
    cpu->stack_top = cpu->stacks.main_top;
    gdt[SEL_CODE / 8] = DESC_CODE64;
    gdt[SEL_DATA / 8] = DESC_DATA;
    gdt[SEL_GUEST_CS32 / 8] = DESC_U_CODE32;
    gdt[SEL_GUEST_DS / 8] = DESC_U_DATA;
    gdt[SEL_GUEST_CS64 / 8] = DESC_U_CODE64;
    gdt_set_tss(gdt, &cpu->tss);

    /* Reload CS with a far return; data segments directly. GS is not
     * touched: its base comes from the MSR, loaded before. */
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "mov %2, %%eax\n\t"
        "mov %%eax, %%ds\n\t"
        "mov %%eax, %%es\n\t"
        "mov %%eax, %%ss\n\t"
        "ltr %w3\n\t"
        : : "m"(ptr), "i"(SEL_CODE), "i"(SEL_DATA), "r"(SEL_TSS)
        : "rax", "memory");
}
