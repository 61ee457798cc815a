/* SPDX-License-Identifier: MIT */
/* pv_mm.h - PV MMU: guest page tables validated by frame type and count. */
#ifndef STRATA_GUEST_PV_PV_MM_H
#define STRATA_GUEST_PV_PV_MM_H

/*
 * A PV guest owns its page tables, but may only change them through
 * Strata: every entry it installs is checked against the frame table of
 * src/mm (owner, type, counts). A frame becomes an Ln table when its
 * first Ln type reference is taken, which validates every entry in it
 * (and takes the references those entries need, recursively); the last
 * type reference going drops them again. So a frame is never both a page
 * table and writable, and a guest never maps another domain's frame
 * (except through a grant). Model: docs/pv-mm.md.
 *
 * Guest "frame numbers" in PTEs are machine frames (PV guests see MFNs).
 * Each call below holds the domain's PV MMU lock while it runs (one
 * lock per domain, not reentrant: the hooks must not call back in).
 */
#include "lib/status.h"
#include "core/domain.h"

/* What the PV MMU needs from the execution side (TLB and CR3 changes on
 * real CPUs). Any hook may be NULL (host tests). */
struct pv_mm_hooks {
    /* v's pv_l4 changed (NEW_BASEPTR, NEW_USER_BASEPTR, kernel/user). */
    void (*base_changed)(struct vcpu *v);
    /* Flush v's domain's TLB entries: on this CPU only, or everywhere. */
    void (*flush_tlb)(struct vcpu *v, bool all_cpus);
    /* Invalidate one guest-virtual address, locally or everywhere. */
    void (*invlpg)(struct vcpu *v, uint64_t va, bool all_cpus);
};

void pv_mm_set_hooks(const struct pv_mm_hooks *hooks);

/* The hooks installed (each may be NULL); never NULL itself. */
const struct pv_mm_hooks *pv_mm_get_hooks(void);

/* Take a type reference of page-table level (1..4) on frame mfn owned by
 * d, validating its entries when it was not yet a table of that level.
 * -EINVAL: mfn not d's, wrong current type, or an entry fails
 * validation (nothing changed then). */
status_t pv_mm_get_table(struct domain *d, mfn_t mfn, unsigned int level);

/* Drop a type reference taken by pv_mm_get_table. */
void pv_mm_put_table(struct domain *d, mfn_t mfn, unsigned int level);

/* Pin mfn as a level-`level` table (MMUEXT_PIN_Ln_TABLE) / unpin it. */
status_t pv_mm_pin(struct domain *d, mfn_t mfn, unsigned int level);
status_t pv_mm_unpin(struct domain *d, mfn_t mfn);

/* Make mfn (a pinned-or-validatable L4 of d) v's kernel base pointer
 * and load it when v is in kernel mode (MMUEXT_NEW_BASEPTR). */
status_t pv_mm_set_kernel_base(struct vcpu *v, mfn_t mfn);

/* The same for v's user base pointer (MMUEXT_NEW_USER_BASEPTR), loaded
 * when v is in user mode; INVALID_MFN drops it (-EINVAL while v runs
 * user mode). The base holds one L4 reference, like the kernel's. */
status_t pv_mm_set_user_base(struct vcpu *v, mfn_t mfn);

/* Validate and write entry index of the level-`level` table mfn of d
 * (mmu_update's MMU_NORMAL_PT_UPDATE and the emulated in-place writes
 * of a guest to its read-only page tables). */
status_t pv_mm_write_entry(struct domain *d, mfn_t table, unsigned int index,
                           uint64_t value);

/* pv_mm_write_entry that also insists table is an L1 (update_va_mapping:
 * the walk that found it ran without the lock). */
status_t pv_mm_write_l1_entry(struct domain *d, mfn_t table, unsigned int index,
                              uint64_t value);

/* Drop every reference d's page tables and pins hold (domain teardown). */
void pv_mm_teardown(struct domain *d);

/* The hypercalls (pv_mm_ops.c, docs/pv-mm.md "Hypercalls"): batches
 * read entry by entry through guest copy, preemptible with Xen's
 * continuation encoding (count | MMU_UPDATE_PREEMPTED, done in *pdone). */
#include "hypercall/hypercall.h"

/* mmu_update(reqs, count, pdone, foreigndom). */
long do_mmu_update(struct vcpu *v, struct hypercall_frame *f);
/* update_va_mapping(va, val, flags): v's current L1 entry of va. */
long do_update_va_mapping(struct vcpu *v, struct hypercall_frame *f);
/* update_va_mapping_otherdomain(va, val, flags, domid): DOMID_SELF only. */
long do_update_va_mapping_otherdomain(struct vcpu *v, struct hypercall_frame *f);
/* mmuext_op(ops, count, pdone, foreigndom). */
long do_mmuext_op(struct vcpu *v, struct hypercall_frame *f);

/* Put the four handlers above in the dispatch table (boot). */
status_t pv_mm_register(void);

#endif /* STRATA_GUEST_PV_PV_MM_H */
