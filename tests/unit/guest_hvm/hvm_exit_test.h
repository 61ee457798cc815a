/* SPDX-License-Identifier: MIT */
/* hvm_exit_test.h - shared set-up of the guest_hvm tests: an HVM domain with RAM and guest page tables. */
#ifndef STRATA_TESTS_HVM_EXIT_TEST_H
#define STRATA_TESTS_HVM_EXIT_TEST_H

#include "arch/host/hvm_fake.h"
#include "guest/hvm/hvm.h"

#define HX_RAM_PAGES   512           /* gfn 0 .. 511: 2 MiB of RAM */
#define HX_CODE_GPA    0x10000ULL    /* where tests put instructions */
#define HX_PML4_GPA    0x1000ULL
#define HX_PDPT_GPA    0x2000ULL
#define HX_PD_GPA      0x3000ULL
#define HX_PT_GPA      0x4000ULL
#define HX_PREEMPTING_OP 0x7fffU    /* a hypercall that always asks to be re-issued */

extern struct domain *hx_dom;
extern struct hvm_vcpu *hx_vcpu;    /* vCPU 0, backend created */

/* A fresh machine, HVM domain 1 (2 vCPUs) with HX_RAM_PAGES of RAM, its
 * HVM state, vCPU 0's backend, and identity page tables mapping the
 * first 2 MiB by 4 KiB pages (PT) and 2-4 MiB by one 2 MiB page. */
void hx_setup(void);

/* Host pointer to guest-physical gpa (RAM). */
uint8_t *hx_gpa(uint64_t gpa);

/* vCPU 0 in 64-bit mode with those tables (cpl 0), or 32-bit protected
 * mode without paging, or real mode. */
void hx_mode_long(struct hvm_vcpu *hv);
void hx_mode_flat32(struct hvm_vcpu *hv);

/* Put bytes at HX_CODE_GPA and point regs at them (RIP, IF set). */
void hx_code(struct cpu_regs *regs, const uint8_t *bytes, size_t n);

/* Run exit e (with its reason filled) through hvm_handle_exit. */
void hx_exit(struct cpu_regs *regs, enum arch_hvm_exit_reason reason);

/* The reason the domain was last crashed with ("d1 crashed: ..."). */
extern char hx_crash_reason[160];

/* True if d1 was crashed (shut down with SHUTDOWN_crash). */
bool hx_crashed(void);

#endif
