/* SPDX-License-Identifier: MIT */
/* grant_table.h - grant_table_op (hypercall 20): grant entries (v1),
 * sub-ops and their argument structs, numbers and layouts as in Xen. */
#ifndef STRATA_PUBLIC_GRANT_TABLE_H
#define STRATA_PUBLIC_GRANT_TABLE_H

/*
 * A domain (the granter) shares one of its frames with another domain
 * (the grantee) by filling an entry of its grant table: frames the
 * hypervisor provides through GNTTABOP_setup_table. The grantee names the
 * grant by (granter domid, grant reference = entry index) to map or copy
 * it. While a mapping exists the hypervisor sets GTF_reading and, for a
 * writable mapping, GTF_writing in the entry; the granter must not reuse
 * the entry while they are set. Strata implements version 1 only.
 * HYPERVISOR_grant_table_op(cmd, void *args, unsigned int count).
 */
#include "public/xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* A version-1 grant entry, written by the granter. */
struct grant_entry_v1 {
    uint16_t flags;   /* GTF_*: type, permissions, in-use bits */
    domid_t  domid;   /* the domain allowed to use the grant */
    uint32_t frame;   /* the granted frame (gfn for HVM, mfn for PV) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

#define GTF_invalid          0U
#define GTF_permit_access    1U
#define GTF_accept_transfer  2U
#define GTF_transitive       3U
#define GTF_type_mask        3U
#define GTF_readonly         (1U << 2)  /* grantee may only read */
#define GTF_reading          (1U << 3)  /* set by Strata: mapped or copied */
#define GTF_writing          (1U << 4)  /* set by Strata: mapped writable */
#define GTF_PWT              (1U << 5)
#define GTF_PCD              (1U << 6)
#define GTF_PAT              (1U << 7)
#define GTF_sub_page         (1U << 8)
#define GTF_transfer_committed (1U << 2)
#define GTF_transfer_completed (1U << 3)

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version      10
#define GNTTABOP_swap_grant_ref   11
#define GNTTABOP_cache_flush      12

/* Per-entry status codes (the status field of each op struct). */
#define GNTST_okay               (0)
#define GNTST_general_error      (-1)
#define GNTST_bad_domain         (-2)
#define GNTST_bad_gntref         (-3)
#define GNTST_bad_handle         (-4)
#define GNTST_bad_virt_addr      (-5)
#define GNTST_bad_dev_addr       (-6)
#define GNTST_no_device_space    (-7)
#define GNTST_permission_denied  (-8)
#define GNTST_bad_page           (-9)
#define GNTST_bad_copy_arg       (-10)
#define GNTST_address_too_big    (-11)
#define GNTST_eagain             (-12)
#define GNTST_no_space           (-13)

/* Mapping flags. */
#define GNTMAP_device_map      (1U << 0)
#define GNTMAP_host_map        (1U << 1)
#define GNTMAP_readonly        (1U << 2)
#define GNTMAP_application_map (1U << 3)
#define GNTMAP_contains_pte    (1U << 4)

/* Map dom's grant ref. IN host_addr (PV: virtual address; HVM: gfn <<
 * PAGE_SHIFT), flags, ref, dom; OUT status, handle, dev_bus_addr. */
struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;
    grant_ref_t ref;
    domid_t dom;
    int16_t status;
    grant_handle_t handle;
    uint64_t dev_bus_addr;
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;

/* Undo a mapping. IN host_addr, dev_bus_addr, handle; OUT status. */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;
    uint16_t pad;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;

/* Grow dom's table to nr_frames and list its frames. IN dom, nr_frames,
 * frame_list (array of nr_frames xen_pfn_t); OUT status, frame_list[]. */
struct gnttab_setup_table {
    domid_t dom;
    uint16_t pad;
    uint32_t nr_frames;
    int16_t status;
    uint16_t pad1[3];
    xen_guest_handle_t frame_list;
};
typedef struct gnttab_setup_table gnttab_setup_table_t;

/* Give a page away (refused by Strata). IN mfn, domid, ref; OUT status. */
struct gnttab_transfer {
    xen_pfn_t mfn;
    domid_t domid;
    uint16_t pad;
    grant_ref_t ref;
    int16_t status;
    uint16_t pad1[3];
};
typedef struct gnttab_transfer gnttab_transfer_t;

#define GNTCOPY_source_gref (1U << 0)
#define GNTCOPY_dest_gref   (1U << 1)

/* One side of a copy: a grant ref (with the flag) or the caller's gfn. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
    uint32_t pad;
};

/* Copy len bytes within pages. IN source, dest, len, flags; OUT status. */
struct gnttab_copy {
    struct gnttab_copy_ptr source;
    struct gnttab_copy_ptr dest;
    uint16_t len;
    uint16_t flags;
    int16_t status;
    uint16_t pad;
};
typedef struct gnttab_copy gnttab_copy_t;

/* IN dom; OUT nr_frames, max_nr_frames, status. */
struct gnttab_query_size {
    domid_t dom;
    uint16_t pad;
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t status;
    uint16_t pad1;
};
typedef struct gnttab_query_size gnttab_query_size_t;

/* IN version (Strata accepts 1 only); OUT version in force. */
struct gnttab_set_version {
    uint32_t version;
};
typedef struct gnttab_set_version gnttab_set_version_t;

/* IN dom; OUT version. */
struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;
};
typedef struct gnttab_get_version gnttab_get_version_t;

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1");
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "map_grant_ref");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, handle) == 20, "map handle");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "unmap_grant_ref");
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "setup_table");
_Static_assert(__builtin_offsetof(struct gnttab_setup_table, frame_list) == 16, "frame_list");
_Static_assert(sizeof(struct gnttab_transfer) == 24, "transfer");
_Static_assert(sizeof(struct gnttab_copy) == 40, "copy");
_Static_assert(__builtin_offsetof(struct gnttab_copy, len) == 32, "copy len");
_Static_assert(sizeof(struct gnttab_query_size) == 16, "query_size");
#endif

#endif /* STRATA_PUBLIC_GRANT_TABLE_H */
