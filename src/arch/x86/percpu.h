/* SPDX-License-Identifier: MIT */
/* percpu.h - per-CPU data reached through the GS base. */
#ifndef STRATA_ARCH_X86_PERCPU_H
#define STRATA_ARCH_X86_PERCPU_H

#include "lib/compiler.h"
#include "arch/x86/gdt.h"

#define MAX_CPUS    16

/* Stacks of one CPU: the top of each, and the guard page below each. */
struct cpu_stacks {
    uintptr_t main_top, main_guard;
    uintptr_t df_top, df_guard;     /* IST1: double fault */
    uintptr_t nmi_top, nmi_guard;   /* IST2: NMI */
    uintptr_t mc_top, mc_guard;     /* IST3: machine check */
};

/*
 * One per CPU; GS_BASE points at it. self and cpu_id come first at fixed
 * offsets because arch_cpu_id reads them with one gs-relative load.
 * Owned by its CPU except where a field says otherwise.
 */
struct percpu {
    struct percpu *self;            /* offset 0 */
    uint32_t cpu_id;                /* offset 8: 0 .. MAX_CPUS - 1 */
    uint32_t apic_id;
    uint64_t scratch_rsp;           /* offset 16: guest RSP at syscall entry */
    uint64_t stack_top;             /* offset 24: main stack top (TSS.RSP0) */
    volatile bool online;           /* written by the CPU, read by the BSP */
    volatile uint64_t timer_ticks;  /* LAPIC timer interrupts taken */
    /* Exception fixup: vector of the last fault a fixup absorbed, or -1. */
    volatile int fixup_vector;
    struct cpu_stacks stacks;
    struct tss tss;
};

/* Offsets the assembly entry code uses (checked in percpu.c). */
#define PERCPU_SCRATCH_RSP  16
#define PERCPU_STACK_TOP    24

/* Every CPU's slot, indexed by cpu_id (valid for cpu_id < cpu_count). */
struct percpu *percpu_of(unsigned int cpu);

/* This CPU's data. */
struct percpu *this_cpu(void);

/* Fill slot cpu for the CPU with apic_id (BSP: before anything else). */
void percpu_setup(unsigned int cpu, uint32_t apic_id);

/* Point GS_BASE at slot cpu: run on the CPU itself. */
void percpu_load(unsigned int cpu);

/* Count CPUs found by ACPI (the BSP included) and the ones online. */
void percpu_set_present(unsigned int n);
unsigned int percpu_present(void);
void percpu_mark_online(void);

#endif /* STRATA_ARCH_X86_PERCPU_H */
