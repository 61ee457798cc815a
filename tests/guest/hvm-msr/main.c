/* SPDX-License-Identifier: MIT */
/* hvm-msr: intercepted MSRs are emulated, unknown ones fault, pass-through ones survive exits. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-msr: EFER, APIC base, MTRR, #GP cases, STAR/LSTAR/KERNEL_GS across exits";

#define MSR_APIC_BASE   0x1bU
#define MSR_MTRR_CAP    0xfeU
#define MSR_EFER        0xc0000080U
#define MSR_STAR        0xc0000081U
#define MSR_LSTAR       0xc0000082U
#define MSR_KERNEL_GS   0xc0000102U
#define EFER_LME        (1ULL << 8)
#define EFER_LMA        (1ULL << 10)
#define EFER_SVME       (1ULL << 12)

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* RDMSR/WRMSR that may fault: true if it raised #GP (at the instruction). */
static bool rdmsr_faults(uint32_t msr)
{
    uint32_t lo = 0, hi = 0;

    exception_clear();
    __asm__ volatile("1: rdmsr\n2:\n\t" EXTABLE_ENTRY("1b", "2b")
                     : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    return last_exception.vector == X86_GP && last_exception.error == 0;
}

static bool wrmsr_faults(uint32_t msr, uint64_t v)
{
    exception_clear();
    __asm__ volatile("1: wrmsr\n2:\n\t" EXTABLE_ENTRY("1b", "2b")
                     : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
    return last_exception.vector == X86_GP && last_exception.error == 0;
}

static void efer(void)
{
    uint64_t e = rdmsr(MSR_EFER);

    check((e & (EFER_LME | EFER_LMA)) == (EFER_LME | EFER_LMA), "EFER %#lx: not long mode", e);
    check(!(e & EFER_SVME), "EFER %#lx shows SVME", e);
    check(wrmsr_faults(MSR_EFER, e | EFER_SVME), "setting EFER.SVME did not #GP");
    check(wrmsr_faults(MSR_EFER, e | (1ULL << 20)), "a reserved EFER bit did not #GP");
    check_eq(rdmsr(MSR_EFER), e, "EFER after the refused writes");
    wrmsr(MSR_EFER, e);                     /* the same value: accepted */
    check_eq(rdmsr(MSR_EFER), e, "EFER after writing it back");
}

static void platform_and_zero(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    check_eq(base & ~0xfffULL, (uint64_t)LAPIC_BASE, "APIC base address");
    check(base & (1U << 11), "APIC base %#lx: not enabled", base);
    check(base & (1U << 8), "APIC base %#lx: vCPU 0 not the BSP", base);
    check_eq(rdmsr(MSR_MTRR_CAP), 0ULL, "MTRRcap (MTRRs hidden)");
    check(rdmsr_faults(0xc0011020U), "an unknown AMD MSR did not #GP");
    check(rdmsr_faults(0x3aU), "IA32_FEATURE_CONTROL did not #GP");
    check(wrmsr_faults(0x8bU + 0x100U, 1), "an unknown MSR write did not #GP");
}

/* These live in the VMCB (VMLOAD/VMSAVE): written by the guest without
 * an exit, they must survive the exits that follow. */
static void passthrough(void)
{
    uint32_t r[4];

    wrmsr(MSR_STAR, 0x0023001000000000ULL);
    wrmsr(MSR_LSTAR, 0xffffffff81234560ULL);
    wrmsr(MSR_KERNEL_GS, 0x123456789000ULL);
    for (int i = 0; i < 10; i++)
        cpuid(0, 0, r);
    (void)inb(0x2f0);
    check_eq(rdmsr(MSR_STAR), 0x0023001000000000ULL, "STAR across exits");
    check_eq(rdmsr(MSR_LSTAR), 0xffffffff81234560ULL, "LSTAR across exits");
    check_eq(rdmsr(MSR_KERNEL_GS), 0x123456789000ULL, "KERNEL_GS_BASE across exits");
    wrmsr(MSR_KERNEL_GS, 0);
}

void test_main(void)
{
    efer();
    platform_and_zero();
    passthrough();
    report_success();
}
