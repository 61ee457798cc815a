/* SPDX-License-Identifier: MIT */
/* test_pv_ptwr.c - in-place page-table writes of a PV kernel emulated through pv_mm. */
#include "unit.h"
#include "pt_fixture.h"

#include <string.h>

#include "guest/pv/pv_emul.h"
#include "guest/pv/pv_mm.h"

#define PFEC_WRITE_PRESENT_USER 0x7ULL   /* the kernel runs in ring 3 */
#define ENTRY_VA(slot) (FX_L1_VA + 8ULL * (slot))

/* Put insn at FX_CODE; registers at it, rbx pointing at slot's entry. */
static struct cpu_regs at_insn(const uint8_t *insn, size_t len, uint64_t target)
{
    struct cpu_regs r;

    memcpy(arch_frame_to_virt(fx.code), insn, len);
    memset(&r, 0, sizeof(r));
    r.rip = FX_CODE;
    r.rsp = FX_DATA + 0x800;
    r.rflags = 0x202;
    r.rbx = target;
    return r;
}

static enum pv_emul_result run(struct cpu_regs *r, uint64_t cr2)
{
    return pv_emulate_pt_write(fx.v, &fx.gv->pv, r, cr2, PFEC_WRITE_PRESENT_USER);
}

UNIT_TEST(mov_to_an_l1_entry_is_validated_written_and_skipped)
{
    static const uint8_t mov[] = { 0x48, 0x89, 0x03 };        /* mov %rax,(%rbx) */
    struct cpu_regs r;

    fx_setup();
    r = at_insn(mov, sizeof(mov), ENTRY_VA(FX_FREE_SLOT));
    r.rax = (fx.spare[0] << 12) | P | RW | US;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), r.rax);
    CHECK_EQ(r.rip, FX_CODE + 3);
    CHECK_EQ(fx_info(fx.spare[0]).type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(fx_info(fx.spare[0]).type_count, 1U);
    /* Clearing it drops the reference again. */
    r = at_insn(mov, sizeof(mov), ENTRY_VA(FX_FREE_SLOT));
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    CHECK_EQ(fx_info(fx.spare[0]).type_count, 0U);
}

UNIT_TEST(writable_mapping_of_a_page_table_is_refused_and_bounced)
{
    static const uint8_t mov[] = { 0x48, 0x89, 0x03 };
    struct cpu_regs r, before;

    fx_setup();
    r = at_insn(mov, sizeof(mov), ENTRY_VA(FX_FREE_SLOT));
    r.rax = (fx.l1 << 12) | P | RW | US;
    before = r;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    CHECK(memcmp(&r, &before, sizeof(r)) == 0);          /* nothing changed */
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    CHECK_EQ(fx_info(fx.l1).type, FRAME_TYPE_L1);
    /* Making the L1's own read-only self-map writable: the same. */
    r = at_insn(mov, sizeof(mov), ENTRY_VA(2));
    r.rax = (fx.l1 << 12) | P | RW | US;
    CHECK_EQ(run(&r, ENTRY_VA(2)), PV_EMUL_NOT_MINE);
    CHECK_EQ(*fx_entry(fx.l1, 2), (fx.l1 << 12) | P | US);
    /* Another domain's frame, reserved bits: refused. */
    r = at_insn(mov, sizeof(mov), ENTRY_VA(FX_FREE_SLOT));
    r.rax = (fx.other_frame << 12) | P;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    r.rax = (fx.spare[0] << 12) | P | (1ULL << 55);
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
}

UNIT_TEST(xchg_cmpxchg_and_lock_btr_as_linux_uses_them)
{
    static const uint8_t xchg[] = { 0x48, 0x87, 0x03 };               /* xchg %rax,(%rbx) */
    static const uint8_t cmpxchg[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x0b }; /* lock cmpxchg %rcx,(%rbx) */
    static const uint8_t btr[] = { 0xf0, 0x48, 0x0f, 0xba, 0x33, 0x01 }; /* lock btrq $1,(%rbx) */
    uint64_t data_pte;
    struct cpu_regs r;

    fx_setup();
    data_pte = *fx_entry(fx.l1, 1);
    /* xchg returns the old entry (ptep_get_and_clear). */
    r = at_insn(xchg, sizeof(xchg), ENTRY_VA(1));
    r.rax = 0;
    CHECK_EQ(run(&r, ENTRY_VA(1)), PV_EMUL_DONE);
    CHECK_EQ(r.rax, data_pte);
    CHECK_EQ(*fx_entry(fx.l1, 1), 0ULL);
    CHECK_EQ(fx_info(fx.data).type_count, 0U);
    /* cmpxchg that matches writes; one that does not loads rAX. */
    r = at_insn(cmpxchg, sizeof(cmpxchg), ENTRY_VA(1));
    r.rax = 0;
    r.rcx = data_pte;
    CHECK_EQ(run(&r, ENTRY_VA(1)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, 1), data_pte);
    CHECK(r.rflags & 0x40);                                   /* ZF */
    CHECK_EQ(r.rip, FX_CODE + sizeof(cmpxchg));
    r = at_insn(cmpxchg, sizeof(cmpxchg), ENTRY_VA(1));
    r.rax = 5;
    r.rcx = 0;
    CHECK_EQ(run(&r, ENTRY_VA(1)), PV_EMUL_DONE);
    CHECK_EQ(r.rax, data_pte);
    CHECK_EQ(*fx_entry(fx.l1, 1), data_pte);
    CHECK(!(r.rflags & 0x40));
    /* lock btr $1 clears RW: writable type traded for a general reference. */
    r = at_insn(btr, sizeof(btr), ENTRY_VA(1));
    CHECK_EQ(run(&r, ENTRY_VA(1)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, 1), data_pte & ~RW);
    CHECK(r.rflags & 0x1);                                    /* CF: was set */
    CHECK_EQ(fx_info(fx.data).type_count, 0U);
    CHECK_EQ(fx_info(fx.data).ref_count, 2U);
}

UNIT_TEST(four_byte_halves_merge_into_the_entry)
{
    static const uint8_t mov32[] = { 0x89, 0x03 };             /* mov %eax,(%rbx) */
    uint64_t pte;
    struct cpu_regs r;

    fx_setup();
    pte = (fx.spare[1] << 12) | P | US;
    r = at_insn(mov32, sizeof(mov32), ENTRY_VA(FX_FREE_SLOT));
    r.rax = (uint32_t)pte;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), pte);
    r = at_insn(mov32, sizeof(mov32), ENTRY_VA(FX_FREE_SLOT) + 4);
    r.rax = 0x80000000U;                                      /* NX in the high half */
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT) + 4), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), pte | (1ULL << 63));
    CHECK_EQ(fx_info(fx.spare[1]).ref_count, 2U);
}

UNIT_TEST(segment_overrides_and_other_levels)
{
    static const uint8_t gs_mov[] = { 0x65, 0x48, 0x89, 0x03 };  /* mov %rax,%gs:(%rbx) */
    static const uint8_t fs_mov[] = { 0x64, 0x48, 0x89, 0x03 };
    static const uint8_t mov[] = { 0x48, 0x89, 0x03 };
    struct cpu_regs r;
    mfn_t new_l1;

    fx_setup();
    fx.gv->pv.gs_base_kernel = FX_L1_VA;
    r = at_insn(gs_mov, sizeof(gs_mov), 8 * FX_FREE_SLOT);
    r.rax = (fx.spare[0] << 12) | P;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), r.rax | US);   /* ring-3 kernel */
    fx.gv->pv.fs_base = FX_L1_VA;
    r = at_insn(fs_mov, sizeof(fs_mov), 8 * FX_FREE_SLOT);
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_DONE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    /* An L2 entry written in place: a new L1 is validated and linked. */
    new_l1 = fx.spare[2];
    r = at_insn(mov, sizeof(mov), FX_L2_VA + 8 * 3);
    r.rax = (new_l1 << 12) | P | RW | US;
    CHECK_EQ(run(&r, FX_L2_VA + 8 * 3), PV_EMUL_DONE);
    CHECK_EQ(fx_info(new_l1).type, FRAME_TYPE_L1);
    CHECK(fx_info(new_l1).validated);
    /* Strata's own L4 slots stay out of reach. */
    r = at_insn(mov, sizeof(mov), FX_L4_VA + 8 * 256);
    r.rax = (fx.l3 << 12) | P | RW | US;
    CHECK_EQ(run(&r, FX_L4_VA + 8 * 256), PV_EMUL_NOT_MINE);
}

UNIT_TEST(everything_else_is_bounced_untouched)
{
    static const uint8_t mov[] = { 0x48, 0x89, 0x03 };
    static const uint8_t load[] = { 0x48, 0x8b, 0x03 };       /* mov (%rbx),%rax */
    static const uint8_t ud2[] = { 0x0f, 0x0b };
    static const uint8_t movq_off4[] = { 0x48, 0x89, 0x43, 0x04 }; /* mov %rax,4(%rbx) */
    struct cpu_regs r;

    fx_setup();
    r = at_insn(mov, sizeof(mov), ENTRY_VA(FX_FREE_SLOT));
    r.rax = (fx.spare[0] << 12) | P;
    /* Not a write to a present page, or a reserved-bit / fetch fault. */
    CHECK_EQ(pv_emulate_pt_write(fx.v, &fx.gv->pv, &r, ENTRY_VA(FX_FREE_SLOT), 0x5),
             PV_EMUL_NOT_MINE);
    CHECK_EQ(pv_emulate_pt_write(fx.v, &fx.gv->pv, &r, ENTRY_VA(FX_FREE_SLOT), 0xf),
             PV_EMUL_NOT_MINE);
    CHECK_EQ(pv_emulate_pt_write(fx.v, &fx.gv->pv, &r, ENTRY_VA(FX_FREE_SLOT), 0x17),
             PV_EMUL_NOT_MINE);
    /* Guest user mode. */
    fx.v->pv_user_mode = true;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    fx.v->pv_user_mode = false;
    /* The faulting page is not a page table, is writable, or unmapped. */
    CHECK_EQ(run(&r, FX_RO_VA), PV_EMUL_NOT_MINE);
    CHECK_EQ(run(&r, FX_DATA), PV_EMUL_NOT_MINE);
    CHECK_EQ(run(&r, FX_FREE_VA), PV_EMUL_NOT_MINE);
    CHECK_EQ(run(&r, 0x600000ULL), PV_EMUL_NOT_MINE);
    /* The operand is not the faulting address. */
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT + 1)), PV_EMUL_NOT_MINE);
    /* Not a write, not decodable, not fetchable, crossing two entries. */
    r = at_insn(load, sizeof(load), ENTRY_VA(FX_FREE_SLOT));
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    r = at_insn(ud2, sizeof(ud2), ENTRY_VA(FX_FREE_SLOT));
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    r.rip = 0x600000ULL;
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT)), PV_EMUL_NOT_MINE);
    r = at_insn(movq_off4, sizeof(movq_off4), ENTRY_VA(FX_FREE_SLOT));
    CHECK_EQ(run(&r, ENTRY_VA(FX_FREE_SLOT) + 4), PV_EMUL_NOT_MINE);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
}
