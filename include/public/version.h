/* SPDX-License-Identifier: MIT */
/* version.h - xen_version (hypercall 17): version, strings, feature bits. */
#ifndef STRATA_PUBLIC_VERSION_H
#define STRATA_PUBLIC_VERSION_H

/* HYPERVISOR_xen_version(cmd, void *arg). XENVER_version returns
 * (major << 16) | minor and takes no argument. */
#include "public/xen.h"

#define XENVER_version             0
#define XENVER_extraversion        1  /* char[16] */
#define XENVER_compile_info        2  /* struct xen_compile_info */
#define XENVER_capabilities        3  /* char[1024] */
#define XENVER_changeset           4  /* char[64] */
#define XENVER_platform_parameters 5  /* struct xen_platform_parameters */
#define XENVER_get_features        6  /* struct xen_feature_info */
#define XENVER_pagesize            7  /* returns the page size */
#define XENVER_guest_handle        8  /* uint8_t[16] */
#define XENVER_commandline         9  /* char[1024] */
#define XENVER_build_id           10

typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};

/* OUT: lowest virtual address the hypervisor reserves in the guest. */
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};

/* IN submap_idx; OUT submap (bit i = feature 32 * submap_idx + i). */
struct xen_feature_info {
    uint32_t submap_idx;
    uint32_t submap;
};

#define XENFEAT_writable_page_tables       0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap    2
#define XENFEAT_supervisor_mode_kernel     3
#define XENFEAT_pae_pgdir_above_4gb        4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_highmem_assist             6
#define XENFEAT_gnttab_map_avail_bits      7
#define XENFEAT_hvm_callback_vector        8
#define XENFEAT_hvm_safe_pvclock           9
#define XENFEAT_hvm_pirqs                 10
#define XENFEAT_dom0                      11
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_linux_rsdp_unrestricted   15
#define XENFEAT_NR_SUBMAPS 1

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct xen_compile_info) == 144, "compile_info");
_Static_assert(sizeof(struct xen_feature_info) == 8, "feature_info");
#endif

#endif /* STRATA_PUBLIC_VERSION_H */
