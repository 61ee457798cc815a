/* SPDX-License-Identifier: MIT */
/* pv_build.h - the PV domain builder: ELF + Xen notes into a new domain. */
#ifndef STRATA_GUEST_PV_PV_BUILD_H
#define STRATA_GUEST_PV_PV_BUILD_H

/*
 * Builds the start-of-day memory of a 64-bit PV guest the way Xen's
 * domain builder lays it out (docs/pv-boot.md): the kernel's PT_LOAD
 * segments at VIRT_BASE + (p_paddr - PADDR_OFFSET), then, each 4 KiB
 * aligned: the initrd (if any), the p2m list, start_info, the console
 * ring page, the (xenstore placeholder page), the initial page tables
 * (mapped read-only, validated and pinned through pv_mm) and the boot
 * stack; the mapping covers the whole bootstrap region padded to a
 * 4 MiB boundary with at least 512 KiB spare. Every input field is
 * validated first: on any error nothing of the domain's memory is left
 * allocated and err holds one line saying what was wrong.
 */
#include "lib/status.h"
#include "core/domain.h"
#include "public/xen.h"

struct pv_build_request {
    const uint8_t *image;        /* the guest ELF, in hypervisor memory */
    size_t image_len;
    const uint8_t *ramdisk;      /* optional initrd (NULL: none) */
    size_t ramdisk_len;
    const char *cmdline;         /* guest command line (NULL: empty) */
    uint64_t nr_pages;           /* guest memory in 4 KiB pages */
};

struct pv_build_result {
    uint64_t entry;              /* XEN_ELFNOTE_ENTRY (or e_entry) */
    uint64_t stack_top;          /* initial RSP */
    uint64_t start_info_va;      /* initial RSI */
    mfn_t l4_mfn;                /* initial CR3 (pinned L4) */
    uint64_t hypercall_page_va;  /* 0 when the image has no such note */
    uint64_t virt_base;          /* VIRT_BASE */
    uint64_t bootstrap_end;      /* end of the mapped bootstrap region */
    mfn_t console_mfn;           /* the console ring page */
    uint32_t console_port;       /* its event channel (unbound, to Strata) */
};

/* Build d (created, PV, no memory yet) from rq. On failure d owns no
 * frames again and err (errlen bytes) names the problem. */
status_t pv_build(struct domain *d, const struct pv_build_request *rq,
                  struct pv_build_result *out, char *err, size_t errlen);

#endif /* STRATA_GUEST_PV_PV_BUILD_H */
