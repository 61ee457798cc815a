/* SPDX-License-Identifier: MIT */
/* guest_pt.c - the 64-bit entry: boot GDT, identity page tables, vCPU 0's registers. */
#include "guest/hvm/guest_pt.h"
#include "lib/string.h"

#define PT_ENTRIES   512
#define SIZE_2M      0x200000ULL
#define SIZE_1G      0x40000000ULL
#define FLAT_LIMIT   0xffffffffU

void hvm_gdt_fill(uint64_t *gdt)
{
    gdt[0] = 0;
    gdt[1] = 0;
    gdt[HVM_BOOT_CS / 8] = HVM_CODE64_DESC;
    gdt[HVM_BOOT_DS / 8] = HVM_DATA_DESC;
}

void hvm_pt_fill_pml4(uint64_t *pml4)
{
    mem_set(pml4, 0, PT_ENTRIES * sizeof(*pml4));
    pml4[0] = HVM_PDPT_GPA | HVM_PTE_P | HVM_PTE_RW;
}

void hvm_pt_fill_pdpt(uint64_t *pdpt)
{
    mem_set(pdpt, 0, PT_ENTRIES * sizeof(*pdpt));
    /* loop invariant: PDPT slots [0, i) point at their PD */
    for (unsigned int i = 0; i < HVM_NR_PD; i++)
        pdpt[i] = (HVM_PD_GPA + i * HVM_PAGE) | HVM_PTE_P | HVM_PTE_RW;
}

void hvm_pt_fill_pd(uint64_t *pd, unsigned int i)
{
    /* loop invariant: slots [0, k) map 2 MiB each from i GiB */
    for (uint64_t k = 0; k < PT_ENTRIES; k++)
        pd[k] = (i * SIZE_1G + k * SIZE_2M) | HVM_PTE_P | HVM_PTE_RW | HVM_PTE_PS;
}

/* A flat segment: attr = descriptor bits 40-47 and 52-55, packed. */
static struct hvm_segment flat(uint16_t sel, uint64_t desc)
{
    struct hvm_segment s = {
        .sel = sel,
        .attr = (uint16_t)(((desc >> 40) & 0xff) | ((desc >> 52) & 0xf) << 8),
        .limit = FLAT_LIMIT,
        .base = 0,
    };
    return s;
}

void hvm_initial_state_fill(struct hvm_initial_state *s, uint64_t entry, uint64_t zero_page)
{
    mem_set(s, 0, sizeof(*s));
    s->rip = entry;
    s->rsp = HVM_STACK_TOP;
    s->rsi = zero_page;
    s->rflags = HVM_RFLAGS_FIXED;
    s->cr0 = HVM_CR0_PE | HVM_CR0_ET | HVM_CR0_NE | HVM_CR0_PG;
    s->cr3 = HVM_PML4_GPA;
    s->cr4 = HVM_CR4_PAE;
    s->efer = HVM_EFER_LME | HVM_EFER_LMA;
    s->gdtr_base = HVM_GDT_GPA;
    s->gdtr_limit = HVM_GDT_ENTRIES * 8 - 1;
    s->cs = flat(HVM_BOOT_CS, HVM_CODE64_DESC);
    s->ds = flat(HVM_BOOT_DS, HVM_DATA_DESC);
}
