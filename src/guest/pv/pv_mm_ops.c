/* SPDX-License-Identifier: MIT */
/* pv_mm_ops.c - the PV MMU hypercalls: mmu_update, update_va_mapping, mmuext_op. */
#include "guest/pv/pv_mm.h"
#include "guest/vcpu_state.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/m2p.h"

/*
 * Each handler decodes one request, then calls the PV MMU core, which
 * checks it against the frame table under the domain's lock. Batches are
 * read one entry at a time at that entry's own address (never a block
 * checked once at its base), so a bad address fails exactly the entry
 * it belongs to. Model and refusals: docs/pv-mm.md "Hypercalls".
 */

/* Xen's continuation marker in a batch count (bit 31 of an unsigned int). */
#define MMU_UPDATE_PREEMPTED 0x80000000U
#define MMU_CMD_MASK         7ULL        /* ptr bits 0..2: the command */
#define PTE_ACCESSED         0x20ULL
#define PTE_DIRTY            0x40ULL
#define PT_INDEX_MASK        511ULL
#define LDT_MAX_ENTS         8192U
#define CANONICAL_LOW_END    0x0000800000000000ULL

/* A guest linear address Xen accepts: canonical and outside the range
 * Strata keeps in every guest L4 (Xen's __addr_ok). */
static bool guest_va_ok(uint64_t va)
{
    return va < CANONICAL_LOW_END || va >= HYPERVISOR_VIRT_END;
}

/* Another domain named as page or table owner. Foreign updates are not
 * offered: -ESRCH when there is no such domain (or, as in Xen, when the
 * caller names its own id), else -EPERM, privileged caller or not. */
static status_t foreign_refused(struct domain *d, domid_t id)
{
    struct domain *other = NULL;
    status_t s;

    if (id == d->id || id == DOMID_SELF)
        return STATUS_ESRCH;
    s = domain_lookup(d, id, &other);
    if (s != STATUS_OK)
        return s;
    domain_put(other);
    return STATUS_EPERM;
}

static status_t owner_check(struct domain *d, domid_t id)
{
    return id == DOMID_SELF ? STATUS_OK : foreign_refused(d, id);
}

/* mmu_update's foreigndom: page-table owner + 1 in bits 16..31 (0: the
 * caller), page owner in bits 0..15. */
static status_t foreigndom_check(struct domain *d, uint64_t foreigndom)
{
    uint32_t pt_dom = (uint32_t)(foreigndom >> 16) & 0xffffU;

    if (pt_dom != 0U && pt_dom - 1U != d->id)
        return foreign_refused(d, (domid_t)(pt_dom - 1U));
    return owner_check(d, (domid_t)foreigndom);
}

/* --- Batches ------------------------------------------------------------ */

union batch_req {
    struct mmu_update mmu;
    struct mmuext_op ext;
};

struct batch_kind {
    size_t size;                                        /* one request */
    status_t (*one)(struct vcpu *v, const union batch_req *r);
};

/* Run the batch (args: list, count, pdone, foreigndom). The list pointer
 * and count advance in the frame; on a continuation the count carries
 * MMU_UPDATE_PREEMPTED and *pdone the entries done so far, which the
 * re-issued call reads back and keeps adding to (Xen's encoding). */
static long batch_run(struct vcpu *v, struct hypercall_frame *f,
                      const struct batch_kind *k)
{
    uint32_t count = (uint32_t)f->args[1], done = 0, i;
    uint64_t pdone = f->args[2];
    union batch_req r;
    status_t s = STATUS_OK;

    if (count & MMU_UPDATE_PREEMPTED) {
        count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone != 0 && hypercall_copy_from_guest(v, &done, pdone, sizeof(done)) != STATUS_OK)
            done = 0;
    }
    for (i = 0; i < count; i++) {
        if (i == HYPERCALL_BATCH_BUDGET || (i > 0 && hypercall_preempt_check())) {
            f->args[1] = (count - i) | MMU_UPDATE_PREEMPTED;
            (void)hypercall_continue(f);
            break;
        }
        if (hypercall_copy_from_guest(v, &r, f->args[0], k->size) != STATUS_OK) {
            s = STATUS_EFAULT;
            break;
        }
        s = k->one(v, &r);
        if (s != STATUS_OK)
            break;
        f->args[0] += k->size;
    }
    done += i;
    if (pdone != 0)
        (void)hypercall_copy_to_guest(v, pdone, &done, sizeof(done));
    return s;
}

/* --- mmu_update ----------------------------------------------------------- */

/* A frame of d that is no page table is written as plain memory, as Xen
 * does: it must accept the writable type for the write's duration. */
static status_t plain_write(struct domain *d, mfn_t mfn, unsigned int index,
                            uint64_t val)
{
    if (frame_get(mfn, d->id) != STATUS_OK)
        return STATUS_EINVAL;
    if (frame_get_type(mfn, d->id, FRAME_TYPE_WRITABLE) != STATUS_OK) {
        (void)frame_put(mfn);
        return STATUS_EINVAL;
    }
    ((uint64_t *)arch_frame_to_virt(mfn))[index] = val;
    (void)frame_put_type(mfn, FRAME_TYPE_WRITABLE);
    (void)frame_put(mfn);
    return STATUS_OK;
}

/* MMU_NORMAL_PT_UPDATE / _PRESERVE_AD / _NO_TRANSLATE (the same for PV):
 * maddr is the machine address of the entry. */
static status_t pt_update(struct domain *d, uint64_t maddr, uint64_t val,
                          bool preserve_ad)
{
    mfn_t mfn = maddr >> PAGE_SHIFT;
    unsigned int index = (unsigned int)((maddr & (PAGE_SIZE - 1U)) >> 3);
    struct frame_info info;

    if (frame_get_info(mfn, &info) != STATUS_OK || info.owner != d->id)
        return STATUS_EINVAL;
    if (info.type_count == 0 || info.type < FRAME_TYPE_L1 || info.type > FRAME_TYPE_L4)
        return plain_write(d, mfn, index, val);
    if (preserve_ad)
        val |= ((const uint64_t *)arch_frame_to_virt(mfn))[index] &
               (PTE_ACCESSED | PTE_DIRTY);
    return pv_mm_write_entry(d, mfn, index, val) == STATUS_OK ? STATUS_OK
                                                                : STATUS_EINVAL;
}

/* MMU_MACHPHYS_UPDATE: the M2P entry of a frame d owns. */
static status_t machphys_update(struct domain *d, mfn_t mfn, gfn_t gfn)
{
    return m2p_set(mfn, d->id, gfn) == STATUS_OK ? STATUS_OK : STATUS_EINVAL;
}

static status_t mmu_update_one(struct vcpu *v, const union batch_req *r)
{
    uint64_t cmd = r->mmu.ptr & MMU_CMD_MASK;

    switch (cmd) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE:
    case MMU_PT_UPDATE_PRESERVE_AD:
        return pt_update(v->domain, r->mmu.ptr - cmd, r->mmu.val,
                         cmd == MMU_PT_UPDATE_PRESERVE_AD);
    case MMU_MACHPHYS_UPDATE:
        return machphys_update(v->domain, r->mmu.ptr >> PAGE_SHIFT, r->mmu.val);
    default:
        return STATUS_ENOSYS;
    }
}

long do_mmu_update(struct vcpu *v, struct hypercall_frame *f)
{
    static const struct batch_kind kind = { sizeof(struct mmu_update), mmu_update_one };
    status_t s;

    if (v->domain->hvm)
        return STATUS_ENOSYS;
    s = foreigndom_check(v->domain, f->args[3]);
    if (s != STATUS_OK)
        return s;
    return batch_run(v, f, &kind);
}

/* --- update_va_mapping ---------------------------------------------------- */

static bool table_live(const struct domain *d, mfn_t mfn, unsigned int level)
{
    struct frame_info info;

    return frame_get_info(mfn, &info) == STATUS_OK && info.owner == d->id &&
           info.type == (enum frame_type)(FRAME_TYPE_L1 + level - 1U) &&
           info.type_count > 0 && info.validated;
}

/* The L1 table that maps va in v's current tables; every level on the
 * way must be present, validated and not a superpage. */
static status_t l1_of(struct vcpu *v, uint64_t va, mfn_t *l1)
{
    mfn_t table = v->pv_l4;

    for (unsigned int level = 4; level > 1U; level--) {
        uint64_t e;

        if (!table_live(v->domain, table, level))
            return STATUS_EINVAL;
        e = ((const uint64_t *)arch_frame_to_virt(table))
                [(va >> (PAGE_SHIFT + 9U * (level - 1U))) & PT_INDEX_MASK];
        if (!(e & 1ULL) || (e & 0x80ULL))
            return STATUS_EINVAL;
        table = (e & 0x000FFFFFFFFFF000ULL) >> PAGE_SHIFT;
    }
    *l1 = table;
    return STATUS_OK;
}

/* The flush update_va_mapping's flags ask for. Any vCPU bitmap
 * (UVMF_MULTI with its address) is treated as UVMF_ALL: flushing more
 * than asked is always safe, and the bitmap is not read. */
static void uvm_flush(struct vcpu *v, uint64_t va, uint64_t flags)
{
    bool all = (flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK) != UVMF_LOCAL;
    const struct pv_mm_hooks *h = pv_mm_get_hooks();

    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
        if (h->flush_tlb)
            h->flush_tlb(v, all);
        break;
    case UVMF_INVLPG:
        if (h->invlpg)
            h->invlpg(v, va, all);
        break;
    default:
        break;                       /* UVMF_NONE, and 3 as in Xen */
    }
}

static long update_va_mapping(struct vcpu *v, uint64_t va, uint64_t val, uint64_t flags)
{
    mfn_t l1;

    if (v->domain->hvm)
        return STATUS_ENOSYS;
    if (!guest_va_ok(va) || l1_of(v, va, &l1) != STATUS_OK)
        return STATUS_EINVAL;
    if (pv_mm_write_l1_entry(v->domain, l1, (unsigned int)((va >> PAGE_SHIFT) & PT_INDEX_MASK),
                             val) != STATUS_OK)
        return STATUS_EINVAL;
    uvm_flush(v, va, flags);
    return STATUS_OK;
}

long do_update_va_mapping(struct vcpu *v, struct hypercall_frame *f)
{
    return update_va_mapping(v, f->args[0], f->args[1], f->args[2]);
}

long do_update_va_mapping_otherdomain(struct vcpu *v, struct hypercall_frame *f)
{
    status_t s = owner_check(v->domain, (domid_t)f->args[3]);

    if (s != STATUS_OK)
        return s;
    return update_va_mapping(v, f->args[0], f->args[1], f->args[2]);
}

/* --- mmuext_op ------------------------------------------------------------ */

static void flush(struct vcpu *v, bool all)
{
    const struct pv_mm_hooks *h = pv_mm_get_hooks();

    if (h->flush_tlb)
        h->flush_tlb(v, all);
}

/* INVLPG of an address Xen would not accept is silently skipped. */
static void invlpg(struct vcpu *v, uint64_t va, bool all)
{
    const struct pv_mm_hooks *h = pv_mm_get_hooks();

    if (guest_va_ok(va) && h->invlpg)
        h->invlpg(v, va, all);
}

/* SET_LDT(linear_addr, nr_ents): recorded for the exec side; 0 entries
 * means no LDT (the address is then ignored). */
static status_t set_ldt(struct vcpu *v, uint64_t base, uint32_t ents)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);
    uint64_t ptr = ents != 0U ? base : 0;

    if (gv == NULL || (ptr & (PAGE_SIZE - 1U)) != 0 || !guest_va_ok(ptr) ||
        ents > LDT_MAX_ENTS)
        return STATUS_EINVAL;
    gv->pv.ldt_base = ptr;
    gv->pv.ldt_ents = ents;
    return STATUS_OK;
}

/* A writable-type hold on d's frame mfn (general reference included). */
static status_t page_get_writable(struct domain *d, mfn_t mfn)
{
    if (frame_get(mfn, d->id) != STATUS_OK)
        return STATUS_EINVAL;
    if (frame_get_type(mfn, d->id, FRAME_TYPE_WRITABLE) != STATUS_OK) {
        (void)frame_put(mfn);
        return STATUS_EINVAL;
    }
    return STATUS_OK;
}

static void page_put_writable(mfn_t mfn)
{
    (void)frame_put_type(mfn, FRAME_TYPE_WRITABLE);
    (void)frame_put(mfn);
}

static status_t clear_page(struct domain *d, mfn_t mfn)
{
    if (page_get_writable(d, mfn) != STATUS_OK)
        return STATUS_EINVAL;
    mem_set(arch_frame_to_virt(mfn), 0, PAGE_SIZE);
    page_put_writable(mfn);
    return STATUS_OK;
}

/* COPY_PAGE(dst, src): src needs only to be d's; dst must take the
 * writable type (so never a page table). */
static status_t copy_page(struct domain *d, mfn_t dst, mfn_t src)
{
    if (frame_get(src, d->id) != STATUS_OK)
        return STATUS_EINVAL;
    if (page_get_writable(d, dst) != STATUS_OK) {
        (void)frame_put(src);
        return STATUS_EINVAL;
    }
    mem_move(arch_frame_to_virt(dst), arch_frame_to_virt(src), PAGE_SIZE);
    page_put_writable(dst);
    (void)frame_put(src);
    return STATUS_OK;
}

/* The base pointer and pin commands; any refusal is -EINVAL as in Xen. */
static status_t mmuext_tables(struct vcpu *v, const struct mmuext_op *op)
{
    struct domain *d = v->domain;
    status_t s;

    switch (op->cmd) {
    case MMUEXT_UNPIN_TABLE:
        s = pv_mm_unpin(d, op->arg1);
        break;
    case MMUEXT_NEW_BASEPTR:
        s = pv_mm_set_kernel_base(v, op->arg1);
        break;
    case MMUEXT_NEW_USER_BASEPTR:    /* 0: none; INVALID_MFN is no frame */
        s = op->arg1 == INVALID_MFN ? STATUS_EINVAL
            : pv_mm_set_user_base(v, op->arg1 == 0 ? INVALID_MFN : op->arg1);
        break;
    default:                         /* MMUEXT_PIN_L1_TABLE .. L4 */
        s = pv_mm_pin(d, op->arg1, op->cmd - MMUEXT_PIN_L1_TABLE + 1U);
        break;
    }
    return s == STATUS_OK ? STATUS_OK : STATUS_EINVAL;
}

static status_t mmuext_one(struct vcpu *v, const union batch_req *r)
{
    const struct mmuext_op *op = &r->ext;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE: case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE: case MMUEXT_PIN_L4_TABLE:
    case MMUEXT_UNPIN_TABLE: case MMUEXT_NEW_BASEPTR:
    case MMUEXT_NEW_USER_BASEPTR:
        return mmuext_tables(v, op);
    case MMUEXT_TLB_FLUSH_LOCAL:
        flush(v, false);
        return STATUS_OK;
    case MMUEXT_TLB_FLUSH_MULTI:     /* any vCPU bitmap: all of them */
    case MMUEXT_TLB_FLUSH_ALL:
        flush(v, true);
        return STATUS_OK;
    case MMUEXT_INVLPG_LOCAL:
        invlpg(v, op->arg1, false);
        return STATUS_OK;
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        invlpg(v, op->arg1, true);
        return STATUS_OK;
    case MMUEXT_FLUSH_CACHE:         /* no domain has devices to flush for */
        return STATUS_EACCES;
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return STATUS_EINVAL;
    case MMUEXT_SET_LDT:
        return set_ldt(v, op->arg1, (uint32_t)op->arg2);
    case MMUEXT_CLEAR_PAGE:
        return clear_page(v->domain, op->arg1);
    case MMUEXT_COPY_PAGE:
        return copy_page(v->domain, op->arg1, op->arg2);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return STATUS_EOPNOTSUPP;
    default:
        return STATUS_ENOSYS;
    }
}

long do_mmuext_op(struct vcpu *v, struct hypercall_frame *f)
{
    static const struct batch_kind kind = { sizeof(struct mmuext_op), mmuext_one };
    status_t s;

    if (v->domain->hvm)
        return STATUS_ENOSYS;
    s = owner_check(v->domain, (domid_t)f->args[3]);
    if (s != STATUS_OK)
        return s;
    return batch_run(v, f, &kind);
}

status_t pv_mm_register(void)
{
    static const struct { unsigned int nr; hypercall_fn fn; } table[] = {
        { __HYPERVISOR_mmu_update, do_mmu_update },
        { __HYPERVISOR_update_va_mapping, do_update_va_mapping },
        { __HYPERVISOR_update_va_mapping_otherdomain, do_update_va_mapping_otherdomain },
        { __HYPERVISOR_mmuext_op, do_mmuext_op },
    };

    for (unsigned int i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        status_t rc = hypercall_register(table[i].nr, table[i].fn);

        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}
