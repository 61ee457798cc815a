/* SPDX-License-Identifier: MIT */
/* gdt.h - per-CPU GDT and TSS (IST stacks for #DF, NMI, #MC). */
#ifndef STRATA_ARCH_X86_GDT_H
#define STRATA_ARCH_X86_GDT_H

#include "lib/compiler.h"

#define GDT_ENTRIES     5       /* null, code, data, TSS (two slots) */
#define SEL_CODE        0x08
#define SEL_DATA        0x10
#define SEL_TSS         0x18

#define IST_DF          1
#define IST_NMI         2
#define IST_MC          3

/* The 64-bit task-state segment: only the stack pointers matter. */
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} PACKED;

struct percpu;

/* Build cpu's GDT and TSS from its stacks, load them (GDTR, segment
 * registers, TR). Runs on the CPU itself. */
void gdt_load(struct percpu *cpu);

#endif /* STRATA_ARCH_X86_GDT_H */
