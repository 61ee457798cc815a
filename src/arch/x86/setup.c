/* SPDX-License-Identifier: MIT */
/* setup.c - the boot CPU's bring-up order, from entry.S to a guarded stack. */
#include "arch/x86/setup.h"
#include "arch/x86/acpi.h"
#include "arch/x86/boot_info.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/early_alloc.h"
#include "arch/x86/gdt.h"
#include "arch/x86/guest.h"
#include "arch/x86/idt.h"
#include "arch/x86/lapic.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic.h"
#include "arch/x86/shutdown.h"
#include "arch/x86/stack.h"
#include "arch/x86/tsc.h"
#include "lib/print.h"

static struct boot_info the_boot_info;

const struct boot_info *boot_info(void)
{
    return &the_boot_info;
}

static uint32_t bsp_apic_id(void)
{
    uint32_t a, b, c, d;

    cpuid(1, &a, &b, &c, &d);
    return b >> 24;
}

/* Give every CPU the MADT lists a slot, the BSP first as CPU 0. */
static void cpus_discover(void)
{
    uint32_t ids[MAX_CPUS];
    unsigned int n = acpi_find_cpus(ids, MAX_CPUS);
    unsigned int next = 1;
    uint32_t bsp = bsp_apic_id();

    for (unsigned int i = 0; i < n; i++)
        if (ids[i] != bsp)
            percpu_setup(next++, ids[i]);
    percpu_set_present(next);
    if (n == 0)
        printk("ACPI: no MADT; running on the boot CPU only\n");
}

NORETURN void x86_setup(uint32_t magic, paddr_t info, void (*next)(void *), void *arg)
{
    percpu_setup(0, bsp_apic_id());
    percpu_load(0);
    console_init();
    shutdown_init();
    pic_disable();
    idt_init();
    idt_load();
    multiboot_parse(magic, info, &the_boot_info);
    cpus_discover();
    early_alloc_init(&the_boot_info);
    paging_build(&the_boot_info);
    for (unsigned int cpu = 0; cpu < percpu_present(); cpu++) {
        stack_alloc(cpu);
        gdt_alloc(cpu);
    }
    paging_activate();
    gdt_load(this_cpu());
    guest_cpu_init();
    lapic_enable();
    tsc_calibrate();
    lapic_timer_calibrate();
    percpu_mark_online();
    stack_switch(this_cpu()->stacks.main_top, next, arg);
}
