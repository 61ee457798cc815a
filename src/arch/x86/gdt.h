/* SPDX-License-Identifier: MIT */
/* gdt.h - per-CPU GDT and TSS (IST stacks for #DF, NMI, #MC). */
#ifndef STRATA_ARCH_X86_GDT_H
#define STRATA_ARCH_X86_GDT_H

#include "lib/compiler.h"

/*
 * Xen's selector numbering, which PV guests hard-code: the hypervisor's
 * descriptors sit at 0xe000 and above (the 14 pages below are the
 * guest's own GDT, with set_gdt), and SYSCALL/SYSRET's fixed offsets
 * from the STAR MSR fit them: syscall loads 0xe008/0xe010, a return to
 * 64-bit ring 3 uses 0xe033/0xe02b.
 */
#define SEL_CODE        0xe008  /* hypervisor 64-bit code */
#define SEL_DATA        0xe010  /* hypervisor data */
#define SEL_GUEST_CS32  0xe020  /* ring 3, 32-bit code (STAR sysret base) */
#define SEL_GUEST_DS    0xe028  /* ring 3 data */
#define SEL_GUEST_CS64  0xe030  /* ring 3, 64-bit code */
#define SEL_TSS         0xe040  /* two slots */
#define GDT_ENTRIES     (SEL_TSS / 8 + 2)

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

/* Map cpu's GDT window (boot, before paging_activate, with the early
 * allocator): guest pages read as not-present descriptors until a PV
 * vCPU's frames are mapped there (arch_load_guest_gdt). */
void gdt_alloc(unsigned int cpu);

/* Build cpu's GDT and TSS from its stacks, load them (GDTR, segment
 * registers, TR). Runs on the CPU itself. */
void gdt_load(struct percpu *cpu);

#endif /* STRATA_ARCH_X86_GDT_H */
