/* SPDX-License-Identifier: MIT */
/* fake_mm.h - a small stand-in for mm in host tests: guest memory, frame
 * references, P2M grant entries and PV grant hooks, with fault injection. */
#ifndef STRATA_TESTS_FAKE_MM_H
#define STRATA_TESTS_FAKE_MM_H

#include "core/domain.h"

/*
 * Domain id owns machine frames [id * FAKE_FRAMES_PER_DOMAIN, +FAKE_FRAMES_
 * PER_DOMAIN); its guest address a is frame base + a / PAGE_SIZE (both
 * for PV and HVM: an identity layout keeps tests readable). Shared frames
 * (grant tables, shared_info) come from a pool after the domains.
 * Addresses from FAKE_SYNTH_BASE up are synthetic: reads come from a
 * callback and writes are counted and dropped (million-entry batches).
 */
#define FAKE_FRAMES_PER_DOMAIN 64U
#define FAKE_POOL_FRAMES       256U
#define FAKE_NR_FRAMES  (DOMAIN_TABLE_SIZE * FAKE_FRAMES_PER_DOMAIN + FAKE_POOL_FRAMES)
#define FAKE_SYNTH_BASE 0x100000000000ULL

struct fake_mm_state {
    uint32_t refs[FAKE_NR_FRAMES];       /* general references taken */
    uint32_t writable[FAKE_NR_FRAMES];   /* writable type references */
    bool page_table[FAKE_NR_FRAMES];     /* refuses writable references */
    bool pool_used[FAKE_POOL_FRAMES];
    uint32_t p2m_grant_maps;             /* live P2M grant entries */
    uint32_t pv_grant_maps;              /* live PV grant mappings */
    bool fail_p2m_map, fail_pv_map, fail_alloc, fail_unmap;
    uint32_t errors;                     /* underflows, unknown unmaps */
    uint64_t synth_reads, synth_writes;
    void (*synth_read)(uint64_t addr, void *dst, size_t len);
};
extern struct fake_mm_state fake_mm;

/* Back memory, reset counters, install the ops (mm_port, gnttab PV) and
 * reset the domain table. */
void fake_mm_init(void);

/* Host pointer to guest address gaddr of domain id (asserts in range). */
void *fake_guest_ptr(domid_t id, uint64_t gaddr);

/* Machine frame of guest frame gfn of domain id. */
mfn_t fake_mfn(domid_t id, uint64_t gfn);

/* Create domain id with the usual limits and a pool frame as shared_info. */
struct domain *fake_domain(domid_t id, bool hvm, bool privileged, uint32_t nr_vcpus);

/* Total references still held on any frame (0 when everything is undone). */
uint64_t fake_mm_refs_held(void);

#endif /* STRATA_TESTS_FAKE_MM_H */
