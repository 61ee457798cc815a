/* SPDX-License-Identifier: MIT */
/* test_pv.c - test=pv: run a hand-built PV guest through the real entry paths. */
#include "boot/selftest.h"
#include "boot/test_guests.h"
#include "arch/x86/exit_code.h"
#include "lib/print.h"

/* The guest (test_pv_guest.S) checks a console_io hypercall, an int3
 * bounce and HYPERVISOR_iret, emulated GS_BASE MSRs and the forced CPUID,
 * then shuts down with poweroff (or crash on a mismatch). */
extern const char pv_guest_blob[], pv_guest_blob_end[];

static void on_end(bool all_poweroff)
{
    printk("test=pv: the guest ended (%s)\n", all_poweroff ? "poweroff" : "not poweroff");
    arch_shutdown(all_poweroff ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

NORETURN void test_pv(void)
{
    struct guest_params params = { .name = "pv-smoke", .console_mfn = INVALID_MFN };

    test_guests_init("credit", on_end);
    (void)test_guest_start(1, pv_guest_blob, (size_t)(pv_guest_blob_end - pv_guest_blob),
                           &params);
    guests_run();
}
