/* SPDX-License-Identifier: MIT */
/* test_x86_emulate.c - memory, register and flag effects of decoded instructions. */
#include "unit.h"
#include "guest/x86/emulate.h"

/* A guest state and the result of one emulation. */
struct run {
    uint64_t gpr[16];
    uint64_t rflags;
    uint64_t mem_new;
    bool writes;
};

/* Decodes bytes (64-bit mode) and applies them to mem in r. */
static status_t run(struct run *r, const char *bytes, size_t len, uint64_t mem)
{
    struct x86_insn i;
    status_t status = x86_decode((const uint8_t *)bytes, len, true, &i);
    if (status != STATUS_OK)
        return status;
    return x86_emulate(&i, r->gpr, &r->rflags, mem, &r->mem_new, &r->writes);
}

#define FLAGS(r) ((r).rflags & X86_FLAGS_ARITH)

UNIT_TEST(mov_widths)
{
    struct run r = { .gpr = { [X86_RAX] = 0x1122334455667788ull } };

    /* mov %rax,(%rdi) */
    CHECK_EQ(run(&r, "\x48\x89\x07", 3, 0), STATUS_OK);
    CHECK(r.writes);
    CHECK_EQ(r.mem_new, 0x1122334455667788ull);
    /* mov %ah,(%rsi) */
    CHECK_EQ(run(&r, "\x88\x26", 2, 0), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x77);
    /* movw $0x1234,2(%rax) */
    CHECK_EQ(run(&r, "\x66\xc7\x40\x02\x34\x12", 6, 0), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x1234);
    /* movq $-1,(%r8,%r9,4) */
    CHECK_EQ(run(&r, "\x4b\xc7\x04\x88\xff\xff\xff\xff", 8, 0), STATUS_OK);
    CHECK_EQ(r.mem_new, ~0ull);
    /* movl $0xdeadbeef: stores 32 bits only */
    CHECK_EQ(run(&r, "\xc7\x82\x00\x01\x00\x00\xef\xbe\xad\xde", 10, 0), STATUS_OK);
    CHECK_EQ(r.mem_new, 0xdeadbeef);
}

UNIT_TEST(loads_follow_register_width_rules)
{
    struct run r = { .gpr = { [X86_RAX] = ~0ull, [X86_RBX] = ~0ull,
                              [X86_RCX] = ~0ull, [X86_R10] = ~0ull } };

    /* mov (%rdi),%eax (8b 07): 32-bit result zero-extends */
    CHECK_EQ(run(&r, "\x8b\x07", 2, 0xaabbccdd11223344ull), STATUS_OK);
    CHECK(!r.writes);
    CHECK_EQ(r.gpr[X86_RAX], 0x11223344);
    /* mov 0x0(%r13),%bl: 8-bit result keeps the rest */
    CHECK_EQ(run(&r, "\x41\x8a\x5d\x00", 4, 0x5a), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RBX], 0xffffffffffffff5aull);
    /* mov (%rdi),%ah (8a 27) */
    CHECK_EQ(run(&r, "\x8a\x27", 2, 0x12), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RAX], 0x11221244);
    /* 66 8b 0f: mov (%rdi),%cx keeps bits 63:16 */
    CHECK_EQ(run(&r, "\x66\x8b\x0f", 3, 0xbeef), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RCX], 0xffffffffffffbeefull);
    /* movzwq 4(%rsi),%r10 */
    CHECK_EQ(run(&r, "\x4c\x0f\xb7\x56\x04", 5, 0x1234ffff), STATUS_OK);
    CHECK_EQ(r.gpr[X86_R10], 0xffff);
    /* movsbq (%rdi),%rax */
    CHECK_EQ(run(&r, "\x48\x0f\xbe\x07", 4, 0x80), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RAX], 0xffffffffffffff80ull);
    /* movswl (%rdi),%ecx: sign-extends to 32, zero above */
    CHECK_EQ(run(&r, "\x0f\xbf\x0f", 3, 0x8001), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RCX], 0xffff8001ull);
    /* movslq 8(%rbp),%rdx */
    CHECK_EQ(run(&r, "\x48\x63\x55\x08", 4, 0x80000000), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RDX], 0xffffffff80000000ull);
    /* movzbl (%rdi),%eax */
    CHECK_EQ(run(&r, "\x0f\xb6\x07", 3, 0x1ff), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RAX], 0xff);
}

UNIT_TEST(xchg_swaps)
{
    struct run r = { .gpr = { [X86_RAX] = 0x1111, [X86_RCX] = 0xabcd } };

    CHECK_EQ(run(&r, "\x48\x87\x07", 3, 0x2222), STATUS_OK);   /* xchg %rax,(%rdi) */
    CHECK(r.writes);
    CHECK_EQ(r.mem_new, 0x1111);
    CHECK_EQ(r.gpr[X86_RAX], 0x2222);
    CHECK_EQ(run(&r, "\x86\x0a", 2, 0x77), STATUS_OK);         /* xchg %cl,(%rdx) */
    CHECK_EQ(r.mem_new, 0xcd);
    CHECK_EQ(r.gpr[X86_RCX], 0xab77);
}

UNIT_TEST(cmpxchg_success_and_failure)
{
    struct run r = { .gpr = { [X86_RAX] = 0x1000, [X86_RSI] = 0x2000 } };

    /* lock cmpxchg %rsi,(%rdi) with memory equal to rax */
    CHECK_EQ(run(&r, "\xf0\x48\x0f\xb1\x37", 5, 0x1000), STATUS_OK);
    CHECK(r.writes);
    CHECK_EQ(r.mem_new, 0x2000);
    CHECK(r.rflags & X86_FLAG_ZF);
    CHECK_EQ(r.gpr[X86_RAX], 0x1000);
    /* memory differs: rax loaded, nothing written, ZF clear */
    CHECK_EQ(run(&r, "\xf0\x48\x0f\xb1\x37", 5, 0x3000), STATUS_OK);
    CHECK(!r.writes);
    CHECK(!(r.rflags & X86_FLAG_ZF));
    CHECK(r.rflags & X86_FLAG_CF);              /* 0x1000 < 0x3000 */
    CHECK_EQ(r.gpr[X86_RAX], 0x3000);
    /* 32-bit: compares eax only; failure zero-extends into rax */
    r.gpr[X86_RAX] = 0xffffffff00000005ull;
    r.gpr[X86_RCX] = 9;
    CHECK_EQ(run(&r, "\xf0\x41\x0f\xb1\x0f", 5, 0x5), STATUS_OK);
    CHECK(r.writes);
    CHECK_EQ(r.mem_new, 9);
    CHECK_EQ(r.gpr[X86_RAX], 0xffffffff00000005ull); /* success: rax untouched */
    CHECK_EQ(run(&r, "\xf0\x41\x0f\xb1\x0f", 5, 0x6), STATUS_OK);
    CHECK_EQ(r.gpr[X86_RAX], 6);
}

UNIT_TEST(bit_operations_set_cf)
{
    struct run r = { .gpr = { [X86_RAX] = 130 } };

    /* lock btrq $5,(%rdi) */
    CHECK_EQ(run(&r, "\xf0\x48\x0f\xba\x37\x05", 6, 0x21), STATUS_OK);
    CHECK_EQ(r.mem_new, 1);
    CHECK(r.rflags & X86_FLAG_CF);
    CHECK_EQ(run(&r, "\xf0\x48\x0f\xba\x37\x05", 6, 0x1), STATUS_OK);
    CHECK_EQ(r.mem_new, 1);
    CHECK(!(r.rflags & X86_FLAG_CF));
    /* lock btsl $63,(%rax): the offset is taken modulo 32 */
    CHECK_EQ(run(&r, "\xf0\x0f\xba\x28\x3f", 5, 0), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x80000000);
    /* lock bts %rax,(%rdi) with bit 130: bit 2 of the addressed word */
    CHECK_EQ(run(&r, "\xf0\x48\x0f\xab\x07", 5, 0x4), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x4);
    CHECK(r.rflags & X86_FLAG_CF);
    /* btc $3 flips; bt only reads */
    CHECK_EQ(run(&r, "\x0f\xba\x3f\x03", 4, 0x8), STATUS_OK);
    CHECK_EQ(r.mem_new, 0);
    CHECK_EQ(run(&r, "\x0f\xba\x27\x03", 4, 0x8), STATUS_OK);
    CHECK(!r.writes);
    CHECK(r.rflags & X86_FLAG_CF);
}

UNIT_TEST(locked_logic_and_arithmetic_flags)
{
    struct run r = { .gpr = { [X86_RAX] = 1, [X86_RCX] = 0xff00 },
                     .rflags = X86_FLAGS_ARITH | 0x2 };

    /* lock andq $-2,(%rdi): clears bit 0 (Linux clear_bit with a constant) */
    CHECK_EQ(run(&r, "\xf0\x48\x83\x27\xfe", 5, 0x8000000000000001ull), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x8000000000000000ull);
    CHECK_EQ(FLAGS(r), X86_FLAG_SF | X86_FLAG_PF);
    CHECK_EQ(r.rflags & 0x2, 0x2);              /* non-arithmetic bits kept */
    /* lock orb $0x80,(%rdi) */
    CHECK_EQ(run(&r, "\xf0\x80\x0f\x80", 4, 0x01), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x81);
    CHECK_EQ(FLAGS(r), X86_FLAG_SF | X86_FLAG_PF);
    /* xor %r8b,0x40(%r9,%r10): equal values give zero */
    r.gpr[X86_R8] = 0x3c;
    CHECK_EQ(run(&r, "\x47\x30\x44\x11\x40", 5, 0x3c), STATUS_OK);
    CHECK_EQ(r.mem_new, 0);
    CHECK_EQ(FLAGS(r), X86_FLAG_ZF | X86_FLAG_PF);
    /* lock and %rcx,(%rdi) */
    CHECK_EQ(run(&r, "\xf0\x48\x21\x0f", 4, 0x0ff0), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x0f00);
    /* addl $0x1000 overflowing into the sign bit: OF and SF */
    CHECK_EQ(run(&r, "\x81\x83\x78\x56\x34\x12\x00\x10\x00\x00", 10, 0x7ffff000), STATUS_OK);
    CHECK_EQ(r.mem_new, 0x80000000);
    CHECK_EQ(FLAGS(r), X86_FLAG_OF | X86_FLAG_SF | X86_FLAG_PF);
    /* subw $-2,(%rcx) from 0xfffe: zero, no borrow (AF: 0xe-0xe) */
    CHECK_EQ(run(&r, "\x66\x83\x29\xfe", 4, 0xfffe), STATUS_OK);
    CHECK_EQ(r.mem_new, 0);
    CHECK_EQ(FLAGS(r), X86_FLAG_ZF | X86_FLAG_PF);
    /* subw $-2 from 0: borrow, AF, result 2 */
    CHECK_EQ(run(&r, "\x66\x83\x29\xfe", 4, 0), STATUS_OK);
    CHECK_EQ(r.mem_new, 2);
    CHECK_EQ(FLAGS(r), X86_FLAG_CF | X86_FLAG_AF);
    /* lock xadd %eax,(%rdi): carry out of 32 bits */
    r.gpr[X86_RAX] = 0x1;
    CHECK_EQ(run(&r, "\xf0\x0f\xc1\x07", 4, 0xffffffff), STATUS_OK);
    CHECK_EQ(r.mem_new, 0);
    CHECK_EQ(r.gpr[X86_RAX], 0xffffffff);
    CHECK_EQ(FLAGS(r), X86_FLAG_CF | X86_FLAG_ZF | X86_FLAG_PF | X86_FLAG_AF);
}

UNIT_TEST(flags_only_and_to_register_forms)
{
    struct run r = { .gpr = { [X86_RAX] = 0x10, [X86_RCX] = 5 } };

    /* testl $1,(%rax) */
    CHECK_EQ(run(&r, "\xf7\x00\x01\x00\x00\x00", 6, 0x2), STATUS_OK);
    CHECK(!r.writes);
    CHECK(r.rflags & X86_FLAG_ZF);
    /* test %eax,(%rbx) */
    CHECK_EQ(run(&r, "\x85\x03", 2, 0x10), STATUS_OK);
    CHECK(!(r.rflags & X86_FLAG_ZF));
    /* cmp %ecx,(%rdx): mem - ecx */
    CHECK_EQ(run(&r, "\x39\x0a", 2, 3), STATUS_OK);
    CHECK(!r.writes);
    CHECK(r.rflags & X86_FLAG_CF);
    /* cmp (%rdx),%ecx: ecx - mem */
    CHECK_EQ(run(&r, "\x3b\x0a", 2, 3), STATUS_OK);
    CHECK(!(r.rflags & X86_FLAG_CF));
    CHECK_EQ(r.gpr[X86_RCX], 5);
    /* cmpl $5,(%rdx) */
    CHECK_EQ(run(&r, "\x83\x3a\x05", 3, 5), STATUS_OK);
    CHECK(r.rflags & X86_FLAG_ZF);
    /* or (%rdi),%eax: the register is written, zero-extended */
    r.gpr[X86_RAX] = 0xffffffff00000001ull;
    CHECK_EQ(run(&r, "\x0b\x07", 2, 0x100), STATUS_OK);
    CHECK(!r.writes);
    CHECK_EQ(r.gpr[X86_RAX], 0x101);
}

UNIT_TEST(refuses_an_undecoded_operation)
{
    struct x86_insn i = { .len = 1, .op = X86_OP_NONE, .op_size = 4, .src_size = 4,
                          .addr_size = 8, .scale = 1 };
    uint64_t gpr[16] = { 0 }, rflags = 0, mem_new = 0;
    bool writes = true;

    CHECK_EQ(x86_emulate(&i, gpr, &rflags, 0, &mem_new, &writes), STATUS_EINVAL);
}
