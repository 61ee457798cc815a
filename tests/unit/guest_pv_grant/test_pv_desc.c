/* SPDX-License-Identifier: MIT */
/* test_pv_desc.c - set_gdt and update_descriptor: frame types and descriptor checks. */
#include "unit.h"
#include "pt_fixture.h"

#include <string.h>

#include "guest/pv/pv_desc.h"
#include "guest/pv/pv_hypercalls.h"
#include "hypercall/hypercall.h"

#define CODE64_DPL0 0x00af9b000000ffffULL   /* Linux's __KERNEL_CS */
#define DATA_DPL0   0x00cf93000000ffffULL
#define CODE64_DPL3 0x00affb000000ffffULL
#define DATA_DPL3   0x00cff3000000ffffULL
#define CALL_GATE   0x0000ec0000e03000ULL   /* 64-bit call gate, DPL 3 */
#define LDT_DESC    0x0000820000000000ULL
#define TSS_DESC    0x0000890000000000ULL
#define INT_GATE    0x00008e0000000000ULL
#define TYPE0_SYS   0x0000800000000000ULL   /* present, type 0: harmless */
#define NOT_PRESENT 0x00ff1b00ffffffffULL   /* anything, P clear */
#define LIST_VA     (FX_DATA + 0x100)

static uint64_t *desc(mfn_t m)
{
    return arch_frame_to_virt(m);
}

/* A GDT frame as Linux builds it: DPL 0 kernel segments, DPL 3 user ones. */
static mfn_t linux_gdt(void)
{
    mfn_t m = fx.spare[0];

    desc(m)[1] = CODE64_DPL0;
    desc(m)[2] = DATA_DPL0;
    desc(m)[6] = CODE64_DPL3;
    desc(m)[7] = NOT_PRESENT;
    desc(m)[8] = TYPE0_SYS;
    return m;
}

static long set_gdt(const uint64_t *frames, unsigned int n, uint64_t entries)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_set_gdt, .args = { LIST_VA, entries } };

    memcpy((char *)arch_frame_to_virt(fx.data) + (LIST_VA & 0xfff), frames, n * sizeof(*frames));
    return do_set_gdt(fx.v, &f);
}

static long update(uint64_t maddr, uint64_t d)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_update_descriptor, .args = { maddr, d } };

    return do_update_descriptor(fx.v, &f);
}

UNIT_TEST(linux_gdt_is_accepted_with_every_dpl_raised_to_3)
{
    uint64_t list[1];

    fx_setup();
    list[0] = linux_gdt();
    CHECK_EQ(set_gdt(list, 1, 16), STATUS_OK);
    CHECK_EQ(fx_info(list[0]).type, FRAME_TYPE_SEG_DESC);
    CHECK_EQ(fx_info(list[0]).type_count, 1U);
    CHECK(fx_info(list[0]).validated);
    CHECK_EQ(desc(list[0])[1], CODE64_DPL3);     /* never a ring-0 segment */
    CHECK_EQ(desc(list[0])[2], DATA_DPL3);
    CHECK_EQ(desc(list[0])[6], CODE64_DPL3);
    CHECK_EQ(desc(list[0])[7], NOT_PRESENT);
    CHECK_EQ(desc(list[0])[8], TYPE0_SYS | (3ULL << 45));
    CHECK_EQ(fx.gv->pv.gdt_nr_frames, 1U);
    CHECK_EQ(fx.gv->pv.gdt_entries, 16U);
    CHECK_EQ(fx.gv->pv.gdt_frames[0], list[0]);
    /* A descriptor frame cannot become writable while in use. */
    CHECK_EQ(frame_get_type(list[0], fx.d->id, FRAME_TYPE_WRITABLE), STATUS_EBUSY);
    /* An empty GDT releases it. */
    CHECK_EQ(set_gdt(list, 0, 0), STATUS_OK);
    CHECK_EQ(fx_info(list[0]).type_count, 0U);
    CHECK(!fx_info(list[0]).validated);
    CHECK_EQ(fx.gv->pv.gdt_nr_frames, 0U);
}

UNIT_TEST(gates_and_system_descriptors_are_refused_and_nothing_changes)
{
    static const uint64_t bad[] = { CALL_GATE, LDT_DESC, TSS_DESC, INT_GATE };
    uint64_t list[1], fixed;

    fx_setup();
    for (unsigned int i = 0; i < 4; i++) {
        list[0] = linux_gdt();
        desc(list[0])[20] = bad[i];
        CHECK_EQ(set_gdt(list, 1, 512), STATUS_EINVAL);
        CHECK_EQ(fx_info(list[0]).type_count, 0U);
        CHECK_EQ(desc(list[0])[1], CODE64_DPL0);  /* no fix-up on failure */
        CHECK(!pv_desc_check(bad[i], &fixed));
        CHECK_EQ(update(list[0] << 12, bad[i]), STATUS_EINVAL);
        desc(list[0])[20] = 0;
    }
    CHECK_EQ(fx.gv->pv.gdt_nr_frames, 0U);
}

UNIT_TEST(set_gdt_refuses_bad_frames_and_sizes_and_undoes)
{
    uint64_t list[2];

    fx_setup();
    list[0] = linux_gdt();
    list[1] = fx.data;                           /* mapped writable */
    CHECK_EQ(set_gdt(list, 2, 1024), STATUS_EINVAL);
    CHECK_EQ(fx_info(list[0]).type_count, 0U);   /* the first was undone */
    list[1] = fx.l1;                             /* a page table */
    CHECK_EQ(set_gdt(list, 2, 1024), STATUS_EINVAL);
    list[1] = fx.other_frame;                    /* another domain's */
    CHECK_EQ(set_gdt(list, 2, 1024), STATUS_EINVAL);
    list[1] = 1000000;                           /* beyond memory */
    CHECK_EQ(set_gdt(list, 2, 1024), STATUS_EINVAL);
    CHECK_EQ(set_gdt(list, 1, PV_GDT_MAX_ENTRIES + 1), STATUS_EINVAL);
    struct hypercall_frame f = { .args = { 0x600000ULL, 1 } };
    CHECK_EQ(do_set_gdt(fx.v, &f), STATUS_EFAULT);
    CHECK_EQ(fx_info(list[0]).type_count, 0U);
    /* Replacing a GDT drops the old frames; the same frame twice is fine. */
    list[1] = list[0];
    CHECK_EQ(set_gdt(list, 2, 513), STATUS_OK);
    CHECK_EQ(fx_info(list[0]).type_count, 2U);
    list[0] = fx.spare[1];
    CHECK_EQ(set_gdt(list, 1, PV_GDT_MAX_ENTRIES / 14), STATUS_OK);
    CHECK_EQ(fx_info(fx.spare[0]).type_count, 0U);
    CHECK_EQ(fx_info(fx.spare[1]).type_count, 1U);
    pv_gdt_release(&fx.gv->pv);
    CHECK_EQ(fx_info(fx.spare[1]).type_count, 0U);
    /* A domain without PV vCPU state has no GDT to set. */
    f.args[1] = 0;
    CHECK_EQ(do_set_gdt(&fx.other->vcpus[0], &f), STATUS_ENOSYS);
}

UNIT_TEST(update_descriptor_checks_and_fixes_up_each_write)
{
    uint64_t list[1];

    fx_setup();
    list[0] = linux_gdt();
    CHECK_EQ(set_gdt(list, 1, 16), STATUS_OK);
    /* Into the live GDT frame: a DPL-0 segment arrives as DPL 3. */
    CHECK_EQ(update((list[0] << 12) + 8 * 12, DATA_DPL0), STATUS_OK);
    CHECK_EQ(desc(list[0])[12], DATA_DPL3);
    CHECK_EQ(fx_info(list[0]).type_count, 1U);   /* its temporary reference went */
    CHECK_EQ(update((list[0] << 12) + 8 * 12 + 4, DATA_DPL3), STATUS_EINVAL);
    /* Into an unused frame of the guest (it may become a GDT later). */
    CHECK_EQ(update((fx.spare[2] << 12) + 8, CODE64_DPL0), STATUS_OK);
    CHECK_EQ(desc(fx.spare[2])[1], CODE64_DPL3);
    CHECK_EQ(fx_info(fx.spare[2]).type_count, 0U);
    /* Never into a page table or another domain's frame. */
    CHECK_EQ(update(fx.l1 << 12, DATA_DPL3), STATUS_EINVAL);
    CHECK_EQ(*fx_entry(fx.l1, 0), (fx.code << 12) | P | RW | US);
    CHECK_EQ(update(fx.other_frame << 12, DATA_DPL3), STATUS_EINVAL);
    CHECK_EQ(update(1000000ULL << 12, DATA_DPL3), STATUS_EINVAL);
    pv_gdt_release(&fx.gv->pv);
}

UNIT_TEST(both_hypercalls_are_registered)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_update_descriptor,
                                 .args = { (fx.spare[2] << 12) + 16, DATA_DPL0 } };

    fx_setup();
    f.args[0] = (fx.spare[2] << 12) + 16;
    CHECK_EQ(pv_hypercalls_register(), STATUS_OK);
    CHECK_EQ(hypercall_dispatch(fx.v, &f), STATUS_OK);
    CHECK_EQ(desc(fx.spare[2])[2], DATA_DPL3);
    f.op = __HYPERVISOR_set_gdt;
    f.args[0] = LIST_VA;
    f.args[1] = 0;
    CHECK_EQ(hypercall_dispatch(fx.v, &f), STATUS_OK);
}

#include "arch/host/host.h"

/* Regression (Linux's first `mov %eax, %fs` with 0x2b faulted: the guest
 * GDT was never loaded): set_gdt by the running vCPU maps its frames
 * into the CPU's GDT, and only then drops the old frames' types. */
UNIT_TEST(set_gdt_of_the_running_vcpu_loads_the_frames_first)
{
    uint64_t list[1], second[2];
    unsigned int loads;

    fx_setup();
    list[0] = linux_gdt();
    loads = host_guest_gdt.loads;
    CHECK_EQ(set_gdt(list, 1, 16), STATUS_OK);
    CHECK_EQ(host_guest_gdt.loads, loads);      /* not running here: no load */
    fx.gv->running_on = arch_cpu_id();
    second[0] = fx.spare[1];
    second[1] = fx.spare[2];
    CHECK_EQ(set_gdt(second, 2, 600), STATUS_OK);
    CHECK_EQ(host_guest_gdt.loads, loads + 1);
    CHECK_EQ(host_guest_gdt.nr, 2U);
    CHECK_EQ(host_guest_gdt.frames[0], second[0]);
    CHECK_EQ(host_guest_gdt.frames[1], second[1]);
    CHECK_EQ(fx_info(list[0]).type_count, 0U);  /* the old frame let go */
    CHECK_EQ(set_gdt(second, 0, 0), STATUS_OK);
    CHECK_EQ(host_guest_gdt.nr, 0U);
    fx.gv->running_on = GUEST_NOT_RUNNING;
}

/* Regression (Linux BUGs when load_gs_index(__USER_DS) fails): a user GS
 * selector is loaded when it names a usable descriptor, else null. */
UNIT_TEST(user_gs_selector_loads_only_usable_descriptors)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_set_segment_base };
    uint64_t list[1];
    mfn_t m;

    fx_setup();
    m = linux_gdt();
    desc(m)[5] = DATA_DPL0;                      /* __USER_DS at 0x2b */
    desc(m)[9] = 0x00cf9b000000ffffULL & ~(1ULL << 41);  /* execute-only code */
    list[0] = m;
    CHECK_EQ(set_gdt(list, 1, 16), STATUS_OK);
    CHECK(pv_desc_gs_loadable(&fx.gv->pv, 0));
    CHECK(pv_desc_gs_loadable(&fx.gv->pv, 0x2b));
    CHECK(pv_desc_gs_loadable(&fx.gv->pv, 0x33));         /* readable code */
    CHECK(pv_desc_gs_loadable(&fx.gv->pv, 0xe02b));
    CHECK(!pv_desc_gs_loadable(&fx.gv->pv, 0x3b));        /* not present */
    CHECK(!pv_desc_gs_loadable(&fx.gv->pv, 0x4b));        /* execute-only */
    CHECK(!pv_desc_gs_loadable(&fx.gv->pv, 0x2f));        /* LDT */
    CHECK(!pv_desc_gs_loadable(&fx.gv->pv, 16 * 8 + 3));  /* past the limit */
    CHECK(!pv_desc_gs_loadable(&fx.gv->pv, 0xe033 + 0x10));
    f.args[0] = SEGBASE_GS_USER_SEL;
    f.args[1] = 0x28;                            /* RPL becomes 3 */
    CHECK_EQ(do_set_segment_base(fx.v, &f), STATUS_OK);
    CHECK_EQ(host_guest_gdt.user_gs, 0x2b);
    f.args[1] = 0x38;
    CHECK_EQ(do_set_segment_base(fx.v, &f), STATUS_OK);
    CHECK_EQ(host_guest_gdt.user_gs, 0);         /* refused: null instead */
    f.args[1] = 0;
    CHECK_EQ(do_set_segment_base(fx.v, &f), STATUS_OK);
    CHECK_EQ(host_guest_gdt.user_gs, 0);
    CHECK_EQ(fx.gv->pv.gs_base_user, 0);
}
