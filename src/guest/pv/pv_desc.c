/* SPDX-License-Identifier: MIT */
/* pv_desc.c - guest GDT frames and descriptor updates, checked by Xen's 64-bit PV rules. */
#include "guest/pv/pv_desc.h"
#include "guest/vcpu_state.h"
#include "mm/frame.h"

#define DESC_PER_FRAME 512U
#define DESC_TYPE_MASK (0xFULL << 40)
#define DESC_S         (1ULL << 44)   /* code or data (not system) */
#define DESC_DPL3      (3ULL << 45)
#define DESC_P         (1ULL << 47)

bool pv_desc_check(uint64_t desc, uint64_t *fixed)
{
    if (!(desc & DESC_P)) {
        *fixed = desc;                /* loading it faults: harmless */
        return true;
    }
    /* Code/data: any base and limit; only the privilege matters. A
     * present system descriptor of type 0 is invalid to the CPU, so
     * harmless; gates, TSS and LDT descriptors are not the guest's. */
    if (!(desc & DESC_S) && (desc & DESC_TYPE_MASK) != 0)
        return false;
    *fixed = desc | DESC_DPL3;
    return true;
}

#define DESC_CODE      (1ULL << 43)
#define DESC_READABLE  (1ULL << 41)   /* of a code segment */
#define SEL_TI         0x4U
#define SEL_FLAT_DS    0xe02bU

bool pv_desc_gs_loadable(const struct pv_vcpu *pv, uint16_t sel)
{
    unsigned int index = sel >> 3;
    uint64_t desc;

    if ((sel & ~3U) == 0 || sel == SEL_FLAT_DS)
        return true;
    if ((sel & SEL_TI) || index >= pv->gdt_entries)
        return false;
    desc = ((const uint64_t *)arch_frame_to_virt(pv->gdt_frames[index / DESC_PER_FRAME]))
           [index % DESC_PER_FRAME];
    if (!(desc & DESC_P) || !(desc & DESC_S))
        return false;
    return !(desc & DESC_CODE) || (desc & DESC_READABLE);
}

/* Check all descriptors of a frame, then (only if all pass) fix them up. */
static status_t frame_validate(mfn_t mfn)
{
    uint64_t *descs = arch_frame_to_virt(mfn), fixed;

    for (unsigned int i = 0; i < DESC_PER_FRAME; i++)
        if (!pv_desc_check(descs[i], &fixed))
            return STATUS_EINVAL;
    for (unsigned int i = 0; i < DESC_PER_FRAME; i++) {
        (void)pv_desc_check(descs[i], &fixed);
        descs[i] = fixed;
    }
    return STATUS_OK;
}

status_t pv_desc_get_frame(struct domain *d, mfn_t mfn)
{
    struct frame_info info;

    if (frame_get_type(mfn, d->id, FRAME_TYPE_SEG_DESC) != STATUS_OK)
        return STATUS_EINVAL;
    (void)frame_get_info(mfn, &info);
    if (info.validated)
        return STATUS_OK;
    if (frame_validate(mfn) != STATUS_OK) {
        (void)frame_put_type(mfn, FRAME_TYPE_SEG_DESC);
        return STATUS_EINVAL;
    }
    (void)frame_set_validated(mfn);
    return STATUS_OK;
}

void pv_desc_put_frame(mfn_t mfn)
{
    (void)frame_put_type(mfn, FRAME_TYPE_SEG_DESC);
}

static void frames_put(const mfn_t *frames, uint32_t n)
{
    while (n-- > 0U)
        pv_desc_put_frame(frames[n]);
}

void pv_gdt_release(struct pv_vcpu *pv)
{
    frames_put(pv->gdt_frames, pv->gdt_nr_frames);
    pv->gdt_nr_frames = 0;
    pv->gdt_entries = 0;
}

status_t pv_gdt_install(struct domain *d, struct pv_vcpu *pv, const uint64_t *list,
                        uint32_t entries, bool running_here)
{
    uint32_t n = (entries + DESC_PER_FRAME - 1U) / DESC_PER_FRAME;
    mfn_t old[PV_GDT_MAX_FRAMES];
    uint32_t old_n = pv->gdt_nr_frames;

    if (entries > PV_GDT_MAX_ENTRIES)
        return STATUS_EINVAL;
    for (uint32_t i = 0; i < n; i++) {
        if (pv_desc_get_frame(d, list[i]) != STATUS_OK) {
            frames_put(list, i);
            return STATUS_EINVAL;
        }
    }
    for (uint32_t i = 0; i < old_n; i++)
        old[i] = pv->gdt_frames[i];
    for (uint32_t i = 0; i < n; i++)
        pv->gdt_frames[i] = list[i];
    pv->gdt_nr_frames = n;
    pv->gdt_entries = entries;
    if (running_here)
        arch_load_guest_gdt(pv->gdt_frames, n);
    frames_put(old, old_n);
    return STATUS_OK;
}

/* set_gdt for the calling vCPU, which runs on this CPU (unless called
 * from a host test). run.c loads the frames on every vCPU switch. */
long do_set_gdt(struct vcpu *v, struct hypercall_frame *f)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);
    uint64_t list[PV_GDT_MAX_FRAMES] = { 0 };   /* the copy fills n of them */
    uint64_t entries = f->args[1];
    uint32_t n = (uint32_t)((entries + DESC_PER_FRAME - 1U) / DESC_PER_FRAME);

    if (gv == NULL)
        return STATUS_ENOSYS;
    if (entries > PV_GDT_MAX_ENTRIES)
        return STATUS_EINVAL;
    if (n > 0U && hypercall_copy_from_guest(v, list, f->args[0],
                                            n * sizeof(list[0])) != STATUS_OK)
        return STATUS_EFAULT;
    return pv_gdt_install(v->domain, &gv->pv, list, (uint32_t)entries,
                          gv->running_on == arch_cpu_id());
}

/* A frame in use for descriptors takes another SEG_DESC reference, any
 * other frame the WRITABLE type (so never a page table); one of them. */
static enum frame_type update_type(struct domain *d, mfn_t mfn)
{
    struct frame_info info;

    if (frame_get_info(mfn, &info) == STATUS_OK && info.type == FRAME_TYPE_SEG_DESC &&
        info.type_count > 0 &&
        frame_get_type(mfn, d->id, FRAME_TYPE_SEG_DESC) == STATUS_OK)
        return FRAME_TYPE_SEG_DESC;
    if (frame_get_type(mfn, d->id, FRAME_TYPE_WRITABLE) == STATUS_OK)
        return FRAME_TYPE_WRITABLE;
    return FRAME_TYPE_NONE;
}

long do_update_descriptor(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t maddr = f->args[0], desc;
    mfn_t mfn = maddr >> 12;
    enum frame_type type;

    if ((maddr & 7U) != 0 || !pv_desc_check(f->args[1], &desc))
        return STATUS_EINVAL;
    type = update_type(v->domain, mfn);
    if (type == FRAME_TYPE_NONE)
        return STATUS_EINVAL;
    __atomic_store_n((uint64_t *)((char *)arch_frame_to_virt(mfn) + (maddr & 0xfffU)),
                     desc, __ATOMIC_RELAXED);
    (void)frame_put_type(mfn, type);
    return STATUS_OK;
}
