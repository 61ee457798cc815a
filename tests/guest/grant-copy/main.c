/* SPDX-License-Identifier: MIT */
/* grant-copy: GNTTABOP_copy into and out of another domain's grants; bad copies refused. */
#include "guest.h"

const char test_title[] = "grant-copy: GNTTABOP_copy to and from another domain's grants";

#define GRANTER 1
#define COPIER  2
#define REF_RW  20
#define REF_RO  21
#define LEN     1000
#define OFFSET  100

static uint8_t rw_page[PAGE_SIZE] PAGE_ALIGNED;   /* d1: d2 copies into it */
static uint8_t ro_page[PAGE_SIZE] PAGE_ALIGNED;   /* d1: d2 copies out of it */
static uint8_t local[PAGE_SIZE] PAGE_ALIGNED;     /* d2's own page */

static uint8_t byte_at(unsigned int i, unsigned int seed)
{
    return (uint8_t)(i * 7 + seed);
}

static void fill(uint8_t *p, unsigned int seed)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        p[i] = byte_at(i, seed);
}

static bool holds(const uint8_t *p, unsigned int from, unsigned int n, unsigned int seed,
                  unsigned int shift)
{
    for (unsigned int i = 0; i < n; i++)
        if (p[from + i] != byte_at(i + shift, seed))
            return false;
    return true;
}

static void granter(evtchn_port_t port)
{
    uint16_t in_use = GTF_reading | GTF_writing;

    memset(rw_page, 0, PAGE_SIZE);
    fill(ro_page, 3);
    gnttab_grant(REF_RW, COPIER, virt_to_mfn(rw_page), false);
    gnttab_grant(REF_RO, COPIER, virt_to_mfn(ro_page), true);
    peer_signal(port);                                  /* 1: granted */
    peer_wait(port, "d2 copied");                       /* 2 */
    check(holds(rw_page, OFFSET, LEN, 9, 0), "d2's copy into our page is not there");
    check(rw_page[OFFSET - 1] == 0 && rw_page[OFFSET + LEN] == 0,
          "the copy into our page wrote outside [%u, %u)", OFFSET, OFFSET + LEN);
    check(holds(ro_page, 0, PAGE_SIZE, 3, 0), "our read-only page changed");
    check((gnttab_entries[REF_RW].flags & in_use) == 0 &&
          (gnttab_entries[REF_RO].flags & in_use) == 0,
          "grants still marked in use after the copies: %#x %#x",
          gnttab_entries[REF_RW].flags, gnttab_entries[REF_RO].flags);
    gnttab_revoke(REF_RW);
    peer_signal(port);                                  /* 3: revoked */
    peer_wait(port, "d2 tried the revoked grant");      /* 4 */
    check(rw_page[0] == 0, "a copy through a revoked grant arrived");
}

static struct gnttab_copy op_to_ref(grant_ref_t ref, uint16_t offset, uint16_t len)
{
    struct gnttab_copy op = {
        .source = { .u.gmfn = virt_to_mfn(local), .domid = DOMID_SELF, .offset = 0 },
        .dest = { .u.ref = ref, .domid = GRANTER, .offset = offset },
        .len = len, .flags = GNTCOPY_dest_gref,
    };

    return op;
}

static struct gnttab_copy op_from_ref(grant_ref_t ref, uint16_t offset, uint16_t len)
{
    struct gnttab_copy op = {
        .source = { .u.ref = ref, .domid = GRANTER, .offset = offset },
        .dest = { .u.gmfn = virt_to_mfn(local), .domid = DOMID_SELF, .offset = 0 },
        .len = len, .flags = GNTCOPY_source_gref,
    };

    return op;
}

static void copier(evtchn_port_t port)
{
    struct gnttab_copy op;

    peer_wait(port, "d1 granted");                      /* 1 */
    fill(local, 9);
    op = op_to_ref(REF_RW, OFFSET, LEN);
    check_eq(gnttab_copy_one(&op), GNTST_okay, "copy into d1's read-write grant");
    memset(local, 0, PAGE_SIZE);
    op = op_from_ref(REF_RO, 2000, LEN);
    check_eq(gnttab_copy_one(&op), GNTST_okay, "copy out of d1's read-only grant");
    check(holds(local, 0, LEN, 3, 2000), "the copy out of d1's page brought other bytes");
    check(local[LEN] == 0, "the copy out wrote past its length");
    /* Refusals: each changes nothing. */
    op = op_to_ref(REF_RO, 0, LEN);
    check(gnttab_copy_one(&op) < 0, "copy into a read-only grant");
    op = op_to_ref(REF_RW, PAGE_SIZE - 10, 11);
    check_eq(gnttab_copy_one(&op), GNTST_bad_copy_arg, "copy running off the page");
    op = op_to_ref(100000, 0, 8);
    check_eq(gnttab_copy_one(&op), GNTST_bad_gntref, "copy to a ref past the table");
    op = op_to_ref(REF_RW, 0, 8);
    op.source.u.gmfn = ~0ULL >> 12;                     /* not our frame */
    check(gnttab_copy_one(&op) < 0, "copy from a frame that is not ours");
    op = op_to_ref(REF_RW, 0, 8);
    op.dest.domid = 7;                                  /* no such domain */
    check(gnttab_copy_one(&op) < 0, "copy to a domain that does not exist");
    peer_signal(port);                                  /* 2: copied */
    peer_wait(port, "d1 revoked");                      /* 3 */
    fill(local, 1);
    op = op_to_ref(REF_RW, 0, 8);
    check(gnttab_copy_one(&op) < 0, "copy through a revoked grant");
    peer_signal(port);                                  /* 4 */
}

void test_main(void)
{
    int id = cmdline_domid();
    evtchn_port_t port;
    long rc;

    require(id == GRANTER || id == COPIER, "domid=%d: want 1 or 2", id);
    rc = gnttab_setup(1);
    require(rc == 0, "grant table setup: %ld", rc);
    port = peer_connect(id == GRANTER ? COPIER : GRANTER);
    if (id == GRANTER)
        granter(port);
    else
        copier(port);
    report_success();
}
