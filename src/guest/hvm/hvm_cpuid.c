/* SPDX-License-Identifier: MIT */
/* hvm_cpuid.c - the CPUID policy of HVM guests. */
#include "guest/hvm/hvm_cpuid.h"
#include "arch/arch.h"
#include "lib/string.h"

enum { EAX, EBX, ECX, EDX };

/* Leaf 1 ECX: SSE3 PCLMUL SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES RDRAND. */
#define L1_ECX_KEEP   0x42d82203U
#define L1_ECX_HYPERVISOR (1U << 31)
/* Leaf 1 EDX: all but MCE MTRR MCA PSN DS ACPI SS HTT TM PBE (and reserved). */
#define L1_EDX_KEEP   0x078bab7fU
/* Leaf 7.0 EBX: FSGSBASE BMI1 SMEP BMI2 ERMS ADX SMAP CLFLUSHOPT. */
#define L7_EBX_KEEP   0x00980389U
/* 0x80000001 ECX: LAHF/SAHF ABM SSE4A MisAlignSSE 3DNowPrefetch. */
#define E1_ECX_KEEP   0x000001e1U
/* 0x80000001 EDX: as leaf 1 for the shared bits, plus SYSCALL NX MmxExt
 * FFXSR 1 GiB pages LM 3DNow; RDTSCP (27) dropped. */
#define E1_EDX_KEEP   0xe7dbab7fU
#define L1_EBX_LOW    0x0000ffffU   /* brand index, CLFLUSH line size */
#define L1_EBX_ONE_LOGICAL (1U << 16)
#define L1_EBX_APIC_SHIFT 24

static const char signature[12] = { 'S', 't', 'r', 'a', 't', 'a',
                                    'S', 't', 'r', 'a', 't', 'a' };

static void basic_leaf(uint32_t leaf, uint32_t subleaf, uint32_t vcpu_id,
                       uint32_t host_max_basic, const uint32_t host[4], uint32_t out[4])
{
    switch (leaf) {
    case 0:
        mem_copy(out, host, 4 * sizeof(uint32_t));
        out[EAX] = host_max_basic < HVM_CPUID_MAX_BASIC ? host_max_basic : HVM_CPUID_MAX_BASIC;
        break;
    case 1:
        out[EAX] = host[EAX];
        out[EBX] = (host[EBX] & L1_EBX_LOW) | L1_EBX_ONE_LOGICAL | (vcpu_id << L1_EBX_APIC_SHIFT);
        out[ECX] = (host[ECX] & L1_ECX_KEEP) | L1_ECX_HYPERVISOR;
        out[EDX] = host[EDX] & L1_EDX_KEEP;
        break;
    case 2:
        mem_copy(out, host, 4 * sizeof(uint32_t));
        break;
    case 7:
        if (subleaf == 0)
            out[EBX] = host[EBX] & L7_EBX_KEEP;
        break;
    default:
        break;   /* caches, power, topology, perfmon, XSAVE: nothing */
    }
}

static void ext_leaf(uint32_t leaf, uint32_t host_max_ext, const uint32_t host[4], uint32_t out[4])
{
    switch (leaf) {
    case 0x80000000U:
        mem_copy(out, host, 4 * sizeof(uint32_t));
        out[EAX] = host_max_ext < HVM_CPUID_MAX_EXT ? host_max_ext : HVM_CPUID_MAX_EXT;
        break;
    case 0x80000001U:
        out[EAX] = host[EAX];
        out[ECX] = host[ECX] & E1_ECX_KEEP;
        out[EDX] = host[EDX] & E1_EDX_KEEP;
        break;
    case 0x80000002U: case 0x80000003U: case 0x80000004U:   /* brand string */
    case 0x80000005U: case 0x80000006U:                     /* caches and TLBs */
        mem_copy(out, host, 4 * sizeof(uint32_t));
        break;
    case 0x80000008U:
        out[EAX] = host[EAX];   /* address sizes; one core, no more */
        break;
    default:
        break;
    }
}

void hvm_cpuid_policy(uint32_t leaf, uint32_t subleaf, uint32_t vcpu_id,
                      uint32_t host_max_basic, uint32_t host_max_ext,
                      const uint32_t host[4], uint32_t out[4])
{
    uint32_t max_basic = host_max_basic < HVM_CPUID_MAX_BASIC ? host_max_basic
                                                               : HVM_CPUID_MAX_BASIC;
    uint32_t max_ext = host_max_ext < HVM_CPUID_MAX_EXT ? host_max_ext : HVM_CPUID_MAX_EXT;

    mem_set(out, 0, 4 * sizeof(uint32_t));
    if (leaf == HVM_CPUID_SIGNATURE_LEAF) {
        out[EAX] = HVM_CPUID_SIGNATURE_LEAF;
        mem_copy(&out[EBX], signature, sizeof(signature));
    } else if (leaf <= max_basic) {
        basic_leaf(leaf, subleaf, vcpu_id, host_max_basic, host, out);
    } else if (leaf >= 0x80000000U && leaf <= max_ext) {
        ext_leaf(leaf, host_max_ext, host, out);
    }
}

void hvm_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t vcpu_id, uint32_t out[4])
{
    uint32_t host[4], max_basic[4], max_ext[4];

    arch_cpuid(0, 0, max_basic);
    arch_cpuid(0x80000000U, 0, max_ext);
    arch_cpuid(leaf, subleaf, host);
    hvm_cpuid_policy(leaf, subleaf, vcpu_id, max_basic[EAX], max_ext[EAX], host, out);
}
