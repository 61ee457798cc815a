/* SPDX-License-Identifier: MIT */
/* shutdown-reasons: the reason a domain gives is the one Strata reports (run.py checks it). */
#include "guest.h"

const char test_title[] = "shutdown-reasons: reboot, soft_reset, a crash with no trap table";

/* domid=1 reboots, 2 soft-resets, 3 faults with no trap table (Strata
 * must crash it and print no verdict line for it). reason=<n> overrides. */
void test_main(void)
{
    int id = cmdline_domid();
    uint64_t reason = cmdline_uint("reason", id == 1 ? SHUTDOWN_reboot : SHUTDOWN_soft_reset);

    require(id >= 0, "no domid= on the command line");
    if (id == 3) {
        printk("dropping the trap table, then ud2\n");
        require(traps_uninstall() == 0, "set_trap_table(NULL)");
        __asm__ volatile("ud2");
        report_fail("ud2 with no trap table returned");
    }
    printk("shutting down with reason %lu\n", reason);
    report_shutdown((unsigned int)reason);
}
