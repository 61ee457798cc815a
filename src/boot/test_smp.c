/* SPDX-License-Identifier: MIT */
/* test_smp.c - every CPU the MADT lists is online and its timer ticks. */
#include "boot/selftest.h"
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "lib/format.h"
#include "lib/print.h"

#define TICK_WAIT_NS    300000000ULL    /* 300 ms: 30 ticks at 100 Hz */

bool test_smp(void)
{
    unsigned int present = percpu_present(), online = arch_nr_cpus();
    uint64_t before[MAX_CPUS];
    uint64_t end = arch_now_ns() + TICK_WAIT_NS;
    bool ok = online == present;
    char detail[96];

    for (unsigned int cpu = 0; cpu < present; cpu++)
        before[cpu] = percpu_of(cpu)->timer_ticks;
    while (arch_now_ns() < end)
        cpu_safe_halt();
    for (unsigned int cpu = 0; cpu < present; cpu++) {
        uint64_t ticks = percpu_of(cpu)->timer_ticks - before[cpu];

        printk("smp test: CPU %u (APIC id %u) %s, %lu timer ticks in 300 ms\n", cpu,
               percpu_of(cpu)->apic_id, percpu_of(cpu)->online ? "online" : "OFFLINE", ticks);
        ok &= ticks > 0;
    }
    format(detail, sizeof(detail), "%u of %u CPUs online, all ticking", online, present);
    selftest_report("smp", ok, detail);
    return ok;
}
