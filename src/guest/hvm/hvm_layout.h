/* SPDX-License-Identifier: MIT */
/* hvm_layout.h - the guest-physical memory map the HVM builder lays out (docs/hvm.md). */
#ifndef STRATA_GUEST_HVM_HVM_LAYOUT_H
#define STRATA_GUEST_HVM_HVM_LAYOUT_H

/*
 * Low memory (fixed):
 *   0x00000 .. 0x00fff  RAM        (real-mode IVT/BDA page, zero)
 *   0x01000 .. 0x01fff  reserved   GDT
 *   0x02000 .. 0x07fff  reserved   PML4, PDPT, four PDs
 *   0x08000 .. 0x9ffff  RAM        boot stack (0x8000, top 0x9000),
 *                                  boot_params (0x9000), command line (0x20000)
 *   0xa0000 .. 0xfffff  reserved   BIOS area (RAM-backed); ACPI at 0xe0000
 * Then RAM from 1 MiB: the kernel at its load address (>= 1 MiB), the
 * initrd at the top below initrd_addr_max; RAM stops at the hole at
 * 0xe0000000 and goes on from 4 GiB if the domain has more.
 * Linux copies boot_params and the command line before it uses that
 * RAM, so they need no reservation; the tables it keeps using until it
 * has its own (GDT, page tables) are reserved.
 */
#include "arch/arch.h"

#define HVM_PAGE            0x1000ULL
#define HVM_GDT_GPA         0x1000ULL
#define HVM_PML4_GPA        0x2000ULL
#define HVM_PDPT_GPA        0x3000ULL
#define HVM_PD_GPA          0x4000ULL   /* PD i at HVM_PD_GPA + i * 4 KiB */
#define HVM_NR_PD           4           /* 4 x 1 GiB of 2 MiB pages */
#define HVM_BOOT_TABLES_END 0x8000ULL   /* [HVM_GDT_GPA, here) reserved */
#define HVM_STACK_TOP       0x9000ULL   /* boot stack: the page below */
#define HVM_ZERO_PAGE_GPA   0x9000ULL
#define HVM_CMDLINE_GPA     0x20000ULL
#define HVM_CMDLINE_MAX     0x10000ULL  /* bytes with the NUL */
#define HVM_BASE_RAM_END    0xa0000ULL  /* 640 KiB */
#define HVM_ACPI_GPA        0xe0000ULL
#define HVM_BIOS_END        0x100000ULL
#define HVM_KERNEL_MIN      0x100000ULL /* load address floor */
#define HVM_KERNEL_DEFAULT  0x1000000ULL/* 16 MiB: relocation target */
#define HVM_HOLE_START      0xe0000000ULL
#define HVM_HIGH_START      0x100000000ULL

#define HVM_E820_RAM        1
#define HVM_E820_RESERVED   2
#define HVM_E820_MAX        8

/* The placement chosen for one build (guest-physical, bytes). */
struct hvm_layout {
    uint64_t low_end;        /* end of RAM below the hole */
    uint64_t high_end;       /* end of RAM above 4 GiB, 0 if none */
    uint64_t kernel_gpa;     /* load address */
    uint64_t kernel_end;     /* load address + init_size */
    uint64_t initrd_gpa;     /* 0: no initrd */
    uint64_t initrd_len;
    uint64_t rsdp_gpa;
};

#endif /* STRATA_GUEST_HVM_HVM_LAYOUT_H */
