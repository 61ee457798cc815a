/* SPDX-License-Identifier: MIT */
/* test_wx.c - no hypervisor mapping is both writable and executable. */
#include "boot/selftest.h"
#include "arch/arch.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "lib/format.h"
#include "lib/print.h"

static const char rodata_probe[] = "read-only";
static int data_probe = 1;

/* flags must contain set and none of clear. */
static bool region(const char *what, const void *va, uint64_t set, uint64_t clear)
{
    uint64_t f = paging_lookup((uintptr_t)va);
    bool ok = (f & set) == set && (f & clear) == 0;

    printk("wx test: %-12s %p present=%d W=%d NX=%d %s\n", what, va, !!(f & PTE_P),
           !!(f & PTE_W), !!(f & PTE_NX), ok ? "ok" : "WRONG");
    return ok;
}

bool test_wx(void)
{
    uint64_t leaves, violations;
    const struct cpu_stacks *s = &this_cpu()->stacks;
    bool ok = true;
    char detail[96];

    paging_check_wx(&leaves, &violations);
    ok &= region("text", (const void *)test_wx, PTE_P, PTE_W | PTE_NX);
    ok &= region("rodata", rodata_probe, PTE_P | PTE_NX, PTE_W);
    ok &= region("data", &data_probe, PTE_P | PTE_W | PTE_NX, 0);
    ok &= region("direct map", arch_frame_to_virt(0x100), PTE_P | PTE_W | PTE_NX, 0);
    ok &= region("stack", (const void *)(s->main_top - 8), PTE_P | PTE_W | PTE_NX, 0);
    ok &= region("stack guard", (const void *)s->main_guard, 0, PTE_P);
    ok &= region("#DF guard", (const void *)s->df_guard, 0, PTE_P);
    ok &= violations == 0 && leaves > 0;
    format(detail, sizeof(detail), "%lu leaf mappings walked, %lu writable+executable",
           leaves, violations);
    selftest_report("wx", ok, detail);
    return ok;
}
