/* SPDX-License-Identifier: MIT */
/* gnttab.h - grant tables: our own table (v1) and map/unmap/copy wrappers. */
#ifndef GUEST_GNTTAB_H
#define GUEST_GNTTAB_H

#include "libc.h"
#include "public/grant_table.h"

#define GNTTAB_MAX_FRAMES 4

/* Our grant entries once gnttab_setup() mapped the table (else NULL). */
extern struct grant_entry_v1 *gnttab_entries;
extern unsigned int gnttab_nr_entries;

/* GNTTABOP_setup_table for nr_frames (<= GNTTAB_MAX_FRAMES) and map the
 * frames; returns 0, the hypercall's error, or the op's status. */
long gnttab_setup(unsigned int nr_frames);

/* Fill entry ref: grant domid access to frame (PV: an MFN). */
void gnttab_grant(grant_ref_t ref, domid_t domid, uint64_t frame, bool readonly);
void gnttab_revoke(grant_ref_t ref);

/* Map (dom, ref) at host_addr with GNTMAP_* flags; returns the op's
 * status (GNTST_*) or the hypercall error; *handle on success. */
long gnttab_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
                grant_handle_t *handle);
long gnttab_unmap(uint64_t host_addr, grant_handle_t handle);

/* One GNTTABOP_copy; returns the status or the hypercall error. */
long gnttab_copy_one(struct gnttab_copy *op);

#endif /* GUEST_GNTTAB_H */
