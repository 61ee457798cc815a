/* SPDX-License-Identifier: MIT */
/* pt_fixture.c - a PV domain whose page tables the real PV MMU validated. */
#include "pt_fixture.h"
#include "unit.h"
#include "../mm/mm_test.h"

#include <string.h>

#include "core/gnttab.h"
#include "core/mm_port.h"
#include "guest/pv/pv_grant.h"
#include "guest/pv/pv_mm.h"
#include "hypercall/hypercall.h"

struct pt_fixture fx;
static struct shared_info shared[2] ALIGNED(4096);

mfn_t fx_frame(struct domain *dom)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&dom->mm.account, 0, &mfn), STATUS_OK);
    mm_test_frame_fill(mfn, 0);
    return mfn;
}

uint64_t *fx_entry(mfn_t t, unsigned int i)
{
    return &((uint64_t *)arch_frame_to_virt(t))[i];
}

struct frame_info fx_info(mfn_t m)
{
    struct frame_info info;

    CHECK_EQ(frame_get_info(m, &info), STATUS_OK);
    return info;
}

static struct domain *make(domid_t id)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 64, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1, .shared_info = &shared[id - 1],
    };
    struct domain *out = NULL;

    CHECK_EQ(domain_create(id, &cfg, &out), STATUS_OK);
    out->vcpus[0].pv_l4 = out->vcpus[0].pv_kernel_l4 = INVALID_MFN;
    out->vcpus[0].pv_user_l4 = INVALID_MFN;
    return out;
}

static void build_tables(void)
{
    struct domain *d = fx.d;

    fx.l4 = fx_frame(d);
    fx.l3 = fx_frame(d);
    fx.l2 = fx_frame(d);
    fx.l1 = fx_frame(d);
    fx.code = fx_frame(d);
    fx.data = fx_frame(d);
    fx.ro_data = fx_frame(d);
    *fx_entry(fx.l4, 0) = (fx.l3 << 12) | P | RW | US;
    *fx_entry(fx.l3, 0) = (fx.l2 << 12) | P | RW | US;
    *fx_entry(fx.l2, 2) = (fx.l1 << 12) | P | RW | US;
    *fx_entry(fx.l1, 0) = (fx.code << 12) | P | RW | US;
    *fx_entry(fx.l1, 1) = (fx.data << 12) | P | RW | US;
    *fx_entry(fx.l1, 2) = (fx.l1 << 12) | P | US;
    *fx_entry(fx.l1, 3) = (fx.l2 << 12) | P | US;
    *fx_entry(fx.l1, 4) = (fx.ro_data << 12) | P | US;
    *fx_entry(fx.l1, 6) = (fx.l4 << 12) | P | US;
    CHECK_EQ(pv_mm_pin(d, fx.l4, 4), STATUS_OK);
    CHECK_EQ(pv_mm_set_kernel_base(fx.v, fx.l4), STATUS_OK);
}

void fx_setup(void)
{
    mfn_t frames[DOMAIN_MAX_GRANT_FRAMES];

    memset(&fx, 0, sizeof(fx));
    memset(shared, 0, sizeof(shared));
    mm_test_machine(512, 1);
    domain_table_reset();
    guest_vcpu_table_reset();
    gnttab_table_reset();
    domain_set_hooks(NULL);
    hypercall_reset_registrations();
    mm_port_use_mm();
    pv_mm_set_hooks(NULL);
    pv_grant_init();
    fx.d = make(1);
    fx.other = make(2);
    fx.v = &fx.d->vcpus[0];
    fx.v->pv_user_mode = false;
    build_tables();
    for (unsigned int i = 0; i < 4; i++)
        fx.spare[i] = fx_frame(fx.d);
    fx.other_frame = fx_frame(fx.other);
    CHECK_EQ(gnttab_setup_table(fx.other, 1, frames), GNTST_okay);
    fx.grant_table = frames[0];
    CHECK_EQ(guest_vcpu_create(fx.v, &fx.gv), STATUS_OK);
}
