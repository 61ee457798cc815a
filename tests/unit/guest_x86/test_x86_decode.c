/* SPDX-License-Identifier: MIT */
/* test_x86_decode.c - the decoder against real encodings (from GNU as), truncations and refusals. */
#include "unit.h"
#include "guest/x86/decode.h"

#define NONE (-1)

/* One encoding and what the decoder must report for it. */
struct expect {
    const char *bytes;
    uint8_t len, op, size, src_size;
    int8_t reg;             /* NONE: no register operand */
    bool high8;
    int8_t base, index;     /* NONE: absent */
    uint8_t scale;
    int64_t disp;
    bool rip, has_imm;
    uint64_t imm;
    bool lock;
    uint8_t seg;
    bool mem_dest, to_reg;
};

#define MEM(b, i, s, d) (b), (i), (s), (d)
static const struct expect table[] = {
    /* mov %rax,(%rdi) */
    { "\x48\x89\x07", 3, X86_OP_MOV_TO_MEM, 8, 8, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, true, false },
    /* mov %ecx,0x10(%rbx) */
    { "\x89\x4b\x10", 3, X86_OP_MOV_TO_MEM, 4, 4, X86_RCX, false, MEM(X86_RBX, NONE, 1, 0x10), false, false, 0, false, 0, true, false },
    /* mov %r9w,-8(%rsp) */
    { "\x66\x44\x89\x4c\x24\xf8", 6, X86_OP_MOV_TO_MEM, 2, 2, X86_R9, false, MEM(X86_RSP, NONE, 1, -8), false, false, 0, false, 0, true, false },
    /* mov %ah,(%rsi) */
    { "\x88\x26", 2, X86_OP_MOV_TO_MEM, 1, 1, X86_RAX, true, MEM(X86_RSI, NONE, 1, 0), false, false, 0, false, 0, true, false },
    /* mov %sil,(%rdi) */
    { "\x40\x88\x37", 3, X86_OP_MOV_TO_MEM, 1, 1, X86_RSI, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, true, false },
    /* mov (%rdi,%rcx,8),%r12 */
    { "\x4c\x8b\x24\xcf", 4, X86_OP_MOV_FROM_MEM, 8, 8, X86_R12, false, MEM(X86_RDI, X86_RCX, 8, 0), false, false, 0, false, 0, false, true },
    /* mov 0x12345678(%rip),%eax */
    { "\x8b\x05\x78\x56\x34\x12", 6, X86_OP_MOV_FROM_MEM, 4, 4, X86_RAX, false, MEM(NONE, NONE, 1, 0x12345678), true, false, 0, false, 0, false, true },
    /* mov 0x0(%r13),%bl */
    { "\x41\x8a\x5d\x00", 4, X86_OP_MOV_FROM_MEM, 1, 1, X86_RBX, false, MEM(X86_R13, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* movb $0x7f,(%rax) */
    { "\xc6\x00\x7f", 3, X86_OP_MOV_IMM_TO_MEM, 1, 1, NONE, false, MEM(X86_RAX, NONE, 1, 0), false, true, 0x7f, false, 0, true, false },
    /* movw $0x1234,2(%rax) */
    { "\x66\xc7\x40\x02\x34\x12", 6, X86_OP_MOV_IMM_TO_MEM, 2, 2, NONE, false, MEM(X86_RAX, NONE, 1, 2), false, true, 0x1234, false, 0, true, false },
    /* movl $0xdeadbeef,0x100(%rdx) */
    { "\xc7\x82\x00\x01\x00\x00\xef\xbe\xad\xde", 10, X86_OP_MOV_IMM_TO_MEM, 4, 4, NONE, false, MEM(X86_RDX, NONE, 1, 0x100), false, true, 0xffffffffdeadbeefull, false, 0, true, false },
    /* movq $-1,(%r8,%r9,4) */
    { "\x4b\xc7\x04\x88\xff\xff\xff\xff", 8, X86_OP_MOV_IMM_TO_MEM, 8, 8, NONE, false, MEM(X86_R8, X86_R9, 4, 0), false, true, ~0ull, false, 0, true, false },
    /* movzbl (%rdi),%eax */
    { "\x0f\xb6\x07", 3, X86_OP_MOVZX, 4, 1, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* movzwq 4(%rsi),%r10 */
    { "\x4c\x0f\xb7\x56\x04", 5, X86_OP_MOVZX, 8, 2, X86_R10, false, MEM(X86_RSI, NONE, 1, 4), false, false, 0, false, 0, false, true },
    /* movsbq (%rdi),%rax */
    { "\x48\x0f\xbe\x07", 4, X86_OP_MOVSX, 8, 1, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* movswl (%rdi),%ecx */
    { "\x0f\xbf\x0f", 3, X86_OP_MOVSX, 4, 2, X86_RCX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* movslq 8(%rbp),%rdx */
    { "\x48\x63\x55\x08", 4, X86_OP_MOVSX, 8, 4, X86_RDX, false, MEM(X86_RBP, NONE, 1, 8), false, false, 0, false, 0, false, true },
    /* xchg %rax,(%rdi): implicitly locked */
    { "\x48\x87\x07", 3, X86_OP_XCHG, 8, 8, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* xchg %cl,(%rdx) */
    { "\x86\x0a", 2, X86_OP_XCHG, 1, 1, X86_RCX, false, MEM(X86_RDX, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* lock cmpxchg %rsi,(%rdi) */
    { "\xf0\x48\x0f\xb1\x37", 5, X86_OP_CMPXCHG, 8, 8, X86_RSI, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* lock cmpxchg %ecx,(%r15) */
    { "\xf0\x41\x0f\xb1\x0f", 5, X86_OP_CMPXCHG, 4, 4, X86_RCX, false, MEM(X86_R15, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* lock btrq $5,(%rdi) */
    { "\xf0\x48\x0f\xba\x37\x05", 6, X86_OP_BTR, 8, 8, NONE, false, MEM(X86_RDI, NONE, 1, 0), false, true, 5, true, 0, true, false },
    /* lock btsl $63,(%rax) */
    { "\xf0\x0f\xba\x28\x3f", 5, X86_OP_BTS, 4, 4, NONE, false, MEM(X86_RAX, NONE, 1, 0), false, true, 63, true, 0, true, false },
    /* lock bts %rax,(%rdi) */
    { "\xf0\x48\x0f\xab\x07", 5, X86_OP_BTS, 8, 8, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* lock andq $-2,(%rdi) */
    { "\xf0\x48\x83\x27\xfe", 5, X86_OP_AND, 8, 8, NONE, false, MEM(X86_RDI, NONE, 1, 0), false, true, ~1ull, true, 0, true, false },
    /* lock orb $0x80,(%rdi): imm8 sign-extended */
    { "\xf0\x80\x0f\x80", 4, X86_OP_OR, 1, 1, NONE, false, MEM(X86_RDI, NONE, 1, 0), false, true, ~0x7full, true, 0, true, false },
    /* lock xadd %eax,(%rdi) */
    { "\xf0\x0f\xc1\x07", 4, X86_OP_XADD, 4, 4, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* lock and %rcx,(%rdi) */
    { "\xf0\x48\x21\x0f", 4, X86_OP_AND, 8, 8, X86_RCX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* or (%rdi),%eax */
    { "\x0b\x07", 2, X86_OP_OR, 4, 4, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* testl $1,(%rax) */
    { "\xf7\x00\x01\x00\x00\x00", 6, X86_OP_TEST, 4, 4, NONE, false, MEM(X86_RAX, NONE, 1, 0), false, true, 1, false, 0, false, false },
    /* testb $4,1(%rax) */
    { "\xf6\x40\x01\x04", 4, X86_OP_TEST, 1, 1, NONE, false, MEM(X86_RAX, NONE, 1, 1), false, true, 4, false, 0, false, false },
    /* test %eax,(%rbx) */
    { "\x85\x03", 2, X86_OP_TEST, 4, 4, X86_RAX, false, MEM(X86_RBX, NONE, 1, 0), false, false, 0, false, 0, false, false },
    /* cmp %ecx,(%rdx) */
    { "\x39\x0a", 2, X86_OP_CMP, 4, 4, X86_RCX, false, MEM(X86_RDX, NONE, 1, 0), false, false, 0, false, 0, false, false },
    /* cmpl $5,(%rdx) */
    { "\x83\x3a\x05", 3, X86_OP_CMP, 4, 4, NONE, false, MEM(X86_RDX, NONE, 1, 0), false, true, 5, false, 0, false, false },
    /* cmp (%rdx),%ecx */
    { "\x3b\x0a", 2, X86_OP_CMP, 4, 4, X86_RCX, false, MEM(X86_RDX, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* add %gs:0x20,%rax: SIB with no base and no index */
    { "\x65\x48\x03\x04\x25\x20\x00\x00\x00", 9, X86_OP_ADD, 8, 8, X86_RAX, false, MEM(NONE, NONE, 1, 0x20), false, false, 0, false, X86_SEG_GS, false, true },
    /* mov %fs:(%rax),%rdx */
    { "\x64\x48\x8b\x10", 4, X86_OP_MOV_FROM_MEM, 8, 8, X86_RDX, false, MEM(X86_RAX, NONE, 1, 0), false, false, 0, false, X86_SEG_FS, false, true },
    /* mov 0x0(,%rax,4),%ecx */
    { "\x8b\x0c\x85\x00\x00\x00\x00", 7, X86_OP_MOV_FROM_MEM, 4, 4, X86_RCX, false, MEM(NONE, X86_RAX, 4, 0), false, false, 0, false, 0, false, true },
    /* mov 0x10(,%r12,2),%ecx: REX.X makes index 100b a register */
    { "\x42\x8b\x0c\x65\x10\x00\x00\x00", 8, X86_OP_MOV_FROM_MEM, 4, 4, X86_RCX, false, MEM(NONE, X86_R12, 2, 0x10), false, false, 0, false, 0, false, true },
    /* mov (%r12),%eax: base r12 needs a SIB */
    { "\x41\x8b\x04\x24", 4, X86_OP_MOV_FROM_MEM, 4, 4, X86_RAX, false, MEM(X86_R12, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* mov 0x0(%rbp),%eax */
    { "\x8b\x45\x00", 3, X86_OP_MOV_FROM_MEM, 4, 4, X86_RAX, false, MEM(X86_RBP, NONE, 1, 0), false, false, 0, false, 0, false, true },
    /* xor %r8b,0x40(%r9,%r10,1) */
    { "\x47\x30\x44\x11\x40", 5, X86_OP_XOR, 1, 1, X86_R8, false, MEM(X86_R9, X86_R10, 1, 0x40), false, false, 0, false, 0, true, false },
    /* addl $0x1000,0x12345678(%rbx): disp32 and imm32 */
    { "\x81\x83\x78\x56\x34\x12\x00\x10\x00\x00", 10, X86_OP_ADD, 4, 4, NONE, false, MEM(X86_RBX, NONE, 1, 0x12345678), false, true, 0x1000, false, 0, true, false },
    /* subw $-2,(%rcx) (66 83 29 fe) */
    { "\x66\x83\x29\xfe", 4, X86_OP_SUB, 2, 2, NONE, false, MEM(X86_RCX, NONE, 1, 0), false, true, ~1ull, false, 0, true, false },
    /* btl %edx,(%rdi) */
    { "\x0f\xa3\x17", 3, X86_OP_BT, 4, 4, X86_RDX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, false, false },
    /* lock btr %ecx,(%rdi); lock btc %ecx,(%rdi); btc $3,(%rdi); btl $3,(%rdi) */
    { "\xf0\x0f\xb3\x0f", 4, X86_OP_BTR, 4, 4, X86_RCX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    { "\xf0\x0f\xbb\x0f", 4, X86_OP_BTC, 4, 4, X86_RCX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    { "\x0f\xba\x3f\x03", 4, X86_OP_BTC, 4, 4, NONE, false, MEM(X86_RDI, NONE, 1, 0), false, true, 3, false, 0, true, false },
    { "\x0f\xba\x27\x03", 4, X86_OP_BT, 4, 4, NONE, false, MEM(X86_RDI, NONE, 1, 0), false, true, 3, false, 0, false, false },
    /* lock cmpxchg %bl,(%rdi); rep prefix recorded but ignored: f3 89 07 */
    { "\xf0\x0f\xb0\x1f", 4, X86_OP_CMPXCHG, 1, 1, X86_RBX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, true, 0, true, false },
    /* 48 66 89 07: a legacy prefix after REX cancels it: mov %ax,(%rdi) */
    { "\x48\x66\x89\x07", 4, X86_OP_MOV_TO_MEM, 2, 2, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, 0, true, false },
    /* 2e 89 07: CS override recorded */
    { "\x2e\x89\x07", 3, X86_OP_MOV_TO_MEM, 4, 4, X86_RAX, false, MEM(X86_RDI, NONE, 1, 0), false, false, 0, false, X86_SEG_CS, true, false },
};

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

static void check_entry(const struct expect *e, const struct x86_insn *i)
{
    CHECK_EQ(i->len, e->len);
    CHECK_EQ(i->op, e->op);
    CHECK_EQ(i->op_size, e->size);
    CHECK_EQ(i->src_size, e->src_size);
    CHECK_EQ(i->has_reg, e->reg != NONE);
    if (e->reg != NONE)
        CHECK_EQ(i->reg, e->reg);
    CHECK_EQ(i->reg_is_high8, e->high8);
    CHECK_EQ(i->has_base, e->base != NONE);
    if (e->base != NONE)
        CHECK_EQ(i->base, e->base);
    CHECK_EQ(i->has_index, e->index != NONE);
    if (e->index != NONE)
        CHECK_EQ(i->index, e->index);
    CHECK_EQ(i->scale, e->scale);
    CHECK_EQ(i->disp, e->disp);
    CHECK_EQ(i->rip_relative, e->rip);
    CHECK_EQ(i->has_imm, e->has_imm);
    CHECK_EQ(i->imm, e->imm);
    CHECK_EQ(i->lock, e->lock);
    CHECK_EQ(i->seg, e->seg);
    CHECK_EQ(i->mem_is_dest, e->mem_dest);
    CHECK_EQ(i->to_reg, e->to_reg);
    CHECK_EQ(i->addr_size, 8);
}

UNIT_TEST(decodes_real_encodings)
{
    for (size_t n = 0; n < TABLE_SIZE; n++) {
        struct x86_insn insn;
        uint8_t buf[X86_MAX_LEN + 4];
        /* Trailing bytes after the instruction must not change anything. */
        for (size_t k = 0; k < sizeof(buf); k++)
            buf[k] = 0xCC;
        for (size_t k = 0; k < table[n].len; k++)
            buf[k] = (uint8_t)table[n].bytes[k];
        CHECK_EQ(x86_decode(buf, sizeof(buf), true, &insn), STATUS_OK);
        check_entry(&table[n], &insn);
        CHECK_EQ(x86_decode(buf, table[n].len, true, &insn), STATUS_OK);
        check_entry(&table[n], &insn);
    }
}

UNIT_TEST(truncated_buffers_ask_for_more)
{
    for (size_t n = 0; n < TABLE_SIZE; n++) {
        for (size_t k = 0; k < table[n].len; k++) {
            struct x86_insn insn = { .len = 0x55 };
            /* An exact-size heap-free copy: ASan sees any read past k. */
            uint8_t *buf = k ? __builtin_alloca(k) : NULL;
            for (size_t b = 0; b < k; b++)
                buf[b] = (uint8_t)table[n].bytes[b];
            CHECK_EQ(x86_decode(buf, k, true, &insn), STATUS_EAGAIN);
            CHECK_EQ(insn.len, 0x55);       /* untouched on failure */
        }
    }
}

/* Decodes bytes of the given length in the given mode. */
static status_t decode(const char *bytes, size_t len, bool mode64, struct x86_insn *i)
{
    return x86_decode((const uint8_t *)bytes, len, mode64, i);
}

UNIT_TEST(refuses_what_it_does_not_decode)
{
    struct x86_insn i;

    CHECK_EQ(decode("\x48\x89\xc7", 3, true, &i), STATUS_EINVAL);  /* mov %rax,%rdi */
    CHECK_EQ(decode("\xf0\x89\x07", 3, true, &i), STATUS_EINVAL);  /* lock mov */
    CHECK_EQ(decode("\xf0\x39\x07", 3, true, &i), STATUS_EINVAL);  /* lock cmp */
    CHECK_EQ(decode("\xf0\x0b\x07", 3, true, &i), STATUS_EINVAL);  /* lock or to reg */
    CHECK_EQ(decode("\x90", 1, true, &i), STATUS_EINVAL);          /* nop */
    CHECK_EQ(decode("\x0f\x05", 2, true, &i), STATUS_EINVAL);      /* syscall */
    CHECK_EQ(decode("\xc7\x08\0\0\0\0", 6, true, &i), STATUS_EINVAL); /* c7 /1 */
    CHECK_EQ(decode("\x0f\xba\x07\x01", 4, true, &i), STATUS_EINVAL); /* 0f ba /0 */
    CHECK_EQ(decode("\x67\x89\x00", 3, false, &i), STATUS_EINVAL); /* 16-bit addressing */
    CHECK_EQ(decode("\x63\x55\x08", 3, false, &i), STATUS_EINVAL); /* arpl in 32-bit mode */
    CHECK_EQ(decode("\x48\x89\x07", 3, false, &i), STATUS_EINVAL); /* dec %eax in 32-bit mode */
}

UNIT_TEST(refuses_more_than_fifteen_bytes)
{
    struct x86_insn i;
    uint8_t buf[20];

    for (size_t k = 0; k < sizeof(buf); k++)
        buf[k] = 0x66;
    CHECK_EQ(x86_decode(buf, sizeof(buf), true, &i), STATUS_EINVAL);
    CHECK_EQ(x86_decode(buf, 14, true, &i), STATUS_EAGAIN);
    CHECK_EQ(x86_decode(buf, 15, true, &i), STATUS_EINVAL);
    /* Eleven 66 prefixes + movw $imm16,disp8(%rax): 11 + 1 + 1 + 1 + 2 = 16 bytes. */
    buf[11] = 0xC7; buf[12] = 0x40; buf[13] = 0x08;
    CHECK_EQ(x86_decode(buf, sizeof(buf), true, &i), STATUS_EINVAL);
    /* Ten prefixes: exactly 15 bytes is fine. */
    struct x86_insn j;
    CHECK_EQ(x86_decode(buf + 1, 19, true, &j), STATUS_OK);
    CHECK_EQ(j.len, 15);
    CHECK_EQ(j.op_size, 2);
    CHECK_EQ(j.imm, 0x6666);
}

UNIT_TEST(decodes_32_bit_mode)
{
    struct x86_insn i;

    /* mov %eax,0x1000: mod 0 rm 5 is an absolute disp32, not RIP-relative */
    CHECK_EQ(decode("\x89\x05\x00\x10\x00\x00", 6, false, &i), STATUS_OK);
    CHECK(!i.rip_relative);
    CHECK(!i.has_base);
    CHECK_EQ(i.disp, 0x1000);
    CHECK_EQ(i.addr_size, 4);
    CHECK_EQ(i.op_size, 4);
    /* mov %ah,(%esi) in 32-bit mode: no REX, so reg 4 is AH */
    CHECK_EQ(decode("\x88\x26", 2, false, &i), STATUS_OK);
    CHECK(i.reg_is_high8);
    /* 67 in 64-bit mode: 32-bit addressing */
    CHECK_EQ(decode("\x67\x89\x00", 3, true, &i), STATUS_OK);
    CHECK_EQ(i.addr_size, 4);
}

UNIT_TEST(effective_addresses)
{
    struct x86_insn i;
    uint64_t gpr[16] = { 0 };

    gpr[X86_RDI] = 0x1000;
    gpr[X86_RCX] = 3;
    gpr[X86_RBX] = 0xffff800000000000ull;
    /* mov (%rdi,%rcx,8),%r12 */
    CHECK_EQ(decode("\x4c\x8b\x24\xcf", 4, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0x1018);
    /* mov %ecx,0x10(%rbx) */
    CHECK_EQ(decode("\x89\x4b\x10", 3, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0xffff800000000010ull);
    /* mov 0x12345678(%rip),%eax at rip 0x400000 */
    CHECK_EQ(decode("\x8b\x05\x78\x56\x34\x12", 6, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0x400000 + i.len, 0), 0x1274567e);
    /* mov -8(%rsp) with a negative displacement */
    gpr[X86_RSP] = 0x8000;
    CHECK_EQ(decode("\x66\x44\x89\x4c\x24\xf8", 6, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0x7ff8);
    /* mov %fs:(%rax),%rdx: the caller passes the FS base */
    gpr[X86_RAX] = 0x40;
    CHECK_EQ(decode("\x64\x48\x8b\x10", 4, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0x7f0000000000ull), 0x7f0000000040ull);
    /* 67: mov %eax,(%eax) wraps to 32 bits */
    gpr[X86_RAX] = 0x1234567800000010ull;
    CHECK_EQ(decode("\x67\x89\x40\xf0", 4, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0);
}

UNIT_TEST(bit_string_offsets_address_the_word)
{
    struct x86_insn i;
    uint64_t gpr[16] = { 0 };

    gpr[X86_RDI] = 0x1000;
    /* lock bts %rax,(%rdi) with bit 130: third quadword */
    gpr[X86_RAX] = 130;
    CHECK_EQ(decode("\xf0\x48\x0f\xab\x07", 5, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0x1010);
    /* bit -1: the quadword below */
    gpr[X86_RAX] = ~0ull;
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0xff8);
    /* btl %edx,(%rdi) with bit -33 (32-bit offset): two dwords below */
    gpr[X86_RDX] = 0xffffffdfull;
    CHECK_EQ(decode("\x0f\xa3\x17", 3, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0xff8);
    /* 66: btw %dx,(%rdi) with bit 16: next word */
    gpr[X86_RDX] = 16;
    CHECK_EQ(decode("\x66\x0f\xa3\x17", 4, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0x1002);
    /* immediate bit offsets never move the address */
    CHECK_EQ(decode("\xf0\x48\x0f\xba\x37\x45", 6, true, &i), STATUS_OK);
    CHECK_EQ(x86_effective_address(&i, gpr, 0, 0), 0x1000);
}

UNIT_TEST(records_every_prefix)
{
    struct x86_insn i;

    /* es ss ds overrides: the last one counts */
    CHECK_EQ(decode("\x26\x89\x07", 3, true, &i), STATUS_OK);
    CHECK_EQ(i.seg, X86_SEG_ES);
    CHECK_EQ(decode("\x36\x3e\x89\x07", 4, true, &i), STATUS_OK);
    CHECK_EQ(i.seg, X86_SEG_DS);
    CHECK_EQ(decode("\x3e\x36\x89\x07", 4, true, &i), STATUS_OK);
    CHECK_EQ(i.seg, X86_SEG_SS);
    /* f3 89 07 and f2 f0 09 07 (xacquire lock or): rep recorded */
    CHECK_EQ(decode("\xf3\x89\x07", 3, true, &i), STATUS_OK);
    CHECK(i.rep);
    CHECK(!i.lock);
    CHECK_EQ(decode("\xf2\xf0\x09\x07", 4, true, &i), STATUS_OK);
    CHECK(i.rep && i.lock);
    CHECK_EQ(i.op, X86_OP_OR);
}
