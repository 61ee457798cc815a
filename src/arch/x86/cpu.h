/* SPDX-License-Identifier: MIT */
/* cpu.h - thin wrappers around single x86 instructions (ports, MSRs, CRs). */
#ifndef STRATA_ARCH_X86_CPU_H
#define STRATA_ARCH_X86_CPU_H

#include "lib/compiler.h"

#define MSR_EFER            0xC0000080U
#define MSR_GS_BASE         0xC0000101U
#define MSR_APIC_BASE       0x0000001BU

#define CR4_PGE             (1UL << 7)

/* Absolute address of a link-time symbol. The image is position-
 * independent code, so a plain reference is RIP-relative and cannot reach
 * symbols of the low entry section or absolute linker values (over 2 GiB
 * away from the high image); movabs can. */
#define SYMBOL_ADDRESS(sym) ({                                      \
    uintptr_t sym_addr_;                                            \
    __asm__("movabs $" #sym ", %0" : "=r"(sym_addr_));              \
    sym_addr_; })

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b,
                         uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "a"(leaf), "c"(0));
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr3(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static inline void write_cr3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline void write_cr4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void invlpg(const void *va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void cpu_relax(void)
{
    __asm__ volatile("pause" : : : "memory");
}

static inline void irq_enable(void)
{
    __asm__ volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
    __asm__ volatile("cli" : : : "memory");
}

/* Enable interrupts and halt atomically (sti's one-instruction shadow),
 * so a wake-up interrupt cannot slip in between. */
static inline void cpu_safe_halt(void)
{
    __asm__ volatile("sti; hlt" : : : "memory");
}

#endif /* STRATA_ARCH_X86_CPU_H */
