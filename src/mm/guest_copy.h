/* SPDX-License-Identifier: MIT */
/* guest_copy.h - copy_to_guest / copy_from_guest / clear_guest, every byte checked. */
#ifndef STRATA_MM_GUEST_COPY_H
#define STRATA_MM_GUEST_COPY_H

/*
 * The hypervisor never dereferences a guest-chosen pointer. Each page a
 * copy touches is translated and referenced first:
 *  - HVM (GUEST_MEM_PHYS): the address is guest-physical and goes
 *    through the domain's P2M (p2m_get_page): RAM and grant mappings
 *    only; writes need RAM_RW or GRANT_RW.
 *  - PV (GUEST_MEM_PV): the address is guest-virtual and goes through
 *    the guest's own 4-level page tables starting at pv_l4. Every table
 *    must be a frame of the domain that holds the page-table type of its
 *    level (so it was validated); no superpages; a write needs R/W at
 *    every level. The final frame must be the domain's own and, for a
 *    write, able to take the writable type (never a page table).
 *    Non-canonical addresses and the hypervisor's L4 slots 256-271 fault.
 * Anything refused is STATUS_EFAULT. A copy stops at the first page that
 * faults: *done (if not NULL) says how many bytes were copied before it.
 */
#include "mm/p2m.h"

enum guest_mem_mode {
    GUEST_MEM_PHYS = 0,   /* HVM: guest-physical through the P2M */
    GUEST_MEM_PV,         /* PV: guest-virtual through pv_l4 */
};

/* How to reach one domain's memory. */
struct guest_mem {
    struct mm_domain *d;
    enum guest_mem_mode mode;
    mfn_t pv_l4;          /* PV only: machine frame of the L4 in use */
};

#define GUEST_PV_XEN_SLOT_FIRST 256
#define GUEST_PV_XEN_SLOT_LAST  271

/*@ predicate GuestMemValid(struct guest_mem *g) =
      \valid_read(g) && P2mValid(g->d) &&
      (g->mode == GUEST_MEM_PHYS || g->mode == GUEST_MEM_PV);
*/

/* Copy len bytes from hypervisor buffer src to guest address to. */
/*@ requires valid_mem: GuestMemValid(g);
    requires valid_table: FrameTableValid;
    requires valid_src: \valid_read((char *)src + (0 .. len - 1));
    requires valid_done: done == \null || \valid(done);
    assigns g->d->p2m.lock, frame_table[0 .. frame_count - 1], frame_lock, *done;
    ensures partial: done != \null ==> *done <= len;
    ensures complete: \result == STATUS_OK && done != \null ==> *done == len;
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT;
*/
status_t copy_to_guest(const struct guest_mem *g, uint64_t to, const void *src,
                       size_t len, size_t *done);

/* Copy len bytes from guest address from into hypervisor buffer dst. */
/*@ requires valid_mem: GuestMemValid(g);
    requires valid_table: FrameTableValid;
    requires valid_dst: \valid((char *)dst + (0 .. len - 1));
    requires valid_done: done == \null || \valid(done);
    assigns g->d->p2m.lock, frame_table[0 .. frame_count - 1], frame_lock, *done,
            ((char *)dst)[0 .. len - 1];
    ensures partial: done != \null ==> *done <= len;
    ensures complete: \result == STATUS_OK && done != \null ==> *done == len;
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT;
*/
status_t copy_from_guest(const struct guest_mem *g, void *dst, uint64_t from,
                         size_t len, size_t *done);

/* Zero len bytes at guest address to. */
/*@ requires valid_mem: GuestMemValid(g);
    requires valid_table: FrameTableValid;
    requires valid_done: done == \null || \valid(done);
    assigns g->d->p2m.lock, frame_table[0 .. frame_count - 1], frame_lock, *done;
    ensures partial: done != \null ==> *done <= len;
    ensures complete: \result == STATUS_OK && done != \null ==> *done == len;
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT;
*/
status_t clear_guest(const struct guest_mem *g, uint64_t to, size_t len, size_t *done);

#endif /* STRATA_MM_GUEST_COPY_H */
