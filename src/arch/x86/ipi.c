/* SPDX-License-Identifier: MIT */
/* ipi.c - IPIs through the LAPIC, the NMI handler, unlocked logging for handlers. */
#include "arch/x86/ipi.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/serial.h"
#include "lib/format.h"

#include <stdarg.h>

#define LOG_LINE    160
#define RFLAGS_IF   (1UL << 9)
#define FIRST_EXTERNAL_VECTOR 32

static volatile uint64_t nmis[MAX_CPUS];
/* CPU + 1 writing a handler's log line, 0 when none does. */
static volatile unsigned int log_holder;

static bool online(unsigned int cpu)
{
    return cpu < MAX_CPUS && percpu_of(cpu)->online;
}

bool ipi_send(unsigned int cpu, unsigned int vector)
{
    if (!online(cpu) || vector < FIRST_EXTERNAL_VECTOR || vector > 0xff)
        return false;
    lapic_send_ipi(cpu, (uint8_t)vector);
    return true;
}

bool ipi_send_nmi(unsigned int cpu)
{
    if (!online(cpu))
        return false;
    lapic_send_nmi(cpu);
    return true;
}

/* Handlers' lines among themselves are whole: a CPU waits for another's
 * line, except an NMI that interrupted this CPU's own line (it cannot
 * wait for code it interrupted). */
static bool log_acquire(void)
{
    unsigned int me = arch_cpu_id() + 1, free = 0;

    if (__atomic_load_n(&log_holder, __ATOMIC_ACQUIRE) == me)
        return false;
    while (!__atomic_compare_exchange_n(&log_holder, &free, me, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
        free = 0;
        cpu_relax();
    }
    return true;
}

void ipi_log_unlocked(const char *fmt, ...)
{
    char line[LOG_LINE];
    va_list ap;
    size_t n;
    bool held;

    va_start(ap, fmt);
    n = format_string(line, sizeof(line), fmt, ap);
    va_end(ap);
    held = log_acquire();
    serial_write(line, n < sizeof(line) ? n : sizeof(line) - 1);
    if (held)
        __atomic_store_n(&log_holder, 0, __ATOMIC_RELEASE);
}

/* No cause is looked for (no watchdog, no NMI buttons yet): an NMI is
 * reported and the interrupted code resumes. */
void ipi_nmi(const struct cpu_regs *regs)
{
    unsigned int cpu = arch_cpu_id();

    /* NMIs do not nest, so only this handler writes nmis[cpu]; counted
     * after the line, so whoever waits for the count sees the line. */
    if (nmis[cpu] < IPI_LOG_MAX)
        ipi_log_unlocked("CPU %u: NMI at %#lx (%s), resumed\n", cpu, regs->rip,
                         (regs->cs & 3) == 3 ? "guest" : "hypervisor");
    __atomic_store_n(&nmis[cpu], nmis[cpu] + 1, __ATOMIC_RELEASE);
}

uint64_t ipi_nmi_count(unsigned int cpu)
{
    return cpu < MAX_CPUS ? __atomic_load_n(&nmis[cpu], __ATOMIC_RELAXED) : 0;
}

bool arch_irq_save(void)
{
    uint64_t flags;

    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    return (flags & RFLAGS_IF) != 0;
}

void arch_irq_restore(bool enabled)
{
    if (enabled)
        irq_enable();
}
