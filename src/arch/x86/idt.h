/* SPDX-License-Identifier: MIT */
/* idt.h - the interrupt descriptor table, shared by all CPUs. */
#ifndef STRATA_ARCH_X86_IDT_H
#define STRATA_ARCH_X86_IDT_H

/* Fill the IDT (BSP, once): every vector goes to its stub in
 * trap_entry.S; #DF, NMI and #MC switch to their IST stacks. */
void idt_init(void);

/* Load the IDT on this CPU. */
void idt_load(void);

#endif /* STRATA_ARCH_X86_IDT_H */
