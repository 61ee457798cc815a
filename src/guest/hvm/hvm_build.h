/* SPDX-License-Identifier: MIT */
/* hvm_build.h - the HVM domain builder: a Linux bzImage booted through the 64-bit boot protocol. */
#ifndef STRATA_GUEST_HVM_HVM_BUILD_H
#define STRATA_GUEST_HVM_HVM_BUILD_H

/*
 * hvm_build gives a new HVM domain (d->hvm, empty P2M, no pages) its
 * RAM and start-of-day contents (docs/hvm.md, "Domain builder"):
 * RAM at gfn 0 .. up to the 32-bit MMIO hole at 0xe0000000 and the rest
 * from 4 GiB; in it the protected-mode kernel at its load address, the
 * initrd high below initrd_addr_max, boot_params (zero page) with the
 * e820 map, the command line, a GDT and identity page tables (2 MiB
 * pages over the first 4 GiB), and ACPI tables describing nr_vcpus CPUs,
 * one IOAPIC and the ISA IRQ routing. Every input is checked before
 * anything is allocated; on any error nothing of d's memory stays
 * allocated (its P2M is emptied again) and err holds one line naming
 * the problem.
 */
#include "lib/status.h"
#include "core/domain.h"

struct hvm_build_request {
    const uint8_t *kernel; size_t kernel_len;    /* a bzImage */
    const uint8_t *ramdisk; size_t ramdisk_len;  /* optional */
    const char *cmdline;                         /* NULL: empty */
    uint64_t nr_pages;                           /* guest RAM, 4 KiB pages */
    uint32_t nr_vcpus;
};

/* A segment register as the VMCB keeps it: attr packs descriptor bits
 * 40-47 (type, S, DPL, P) in bits 0-7 and bits 52-55 (AVL, L, D/B, G)
 * in bits 8-11; limit is the expanded byte limit. */
struct hvm_segment { uint16_t sel; uint16_t attr; uint32_t limit; uint64_t base; };

struct hvm_initial_state {            /* vCPU 0 at the 64-bit entry */
    uint64_t rip, rsp, rsi, rflags;
    uint64_t cr0, cr3, cr4, efer;
    uint64_t gdtr_base; uint16_t gdtr_limit;
    struct hvm_segment cs, ds;        /* ds also for es, ss, fs, gs */
};

struct hvm_build_result {
    struct hvm_initial_state vcpu0;
    uint64_t ram_end_gpa;             /* end of the highest RAM */
    /* Where things went (guest-physical), for the caller's log and tests. */
    uint64_t kernel_gpa;              /* protected-mode kernel load address */
    uint64_t kernel_end_gpa;          /* load address + init_size */
    uint64_t initrd_gpa;              /* 0 without an initrd */
    uint64_t zero_page_gpa;           /* boot_params */
    uint64_t cmdline_gpa;
    uint64_t rsdp_gpa;                /* ACPI RSDP (also in boot_params) */
};

/* Build d from rq (d created HVM with nr_vcpus <= limits.max_vcpus and
 * no memory yet). Errors: STATUS_ENOEXEC the image is not a bootable
 * 64-bit bzImage; STATUS_EINVAL a bad request (vCPU count, RAM size
 * range, command line longer than cmdline_size, d not a new HVM
 * domain); STATUS_ENOMEM the kernel or the initrd does not fit in the
 * RAM asked for, or the machine ran out of frames. */
status_t hvm_build(struct domain *d, const struct hvm_build_request *rq,
                   struct hvm_build_result *out, char *err, size_t errlen);

#endif /* STRATA_GUEST_HVM_HVM_BUILD_H */
