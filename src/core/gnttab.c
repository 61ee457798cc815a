/* SPDX-License-Identifier: MIT */
/* gnttab.c - grant tables v1: pins, mappings through P2M or PV hooks, copy. */
#include "core/gnttab.h"
#include "core/mm_port.h"
#include "lib/print.h"
#include "lib/string.h"

/* Use of one granter entry (index = grant ref). */
struct gnttab_active {
    uint32_t pin_read;      /* read-only maps and copy sources in flight */
    uint32_t pin_write;     /* writable maps and copy targets in flight */
    domid_t grantee;        /* valid while pinned */
    mfn_t mfn;              /* the granted frame, valid while pinned */
};

/* One mapping a grantee holds (index = grant handle). */
enum maptrack_state {
    MAPTRACK_FREE = 0,
    MAPTRACK_RESERVED,      /* a map is in flight on this handle */
    MAPTRACK_MAPPED,
};

struct gnttab_maptrack {
    uint8_t state;          /* enum maptrack_state */
    bool writable;
    domid_t granter;
    grant_ref_t ref;
    uint64_t host_addr;
    mfn_t mfn;
};

/* Grant state of one domain slot; protected by that domain's grant_lock. */
struct gnttab_state {
    uint32_t nr_frames;
    mfn_t frames[DOMAIN_MAX_GRANT_FRAMES];
    struct gnttab_active active[GNTTAB_MAX_ENTRIES];
    struct gnttab_maptrack maptrack[GNTTAB_MAPTRACK_ENTRIES];
    uint32_t nr_mappings;
};

static struct gnttab_state gnttab_tables[DOMAIN_TABLE_SIZE];
/* Set once by the PV layer at boot. */
static const struct gnttab_pv_ops *pv_ops;

/* The first 32 bits of an entry (flags | domid << 16), for cmpxchg. */
typedef uint32_t __attribute__((may_alias)) grant_word_t;

void gnttab_set_pv_ops(const struct gnttab_pv_ops *ops)
{
    pv_ops = ops;
}

/* Forget slot dom's table; active entries beyond its frames were never
 * used, so only those inside are cleared. */
static void slot_clear(domid_t dom)
{
    struct gnttab_state *gt = &gnttab_tables[dom];

    mem_set(gt->active, 0, gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME * sizeof(gt->active[0]));
    mem_set(gt->maptrack, 0, sizeof(gt->maptrack));
    mem_set(gt->frames, 0, sizeof(gt->frames));
    gt->nr_frames = 0;
    gt->nr_mappings = 0;
}

void gnttab_table_reset(void)
{
    /*@ loop invariant bound: 0 <= dom <= DOMAIN_TABLE_SIZE;
        loop assigns dom, gnttab_tables[0 .. DOMAIN_TABLE_SIZE - 1];
        loop variant DOMAIN_TABLE_SIZE - dom; */
    for (domid_t dom = 0; dom < DOMAIN_TABLE_SIZE; dom++)
        slot_clear(dom);
}

void gnttab_domain_init(struct domain *d)
{
    slot_clear(d->id);
}

bool gnttab_entry_permits(uint16_t flags, domid_t domid, domid_t grantee, bool write)
{
    if ((flags & GTF_type_mask) != GTF_permit_access || domid != grantee)
        return false;
    return !write || (flags & GTF_readonly) == 0;
}

/*@ requires valid_gt: \valid_read(gt);
    requires ref_in_table: ref < GNTTAB_MAX_ENTRIES && ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames;
    requires frames: gt->nr_frames <= DOMAIN_MAX_GRANT_FRAMES;
    assigns \nothing; */
static struct grant_entry_v1 *grant_entry(const struct gnttab_state *gt, grant_ref_t ref)
{
    struct grant_entry_v1 *frame = arch_frame_to_virt(gt->frames[ref / GNTTAB_ENTRIES_PER_FRAME]);

    return &frame[ref % GNTTAB_ENTRIES_PER_FRAME];
}

/*@ requires valid_gt: \valid_read(gt);
    requires frames: gt->nr_frames <= DOMAIN_MAX_GRANT_FRAMES;
    assigns \nothing;
    ensures valid: \result <==> GrantRefValid(ref, gt->nr_frames); */
static bool ref_valid(const struct gnttab_state *gt, grant_ref_t ref)
{
    return ref < gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

/* --- Status flags in the shared entry ------------------------------------ */

/* Set bits in the entry if its flags and domid still are what we checked;
 * the granter may rewrite the entry at any time. */
static bool entry_set_flags(struct grant_entry_v1 *e, uint16_t seen_flags,
                            domid_t seen_domid, uint16_t bits)
{
#ifdef __FRAMAC__
    /* The proof model has no concurrent granter: a plain check-and-set. */
    if (e->flags != seen_flags || e->domid != seen_domid)
        return false;
    e->flags = (uint16_t)(seen_flags | bits);
    return true;
#else
    grant_word_t *word = (grant_word_t *)e;
    uint32_t expected = seen_flags | ((uint32_t)seen_domid << 16);
    uint32_t desired = expected | bits;

    return __atomic_compare_exchange_n(word, &expected, desired, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
#endif
}

/* Drop GTF_writing / GTF_reading when their last pin went. */
static void entry_update_flags(struct grant_entry_v1 *e, const struct gnttab_active *act)
{
    uint16_t clear = 0;

    if (act->pin_write == 0)
        clear |= GTF_writing;
    if (act->pin_read == 0 && act->pin_write == 0)
        clear |= GTF_reading;
#ifdef __FRAMAC__
    e->flags = (uint16_t)(e->flags & ~clear);
#else
    if (clear)
        __atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_SEQ_CST);
#endif
}

/* --- Pins: acquire and release one use of a grant ------------------------ */

/* Check entry ref of granter for grantee and resolve its frame; the caller
 * holds granter->grant_lock. Changes nothing. */
/*@
  requires valid_granter: \valid_read(granter) && granter->id < DOMAIN_TABLE_SIZE;
  requires frames: gnttab_tables[granter->id].nr_frames <= DOMAIN_MAX_GRANT_FRAMES;
  requires valid_out: \valid(seen) && \valid(mfn);
  requires sep: \separated(seen, mfn, &gnttab_tables[0 .. DOMAIN_TABLE_SIZE - 1]);
  assigns *seen, *mfn;
  ensures ref_ok: \result == GNTST_okay ==>
      GrantRefValid(ref, gnttab_tables[granter->id].nr_frames);
  ensures permitted: \result == GNTST_okay ==>
      GrantPermits(seen->flags, seen->domid, grantee, write);
*/
static int16_t pin_check(struct domain *granter, grant_ref_t ref, domid_t grantee,
                         bool write, struct grant_entry_v1 *seen, mfn_t *mfn)
{
    struct gnttab_state *gt = &gnttab_tables[granter->id];
    struct gnttab_active *act;

    if (!ref_valid(gt, ref))
        return GNTST_bad_gntref;
    act = &gt->active[ref];
    *seen = *grant_entry(gt, ref);
    if (!gnttab_entry_permits(seen->flags, seen->domid, grantee, write))
        return GNTST_permission_denied;
    if ((act->pin_read || act->pin_write) && act->grantee != grantee)
        return GNTST_permission_denied;
    if (act->pin_read >= GNTTAB_PIN_MAX || act->pin_write >= GNTTAB_PIN_MAX)
        return GNTST_no_space;
    if (act->pin_read || act->pin_write) {
        *mfn = act->mfn;
        return GNTST_okay;
    }
    return mm_port_frame_of(granter, seen->frame, mfn) == STATUS_OK ?
           GNTST_okay : GNTST_bad_page;
}

/* Take one pin on (granter, ref) for grantee: frame reference, status
 * flag, pin count. Nothing changes on failure. */
static int16_t pin_acquire(struct domain *granter, grant_ref_t ref, domid_t grantee,
                           bool write, mfn_t *mfn)
{
    struct gnttab_state *gt = &gnttab_tables[granter->id];
    struct grant_entry_v1 seen;
    int16_t st;

    spin_lock(&granter->grant_lock);
    st = pin_check(granter, ref, grantee, write, &seen, mfn);
    if (st == GNTST_okay && mm_port_get_frame(granter, *mfn, write) != STATUS_OK)
        st = GNTST_bad_page;
    if (st == GNTST_okay &&
        !entry_set_flags(grant_entry(gt, ref), seen.flags, seen.domid,
                         GTF_reading | (write ? GTF_writing : 0))) {
        mm_port_put_frame(*mfn, write);
        st = GNTST_permission_denied;   /* the granter changed the entry */
    }
    if (st == GNTST_okay) {
        struct gnttab_active *act = &gt->active[ref];

        if (write)
            act->pin_write++;
        else
            act->pin_read++;
        act->grantee = grantee;
        act->mfn = *mfn;
    }
    spin_unlock(&granter->grant_lock);
    return st;
}

/* Give back one pin taken by pin_acquire. */
static void pin_release(struct domain *granter, grant_ref_t ref, bool write)
{
    struct gnttab_state *gt = &gnttab_tables[granter->id];
    struct gnttab_active *act = &gt->active[ref];

    spin_lock(&granter->grant_lock);
    ASSERT(write ? act->pin_write > 0 : act->pin_read > 0);
    if (write)
        act->pin_write--;
    else
        act->pin_read--;
    mm_port_put_frame(act->mfn, write);
    entry_update_flags(grant_entry(gt, ref), act);
    spin_unlock(&granter->grant_lock);
}

/* --- Table frames -------------------------------------------------------- */

int16_t gnttab_setup_table(struct domain *d, uint32_t nr_frames, mfn_t *frames)
{
    struct gnttab_state *gt = &gnttab_tables[d->id];
    int16_t st = GNTST_okay;

    if (nr_frames > d->limits.max_grant_frames)
        return GNTST_general_error;
    spin_lock(&d->grant_lock);
    /*@ loop invariant grown: gt->nr_frames <= DOMAIN_MAX_GRANT_FRAMES;
        loop assigns gt->nr_frames, gt->frames[0 .. DOMAIN_MAX_GRANT_FRAMES - 1];
        loop variant nr_frames - gt->nr_frames; */
    while (gt->nr_frames < nr_frames) {
        if (mm_port_alloc_shared_frame(d, &gt->frames[gt->nr_frames]) != STATUS_OK) {
            st = GNTST_general_error;
            break;
        }
        gt->nr_frames++;
    }
    /*@ loop invariant bound: 0 <= i <= nr_frames;
        loop assigns i, frames[0 .. DOMAIN_MAX_GRANT_FRAMES - 1];
        loop variant nr_frames - i; */
    for (uint32_t i = 0; i < nr_frames && st == GNTST_okay; i++)
        frames[i] = gt->frames[i];
    spin_unlock(&d->grant_lock);
    return st;
}

void gnttab_query_size(struct domain *d, uint32_t *nr, uint32_t *max)
{
    spin_lock(&d->grant_lock);
    *nr = gnttab_tables[d->id].nr_frames;
    *max = d->limits.max_grant_frames;
    spin_unlock(&d->grant_lock);
}

status_t gnttab_set_version(struct domain *d, uint32_t version)
{
    if (version == 1)
        return STATUS_OK;
    return version == 2 ? STATUS_EOPNOTSUPP : STATUS_EINVAL;
}

/* --- Mapping ------------------------------------------------------------- */

/* Reserve a free handle of d, or return GNTTAB_MAPTRACK_ENTRIES. */
static grant_handle_t maptrack_reserve(struct domain *d)
{
    struct gnttab_state *gt = &gnttab_tables[d->id];
    grant_handle_t h;

    spin_lock(&d->grant_lock);
    /*@ loop invariant bound: 0 <= h <= GNTTAB_MAPTRACK_ENTRIES;
        loop assigns h;
        loop variant GNTTAB_MAPTRACK_ENTRIES - h; */
    for (h = 0; h < GNTTAB_MAPTRACK_ENTRIES; h++)
        if (gt->maptrack[h].state == MAPTRACK_FREE)
            break;
    if (h < GNTTAB_MAPTRACK_ENTRIES)
        gt->maptrack[h].state = MAPTRACK_RESERVED;
    spin_unlock(&d->grant_lock);
    return h;
}

static void maptrack_free(struct domain *d, grant_handle_t h)
{
    spin_lock(&d->grant_lock);
    mem_set(&gnttab_tables[d->id].maptrack[h], 0, sizeof(struct gnttab_maptrack));
    spin_unlock(&d->grant_lock);
}

/* Enter mfn at host_addr of d: P2M grant type (HVM) or the PV hook. */
static status_t mapping_install(struct domain *d, uint64_t host_addr, mfn_t mfn,
                                bool readonly)
{
    if (d->hvm)
        return mm_port_p2m_grant_map(d, host_addr >> PAGE_SHIFT, mfn, readonly);
    if (!pv_ops || !pv_ops->map)
        return STATUS_ENOSYS;
    return pv_ops->map(d, host_addr, mfn, readonly);
}

static status_t mapping_remove(struct domain *d, uint64_t host_addr, mfn_t mfn)
{
    if (d->hvm)
        return mm_port_p2m_grant_unmap(d, host_addr >> PAGE_SHIFT, mfn);
    if (!pv_ops || !pv_ops->unmap)
        return STATUS_ENOSYS;
    return pv_ops->unmap(d, host_addr, mfn);
}

/* Validate the request alone (decode): flags and address. */
/*@ requires valid_op: \valid_read(op);
    assigns \nothing;
    ensures aligned: \result == GNTST_okay ==> op->host_addr % PAGE_SIZE == 0;
    ensures host_map: \result == GNTST_okay ==> (op->flags & GNTMAP_host_map) != 0; */
static int16_t map_decode(const struct gnttab_map_grant_ref *op)
{
    /* LAB 6: BEGIN */
    if (!(op->flags & GNTMAP_host_map) ||
        (op->flags & (GNTMAP_contains_pte | GNTMAP_application_map)))
        return GNTST_general_error;
    if (op->host_addr & (PAGE_SIZE - 1))
        return GNTST_bad_virt_addr;
    return GNTST_okay;
    /* LAB 6: STUB
    LAB_TODO(6, "map_decode: refuse flags and addresses gnttab_map does not support");
    LAB 6: END */
}

/* Map with handle h reserved and granter referenced; undoes on failure. */
static int16_t map_invoke(struct domain *d, struct domain *granter,
                          struct gnttab_map_grant_ref *op, grant_handle_t h)
{
    bool write = !(op->flags & GNTMAP_readonly);
    struct gnttab_maptrack *m = &gnttab_tables[d->id].maptrack[h];
    mfn_t mfn;
    int16_t st = pin_acquire(granter, op->ref, d->id, write, &mfn);

    if (st != GNTST_okay)
        return st;
    if (mapping_install(d, op->host_addr, mfn, !write) != STATUS_OK) {
        pin_release(granter, op->ref, write);
        return GNTST_general_error;
    }
    spin_lock(&d->grant_lock);
    m->state = MAPTRACK_MAPPED;
    m->writable = write;
    m->granter = granter->id;
    m->ref = op->ref;
    m->host_addr = op->host_addr;
    m->mfn = mfn;
    gnttab_tables[d->id].nr_mappings++;
    spin_unlock(&d->grant_lock);
    op->handle = h;
    op->dev_bus_addr = (op->flags & GNTMAP_device_map) ? mfn << PAGE_SHIFT : 0;
    return GNTST_okay;
}

int16_t gnttab_map(struct domain *d, struct gnttab_map_grant_ref *op)
{
    struct domain *granter;
    grant_handle_t h;
    int16_t st = map_decode(op);

    if (st == GNTST_okay) {
        granter = op->dom == DOMID_SELF ? domain_get(d->id) : domain_get(op->dom);
        if (!granter)
            st = GNTST_bad_domain;
    }
    if (st == GNTST_okay) {
        h = maptrack_reserve(d);
        if (h == GNTTAB_MAPTRACK_ENTRIES)
            st = GNTST_no_device_space;
        else
            st = map_invoke(d, granter, op, h);
        if (st != GNTST_okay && h != GNTTAB_MAPTRACK_ENTRIES)
            maptrack_free(d, h);
        if (st != GNTST_okay)
            domain_put(granter);   /* a mapping keeps its reference */
    }
    op->status = st;
    return st;
}

/* Remove mapping h of d (recorded, in use): P2M/PV entry, pin, reference. */
static int16_t unmap_invoke(struct domain *d, grant_handle_t h)
{
    struct gnttab_maptrack m = gnttab_tables[d->id].maptrack[h];
    struct domain *granter = domain_get_even_dying(m.granter);

    ASSERT(granter != NULL);   /* the mapping holds a reference on it */
    if (mapping_remove(d, m.host_addr, m.mfn) != STATUS_OK) {
        domain_put(granter);
        return GNTST_general_error;
    }
    pin_release(granter, m.ref, m.writable);
    spin_lock(&d->grant_lock);
    mem_set(&gnttab_tables[d->id].maptrack[h], 0, sizeof(m));
    gnttab_tables[d->id].nr_mappings--;
    spin_unlock(&d->grant_lock);
    domain_put(granter);   /* this call's reference */
    domain_put(granter);   /* the mapping's reference */
    return GNTST_okay;
}

/* LAB 6: BEGIN */
int16_t gnttab_unmap(struct domain *d, struct gnttab_unmap_grant_ref *op)
{
    const struct gnttab_maptrack *m;
    int16_t st = GNTST_okay;

    if (op->handle >= GNTTAB_MAPTRACK_ENTRIES) {
        op->status = GNTST_bad_handle;
        return op->status;
    }
    spin_lock(&d->grant_lock);
    m = &gnttab_tables[d->id].maptrack[op->handle];
    if (m->state != MAPTRACK_MAPPED)
        st = GNTST_bad_handle;
    else if (m->host_addr != op->host_addr)
        st = GNTST_general_error;   /* the address must match the mapping */
    spin_unlock(&d->grant_lock);
    if (st == GNTST_okay)
        st = unmap_invoke(d, op->handle);
    op->status = st;
    return st;
}
/* LAB 6: STUB
int16_t gnttab_unmap(struct domain *d, struct gnttab_unmap_grant_ref *op)
{
    LAB_TODO(6, "gnttab_unmap: check the handle and the address, then unmap_invoke");
}
LAB 6: END */

/* --- Copy ---------------------------------------------------------------- */

/* One side of a copy: a pinned grant or a frame of the caller. */
struct copy_side {
    struct domain *granter;   /* NULL: the caller's own frame */
    grant_ref_t ref;
    bool write;
    mfn_t mfn;
};

static int16_t copy_side_acquire(struct domain *d, const struct gnttab_copy_ptr *p,
                                 bool is_gref, bool write, struct copy_side *side)
{
    int16_t st;

    side->granter = NULL;
    side->write = write;
    if (!is_gref) {
        if (p->domid != DOMID_SELF && p->domid != d->id)
            return GNTST_permission_denied;
        return mm_port_frame_of(d, p->u.gmfn, &side->mfn) == STATUS_OK ?
               GNTST_okay : GNTST_bad_page;
    }
    side->granter = p->domid == DOMID_SELF ? domain_get(d->id) : domain_get(p->domid);
    if (!side->granter)
        return GNTST_bad_domain;
    side->ref = p->u.ref;
    st = pin_acquire(side->granter, side->ref, d->id, write, &side->mfn);
    if (st != GNTST_okay) {
        domain_put(side->granter);
        side->granter = NULL;
    }
    return st;
}

static void copy_side_release(struct copy_side *side)
{
    if (!side->granter)
        return;
    pin_release(side->granter, side->ref, side->write);
    domain_put(side->granter);
    side->granter = NULL;
}

/* Validate offsets and lengths (decode): both ranges inside a page. */
/*@ requires valid_op: \valid_read(op);
    assigns \nothing;
    ensures in_page: \result == GNTST_okay ==>
        op->source.offset + op->len <= PAGE_SIZE &&
        op->dest.offset + op->len <= PAGE_SIZE; */
static int16_t copy_decode(const struct gnttab_copy *op)
{
    if (op->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref))
        return GNTST_bad_copy_arg;
    if ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
        (uint32_t)op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    return GNTST_okay;
}

int16_t gnttab_copy(struct domain *d, struct gnttab_copy *op)
{
    struct copy_side src, dst;
    int16_t st = copy_decode(op);

    if (st == GNTST_okay)
        st = copy_side_acquire(d, &op->source, op->flags & GNTCOPY_source_gref,
                               false, &src);
    if (st == GNTST_okay) {
        st = copy_side_acquire(d, &op->dest, op->flags & GNTCOPY_dest_gref,
                               true, &dst);
        if (st == GNTST_okay) {
            mem_move((char *)arch_frame_to_virt(dst.mfn) + op->dest.offset,
                     (char *)arch_frame_to_virt(src.mfn) + op->source.offset,
                     op->len);
            copy_side_release(&dst);
        }
        copy_side_release(&src);
    }
    op->status = st;
    return st;
}

/* --- Teardown and queries ------------------------------------------------ */

void gnttab_domain_teardown(struct domain *d)
{
    struct gnttab_state *gt = &gnttab_tables[d->id];

    /*@ loop invariant bound: 0 <= h <= GNTTAB_MAPTRACK_ENTRIES;
        loop variant GNTTAB_MAPTRACK_ENTRIES - h; */
    for (grant_handle_t h = 0; h < GNTTAB_MAPTRACK_ENTRIES; h++)
        if (gt->maptrack[h].state == MAPTRACK_MAPPED &&
            unmap_invoke(d, h) != GNTST_okay)
            printk("gnttab: d%u cannot unmap handle %u at teardown\n",
                   (unsigned int)d->id, (unsigned int)h);
}

void gnttab_domain_free(struct domain *d)
{
    struct gnttab_state *gt = &gnttab_tables[d->id];

    /*@ loop invariant bound: 0 <= i <= gt->nr_frames;
        loop assigns i;
        loop variant gt->nr_frames - i; */
    for (uint32_t i = 0; i < gt->nr_frames; i++)
        mm_port_free_shared_frame(d, gt->frames[i]);
    slot_clear(d->id);
}

void gnttab_active_pins(struct domain *granter, grant_ref_t ref,
                        uint32_t *read, uint32_t *write)
{
    const struct gnttab_state *gt = &gnttab_tables[granter->id];

    *read = ref < GNTTAB_MAX_ENTRIES ? gt->active[ref].pin_read : 0;
    *write = ref < GNTTAB_MAX_ENTRIES ? gt->active[ref].pin_write : 0;
}

uint32_t gnttab_nr_mappings(struct domain *d)
{
    return gnttab_tables[d->id].nr_mappings;
}

/* --- Runtime check of the invariants (tests, fuzzer) --------------------- */

/* Count the mappings of (granter, ref) over every grantee's maptrack. */
static void count_mappings(domid_t granter, grant_ref_t ref, uint32_t *rd, uint32_t *wr)
{
    *rd = *wr = 0;
    for (domid_t g = 0; g < DOMAIN_TABLE_SIZE; g++)
        for (grant_handle_t h = 0; h < GNTTAB_MAPTRACK_ENTRIES; h++) {
            const struct gnttab_maptrack *m = &gnttab_tables[g].maptrack[h];

            if (m->state == MAPTRACK_MAPPED && m->granter == granter && m->ref == ref)
                (*(m->writable ? wr : rd))++;
        }
}

/* Between calls every pin is a mapping: pins == mappings per entry, each
 * mapping inside its granter's table and of the pinning grantee. */
static bool maptrack_consistent(domid_t g, grant_handle_t h)
{
    const struct gnttab_maptrack *m = &gnttab_tables[g].maptrack[h];
    const struct gnttab_state *gt;
    uint32_t rd, wr;

    if (m->state == MAPTRACK_RESERVED)
        return false;
    if (m->state != MAPTRACK_MAPPED)
        return true;
    gt = &gnttab_tables[m->granter];
    if (m->granter >= DOMAIN_TABLE_SIZE || !ref_valid(gt, m->ref) ||
        gt->active[m->ref].grantee != g || gt->active[m->ref].mfn != m->mfn)
        return false;
    count_mappings(m->granter, m->ref, &rd, &wr);
    return gt->active[m->ref].pin_read == rd && gt->active[m->ref].pin_write == wr;
}

/* No pin outlives its mapping: every pinned entry is accounted for. */
static bool pins_accounted(domid_t granter)
{
    const struct gnttab_state *gt = &gnttab_tables[granter];
    uint32_t rd, wr;

    for (grant_ref_t ref = 0; ref < gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME; ref++) {
        if (!gt->active[ref].pin_read && !gt->active[ref].pin_write)
            continue;
        count_mappings(granter, ref, &rd, &wr);
        if (rd != gt->active[ref].pin_read || wr != gt->active[ref].pin_write)
            return false;
    }
    return true;
}

bool gnttab_invariants_hold(void)
{
    for (domid_t g = 0; g < DOMAIN_TABLE_SIZE; g++) {
        if (!pins_accounted(g))
            return false;
        uint32_t mapped = 0;

        for (grant_handle_t h = 0; h < GNTTAB_MAPTRACK_ENTRIES; h++) {
            if (!maptrack_consistent(g, h))
                return false;
            mapped += gnttab_tables[g].maptrack[h].state == MAPTRACK_MAPPED;
        }
        if (mapped != gnttab_tables[g].nr_mappings)
            return false;
    }
    return true;
}
