/* SPDX-License-Identifier: MIT */
/* hvm64.h - what hvm64 tests use beyond the shared library: ports, MMIO, MSRs, the local APIC, interrupts. */
#ifndef GUEST_ENV_HVM64_HVM64_H
#define GUEST_ENV_HVM64_HVM64_H

#include "libc.h"
#include "exceptions.h"

#define HVM64_DEBUG_PORT   0xe9
#define LAPIC_BASE         0xfee00000UL
#define LAPIC_ID           0x20
#define LAPIC_VERSION      0x30
#define LAPIC_EOI          0xb0
#define LAPIC_SVR          0xf0
#define LAPIC_LVT_TIMER    0x320
#define LAPIC_TIMER_INIT   0x380
#define LAPIC_TIMER_CUR    0x390
#define LAPIC_TIMER_DIV    0x3e0
#define LAPIC_SVR_ENABLE   0x100

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t mmio_read32(uint64_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static inline uint32_t lapic_read(unsigned int reg)
{
    return mmio_read32(LAPIC_BASE + reg);
}

static inline void lapic_write(unsigned int reg, uint32_t v)
{
    mmio_write32(LAPIC_BASE + reg, v);
}

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(subleaf));
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void irq_enable(void)
{
    __asm__ volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
    __asm__ volatile("cli" : : : "memory");
}

/* sti; hlt: sleep until an interrupt, which runs before this returns. */
static inline void safe_halt(void)
{
    __asm__ volatile("sti; hlt" : : : "memory");
}

/* Handler of an external interrupt vector (32..255), NULL: unexpected. */
typedef void (*irq_handler_fn)(unsigned int vector);
void hvm64_set_irq_handler(unsigned int vector, irq_handler_fn fn);

/* Write bytes straight to the debug port (no hypercall). */
void hvm64_debug_write(const char *s, size_t n);

/* Drop the IDT (limit 0): the next exception triple-faults. */
void hvm64_drop_idt(void);

#endif /* GUEST_ENV_HVM64_HVM64_H */
