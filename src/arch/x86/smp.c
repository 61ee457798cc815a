/* SPDX-License-Identifier: MIT */
/* smp.c - INIT-SIPI-SIPI through a trampoline below 1 MiB; APs then idle. */
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/guest.h"
#include "arch/x86/idt.h"
#include "arch/x86/lapic.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "arch/x86/trampoline.h"
#include "arch/x86/tsc.h"
#include "lib/print.h"
#include "lib/string.h"

#define AP_WAIT_US      2000000     /* generous: TCG on a loaded host */

extern const char trampoline_start[], trampoline_end[], trampoline_data[];

extern const char ap_entry64[];

/* What idle APs run once the boot code has work for them. */
static void (*ap_work)(unsigned int cpu);

static void trampoline_install(void)
{
    mem_copy(arch_frame_to_virt(TRAMPOLINE_PHYS >> PAGE_SHIFT), trampoline_start,
             (size_t)(trampoline_end - trampoline_start));
}

static struct trampoline_data *trampoline_params(void)
{
    return (struct trampoline_data *)((char *)arch_frame_to_virt(TRAMPOLINE_PHYS >> PAGE_SHIFT) +
                                      (trampoline_data - trampoline_start));
}

static bool wait_online(unsigned int cpu)
{
    uint64_t deadline = arch_now_ns() + AP_WAIT_US * 1000;

    while (!percpu_of(cpu)->online) {
        if (arch_now_ns() > deadline)
            return false;
        cpu_relax();
    }
    return true;
}

static bool start_one(unsigned int cpu)
{
    struct trampoline_data *d = trampoline_params();

    /* boot_l4 lies in the low section, so its address is physical. */
    d->boot_cr3 = SYMBOL_ADDRESS(boot_l4);
    d->final_cr3 = paging_root();
    d->stack = percpu_of(cpu)->stacks.main_top;
    d->entry = (uint64_t)(uintptr_t)ap_entry64;
    d->cpu = cpu;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    lapic_start_ap(percpu_of(cpu)->apic_id, TRAMPOLINE_PHYS >> PAGE_SHIFT);
    return wait_online(cpu);
}

unsigned int smp_start_aps(void)
{
    trampoline_install();
    for (unsigned int cpu = 1; cpu < percpu_present(); cpu++) {
        if (!start_one(cpu))
            printk("CPU %u (APIC id %u) did not come online\n", cpu,
                   percpu_of(cpu)->apic_id);
    }
    return arch_nr_cpus();
}

NORETURN void smp_ap_main(unsigned int cpu)
{
    percpu_load(cpu);
    write_cr4(read_cr4() | CR4_PGE);
    gdt_load(percpu_of(cpu));
    idt_load();
    guest_cpu_init();
    lapic_enable();
    printk("CPU %u (APIC id %u) online\n", cpu, lapic_id());
    lapic_timer_start();
    percpu_mark_online();
    for (;;) {
        void (*work)(unsigned int) = __atomic_load_n(&ap_work, __ATOMIC_ACQUIRE);

        if (work != NULL)
            arch_run_cpu_loop(work);
        cpu_safe_halt();
    }
}

void smp_set_ap_work(void (*fn)(unsigned int cpu))
{
    __atomic_store_n(&ap_work, fn, __ATOMIC_RELEASE);
}
