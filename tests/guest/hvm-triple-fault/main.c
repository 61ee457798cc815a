/* SPDX-License-Identifier: MIT */
/* hvm-triple-fault: role=fault triple-faults (no IDT, then #UD); role=healthy keeps working. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-triple-fault: one domain triple-faults, the other carries on";

static void fault(void)
{
    printk("hvm-triple-fault: dropping the IDT, then ud2\n");
    hvm64_drop_idt();
    __asm__ volatile("ud2");
    report_fail("still running after a triple fault");
}

/* The healthy domain outlives the other one: it spins a while on
 * exits of its own (CPUID) and checks they still work. */
static void healthy(void)
{
    uint32_t r[4];

    for (unsigned int i = 0; i < 20000; i++) {
        cpuid(0x40000000U, 0, r);
        check_eq(r[1], 0x61727453U, "CPUID signature while the other domain dies");
    }
    report_success();
}

void test_main(void)
{
    char role[16];

    if (!cmdline_get("role", role, sizeof(role)))
        report_error("no role= on the command line");
    if (strcmp(role, "fault") == 0)
        fault();
    healthy();
}
