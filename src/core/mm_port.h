/* SPDX-License-Identifier: MIT */
/* mm_port.h - the narrow seam from core (L3) to memory management (L2). */
#ifndef STRATA_CORE_MM_PORT_H
#define STRATA_CORE_MM_PORT_H

/*
 * Core and the hypercall layer need a handful of memory services: copying
 * guest arguments, frames for grant tables, frame references and the P2M's
 * grant-mapping type. mm (src/mm) is being written; until its calls exist
 * every use goes through one function here, backed by an ops table that
 * the boot code (and host tests, with a fake frame table) installs. When
 * mm lands, mm_port.c binds these functions to it and nothing above moves.
 * Without installed ops each call fails cleanly (-EFAULT / -ENOMEM / -ENOSYS).
 */
#include "lib/status.h"
#include "arch/arch.h"

struct domain;
struct vcpu;

struct mm_port_ops {
    /* Guest virtual (PV, through v's page tables) or guest physical
     * (HVM) address gaddr of v's domain. */
    status_t (*copy_from_guest)(struct vcpu *v, void *dst, uint64_t gaddr, size_t len);
    status_t (*copy_to_guest)(struct vcpu *v, uint64_t gaddr, const void *src, size_t len);
    /* A zeroed frame owned by the hypervisor and shared with owner. */
    status_t (*alloc_shared_frame)(struct domain *owner, mfn_t *mfn);
    void (*free_shared_frame)(struct domain *owner, mfn_t mfn);
    /* The machine frame behind frame number frame of d (gfn for HVM via
     * the P2M, mfn for PV after an ownership check). */
    status_t (*frame_of)(struct domain *d, uint64_t frame, mfn_t *mfn);
    /* Take a general reference on mfn owned by owner, and a writable type
     * reference when writable (fails on a page table or a foreign frame). */
    status_t (*get_frame)(struct domain *owner, mfn_t mfn, bool writable);
    void (*put_frame)(mfn_t mfn, bool writable);
    /* Enter/remove a P2M entry of the grant-mapping type in HVM domain d. */
    status_t (*p2m_grant_map)(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly);
    status_t (*p2m_grant_unmap)(struct domain *d, uint64_t gfn, mfn_t mfn);
};

/* Install the memory services (boot, or a host test); NULL removes them. */
void mm_port_set_ops(const struct mm_port_ops *ops);

/* Install the services of src/mm (frame table, P2M, guest copy): what
 * the hypervisor uses once mm is initialised (mm_port_mm.c). */
void mm_port_use_mm(void);

/* Copy len bytes from guest address gaddr of v's domain (through v's
 * page tables for PV); -EFAULT if any byte is not readable guest memory. */
/*@ requires valid_dst: \valid((char *)dst + (0 .. len - 1));
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT; */
status_t mm_port_copy_from_guest(struct vcpu *v, void *dst, uint64_t gaddr, size_t len);

/* Copy len bytes to guest address gaddr of v's domain; -EFAULT on a bad
 * address. */
/*@ requires valid_src: \valid_read((char *)src + (0 .. len - 1));
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT; */
status_t mm_port_copy_to_guest(struct vcpu *v, uint64_t gaddr, const void *src, size_t len);

/* A zeroed frame to share with owner (grant table frames). */
status_t mm_port_alloc_shared_frame(struct domain *owner, mfn_t *mfn);

/* Free a frame from mm_port_alloc_shared_frame. */
void mm_port_free_shared_frame(struct domain *owner, mfn_t mfn);

/* Translate a frame number that d named to a machine frame. */
/*@ requires valid_mfn: \valid(mfn);
    assigns *mfn; */
status_t mm_port_frame_of(struct domain *d, uint64_t frame, mfn_t *mfn);

/* Reference (and writable type when writable) on owner's frame mfn. */
status_t mm_port_get_frame(struct domain *owner, mfn_t mfn, bool writable);

/* Drop what mm_port_get_frame took. */
void mm_port_put_frame(mfn_t mfn, bool writable);

/* Map mfn at gfn of HVM domain d with the P2M grant-mapping type. */
status_t mm_port_p2m_grant_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly);

/* Remove the grant mapping of mfn at gfn of d. */
status_t mm_port_p2m_grant_unmap(struct domain *d, uint64_t gfn, mfn_t mfn);

#endif /* STRATA_CORE_MM_PORT_H */
