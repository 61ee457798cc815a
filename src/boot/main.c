/* SPDX-License-Identifier: MIT */
/* main.c - L6 start-up: arch bring-up, banner, memory hand-over, CPUs, self-tests, domains. */
#include "arch/arch.h"
#include "arch/x86/boot_info.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/setup.h"
#include "arch/x86/smp.h"
#include "boot/cmdline.h"
#include "boot/domains.h"
#include "boot/memory.h"
#include "boot/selftest.h"
#include "lib/print.h"
#include "mm/page_alloc.h"

#define TEST_NAME_MAX   32

/* Called by entry.S with the loader's registers. */
NORETURN void strata_main(uint32_t magic, uint32_t info);

static void print_allocator_stats(void)
{
    uint64_t free = page_alloc_free_count();

    printk("Page allocator: %lu frames free (%lu MiB), %lu given at boot\n",
           free, free >> (20 - PAGE_SHIFT), boot_memory_frames_given());
}

static void start_cpus(void)
{
    unsigned int online;

    lapic_timer_start();
    irq_enable();
    online = smp_start_aps();
    printk("CPUs: %u online of %u found\n", online, percpu_present());
}

static NORETURN void boot_continue(void *arg)
{
    const struct boot_info *bi = boot_info();
    char test[TEST_NAME_MAX];

    printk("Strata %s - x86_64 microhypervisor\n", STRATA_VERSION);
    printk("Command line: \"%s\"\n", bi->cmdline);
    boot_memory_init(bi);
    boot_memory_print_map(bi);
    print_allocator_stats();
    start_cpus();
    if (cmdline_option(bi->cmdline, "test", test, sizeof(test)))
        selftest_run(test);
    domains_boot(bi);
}

NORETURN void strata_main(uint32_t magic, uint32_t info)
{
    x86_setup(magic, info, boot_continue, NULL);
}
