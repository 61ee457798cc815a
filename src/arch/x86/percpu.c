/* SPDX-License-Identifier: MIT */
/* percpu.c - per-CPU data, arch_cpu_id and arch_nr_cpus. */
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"

static struct percpu cpus[MAX_CPUS];
static unsigned int cpus_present = 1;
static unsigned int cpus_online;   /* atomically incremented */

STATIC_ASSERT(offsetof(struct percpu, cpu_id) == 8, "arch_cpu_id offset");
STATIC_ASSERT(offsetof(struct percpu, scratch_rsp) == PERCPU_SCRATCH_RSP, "entry offset");
STATIC_ASSERT(offsetof(struct percpu, stack_top) == PERCPU_STACK_TOP, "entry offset");

struct percpu *percpu_of(unsigned int cpu)
{
    return &cpus[cpu];
}

struct percpu *this_cpu(void)
{
    struct percpu *p;

    __asm__ volatile("mov %%gs:0, %0" : "=r"(p));
    return p;
}

void percpu_setup(unsigned int cpu, uint32_t apic_id)
{
    cpus[cpu].self = &cpus[cpu];
    cpus[cpu].cpu_id = cpu;
    cpus[cpu].apic_id = apic_id;
    cpus[cpu].fixup_vector = -1;
}

void percpu_load(unsigned int cpu)
{
    wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)&cpus[cpu]);
}

void percpu_set_present(unsigned int n)
{
    cpus_present = n;
}

unsigned int percpu_present(void)
{
    return cpus_present;
}

void percpu_mark_online(void)
{
    this_cpu()->online = true;
    __atomic_fetch_add(&cpus_online, 1, __ATOMIC_SEQ_CST);
}

unsigned int arch_cpu_id(void)
{
    uint32_t id;

    __asm__ volatile("movl %%gs:8, %0" : "=r"(id));
    return id;
}

unsigned int arch_nr_cpus(void)
{
    return __atomic_load_n(&cpus_online, __ATOMIC_SEQ_CST);
}
