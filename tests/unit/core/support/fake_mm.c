/* SPDX-License-Identifier: MIT */
/* fake_mm.c - the fake memory services behind mm_port for host tests. */
#include "fake_mm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/host/host.h"
#include "core/gnttab.h"
#include "core/mm_port.h"

struct fake_mm_state fake_mm;

#define POOL_BASE (DOMAIN_TABLE_SIZE * FAKE_FRAMES_PER_DOMAIN)

mfn_t fake_mfn(domid_t id, uint64_t gfn)
{
    return (mfn_t)id * FAKE_FRAMES_PER_DOMAIN + gfn;
}

static bool range_ok(const struct domain *d, uint64_t gaddr, size_t len)
{
    uint64_t limit = (uint64_t)FAKE_FRAMES_PER_DOMAIN * PAGE_SIZE;

    return gaddr <= limit && len <= limit - gaddr;
}

void *fake_guest_ptr(domid_t id, uint64_t gaddr)
{
    return (char *)arch_frame_to_virt(fake_mfn(id, 0)) + gaddr;
}

static status_t copy_from(struct vcpu *v, void *dst, uint64_t gaddr, size_t len)
{
    struct domain *d = v->domain;

    if (gaddr >= FAKE_SYNTH_BASE && fake_mm.synth_read) {
        fake_mm.synth_reads++;
        fake_mm.synth_read(gaddr, dst, len);
        return STATUS_OK;
    }
    if (!range_ok(d, gaddr, len))
        return STATUS_EFAULT;
    memcpy(dst, fake_guest_ptr(d->id, gaddr), len);
    return STATUS_OK;
}

static status_t copy_to(struct vcpu *v, uint64_t gaddr, const void *src, size_t len)
{
    struct domain *d = v->domain;

    if (gaddr >= FAKE_SYNTH_BASE && fake_mm.synth_read) {
        fake_mm.synth_writes++;
        return STATUS_OK;
    }
    if (!range_ok(d, gaddr, len))
        return STATUS_EFAULT;
    memcpy(fake_guest_ptr(d->id, gaddr), src, len);
    return STATUS_OK;
}

static status_t alloc_shared(struct domain *owner, mfn_t *mfn)
{
    if (fake_mm.fail_alloc)
        return STATUS_ENOMEM;
    for (unsigned int i = 0; i < FAKE_POOL_FRAMES; i++)
        if (!fake_mm.pool_used[i]) {
            fake_mm.pool_used[i] = true;
            *mfn = POOL_BASE + i;
            memset(arch_frame_to_virt(*mfn), 0, PAGE_SIZE);
            return STATUS_OK;
        }
    return STATUS_ENOMEM;
}

static void free_shared(struct domain *owner, mfn_t mfn)
{
    if (mfn < POOL_BASE || mfn >= FAKE_NR_FRAMES || !fake_mm.pool_used[mfn - POOL_BASE])
        fake_mm.errors++;
    else
        fake_mm.pool_used[mfn - POOL_BASE] = false;
}

/* HVM: gfn through the identity "P2M"; PV: an mfn the domain owns. */
static status_t frame_of(struct domain *d, uint64_t frame, mfn_t *mfn)
{
    if (d->hvm) {
        if (frame >= FAKE_FRAMES_PER_DOMAIN)
            return STATUS_EINVAL;
        *mfn = fake_mfn(d->id, frame);
        return STATUS_OK;
    }
    if (frame < fake_mfn(d->id, 0) || frame >= fake_mfn(d->id, FAKE_FRAMES_PER_DOMAIN))
        return STATUS_EINVAL;
    *mfn = frame;
    return STATUS_OK;
}

static status_t get_frame(struct domain *owner, mfn_t mfn, bool writable)
{
    if (mfn < fake_mfn(owner->id, 0) || mfn >= fake_mfn(owner->id, FAKE_FRAMES_PER_DOMAIN))
        return STATUS_EINVAL;
    if (writable && fake_mm.page_table[mfn])
        return STATUS_EINVAL;
    fake_mm.refs[mfn]++;
    if (writable)
        fake_mm.writable[mfn]++;
    return STATUS_OK;
}

static void put_frame(mfn_t mfn, bool writable)
{
    if (mfn >= FAKE_NR_FRAMES || fake_mm.refs[mfn] == 0 ||
        (writable && fake_mm.writable[mfn] == 0)) {
        fake_mm.errors++;
        return;
    }
    fake_mm.refs[mfn]--;
    if (writable)
        fake_mm.writable[mfn]--;
}

static status_t p2m_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    if (fake_mm.fail_p2m_map)
        return STATUS_ENOMEM;
    fake_mm.p2m_grant_maps++;
    return STATUS_OK;
}

static status_t p2m_unmap(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    if (fake_mm.fail_unmap)
        return STATUS_EINVAL;
    if (fake_mm.p2m_grant_maps == 0) {
        fake_mm.errors++;
        return STATUS_EINVAL;
    }
    fake_mm.p2m_grant_maps--;
    return STATUS_OK;
}

static status_t pv_map(struct domain *d, uint64_t va, mfn_t mfn, bool readonly)
{
    if (fake_mm.fail_pv_map)
        return STATUS_EINVAL;
    fake_mm.pv_grant_maps++;
    return STATUS_OK;
}

static status_t pv_unmap(struct domain *d, uint64_t va, mfn_t mfn)
{
    if (fake_mm.fail_unmap)
        return STATUS_EINVAL;
    if (fake_mm.pv_grant_maps == 0) {
        fake_mm.errors++;
        return STATUS_EINVAL;
    }
    fake_mm.pv_grant_maps--;
    return STATUS_OK;
}

static const struct mm_port_ops fake_ops = {
    .copy_from_guest = copy_from,
    .copy_to_guest = copy_to,
    .alloc_shared_frame = alloc_shared,
    .free_shared_frame = free_shared,
    .frame_of = frame_of,
    .get_frame = get_frame,
    .put_frame = put_frame,
    .p2m_grant_map = p2m_map,
    .p2m_grant_unmap = p2m_unmap,
};

static const struct gnttab_pv_ops fake_pv_ops = {
    .map = pv_map,
    .unmap = pv_unmap,
};

void fake_mm_init(void)
{
    if (host_memory_frames() != FAKE_NR_FRAMES)
        host_memory_init(FAKE_NR_FRAMES);
    else
        memset(arch_frame_to_virt(0), 0, (size_t)FAKE_NR_FRAMES * PAGE_SIZE);
    memset(&fake_mm, 0, sizeof(fake_mm));
    mm_port_set_ops(&fake_ops);
    gnttab_set_pv_ops(&fake_pv_ops);
    domain_set_hooks(NULL);
    domain_table_reset();
}

struct domain *fake_domain(domid_t id, bool hvm, bool privileged, uint32_t nr_vcpus)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 1024, .max_vcpus = nr_vcpus,
                    .max_evtchn_ports = 1024, .max_grant_frames = 4 },
        .nr_vcpus = nr_vcpus,
        .privileged = privileged,
        .hvm = hvm,
    };
    struct domain *d = NULL;
    mfn_t mfn;

    if (alloc_shared(NULL, &mfn) != STATUS_OK)
        return NULL;
    cfg.shared_info = arch_frame_to_virt(mfn);
    if (domain_create(id, &cfg, &d) != STATUS_OK) {
        free_shared(NULL, mfn);
        return NULL;
    }
    return d;
}

uint64_t fake_mm_refs_held(void)
{
    uint64_t sum = 0;

    for (unsigned int i = 0; i < FAKE_NR_FRAMES; i++)
        sum += fake_mm.refs[i] + fake_mm.writable[i];
    return sum;
}
