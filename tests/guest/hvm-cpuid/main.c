/* SPDX-License-Identifier: MIT */
/* hvm-cpuid: the CPUID exit is emulated with Strata's policy and the guest continues after it. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-cpuid: hypervisor signature, hidden features, APIC ID, prefixed CPUID";

#define L1_ECX_HYPERVISOR (1U << 31)
#define L1_ECX_VMX        (1U << 5)
#define L1_ECX_X2APIC     (1U << 21)
#define L1_ECX_XSAVE      (1U << 26)
#define L1_EDX_APIC       (1U << 9)
#define L1_EDX_MTRR       (1U << 12)
#define E1_ECX_SVM        (1U << 2)
#define E1_EDX_LM         (1U << 29)

static void signature(void)
{
    uint32_t r[4];
    char sig[13];

    cpuid(0x40000000U, 0, r);
    memcpy(sig, &r[1], 4);
    memcpy(sig + 4, &r[2], 4);
    memcpy(sig + 8, &r[3], 4);
    sig[12] = '\0';
    check(strcmp(sig, "StrataStrata") == 0, "leaf 0x40000000 signature '%s'", sig);
    check_eq(r[0], 0x40000000U, "leaf 0x40000000 EAX (highest hypervisor leaf)");
}

static void leaf1(void)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    check(r[2] & L1_ECX_HYPERVISOR, "CPUID.1 ECX %#x: no hypervisor bit", r[2]);
    check(!(r[2] & (L1_ECX_VMX | L1_ECX_X2APIC | L1_ECX_XSAVE)),
          "CPUID.1 ECX %#x shows VMX, x2APIC or XSAVE", r[2]);
    check(r[3] & L1_EDX_APIC, "CPUID.1 EDX %#x: no APIC", r[3]);
    check(!(r[3] & L1_EDX_MTRR), "CPUID.1 EDX %#x shows MTRR", r[3]);
    check_eq(r[1] >> 24, 0U, "CPUID.1 EBX initial APIC ID of vCPU 0");
}

static void extended(void)
{
    uint32_t r[4];

    cpuid(0x80000000U, 0, r);
    check(r[0] >= 0x80000001U && r[0] <= 0x80000008U, "max extended leaf %#x", r[0]);
    cpuid(0x80000001U, 0, r);
    check(!(r[2] & E1_ECX_SVM), "CPUID.80000001 ECX %#x shows SVM", r[2]);
    check(r[3] & E1_EDX_LM, "CPUID.80000001 EDX %#x: no long mode", r[3]);
    cpuid(0x8000000aU, 0, r);
    check(r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0, "SVM leaf not empty");
}

/* A CPUID with prefixes (66 and REX.W): Strata decodes its length. */
static void prefixed(void)
{
    uint32_t a = 0x40000000U, b, c = 0, d;

    __asm__ volatile(".byte 0x66, 0x48, 0x0f, 0xa2" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    check_eq(a, 0x40000000U, "prefixed CPUID EAX");
    check_eq(b, 0x61727453U, "prefixed CPUID EBX ('Stra')");
}

void test_main(void)
{
    signature();
    leaf1();
    extended();
    prefixed();
    report_success();
}
