/* SPDX-License-Identifier: MIT */
/* triple-fault: guests faulting in their own fault delivery are crashed alone. */
#include "guest.h"

const char test_title[] = "triple-fault: a guest that faults delivering its own faults is crashed alone";

#define UNMAPPED_STACK   0x2000UL
#define UNMAPPED_HANDLER 0x3000UL

/* ud2 with RSP in unmapped memory: the exception frame cannot be
 * written, so there is nothing to deliver to. */
static NORETURN void fault_without_stack(void)
{
    printk("ud2 with rsp %#lx (unmapped)\n", UNMAPPED_STACK);
    __asm__ volatile("mov %0, %%rsp\n\tud2" :: "r"(UNMAPPED_STACK) : "memory");
    for (;;)
        ;
}

/* Every vector's handler at an unmapped address: fetching the handler
 * faults, which goes to the same handler, until the stack runs out. */
static NORETURN void fault_in_every_handler(void)
{
    static struct trap_info table[33];

    for (unsigned int v = 0; v < 32; v++)
        table[v] = (struct trap_info){ .vector = (uint8_t)v, .flags = 0, .cs = FLAT_KERNEL_CS,
                                       .address = UNMAPPED_HANDLER };
    table[32] = (struct trap_info){ 0 };
    require(hypercall_set_trap_table(table) == 0, "set_trap_table");
    printk("every handler at %#lx (unmapped), then ud2\n", UNMAPPED_HANDLER);
    __asm__ volatile("ud2" ::: "memory");
    for (;;)
        ;
}

void test_main(void)
{
    int id = cmdline_domid();

    if (id == 3)
        bystander_run(cmdline_uint("run_ms", 1000));
    require(id == 1 || id == 2, "domid=%d: want 1, 2 (crash) or 3 (bystander)", id);
    /* Let the bystander get going first. */
    (void)events_wait(timer_port, env_time_ns() + 100 * NS_PER_MS);
    if (id == 1)
        fault_without_stack();
    fault_in_every_handler();
}
