/* SPDX-License-Identifier: MIT */
/* tlb.c - the TLB hooks of arch.h (local flushes; remote ones are missing). */
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/tlb.h"

/* Above this many pages one full flush is cheaper than invlpg each. */
#define INVLPG_MAX_PAGES    32

static uint64_t guest_tlb_generation;

/* Flush the executing CPU only. Other CPUs do not run hypervisor code
 * that touches changed mappings yet (they idle in hlt), so no shootdown
 * IPI is sent; that is the missing part once they do (docs/boot.md). */
void arch_flush_hypervisor_range(const void *va, size_t len)
{
    uintptr_t start = (uintptr_t)va & PAGE_MASK;
    uintptr_t end = (uintptr_t)va + len;

    if (len == 0)
        return;
    if ((end - start) / PAGE_SIZE > INVLPG_MAX_PAGES) {
        tlb_flush_all_local();
        return;
    }
    for (uintptr_t p = start; p < end; p += PAGE_SIZE)
        invlpg((const void *)p);
}

/* The counter is what the SVM/VMX code compares against at VMRUN to
 * request a TLB_CONTROL/INVEPT flush for tag (tag itself is not tracked
 * yet). PV guests' translations live in this CPU's TLB: a frame leaving
 * the writable type (frame.c) must lose every writable translation at
 * once, or a guest writes through a stale one into its new page table.
 * Other CPUs drop theirs when they next load a guest L4 (a CR3 write);
 * vCPUs of one PV domain running at once on two CPUs would need a
 * shootdown IPI, which is still missing. */
void arch_flush_guest_tlb(uint32_t tag)
{
    (void)tag;
    __atomic_fetch_add(&guest_tlb_generation, 1, __ATOMIC_SEQ_CST);
    tlb_flush_all_local();
}

uint64_t tlb_guest_generation(void)
{
    return __atomic_load_n(&guest_tlb_generation, __ATOMIC_SEQ_CST);
}

void tlb_flush_all_local(void)
{
    uint64_t cr4 = read_cr4();

    /* Toggling PGE drops global entries too, which a CR3 reload keeps. */
    write_cr4(cr4 & ~CR4_PGE);
    write_cr4(cr4);
}
