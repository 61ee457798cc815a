/* SPDX-License-Identifier: MIT */
/* test_hvm_insn.c - guest modes, page walks, instruction fetch, fixed lengths and moffs MOVs. */
#include "hvm_exit_test.h"
#include "guest/hvm/hvm_insn.h"
#include "unit.h"

#include <string.h>

static struct hvm_mode mode_of(struct hvm_vcpu *hv)
{
    struct arch_hvm_state st;
    struct hvm_mode m;

    arch_hvm_get_state(hv->arch, &st);
    hvm_mode_of(&st, &m);
    return m;
}

static void put32(uint64_t gpa, uint32_t v)
{
    memcpy(hx_gpa(gpa), &v, 4);
}

static void put64(uint64_t gpa, uint64_t v)
{
    memcpy(hx_gpa(gpa), &v, 8);
}

UNIT_TEST(modes_come_from_cr0_cr4_efer_and_cs)
{
    struct hvm_mode m;

    hx_setup();
    m = mode_of(hx_vcpu);
    CHECK(m.paging && m.pae && m.long_mode && m.code64 && !m.code32);
    CHECK_EQ(m.cs_base, 0U);
    hx_mode_flat32(hx_vcpu);
    m = mode_of(hx_vcpu);
    CHECK(!m.paging && !m.long_mode && !m.code64 && m.code32);
    /* real mode: CS base counts, 16-bit code */
    {
        struct arch_hvm_state st;
        struct cpu_regs regs;

        hvm_sipi_state(0x9a, &st, &regs);
        hvm_mode_of(&st, &m);
        CHECK(!m.paging && !m.code64 && !m.code32);
        CHECK_EQ(m.cs_base, 0x9a000U);
    }
}

UNIT_TEST(long_mode_walks_4k_2m_and_1g_pages)
{
    struct hvm_mode m;
    uint64_t gpa;

    hx_setup();
    m = mode_of(hx_vcpu);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x12345, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x12345U);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x2abcde, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x2abcdeU);
    /* a 1 GiB page at PDPT[1] */
    put64(HX_PDPT_GPA + 8, 0x80000000ULL | 0x83);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x40001234, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x80001234U);
    /* not present at each level */
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x8000000000ULL, &gpa), STATUS_EFAULT);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0xc0000000ULL, &gpa), STATUS_EFAULT);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x400000ULL, &gpa), STATUS_EFAULT);
    put64(HX_PT_GPA + 5 * 8, 0);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x5000, &gpa), STATUS_EFAULT);
    /* a table outside RAM */
    put64(HX_PML4_GPA + 8, 0x7000000ULL | 3);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x8000000000ULL, &gpa), STATUS_EFAULT);
}

UNIT_TEST(pae_and_two_level_walks)
{
    struct hvm_mode m = { .paging = true, .pae = true, .cr3 = 0x5000 };
    uint64_t gpa;

    hx_setup();
    /* PAE: 4 PDPT entries at cr3, then PD and PT with 8-byte entries */
    put64(0x5000 + 3 * 8, 0x6000 | 1);
    put64(0x6000 + 1 * 8, 0x7000 | 3);
    put64(0x7000 + 2 * 8, 0x42000 | 3);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0xc0202123ULL, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x42123U);
    put64(0x6000 + 2 * 8, 0x600000 | 0x83);    /* a 2 MiB page */
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0xc0412345ULL, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x612345U);
    /* 2-level: 4 MiB pages only with CR4.PSE */
    m = (struct hvm_mode){ .paging = true, .cr3 = 0x8000 };
    put32(0x8000 + 1 * 4, 0x9000 | 3);
    put32(0x9000 + 3 * 4, 0x55000 | 3);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x403abcULL, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x55abcU);
    put32(0x8000 + 2 * 4, 0xc00000 | 0x83);
    m.pse = true;
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x812345ULL, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0xc12345U);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0xc00000ULL, &gpa), STATUS_EFAULT);
    put32(0x9000 + 4 * 4, 0);
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x404000ULL, &gpa), STATUS_EFAULT);
    /* paging off outside long mode: 32-bit wrap */
    m = (struct hvm_mode){ 0 };
    CHECK_EQ(hvm_linear_to_gpa(&hx_dom->mm, &m, 0x100001234ULL, &gpa), STATUS_OK);
    CHECK_EQ(gpa, 0x1234U);
}

UNIT_TEST(fetch_stops_at_an_unmapped_page)
{
    struct hvm_mode m;
    uint8_t buf[X86_MAX_LEN];
    size_t got;

    hx_setup();
    m = mode_of(hx_vcpu);
    memset(hx_gpa(0x10ff8), 0x90, 8);
    memset(hx_gpa(0x11000), 0xcc, 8);
    CHECK_EQ(hvm_fetch_insn(&hx_dom->mm, &m, 0x10ff8, buf, &got), STATUS_OK);
    CHECK_EQ(got, 15U);
    CHECK_EQ(buf[7], 0x90);
    CHECK_EQ(buf[8], 0xcc);
    put64(HX_PT_GPA + 0x11 * 8, 0);
    CHECK_EQ(hvm_fetch_insn(&hx_dom->mm, &m, 0x10ff8, buf, &got), STATUS_OK);
    CHECK_EQ(got, 8U);
    CHECK_EQ(hvm_fetch_insn(&hx_dom->mm, &m, 0x11000, buf, &got), STATUS_EFAULT);
    CHECK_EQ(got, 0U);
}

UNIT_TEST(fixed_instruction_lengths)
{
    static const uint8_t cpuid[] = { 0x0f, 0xa2 };
    static const uint8_t prefixed[] = { 0x66, 0xf3, 0x48, 0x0f, 0xa2 };
    static const uint8_t hlt[] = { 0xf4 };
    static const uint8_t vmmcall[] = { 0x0f, 0x01, 0xd9 };
    static const uint8_t wrmsr[] = { 0x0f, 0x30 }, rdmsr[] = { 0x0f, 0x32 };
    uint8_t many[20];

    CHECK_EQ(hvm_insn_length(cpuid, 2, true, HVM_INSN_CPUID), 2U);
    CHECK_EQ(hvm_insn_length(prefixed, 5, true, HVM_INSN_CPUID), 5U);
    /* REX is an opcode (INC/DEC) outside 64-bit code */
    CHECK_EQ(hvm_insn_length(prefixed, 5, false, HVM_INSN_CPUID), 0U);
    CHECK_EQ(hvm_insn_length(hlt, 1, true, HVM_INSN_HLT), 1U);
    CHECK_EQ(hvm_insn_length(vmmcall, 3, true, HVM_INSN_VMMCALL), 3U);
    CHECK_EQ(hvm_insn_length(vmmcall, 2, true, HVM_INSN_VMMCALL), 0U);
    CHECK_EQ(hvm_insn_length(wrmsr, 2, true, HVM_INSN_WRMSR), 2U);
    CHECK_EQ(hvm_insn_length(rdmsr, 2, true, HVM_INSN_RDMSR), 2U);
    CHECK_EQ(hvm_insn_length(rdmsr, 2, true, HVM_INSN_WRMSR), 0U);
    CHECK_EQ(hvm_insn_length(cpuid, 2, true, (enum hvm_insn)99), 0U);
    /* 14 prefixes + 0f a2 is 16 bytes: too long */
    memset(many, 0x66, sizeof(many));
    many[14] = 0x0f;
    many[15] = 0xa2;
    CHECK_EQ(hvm_insn_length(many, 16, true, HVM_INSN_CPUID), 0U);
    CHECK_EQ(hvm_insn_length(many + 1, 15, true, HVM_INSN_CPUID), 15U);
}

UNIT_TEST(moffs_movs_decode_as_accumulator_moves)
{
    static const uint8_t a1[] = { 0xa1, 0x30, 0x00, 0xe0, 0xfe, 0, 0, 0, 0 };
    static const uint8_t a3_16[] = { 0x66, 0xa3, 0x80, 0x00, 0xe0, 0xfe, 0, 0, 0, 0 };
    static const uint8_t a0_32[] = { 0x67, 0xa0, 0x20, 0x00, 0xe0, 0xfe };
    static const uint8_t a2_seg[] = { 0x65, 0xa2, 0x10, 0, 0, 0 };
    static const uint8_t rexw[] = { 0x48, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t addr16[] = { 0x67, 0xa1, 0x00, 0x10 };
    static const uint8_t other[] = { 0x8b, 0x00 };
    static const uint8_t prefixes_only[] = { 0x66, 0x66 };
    struct x86_insn i;

    CHECK_EQ(hvm_decode_moffs(a1, sizeof(a1), true, &i), STATUS_OK);
    CHECK_EQ(i.len, 9U);
    CHECK_EQ(i.op, X86_OP_MOV_FROM_MEM);
    CHECK_EQ(i.op_size, 4U);
    CHECK(i.reg_is_dest && !i.mem_is_dest && i.reg == X86_RAX);
    CHECK_EQ((uint64_t)i.disp, 0xfee00030ULL);
    CHECK_EQ(hvm_decode_moffs(a3_16, sizeof(a3_16), true, &i), STATUS_OK);
    CHECK_EQ(i.len, 10U);
    CHECK_EQ(i.op, X86_OP_MOV_TO_MEM);
    CHECK_EQ(i.op_size, 2U);
    CHECK(i.mem_is_dest);
    CHECK_EQ(hvm_decode_moffs(a0_32, sizeof(a0_32), true, &i), STATUS_OK);
    CHECK_EQ(i.len, 6U);
    CHECK_EQ(i.op_size, 1U);
    CHECK_EQ(i.addr_size, 4U);
    CHECK_EQ(hvm_decode_moffs(a2_seg, sizeof(a2_seg), false, &i), STATUS_OK);
    CHECK_EQ(i.len, 6U);
    CHECK_EQ(i.seg, X86_SEG_GS);
    CHECK_EQ(hvm_decode_moffs(rexw, sizeof(rexw), true, &i), STATUS_OK);
    CHECK_EQ(i.op_size, 8U);
    CHECK_EQ(hvm_decode_moffs(addr16, sizeof(addr16), false, &i), STATUS_EINVAL);
    CHECK_EQ(hvm_decode_moffs(other, sizeof(other), true, &i), STATUS_EINVAL);
    CHECK_EQ(hvm_decode_moffs(a1, 5, true, &i), STATUS_EAGAIN);
    CHECK_EQ(hvm_decode_moffs(prefixes_only, sizeof(prefixes_only), true, &i), STATUS_EAGAIN);
}
