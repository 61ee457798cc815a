/* SPDX-License-Identifier: MIT */
/* guest_pt.h - the 64-bit entry: boot GDT, identity page tables, vCPU 0's registers. */
#ifndef STRATA_GUEST_HVM_GUEST_PT_H
#define STRATA_GUEST_HVM_GUEST_PT_H

/*
 * The 64-bit boot protocol wants long mode with paging, a GDT holding a
 * flat 64-bit code segment at __BOOT_CS (0x10) and a flat data segment
 * at __BOOT_DS (0x18), interrupts off and RSI = boot_params. The page
 * tables map the first 4 GiB one to one with 2 MiB pages (PML4 ->
 * one PDPT -> four PDs at the gpas of hvm_layout.h), which covers the
 * kernel, boot_params, the command line and the initrd.
 */
#include "guest/hvm/hvm_build.h"
#include "guest/hvm/hvm_layout.h"

#define HVM_BOOT_CS         0x10
#define HVM_BOOT_DS         0x18
#define HVM_GDT_ENTRIES     4           /* null, unused, code, data */
#define HVM_CODE64_DESC     0x00af9b000000ffffULL  /* G L P S type 0xb */
#define HVM_DATA_DESC       0x00cf93000000ffffULL  /* G D/B P S type 0x3 */
#define HVM_PTE_P           0x1ULL
#define HVM_PTE_RW          0x2ULL
#define HVM_PTE_PS          0x80ULL

#define HVM_CR0_PE          (1ULL << 0)
#define HVM_CR0_ET          (1ULL << 4)
#define HVM_CR0_NE          (1ULL << 5)
#define HVM_CR0_PG          (1ULL << 31)
#define HVM_CR4_PAE         (1ULL << 5)
#define HVM_EFER_LME        (1ULL << 8)
#define HVM_EFER_LMA        (1ULL << 10)
#define HVM_RFLAGS_FIXED    0x2ULL      /* bit 1 reads as one; IF clear */

/* The boot GDT (HVM_GDT_ENTRIES descriptors) into gdt. */
void hvm_gdt_fill(uint64_t *gdt);

/* The PML4 and the PDPT pages, and PD number i (0 .. HVM_NR_PD - 1),
 * each 512 entries. */
void hvm_pt_fill_pml4(uint64_t *pml4);
void hvm_pt_fill_pdpt(uint64_t *pdpt);
void hvm_pt_fill_pd(uint64_t *pd, unsigned int i);

/* vCPU 0 at entry (the load address + 0x200) with RSI = zero_page. */
void hvm_initial_state_fill(struct hvm_initial_state *s, uint64_t entry, uint64_t zero_page);

#endif /* STRATA_GUEST_HVM_GUEST_PT_H */
