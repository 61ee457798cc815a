/* SPDX-License-Identifier: MIT */
/* idt.c - 256 interrupt gates pointing at the trap_entry.S stubs. */
#include "arch/x86/idt.h"
#include "arch/x86/gdt.h"
#include "arch/x86/traps.h"

#define GATE_INTERRUPT  0x8e    /* P, DPL0, 64-bit interrupt gate (IF cleared) */
#define GATE_DPL3       0x60    /* reachable by int3/into from ring 3 */
#define VEC_BP          3
#define VEC_OF          4
#define STUB_SIZE       16

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t  ist;
    uint8_t  type;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} PACKED;

struct PACKED idt_ptr {
    uint16_t limit;
    uint64_t base;
};

extern const char trap_stubs[];
static struct idt_gate idt[256] ALIGNED(16);

static void idt_set(unsigned int vector, unsigned int ist)
{
    uint64_t target = (uint64_t)(uintptr_t)(trap_stubs + STUB_SIZE * vector);

    idt[vector] = (struct idt_gate){
        .offset_low = target & 0xffff,
        .selector = SEL_CODE,
        .ist = (uint8_t)ist,
        .type = GATE_INTERRUPT,
        .offset_mid = (target >> 16) & 0xffff,
        .offset_high = (uint32_t)(target >> 32),
    };
}

void idt_init(void)
{
    for (unsigned int v = 0; v < 256; v++)
        idt_set(v, 0);
    idt_set(VEC_DF, IST_DF);
    idt_set(VEC_NMI, IST_NMI);
    idt_set(VEC_MC, IST_MC);
    /* A PV guest's int3 must raise #BP, not #GP (Xen does the same). */
    idt[VEC_BP].type |= GATE_DPL3;
    idt[VEC_OF].type |= GATE_DPL3;
}

void idt_load(void)
{
    struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

    __asm__ volatile("lidt %0" : : "m"(ptr));
}
