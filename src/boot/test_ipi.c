/* SPDX-License-Identifier: MIT */
/* test_ipi.c - test=ipi: IPIs between every pair of CPUs, NMIs, wake-ups, a spurious vector. */
#include "boot/selftest.h"
#include "arch/x86/cpu.h"
#include "arch/x86/exit_code.h"
#include "arch/x86/ipi.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/vector.h"
#include "lib/format.h"
#include "lib/print.h"
#include "lib/string.h"

/*
 * Each CPU gets its own dynamically allocated vector; every CPU sends
 * ROUNDS IPIs on its vector to every CPU (itself included), one at a
 * time: it waits for each to arrive before sending the next, because
 * two fixed IPIs of one vector pending at once merge into one. The
 * receiver counts got[source][destination]; a sender waits up to WAIT_NS
 * and then stops sending to that CPU (a second IPI would merge with the
 * late one and hide it). Then CPU 0 sends each CPU
 * an NMI, a wake-up (arch_kick_cpu) and a fixed IPI on the spurious
 * vector (which must be acknowledged, or it blocks every lower vector:
 * one more round of IPIs shows it was).
 */
#define ROUNDS      20
#define WAIT_NS     5000000000ULL   /* a loaded host may not run a vCPU for long */
#define OWNER       "test-ipi"

static unsigned int nr_cpus;
static unsigned int vector_of[MAX_CPUS];
static unsigned int source_of[256];
static volatile uint64_t got[MAX_CPUS][MAX_CPUS];
static volatile unsigned int barrier_count;
static volatile unsigned int lost;

static void on_ipi(struct cpu_regs *regs)
{
    unsigned int src = source_of[regs->vector & 0xff];

    __atomic_add_fetch(&got[src][arch_cpu_id()], 1, __ATOMIC_RELAXED);
    lapic_eoi();
}

/* Wait (interrupts on) until *counter exceeds before; false on timeout. */
static bool wait_above(volatile uint64_t *counter, uint64_t before)
{
    uint64_t deadline = arch_now_ns() + WAIT_NS;

    while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) <= before) {
        if (arch_now_ns() > deadline)
            return false;
        cpu_relax();
    }
    return true;
}

static void barrier(unsigned int phase)
{
    __atomic_add_fetch(&barrier_count, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&barrier_count, __ATOMIC_ACQUIRE) < phase * nr_cpus)
        cpu_relax();
}

/* One pass of this CPU's IPIs to every CPU; returns how many were lost. */
static unsigned int send_round(unsigned int cpu, unsigned int rounds)
{
    unsigned int missing = 0;

    for (unsigned int dst = 0; dst < nr_cpus; dst++) {
        for (unsigned int r = 0; r < rounds; r++) {
            uint64_t before = got[cpu][dst];

            if (!ipi_send(dst, vector_of[cpu]) || !wait_above(&got[cpu][dst], before)) {
                missing += rounds - r;
                break;
            }
        }
    }
    return missing;
}

static bool check_matrix(uint64_t want)
{
    bool ok = true;

    for (unsigned int src = 0; src < nr_cpus; src++) {
        char line[128];
        size_t n = format(line, sizeof(line), "  from CPU %u (vector %#x):", src,
                          vector_of[src]);

        for (unsigned int dst = 0; dst < nr_cpus; dst++) {
            n += format(line + n, sizeof(line) - n, " %lu", got[src][dst]);
            ok = ok && got[src][dst] == want;
        }
        printk("%s\n", line);
    }
    return ok;
}

/* Wait until read(cpu) exceeds before; false on timeout. */
static bool wait_counter(uint64_t (*read)(unsigned int cpu), unsigned int cpu,
                         uint64_t before)
{
    uint64_t deadline = arch_now_ns() + WAIT_NS;

    while (read(cpu) <= before) {
        if (arch_now_ns() > deadline)
            return false;
        cpu_relax();
    }
    return true;
}

/* CPU 0 sends each CPU an NMI, a wake-up and a fixed IPI on the spurious
 * vector, and waits for each to be counted there. */
static bool poke_all(void)
{
    unsigned int nmis = 0, kicks = 0, spurious = 0;
    char detail[96];

    for (unsigned int c = 0; c < nr_cpus; c++) {
        uint64_t before = ipi_nmi_count(c);

        nmis += ipi_send_nmi(c) && wait_counter(ipi_nmi_count, c, before);
        before = lapic_kicks(c);
        arch_kick_cpu(c);
        /* The calling CPU gets no wake-up IPI: it is awake. */
        kicks += c == 0 || wait_counter(lapic_kicks, c, before);
        before = lapic_spurious_count(c);
        spurious += ipi_send(c, VEC_SPURIOUS) && wait_counter(lapic_spurious_count, c, before);
    }
    format(detail, sizeof(detail), "%u/%u NMIs, %u/%u wake-ups, %u/%u spurious-vector IPIs",
           nmis, nr_cpus, kicks, nr_cpus, spurious, nr_cpus);
    printk("ipi: %s taken and resumed\n", detail);
    return nmis == nr_cpus && kicks == nr_cpus && spurious == nr_cpus;
}

/* The allocator's refusals: freeing another owner's vector or a free one,
 * claiming a system vector or an exception's. */
static bool check_ownership(void)
{
    bool ok = vector_free(vector_of[0], "someone-else") == STATUS_EPERM &&
              vector_claim(VEC_TIMER, OWNER, on_ipi) == STATUS_EBUSY &&
              vector_claim(14, OWNER, on_ipi) == STATUS_EINVAL &&
              vector_free(VEC_DYNAMIC_LAST, OWNER) == STATUS_EINVAL &&
              str_compare(vector_owner(VEC_KICK), "lapic-kick") == 0 &&
              str_compare(vector_owner(vector_of[0]), OWNER) == 0;

    printk("ipi: vector ownership: %s (%u vectors claimed)\n", ok ? "refusals as expected"
                                                                : "WRONG", vector_count());
    return ok;
}

static NORETURN void finish(bool poked)
{
    bool ok = check_matrix(ROUNDS + 1) && lost == 0 && poked;
    char detail[96];

    ok = check_ownership() && ok;
    format(detail, sizeof(detail), "%u CPUs, %u IPIs per pair arrived, %u lost",
           nr_cpus, ROUNDS + 1, lost);
    selftest_report("ipi", ok, detail);
    arch_shutdown(ok ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

/* Every CPU: ROUNDS IPIs to each CPU; CPU 0 pokes each CPU (NMI, wake-up,
 * spurious vector); then one more IPI per pair, which a spurious-vector
 * IPI left in service would block. */
static void worker(unsigned int cpu)
{
    bool poked = false;

    irq_enable();
    barrier(1);
    __atomic_add_fetch(&lost, send_round(cpu, ROUNDS), __ATOMIC_RELAXED);
    barrier(2);
    if (cpu == 0)
        poked = poke_all();
    barrier(3);
    __atomic_add_fetch(&lost, send_round(cpu, 1), __ATOMIC_RELAXED);
    barrier(4);
    if (cpu == 0)
        finish(poked);
    for (;;)
        cpu_safe_halt();
}

NORETURN void test_ipi(void)
{
    nr_cpus = arch_nr_cpus();
    for (unsigned int c = 0; c < nr_cpus; c++) {
        if (vector_alloc(OWNER, on_ipi, &vector_of[c]) != STATUS_OK) {
            selftest_report("ipi", false, "cannot allocate a vector");
            arch_shutdown(EXIT_CODE_FAIL);
        }
        source_of[vector_of[c]] = c;
    }
    printk("ipi: %u CPUs, vectors %#x-%#x, %u rounds per pair\n", nr_cpus, vector_of[0],
           vector_of[nr_cpus - 1], ROUNDS);
    arch_start_cpu_loops(worker);
}
