/* SPDX-License-Identifier: MIT */
/* hvm_cpuid.h - what CPUID tells an HVM guest: the machine's values filtered by Strata's policy. */
#ifndef STRATA_GUEST_HVM_HVM_CPUID_H
#define STRATA_GUEST_HVM_HVM_CPUID_H

/*
 * The guest sees a plain PC with a hypervisor: the machine's vendor,
 * family and instruction-set features it can use under SVM with nested
 * paging, minus what Strata does not virtualise (SVM/VMX, MONITOR,
 * XSAVE/AVX, x2APIC and TSC-deadline, MTRR, MCE/MCA, performance
 * counters, RDTSCP, topology leaves), one logical CPU per package with
 * initial APIC ID = vCPU ID, CPUID.1:ECX bit 31 set and the signature
 * "StrataStrata" at leaf 0x40000000 (no Xen leaves: Linux finds no Xen
 * and boots as on bare metal). docs/hvm.md "CPUID".
 */
#include "lib/compiler.h"

#define HVM_CPUID_SIGNATURE_LEAF 0x40000000U
#define HVM_CPUID_MAX_BASIC      0xdU
#define HVM_CPUID_MAX_EXT        0x80000008U

/* The guest's view of leaf/subleaf for vCPU vcpu_id, from host[] =
 * the machine's { eax, ebx, ecx, edx } for the same leaf/subleaf and
 * host_max_basic / host_max_ext = the machine's leaf 0 / 0x80000000 EAX. */
void hvm_cpuid_policy(uint32_t leaf, uint32_t subleaf, uint32_t vcpu_id,
                      uint32_t host_max_basic, uint32_t host_max_ext,
                      const uint32_t host[4], uint32_t out[4]);

/* The same for the machine this runs on (arch_cpuid). */
void hvm_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t vcpu_id, uint32_t out[4]);

#endif /* STRATA_GUEST_HVM_HVM_CPUID_H */
