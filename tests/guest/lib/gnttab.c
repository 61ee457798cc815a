/* SPDX-License-Identifier: MIT */
/* gnttab.c - our grant table (v1) and the grant_table_op wrappers. */
#include "guest.h"

struct grant_entry_v1 *gnttab_entries;
unsigned int gnttab_nr_entries;
static uint8_t table_pages[GNTTAB_MAX_FRAMES][PAGE_SIZE] PAGE_ALIGNED;

long gnttab_setup(unsigned int nr_frames)
{
    xen_pfn_t frames[GNTTAB_MAX_FRAMES] = { 0 };   /* Strata fills nr_frames */
    struct gnttab_setup_table op = {
        .dom = DOMID_SELF, .nr_frames = nr_frames,
        .frame_list = (uint64_t)(uintptr_t)frames,
    };
    long rc;

    if (nr_frames == 0 || nr_frames > GNTTAB_MAX_FRAMES)
        return -XEN_EINVAL;
    rc = hypercall_grant_table_op(GNTTABOP_setup_table, &op, 1);
    if (rc != 0)
        return rc;
    if (op.status != GNTST_okay)
        return op.status;
    for (unsigned int i = 0; i < nr_frames; i++) {
        rc = remap_page((uint64_t)(uintptr_t)table_pages[i], frames[i], PTE_DEFAULT);
        if (rc != 0)
            return rc;
    }
    gnttab_entries = (struct grant_entry_v1 *)table_pages;
    gnttab_nr_entries = nr_frames * (unsigned int)(PAGE_SIZE / sizeof(struct grant_entry_v1));
    return 0;
}

void gnttab_grant(grant_ref_t ref, domid_t domid, uint64_t frame, bool readonly)
{
    struct grant_entry_v1 *e = &gnttab_entries[ref];

    e->domid = domid;
    e->frame = (uint32_t)frame;
    barrier();          /* the flags last: they make the entry valid */
    e->flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
}

void gnttab_revoke(grant_ref_t ref)
{
    __atomic_store_n(&gnttab_entries[ref].flags, 0, __ATOMIC_SEQ_CST);
}

long gnttab_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
                grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = host_addr, .flags = flags, .ref = ref, .dom = dom,
    };
    long rc = hypercall_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (rc != 0)
        return rc;
    if (op.status == GNTST_okay && handle != NULL)
        *handle = op.handle;
    return op.status;
}

long gnttab_unmap(uint64_t host_addr, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = host_addr, .handle = handle };
    long rc = hypercall_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

    return rc != 0 ? rc : op.status;
}

long gnttab_copy_one(struct gnttab_copy *op)
{
    long rc = hypercall_grant_table_op(GNTTABOP_copy, op, 1);

    return rc != 0 ? rc : op->status;
}
