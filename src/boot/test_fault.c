/* SPDX-License-Identifier: MIT */
/* test_fault.c - deliberate #PF, #UD and #GP are reported and survived. */
#include "boot/selftest.h"
#include "arch/x86/probe.h"
#include "arch/x86/traps.h"
#include "lib/print.h"

/* Slot 258 is never mapped (docs/memory-layout.md). */
#define UNMAPPED_ADDRESS    0xffff810000001000ULL
#define NONCANONICAL        0x8000000000000000ULL

static bool expect(const char *what, int got, int want)
{
    printk("fault test: %s -> vector %d (want %d)\n", what, got, want);
    return got == want;
}

bool test_fault(void)
{
    uint64_t before = trap_fixup_count();
    uint64_t value;
    bool ok = true;

    ok &= expect("read unmapped", probe_read((const void *)UNMAPPED_ADDRESS, &value), VEC_PF);
    ok &= expect("ud2", probe_invalid_opcode(), VEC_UD);
    ok &= expect("bad selector", probe_bad_selector(), VEC_GP);
    ok &= expect("non-canonical read", probe_read((const void *)NONCANONICAL, &value), VEC_GP);
    ok &= trap_fixup_count() == before + 4;
    selftest_report("fault", ok, "#PF (CR2 printed), #UD, #GP x2 reported and survived");
    return ok;
}
