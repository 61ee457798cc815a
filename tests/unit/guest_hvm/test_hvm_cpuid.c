/* SPDX-License-Identifier: MIT */
/* test_hvm_cpuid.c - the CPUID policy: what passes, what is hidden, what Strata adds. */
#include "guest/hvm/hvm_cpuid.h"
#include "unit.h"

#include <string.h>

static const uint32_t all_ones[4] = { 0xffffffffU, 0xffffffffU, 0xffffffffU, 0xffffffffU };

static void policy(uint32_t leaf, uint32_t sub, uint32_t vcpu, uint32_t out[4])
{
    hvm_cpuid_policy(leaf, sub, vcpu, 0x16, 0x80000021U, all_ones, out);
}

UNIT_TEST(signature_leaf_names_strata)
{
    uint32_t r[4];
    char sig[13] = { 0 };

    policy(0x40000000U, 0, 0, r);
    CHECK_EQ(r[0], 0x40000000U);
    memcpy(sig, &r[1], 12);
    CHECK(strcmp(sig, "StrataStrata") == 0);
    /* no other hypervisor leaf, no Xen leaves */
    policy(0x40000001U, 0, 0, r);
    CHECK(r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0);
    policy(0x40000100U, 0, 0, r);
    CHECK_EQ(r[1], 0U);
}

UNIT_TEST(leaf_1_hides_and_adds)
{
    uint32_t r[4];

    policy(1, 0, 3, r);
    CHECK_EQ(r[0], 0xffffffffU);
    CHECK_EQ(r[1] >> 24, 3U);                  /* APIC ID = vCPU ID */
    CHECK_EQ((r[1] >> 16) & 0xff, 1U);          /* one logical CPU */
    CHECK_EQ(r[1] & 0xffff, 0xffffU);           /* brand, CLFLUSH size pass */
    CHECK(r[2] & (1U << 31));                   /* hypervisor */
    CHECK(!(r[2] & (1U << 5)));                 /* VMX */
    CHECK(!(r[2] & (1U << 3)));                 /* MONITOR */
    CHECK(!(r[2] & (1U << 21)));                /* x2APIC */
    CHECK(!(r[2] & (1U << 24)));                /* TSC deadline */
    CHECK(!(r[2] & (1U << 26)) && !(r[2] & (1U << 27)) && !(r[2] & (1U << 28)));
    CHECK(r[2] & (1U << 0) && r[2] & (1U << 23));   /* SSE3, POPCNT pass */
    CHECK(r[3] & (1U << 9));                    /* APIC */
    CHECK(!(r[3] & (1U << 12)) && !(r[3] & (1U << 14)) && !(r[3] & (1U << 7)));
    CHECK(!(r[3] & (1U << 28)));                /* HTT */
}

UNIT_TEST(basic_leaves_are_clamped_and_filtered)
{
    uint32_t r[4];

    policy(0, 0, 0, r);
    CHECK_EQ(r[0], HVM_CPUID_MAX_BASIC);
    CHECK_EQ(r[1], 0xffffffffU);                /* vendor passes */
    hvm_cpuid_policy(0, 0, 0, 7, 0x80000008U, all_ones, r);
    CHECK_EQ(r[0], 7U);                         /* a smaller machine stays smaller */
    policy(2, 0, 0, r);
    CHECK_EQ(r[3], 0xffffffffU);
    policy(7, 0, 0, r);
    CHECK_EQ(r[0], 0U);
    CHECK_EQ(r[1], 0x00980389U);
    CHECK(r[2] == 0 && r[3] == 0);
    policy(7, 1, 0, r);
    CHECK_EQ(r[1], 0U);
    for (uint32_t leaf = 3; leaf <= HVM_CPUID_MAX_BASIC; leaf++) {
        if (leaf == 7)
            continue;
        policy(leaf, 0, 0, r);
        CHECK(r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0);
    }
    policy(HVM_CPUID_MAX_BASIC + 1, 0, 0, r);
    CHECK(r[0] == 0 && r[1] == 0);
}

UNIT_TEST(extended_leaves_are_clamped_and_filtered)
{
    uint32_t r[4];

    policy(0x80000000U, 0, 0, r);
    CHECK_EQ(r[0], HVM_CPUID_MAX_EXT);
    hvm_cpuid_policy(0x80000000U, 0, 0, 0xd, 0x80000004U, all_ones, r);
    CHECK_EQ(r[0], 0x80000004U);
    policy(0x80000001U, 0, 0, r);
    CHECK_EQ(r[2], 0x000001e1U);                /* no SVM, SKINIT, ... */
    CHECK(!(r[3] & (1U << 27)));                /* RDTSCP */
    CHECK(r[3] & (1U << 29) && r[3] & (1U << 20) && r[3] & (1U << 11));
    for (uint32_t leaf = 0x80000002U; leaf <= 0x80000006U; leaf++) {
        policy(leaf, 0, 0, r);
        CHECK_EQ(r[0], 0xffffffffU);
    }
    policy(0x80000007U, 0, 0, r);
    CHECK_EQ(r[3], 0U);
    policy(0x80000008U, 0, 0, r);
    CHECK_EQ(r[0], 0xffffffffU);
    CHECK_EQ(r[2], 0U);
    policy(0x8000000aU, 0, 0, r);
    CHECK(r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0);
    hvm_cpuid_policy(0x80000008U, 0, 0, 0xd, 0x80000004U, all_ones, r);
    CHECK_EQ(r[0], 0U);                         /* beyond the machine's */
}

UNIT_TEST(machine_values_come_from_arch_cpuid)
{
    uint32_t r[4];

    /* The host shim's CPUID: EAX = leaf, EBX = subleaf, ECX = EDX = ~0,
     * so its highest basic leaf is 0 and its highest extended one
     * 0x80000000: leaf 1 is beyond the machine and reads as zero. */
    hvm_cpuid(0, 0, 2, r);
    CHECK_EQ(r[0], 0U);
    CHECK_EQ(r[2], 0xffffffffU);
    hvm_cpuid(1, 0, 2, r);
    CHECK(r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0);
    hvm_cpuid(0x80000000U, 0, 0, r);
    CHECK_EQ(r[0], 0x80000000U);
    hvm_cpuid(0x40000000U, 0, 0, r);
    CHECK_EQ(r[0], 0x40000000U);
}
