/* SPDX-License-Identifier: MIT */
/* guest_copy.c - page-by-page checked copies between the hypervisor and guest memory. */
#include "mm/guest_copy.h"
#include "lib/string.h"

/* x86 page-table entry bits the PV walk looks at. */
#define PTE_P        (1ULL << 0)
#define PTE_RW       (1ULL << 1)
#define PTE_PSE      (1ULL << 7)
#define PTE_ADDR     0x000FFFFFFFFFF000ULL
#define VA_SLOT_MASK 0x1FFULL

enum copy_direction { COPY_TO, COPY_FROM, COPY_CLEAR };

/* True if va is canonical for 48-bit virtual addresses. */
static bool va_canonical(uint64_t va)
{
    uint64_t top = va >> 47;

    return top == 0 || top == 0x1FFFF;
}

/* Check that table is d's and typed as a page table of level. */
static bool pv_table_ok(const struct mm_domain *d, mfn_t table, unsigned int level)
{
    struct frame_info info;

    if (frame_get_info(table, &info) != STATUS_OK)
        return false;
    return info.owner == d->account.domid && info.type_count > 0 &&
           info.type == (enum frame_type)(FRAME_TYPE_L1 + level - 1);
}

/* Walk the PV guest's tables for va to the frame it maps. */
static status_t pv_walk(const struct guest_mem *g, uint64_t va, bool write, mfn_t *mfn)
{
    mfn_t table = g->pv_l4;
    unsigned int slot4 = (unsigned int)((va >> 39) & VA_SLOT_MASK);

    if (!va_canonical(va) ||
        (slot4 >= GUEST_PV_XEN_SLOT_FIRST && slot4 <= GUEST_PV_XEN_SLOT_LAST))
        return STATUS_EFAULT;
    /*@ loop variant level; */
    for (unsigned int level = 4; level >= 1; level--) {
        const uint64_t *entries;
        uint64_t entry;
        if (!pv_table_ok(g->d, table, level))
            return STATUS_EFAULT;
        entries = arch_frame_to_virt(table);
        entry = entries[(va >> (PAGE_SHIFT + 9 * (level - 1))) & VA_SLOT_MASK];
        if (!(entry & PTE_P) || (write && !(entry & PTE_RW)) ||
            (level > 1 && (entry & PTE_PSE)))
            return STATUS_EFAULT;
        table = (entry & PTE_ADDR) >> PAGE_SHIFT;
    }
    *mfn = table;
    return STATUS_OK;
}

/* Reference the frame of a PV guest-virtual page (own frames only). */
static status_t pv_get_page(const struct guest_mem *g, uint64_t va, bool write,
                            mfn_t *mfn)
{
    domid_t self = g->d->account.domid;

    if (pv_walk(g, va, write, mfn) != STATUS_OK)
        return STATUS_EFAULT;
    if (frame_get(*mfn, self) != STATUS_OK)
        return STATUS_EFAULT;
    if (write && frame_get_type(*mfn, self, FRAME_TYPE_WRITABLE) != STATUS_OK) {
        (void)frame_put(*mfn);
        return STATUS_EFAULT;
    }
    return STATUS_OK;
}

/* Reference the frame behind guest address addr for one access. */
/*@ requires \valid(mfn);
    assigns g->d->p2m.lock, frame_table[0 .. frame_count - 1], frame_lock, *mfn;
    ensures \result == STATUS_OK || \result == STATUS_EFAULT;
*/
static status_t guest_page_get(const struct guest_mem *g, uint64_t addr, bool write,
                               mfn_t *mfn)
{
    if (g->mode == GUEST_MEM_PV)
        return pv_get_page(g, addr, write, mfn);
    return p2m_get_page(g->d, addr >> PAGE_SHIFT, write, mfn);
}

/* Drop what guest_page_get took (the same for both modes). */
/*@ assigns frame_table[0 .. frame_count - 1], frame_lock; */
static void guest_page_put(mfn_t mfn, bool write)
{
    p2m_put_page(mfn, write);
}

/* Move one chunk (within one page) between buf and guest memory at p. */
/*@ requires \valid(p + (0 .. n - 1));
    requires dir == COPY_CLEAR || \valid((unsigned char *)buf + (offset .. offset + n - 1));
    requires \separated(p + (0 .. n - 1), (unsigned char *)buf + (offset .. offset + n - 1));
    assigns p[0 .. n - 1], ((unsigned char *)buf)[offset .. offset + n - 1];
*/
static void chunk_move(enum copy_direction dir, unsigned char *p, void *buf,
                       size_t offset, size_t n)
{
    if (dir == COPY_TO)
        mem_copy(p, (const unsigned char *)buf + offset, n);
    else if (dir == COPY_FROM)
        mem_copy((unsigned char *)buf + offset, p, n);
    else
        mem_set(p, 0, n);
}

/* The common loop: page by page, stop at the first refused page. */
/*@ requires valid_done: done == \null || \valid(done);
    assigns g->d->p2m.lock, frame_table[0 .. frame_count - 1], frame_lock, *done;
    ensures partial: done != \null ==> *done <= len;
    ensures complete: \result == STATUS_OK && done != \null ==> *done == len;
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT;
*/
static status_t guest_copy(const struct guest_mem *g, uint64_t addr, void *buf,
                           size_t len, enum copy_direction dir, size_t *done)
{
    bool write = dir != COPY_FROM;
    size_t copied = 0;
    status_t status = STATUS_OK;

    /*@ loop invariant bound: copied <= len;
        loop invariant ok: status == STATUS_OK;
        loop assigns copied, status, g->d->p2m.lock, frame_table[0 .. frame_count - 1],
                     frame_lock;
        loop variant len - copied;
    */
    while (copied < len) {
        uint64_t at = addr + copied;
        size_t offset = (size_t)(at & (PAGE_SIZE - 1));
        size_t chunk = len - copied < PAGE_SIZE - offset ? len - copied : PAGE_SIZE - offset;
        mfn_t mfn;
        if (at < addr || guest_page_get(g, at, write, &mfn) != STATUS_OK) {
            status = STATUS_EFAULT;
            break;
        }
        chunk_move(dir, (unsigned char *)arch_frame_to_virt(mfn) + offset, buf,
                   copied, chunk);
        guest_page_put(mfn, write);
        copied += chunk;
    }
    if (done)
        *done = copied;
    return status;
}

status_t copy_to_guest(const struct guest_mem *g, uint64_t to, const void *src,
                       size_t len, size_t *done)
{
    return guest_copy(g, to, (void *)src, len, COPY_TO, done);
}

status_t copy_from_guest(const struct guest_mem *g, void *dst, uint64_t from,
                         size_t len, size_t *done)
{
    return guest_copy(g, from, dst, len, COPY_FROM, done);
}

status_t clear_guest(const struct guest_mem *g, uint64_t to, size_t len, size_t *done)
{
    return guest_copy(g, to, NULL, len, COPY_CLEAR, done);
}
