/* SPDX-License-Identifier: MIT */
/* grant-map: read-only and read-write grants mapped by virtual address, used, unmapped. */
#include "guest.h"

const char test_title[] = "grant-map: GNTMAP_host_map of read-only and read-write grants between two domains";

#define GRANTER   1
#define MAPPER    2
#define REF_RO    10
#define REF_RW    11
#define REF_NONE  12          /* never granted */
#define PATTERN   0xa5
#define REPLY     0x5a

/* d1's granted pages; d2's pages whose addresses take the mappings. */
static uint8_t ro_page[PAGE_SIZE] PAGE_ALIGNED;
static uint8_t rw_page[PAGE_SIZE] PAGE_ALIGNED;
static uint8_t map_ro[PAGE_SIZE] PAGE_ALIGNED;
static uint8_t map_rw[PAGE_SIZE] PAGE_ALIGNED;

static uint16_t flags_of(grant_ref_t ref)
{
    return __atomic_load_n(&gnttab_entries[ref].flags, __ATOMIC_SEQ_CST);
}

/* Linux's gnttab_end_foreign_access_ref: clear the entry unless the
 * hypervisor marks it in use (GTF_reading/GTF_writing). */
static bool try_revoke(grant_ref_t ref)
{
    uint16_t old = flags_of(ref);

    do {
        if (old & (GTF_reading | GTF_writing))
            return false;
    } while (!__atomic_compare_exchange_n(&gnttab_entries[ref].flags, &old, 0, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    return true;
}

static void granter(evtchn_port_t port)
{
    memset(ro_page, PATTERN, PAGE_SIZE);
    memset(rw_page, 0, PAGE_SIZE);
    gnttab_grant(REF_RO, MAPPER, virt_to_mfn(ro_page), true);
    gnttab_grant(REF_RW, MAPPER, virt_to_mfn(rw_page), false);
    peer_signal(port);                                  /* 1: granted */
    peer_wait(port, "d2 mapped and wrote");             /* 2 */
    check(rw_page[0] == REPLY && rw_page[PAGE_SIZE - 1] == REPLY,
          "d2's writes through its mapping did not reach our page (%#x)", rw_page[0]);
    check((flags_of(REF_RO) & (GTF_reading | GTF_writing)) == GTF_reading,
          "read-only grant mapped: flags %#x, want GTF_reading only", flags_of(REF_RO));
    check((flags_of(REF_RW) & (GTF_reading | GTF_writing)) == (GTF_reading | GTF_writing),
          "read-write grant mapped: flags %#x, want GTF_reading|GTF_writing", flags_of(REF_RW));
    check(!try_revoke(REF_RO) && !try_revoke(REF_RW), "revoked a grant while it is mapped");
    peer_signal(port);                                  /* 3: unmap now */
    peer_wait(port, "d2 unmapped");                     /* 4 */
    check((flags_of(REF_RO) & (GTF_reading | GTF_writing)) == 0,
          "read-only grant unmapped: flags %#x still in use", flags_of(REF_RO));
    check((flags_of(REF_RW) & (GTF_reading | GTF_writing)) == 0,
          "read-write grant unmapped: flags %#x still in use", flags_of(REF_RW));
    check(try_revoke(REF_RO) && try_revoke(REF_RW), "could not revoke unmapped grants");
    peer_signal(port);                                  /* 5: revoked */
    peer_wait(port, "d2 found the grants gone");        /* 6 */
}

static long map(grant_ref_t ref, void *va, bool readonly, grant_handle_t *h)
{
    return gnttab_map(GRANTER, ref, (uint64_t)(uintptr_t)va,
                      GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0), h);
}

/* Put our own frame back at va (a grant unmap leaves it empty). */
static void restore(uint8_t *va)
{
    require(remap_page((uint64_t)(uintptr_t)va, virt_to_mfn(va), PTE_DEFAULT) == 0,
            "remap our own page at %p", va);
}

static void expect_fault(volatile uint8_t *va, bool write, const char *what)
{
    struct probe p;

    exception_clear();
    if (write)
        PROBE(p, "movb $1, (%[a])", [a] "r"(va));
    else
        PROBE(p, "cmpb $0, (%[a])", [a] "r"(va));
    check(last_exception.vector == X86_PF, "%s: %s, want #PF", what,
          last_exception.vector == NO_EXCEPTION ? "no fault"
                                                : exception_name(last_exception.vector));
}

static void mapper(evtchn_port_t port)
{
    grant_handle_t h_ro, h_rw, h;

    peer_wait(port, "d1 granted");                      /* 1 */
    /* Refused (Xen says general_error, Strata permission_denied). */
    check(map(REF_RO, map_ro, false, &h) < 0, "read-only grant mapped writable");
    check(map(REF_NONE, map_ro, true, &h) < 0, "map of an ungranted ref");
    check_eq(map(100000, map_ro, true, &h), GNTST_bad_gntref, "map of a ref past the table");
    check_eq(map(REF_RO, map_ro, true, &h_ro), GNTST_okay, "map the read-only grant");
    check_eq(map(REF_RW, map_rw, false, &h_rw), GNTST_okay, "map the read-write grant");
    check(map_ro[0] == PATTERN && map_ro[PAGE_SIZE - 1] == PATTERN,
          "read-only mapping shows %#x, want d1's %#x", map_ro[0], PATTERN);
    expect_fault(map_ro, true, "write to the read-only grant mapping");
    memset(map_rw, REPLY, PAGE_SIZE);
    peer_signal(port);                                  /* 2: mapped and wrote */
    peer_wait(port, "d1 checked");                      /* 3 */
    check_eq(gnttab_unmap((uint64_t)(uintptr_t)map_ro, h_ro), GNTST_okay, "unmap read-only");
    check_eq(gnttab_unmap((uint64_t)(uintptr_t)map_rw, h_rw), GNTST_okay, "unmap read-write");
    /* The TLB must not keep d1's frames for us after the unmap. */
    expect_fault(map_ro, false, "read after unmapping the read-only grant");
    expect_fault(map_rw, true, "write after unmapping the read-write grant");
    check(gnttab_unmap((uint64_t)(uintptr_t)map_rw, h_rw) != GNTST_okay, "second unmap");
    restore(map_ro);
    restore(map_rw);
    peer_signal(port);                                  /* 4: unmapped */
    peer_wait(port, "d1 revoked");                      /* 5 */
    check(map(REF_RW, map_rw, false, &h) != GNTST_okay, "mapped a revoked grant");
    restore(map_rw);
    peer_signal(port);                                  /* 6 */
}

void test_main(void)
{
    int id = cmdline_domid();
    evtchn_port_t port;
    long rc;

    require(id == GRANTER || id == MAPPER, "domid=%d: want 1 or 2", id);
    rc = gnttab_setup(1);
    require(rc == 0, "grant table setup: %ld", rc);
    port = peer_connect(id == GRANTER ? MAPPER : GRANTER);
    if (id == GRANTER)
        granter(port);
    else
        mapper(port);
    report_success();
}
