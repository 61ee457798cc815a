/* SPDX-License-Identifier: MIT */
/* gnttab.h - grant tables v1: table frames, map/unmap, copy, pin counts. */
#ifndef STRATA_CORE_GNTTAB_H
#define STRATA_CORE_GNTTAB_H

/*
 * A granter's table is nr_frames frames of struct grant_entry_v1, shared
 * with it. A grantee maps or copies (granter, ref). Every use of a grant
 * is a pin: per granter entry the hypervisor counts read and write pins,
 * holds one frame reference (plus a writable type reference for a write
 * pin) per pin, and keeps GTF_reading / GTF_writing set in the entry while
 * pins exist. A mapping is a maptrack record of the grantee (its handle)
 * holding one pin and one reference on the granter domain. Locks: each
 * domain's grant_lock protects its table state and its maptrack; no code
 * holds two grant locks at once. Model and invariants: spec/gnttab.md.
 */
#include "core/domain.h"
#include "public/grant_table.h"

#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_MAX_ENTRIES       (DOMAIN_MAX_GRANT_FRAMES * GNTTAB_ENTRIES_PER_FRAME)
#define GNTTAB_MAPTRACK_ENTRIES  256U
#define GNTTAB_PIN_MAX           0xFFFFU   /* pins per entry and kind */

#include "gnttab_logic.h"

/* Mapping a grant into a PV guest's page tables: the PV layer fills it. */
struct gnttab_pv_ops {
    status_t (*map)(struct domain *d, uint64_t va, mfn_t mfn, bool readonly);
    status_t (*unmap)(struct domain *d, uint64_t va, mfn_t mfn);
};

/* Install the PV mapping hooks (NULL: PV grant mapping fails). */
/* Writes only this module's private state, which a header cannot name:
 * the contract has no assigns clause, so callers may assume nothing
 * about memory afterwards (WP treats it as assigning everything). */
/*@ requires valid_ops: ops == \null || \valid_read(ops); */
void gnttab_set_pv_ops(const struct gnttab_pv_ops *ops);

/* Forget every table (with domain_table_reset). */
/* Writes only this module's private state, which a header cannot name:
 * the contract has no assigns clause, so callers may assume nothing
 * about memory afterwards (WP treats it as assigning everything). */
/*@ requires no_users: \true; */
void gnttab_table_reset(void);

/* A new domain has no table frames and no mappings. */
/*@ requires valid_d: DomainValid(d); */
void gnttab_domain_init(struct domain *d);

/* Remove every mapping d holds as a grantee (domain_destroy). */
/*@ requires valid_d: DomainValid(d); */
void gnttab_domain_teardown(struct domain *d);

/* Free d's table frames (its last reference went, so no pins remain). */
/*@ requires valid_d: \valid(d); */
void gnttab_domain_free(struct domain *d);

/* Grow d's table to nr_frames frames (never shrinks) and store the first
 * nr_frames machine frames in frames[]. GNTST_general_error if nr_frames
 * exceeds d's limit or no frame is left (frames grown so far stay). */
/*@
  requires valid_d: DomainValid(d);
  requires valid_frames: \valid(frames + (0 .. DOMAIN_MAX_GRANT_FRAMES - 1));
  behavior over_limit:
    assumes nr_frames > d->limits.max_grant_frames;
    ensures refused: \result == GNTST_general_error;
  behavior within_limit:
    assumes nr_frames <= d->limits.max_grant_frames;
    ensures status: \result == GNTST_okay || \result == GNTST_general_error;
  complete behaviors;
  disjoint behaviors;
*/
int16_t gnttab_setup_table(struct domain *d, uint32_t nr_frames, mfn_t *frames);

/* Frames in d's table now and at most. */
/*@ requires valid_d: DomainValid(d); requires \valid(nr) && \valid(max);
    assigns *nr, *max;
    ensures bounded: *nr <= *max && *max == d->limits.max_grant_frames; */
void gnttab_query_size(struct domain *d, uint32_t *nr, uint32_t *max);

/* Map op->ref of op->dom into d (GNTTABOP_map_grant_ref): fills status,
 * handle, dev_bus_addr. Nothing changes unless the status is okay. */
/*@
  requires valid_d: DomainValid(d);
  requires valid_op: \valid(op);
  ensures status: \result == op->status;
  ensures handle: \result == GNTST_okay ==> GrantHandleValid(op->handle);
*/
int16_t gnttab_map(struct domain *d, struct gnttab_map_grant_ref *op);

/* Undo mapping op->handle of d at op->host_addr (GNTTABOP_unmap_grant_ref). */
/*@
  requires valid_d: DomainValid(d);
  requires valid_op: \valid(op);
  ensures status: \result == op->status;
  ensures bad_handle: !GrantHandleValid(op->handle) ==> \result == GNTST_bad_handle;
*/
int16_t gnttab_unmap(struct domain *d, struct gnttab_unmap_grant_ref *op);

/* One GNTTABOP_copy element on behalf of d: fills op->status. */
/*@
  requires valid_d: DomainValid(d);
  requires valid_op: \valid(op);
  ensures status: \result == op->status;
*/
int16_t gnttab_copy(struct domain *d, struct gnttab_copy *op);

/* Select the table format: 1 is the only one; 2 is refused with
 * -EOPNOTSUPP, anything else with -EINVAL. */
/*@
  requires valid_d: DomainValid(d);
  assigns \nothing;
  behavior v1:  assumes version == 1; ensures ok: \result == STATUS_OK;
  behavior v2:  assumes version == 2; ensures refused: \result == STATUS_EOPNOTSUPP;
  behavior bad: assumes version != 1 && version != 2; ensures einval: \result == STATUS_EINVAL;
  complete behaviors;
  disjoint behaviors;
*/
status_t gnttab_set_version(struct domain *d, uint32_t version);

/* Read and write pins on granter's entry ref (0 if out of range). */
/*@ requires valid_granter: DomainValid(granter);
    requires valid_out: \valid(read) && \valid(write) && \separated(read, write);
    assigns *read, *write;
*/
void gnttab_active_pins(struct domain *granter, grant_ref_t ref,
                        uint32_t *read, uint32_t *write);

/* Mappings d holds as a grantee. */
/*@ requires valid_d: DomainValid(d);
    assigns \nothing;
    ensures bounded: \result <= GNTTAB_MAPTRACK_ENTRIES;
*/
uint32_t gnttab_nr_mappings(struct domain *d);

/* True if flags/domid of a v1 entry let grantee use it (for writing if
 * write). The one permission rule of map and copy. */
/*@
  assigns \nothing;
  ensures permits: \result <==> GrantPermits(flags, domid, grantee, write);
*/
bool gnttab_entry_permits(uint16_t flags, domid_t domid, domid_t grantee, bool write);

/* Check the invariants of spec/gnttab.md over every table. */
/*@ assigns \nothing; */
bool gnttab_invariants_hold(void);

#endif /* STRATA_CORE_GNTTAB_H */
