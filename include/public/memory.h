/* SPDX-License-Identifier: MIT */
/* memory.h - memory_op (hypercall 12): reservations, physmap, memory map. */
#ifndef STRATA_PUBLIC_MEMORY_H
#define STRATA_PUBLIC_MEMORY_H

/*
 * HYPERVISOR_memory_op(cmd, void *arg). For the batched reservation ops
 * the bits of cmd above MEMOP_EXTENT_SHIFT hold the first extent still to
 * do, which is how the hypervisor records progress across a continuation.
 */
#include "public/xen.h"

#define XENMEM_increase_reservation  0
#define XENMEM_decrease_reservation  1
#define XENMEM_maximum_ram_page      2
#define XENMEM_current_reservation   3
#define XENMEM_maximum_reservation   4
#define XENMEM_machphys_mfn_list     5
#define XENMEM_populate_physmap      6
#define XENMEM_add_to_physmap        7
#define XENMEM_memory_map            9
#define XENMEM_machine_memory_map   10
#define XENMEM_exchange             11
#define XENMEM_machphys_mapping     12
#define XENMEM_set_memory_map       13
#define XENMEM_maximum_gpfn         14
#define XENMEM_add_to_physmap_batch 23
#define XENMEM_machphys_compat_mfn_list 25

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1U << MEMOP_EXTENT_SHIFT) - 1)

/* IN extent_start (array of xen_pfn_t, IN/OUT), nr_extents, extent_order,
 * mem_flags, domid. Returns the number of extents done. */
struct xen_memory_reservation {
    xen_guest_handle_t extent_start;
    xen_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    domid_t domid;
    uint16_t pad[3];
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

/* OUT: where the read-only M2P table sits in every PV guest. */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;

/* IN nr_entries (room), buffer (e820 entries); OUT nr_entries (used). */
struct xen_memory_map {
    uint32_t nr_entries;
    uint32_t pad;
    xen_guest_handle_t buffer;
};
typedef struct xen_memory_map xen_memory_map_t;

#define XENMAPSPACE_shared_info  0
#define XENMAPSPACE_grant_table  1
#define XENMAPSPACE_gmfn         2
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio     5
#define XENMAPIDX_grant_table_status (1U << 31)

/* Place a hypervisor-provided page at gpfn. IN domid, size, space, idx, gpfn. */
struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "reservation");
_Static_assert(__builtin_offsetof(struct xen_memory_reservation, domid) == 24, "res domid");
_Static_assert(sizeof(struct xen_machphys_mapping) == 24, "machphys_mapping");
_Static_assert(sizeof(struct xen_memory_map) == 16, "memory_map");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "add_to_physmap");
#endif

#endif /* STRATA_PUBLIC_MEMORY_H */
