/* SPDX-License-Identifier: MIT */
/* hvm-mmio: LAPIC reads and writes by several instruction forms go through decode and emulate. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-mmio: LAPIC version/ID/TPR by mov, movzx, or, and a read-modify-write";

#define LAPIC_TPR 0x80

void test_main(void)
{
    volatile uint32_t *tpr = (volatile uint32_t *)(LAPIC_BASE + LAPIC_TPR);
    uint32_t version = lapic_read(LAPIC_VERSION);
    uint32_t low;
    uint64_t r12;

    /* mov r32, m32 (8B): version 0x1x, max LVT entry 5 or more */
    check((version & 0xf0) == 0x10, "LAPIC version %#x: not an integrated APIC", version);
    check(((version >> 16) & 0xff) >= 5, "LAPIC version %#x: too few LVT entries", version);
    check_eq(lapic_read(LAPIC_ID) >> 24, 0U, "LAPIC ID of vCPU 0");
    /* movzx r32, m16 (0F B7) */
    __asm__ volatile("movzwl (%1), %0" : "=r"(low) : "r"(LAPIC_BASE + LAPIC_VERSION));
    check_eq(low, version & 0xffff, "movzx of the version register");
    /* mov m32, r32 (89) and mov m32, imm32 (C7) */
    *tpr = 0x20;
    check_eq(*tpr & 0xff, 0x20U, "TPR after mov from a register");
    __asm__ volatile("movl $0x30, (%0)" : : "r"(tpr) : "memory");
    check_eq(*tpr & 0xff, 0x30U, "TPR after mov of an immediate");
    /* or m32, imm8 (83 /1): read, modify, write */
    __asm__ volatile("orl $0x40, (%0)" : : "r"(tpr) : "memory");
    check_eq(*tpr & 0xff, 0x70U, "TPR after or");
    /* a REX register (R12) as the destination */
    __asm__ volatile("movl (%1), %%r12d\n\tmov %%r12, %0" : "=r"(r12)
                     : "r"(LAPIC_BASE + LAPIC_VERSION) : "r12");
    check_eq(r12, (uint64_t)version, "mov into r12d");
    *tpr = 0;
    report_success();
}
