/* SPDX-License-Identifier: MIT */
/* decode.c - x86-64 decoder for the memory-operand instructions guests fault on. */
#include "guest/x86/decode.h"

/* Form flags. */
#define F_BYTE     0x01u  /* 8-bit operands */
#define F_TO_REG   0x02u  /* memory is the source, reg the destination */
#define F_IMM8     0x04u  /* imm8, sign-extended */
#define F_IMMZ     0x08u  /* imm16 with 66, else imm32 sign-extended */
#define F_NOREG    0x10u  /* ModRM.reg extends the opcode */
#define F_LOCK     0x20u  /* LOCK allowed */
#define F_NOWRITE  0x40u  /* neither operand written (CMP, TEST, BT) */
#define F_SRC1     0x80u  /* MOVZX/MOVSX from a byte */
#define F_SRC2     0x100u /* ... from a word */
#define F_SRC4     0x200u /* ... from a dword (63, 64-bit mode) */
#define F_SWAP     0x400u /* both operands written (XCHG, XADD, CMPXCHG) */

/* One decodable form: opcode map (0 one-byte, 1 after 0F), opcode byte,
 * ModRM.reg for group forms, the operation and its flags. */
struct x86_form {
    uint8_t map;
    uint8_t opcode;
    uint8_t ext;
    uint8_t op;
    uint16_t flags;
};

#define ALU(base, o)                                                     \
    { 0, (base) + 0, 0, (o), F_BYTE | F_LOCK },                          \
    { 0, (base) + 1, 0, (o), F_LOCK },                                   \
    { 0, (base) + 2, 0, (o), F_BYTE | F_TO_REG },                        \
    { 0, (base) + 3, 0, (o), F_TO_REG }
#define ALU_IMM(ext, o, fl)                                              \
    { 0, 0x80, (ext), (o), F_BYTE | F_IMM8 | F_NOREG | (fl) },           \
    { 0, 0x81, (ext), (o), F_IMMZ | F_NOREG | (fl) },                    \
    { 0, 0x83, (ext), (o), F_IMM8 | F_NOREG | (fl) }

static const struct x86_form x86_forms[] = {
    ALU(0x00, X86_OP_ADD), ALU(0x08, X86_OP_OR), ALU(0x20, X86_OP_AND),
    ALU(0x28, X86_OP_SUB), ALU(0x30, X86_OP_XOR),
    { 0, 0x38, 0, X86_OP_CMP, F_BYTE | F_NOWRITE },
    { 0, 0x39, 0, X86_OP_CMP, F_NOWRITE },
    { 0, 0x3A, 0, X86_OP_CMP, F_BYTE | F_NOWRITE | F_TO_REG },
    { 0, 0x3B, 0, X86_OP_CMP, F_NOWRITE | F_TO_REG },
    ALU_IMM(0, X86_OP_ADD, F_LOCK), ALU_IMM(1, X86_OP_OR, F_LOCK),
    ALU_IMM(4, X86_OP_AND, F_LOCK), ALU_IMM(5, X86_OP_SUB, F_LOCK),
    ALU_IMM(6, X86_OP_XOR, F_LOCK), ALU_IMM(7, X86_OP_CMP, F_NOWRITE),
    { 0, 0x63, 0, X86_OP_MOVSX, F_TO_REG | F_SRC4 },
    { 0, 0x84, 0, X86_OP_TEST, F_BYTE | F_NOWRITE },
    { 0, 0x85, 0, X86_OP_TEST, F_NOWRITE },
    { 0, 0x86, 0, X86_OP_XCHG, F_BYTE | F_LOCK | F_SWAP },
    { 0, 0x87, 0, X86_OP_XCHG, F_LOCK | F_SWAP },
    { 0, 0x88, 0, X86_OP_MOV_TO_MEM, F_BYTE },
    { 0, 0x89, 0, X86_OP_MOV_TO_MEM, 0 },
    { 0, 0x8A, 0, X86_OP_MOV_FROM_MEM, F_BYTE | F_TO_REG },
    { 0, 0x8B, 0, X86_OP_MOV_FROM_MEM, F_TO_REG },
    { 0, 0xC6, 0, X86_OP_MOV_IMM_TO_MEM, F_BYTE | F_IMM8 | F_NOREG },
    { 0, 0xC7, 0, X86_OP_MOV_IMM_TO_MEM, F_IMMZ | F_NOREG },
    { 0, 0xF6, 0, X86_OP_TEST, F_BYTE | F_IMM8 | F_NOREG | F_NOWRITE },
    { 0, 0xF7, 0, X86_OP_TEST, F_IMMZ | F_NOREG | F_NOWRITE },
    { 1, 0xA3, 0, X86_OP_BT, F_NOWRITE },
    { 1, 0xAB, 0, X86_OP_BTS, F_LOCK },
    { 1, 0xB3, 0, X86_OP_BTR, F_LOCK },
    { 1, 0xBB, 0, X86_OP_BTC, F_LOCK },
    { 1, 0xBA, 4, X86_OP_BT, F_IMM8 | F_NOREG | F_NOWRITE },
    { 1, 0xBA, 5, X86_OP_BTS, F_IMM8 | F_NOREG | F_LOCK },
    { 1, 0xBA, 6, X86_OP_BTR, F_IMM8 | F_NOREG | F_LOCK },
    { 1, 0xBA, 7, X86_OP_BTC, F_IMM8 | F_NOREG | F_LOCK },
    { 1, 0xB0, 0, X86_OP_CMPXCHG, F_BYTE | F_LOCK | F_SWAP },
    { 1, 0xB1, 0, X86_OP_CMPXCHG, F_LOCK | F_SWAP },
    { 1, 0xB6, 0, X86_OP_MOVZX, F_TO_REG | F_SRC1 },
    { 1, 0xB7, 0, X86_OP_MOVZX, F_TO_REG | F_SRC2 },
    { 1, 0xBE, 0, X86_OP_MOVSX, F_TO_REG | F_SRC1 },
    { 1, 0xBF, 0, X86_OP_MOVSX, F_TO_REG | F_SRC2 },
    { 1, 0xC0, 0, X86_OP_XADD, F_BYTE | F_LOCK | F_SWAP },
    { 1, 0xC1, 0, X86_OP_XADD, F_LOCK | F_SWAP },
};

#define X86_NR_FORMS (sizeof(x86_forms) / sizeof(x86_forms[0]))

/* The bytes being decoded and the next one to read. */
struct cursor {
    const uint8_t *buf;
    size_t len;
    size_t pos;
};

/* What the prefixes said. */
struct prefixes {
    bool opsize, addrsize, lock, rep;
    uint8_t seg;
    uint8_t rex;            /* 0 or 0x40..0x4F */
};

/*@ predicate CursorValid(struct cursor *c) =
        c->pos <= X86_MAX_LEN && c->pos <= c->len &&
        (c->len > 0 ==> \valid_read(c->buf + (0 .. c->len - 1)));
*/

/* Takes the next byte: EINVAL past 15 bytes, EAGAIN past the buffer. */
/*@ requires \valid(c) && CursorValid(c) && \valid(byte) && \separated(c, byte);
    assigns c->pos, *byte;
    ensures CursorValid(c);
    ensures \result == STATUS_OK ==> c->pos == \old(c->pos) + 1;
    ensures \result != STATUS_OK ==> c->pos == \old(c->pos);
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t fetch_byte(struct cursor *c, uint8_t *byte)
{
    if (c->pos >= X86_MAX_LEN)
        return STATUS_EINVAL;
    if (c->pos >= c->len)
        return STATUS_EAGAIN;
    *byte = c->buf[c->pos];
    c->pos++;
    return STATUS_OK;
}

/* Takes a little-endian 1-, 2- or 4-byte value and sign-extends it. */
/*@ requires \valid(c) && CursorValid(c) && \valid(value) && \separated(c, value);
    requires size == 1 || size == 2 || size == 4;
    assigns c->pos, *value;
    ensures CursorValid(c) && c->pos >= \old(c->pos);
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t fetch_signed(struct cursor *c, unsigned size, int64_t *value)
{
    uint64_t raw = 0;
    uint8_t byte = 0;

    /*@ loop invariant bytes: 0 <= n <= size;
        loop invariant cursor: CursorValid(c) && c->pos >= \at(c->pos, Pre);
        loop assigns n, raw, byte, c->pos;
        loop variant size - n; */
    for (unsigned n = 0; n < size; n++) {
        status_t status = fetch_byte(c, &byte);
        if (status != STATUS_OK)
            return status;
        raw |= (uint64_t)byte << (8 * n);
    }
    if (size == 1)
        *value = (int8_t)(uint8_t)raw;
    else if (size == 2)
        *value = (int16_t)(uint16_t)raw;
    else
        *value = (int32_t)(uint32_t)raw;
    return STATUS_OK;
}

/* Segment number of a segment-override prefix byte, or X86_SEG_NONE. */
/*@ assigns \nothing;
    ensures \result <= X86_SEG_GS; */
static uint8_t segment_prefix(uint8_t byte)
{
    switch (byte) {
    case 0x26: return X86_SEG_ES;
    case 0x2E: return X86_SEG_CS;
    case 0x36: return X86_SEG_SS;
    case 0x3E: return X86_SEG_DS;
    case 0x64: return X86_SEG_FS;
    case 0x65: return X86_SEG_GS;
    default:   return X86_SEG_NONE;
    }
}

/* Records one legacy prefix; false if byte is not one. */
/*@ requires \valid(p);
    assigns *p;
    ensures p->seg <= X86_SEG_GS || p->seg == \old(p->seg); */
static bool legacy_prefix(uint8_t byte, struct prefixes *p)
{
    uint8_t seg = segment_prefix(byte);

    if (seg != X86_SEG_NONE)
        p->seg = seg;
    else if (byte == 0x66)
        p->opsize = true;
    else if (byte == 0x67)
        p->addrsize = true;
    else if (byte == 0xF0)
        p->lock = true;
    else if (byte == 0xF2 || byte == 0xF3)
        p->rep = true;
    else
        return false;
    return true;
}

/*
 * Reads the prefixes and the first opcode byte. A REX counts only right
 * before the opcode: a legacy prefix after it cancels it.
 */
/*@ requires \valid(c) && CursorValid(c) && \valid(p) && \valid(opcode);
    requires \separated(c, p, opcode);
    requires p->seg <= X86_SEG_GS;
    assigns c->pos, *p, *opcode;
    ensures CursorValid(c) && p->seg <= X86_SEG_GS;
    ensures \result == STATUS_OK ==> c->pos >= 1;
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t read_prefixes(struct cursor *c, bool mode64, struct prefixes *p,
                              uint8_t *opcode)
{
    /*@ loop invariant CursorValid(c) && p->seg <= X86_SEG_GS;
        loop invariant c->pos >= \at(c->pos, Pre);
        loop assigns c->pos, *p, *opcode;
        loop variant X86_MAX_LEN - c->pos; */
    for (;;) {
        status_t status = fetch_byte(c, opcode);
        if (status != STATUS_OK)
            return status;
        if (legacy_prefix(*opcode, p))
            p->rex = 0;
        else if (mode64 && (*opcode & 0xF0) == 0x40)
            p->rex = *opcode;
        else
            return STATUS_OK;
    }
}

/* Index in x86_forms of the form for (map, opcode, ModRM.reg), or -1. */
/*@ assigns \nothing;
    ensures \result == -1 || 0 <= \result < X86_NR_FORMS;
*/
static int find_form(uint8_t map, uint8_t opcode, uint8_t ext, bool any_ext)
{
    /*@ loop invariant 0 <= n <= X86_NR_FORMS;
        loop assigns n;
        loop variant X86_NR_FORMS - n; */
    for (size_t n = 0; n < X86_NR_FORMS; n++) {
        const struct x86_form *f = &x86_forms[n];
        if (f->map == map && f->opcode == opcode &&
            (any_ext || !(f->flags & F_NOREG) || f->ext == ext))
            return (int)n;
    }
    return -1;
}

/* Operand size from the form and the prefixes. */
/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result == 1 || \result == 2 || \result == 4 || \result == 8; */
static uint8_t operand_size(uint16_t flags, const struct prefixes *p)
{
    if (flags & F_BYTE)
        return 1;
    if (p->rex & 0x08)
        return 8;
    return p->opsize ? 2 : 4;
}

/* Bytes MOVZX/MOVSX read; op_size for every other form. */
/*@ requires op_size == 1 || op_size == 2 || op_size == 4 || op_size == 8;
    assigns \nothing;
    ensures \result == 1 || \result == 2 || \result == 4 || \result == 8; */
static uint8_t source_size(uint16_t flags, uint8_t op_size)
{
    if (flags & F_SRC1)
        return 1;
    if (flags & F_SRC2)
        return 2;
    if (flags & F_SRC4)
        return 4;
    return op_size;
}

/* Fills the addressing fields from the SIB byte. */
/*@ requires \valid(c) && CursorValid(c) && \valid(out) && \separated(c, out);
    assigns c->pos, out->has_base, out->base, out->has_index, out->index,
            out->scale;
    ensures CursorValid(c) && c->pos >= \old(c->pos);
    ensures out->base < 16 && out->index < 16;
    ensures out->scale == 1 || out->scale == 2 || out->scale == 4 || out->scale == 8;
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t decode_sib(struct cursor *c, uint8_t mod, uint8_t rex,
                           struct x86_insn *out)
{
    uint8_t sib = 0;
    status_t status = fetch_byte(c, &sib);

    uint8_t ss = (uint8_t)(sib / 64);
    out->scale = ss == 0 ? 1 : ss == 1 ? 2 : ss == 2 ? 4 : 8;
    out->index = (uint8_t)((sib / 8) % 8 + ((rex & 0x02) ? 8 : 0));
    out->has_index = out->index != X86_RSP;     /* 100b without REX.X: none */
    if (!out->has_index)
        out->index = 0;
    out->base = (uint8_t)(sib % 8 + ((rex & 0x01) ? 8 : 0));
    out->has_base = !(sib % 8 == 5 && mod == 0);    /* disp32, no base */
    if (!out->has_base)
        out->base = 0;
    return status;
}

/* Decodes the memory operand of ModRM (mod != 3) and its displacement. */
/*@ requires \valid(c) && CursorValid(c) && \valid(out) && \separated(c, out);
    requires mod <= 2 && rm <= 7;
    assigns c->pos, out->has_base, out->base, out->has_index, out->index,
            out->scale, out->rip_relative, out->disp;
    ensures CursorValid(c) && c->pos >= \old(c->pos);
    ensures out->base < 16 && out->index < 16;
    ensures out->scale == 1 || out->scale == 2 || out->scale == 4 || out->scale == 8;
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t decode_memory(struct cursor *c, uint8_t mod, uint8_t rm,
                              uint8_t rex, bool mode64, struct x86_insn *out)
{
    status_t status = STATUS_OK;
    bool disp32 = mod == 2;

    out->has_base = true;
    out->base = (uint8_t)(rm + ((rex & 0x01) ? 8 : 0));
    out->has_index = false;
    out->index = 0;
    out->scale = 1;
    out->rip_relative = false;
    out->disp = 0;
    if (rm == 4) {
        status = decode_sib(c, mod, rex, out);
        disp32 = disp32 || (mod == 0 && !out->has_base);
    } else if (rm == 5 && mod == 0) {
        out->has_base = false;          /* disp32: RIP-relative in 64-bit mode */
        out->base = 0;
        out->rip_relative = mode64;
        disp32 = true;
    }
    if (status != STATUS_OK)
        return status;
    if (disp32)
        return fetch_signed(c, 4, &out->disp);
    if (mod == 1)
        return fetch_signed(c, 1, &out->disp);
    return STATUS_OK;
}

/* Checks the form against the prefixes: LOCK only on a lockable memory
 * destination, no 16-bit addressing, 63 only in 64-bit mode. */
/*@ requires \valid_read(f) && \valid_read(p);
    assigns \nothing; */
static bool form_allowed(const struct x86_form *f, const struct prefixes *p,
                         bool mode64)
{
    if (p->lock && !(f->flags & F_LOCK))
        return false;
    if (p->addrsize && !mode64)
        return false;
    if ((f->flags & F_SRC4) && !mode64)
        return false;
    return true;
}

/* The table holds only real operations; checked so the proof need not
 * read the table's initializer. */
/*@ assigns \nothing;
    ensures \result <==> X86_OP_NONE < op < X86_OP_COUNT; */
static bool x86_op_valid(uint8_t op)
{
    return op > X86_OP_NONE && op < X86_OP_COUNT;
}

/* Fills the operation fields of out from the form and prefixes. */
/*@ requires \valid(out) && \valid_read(f) && \valid_read(p);
    requires X86_OP_NONE < f->op < X86_OP_COUNT && p->seg <= X86_SEG_GS;
    requires modrm_reg < 16;
    assigns out->op, out->op_size, out->src_size, out->addr_size, out->lock,
            out->rep, out->seg, out->mem_is_dest, out->reg_is_dest,
            out->to_reg, out->has_reg, out->reg, out->reg_is_high8;
    ensures out->reg < 16 && (out->reg_is_high8 ==> out->reg < 4);
    ensures out->op_size == 1 || out->op_size == 2 || out->op_size == 4 || out->op_size == 8;
    ensures out->src_size == 1 || out->src_size == 2 || out->src_size == 4 || out->src_size == 8;
    ensures out->addr_size == 4 || out->addr_size == 8;
    ensures out->seg <= X86_SEG_GS && X86_OP_NONE < out->op < X86_OP_COUNT;
*/
static void fill_operation(const struct x86_form *f, const struct prefixes *p,
                           bool mode64, uint8_t modrm_reg, struct x86_insn *out)
{
    out->op = (enum x86_op)f->op;
    out->op_size = operand_size(f->flags, p);
    out->src_size = source_size(f->flags, out->op_size);
    out->addr_size = (mode64 && !p->addrsize) ? 8 : 4;
    out->lock = p->lock || f->op == X86_OP_XCHG;
    out->rep = p->rep;
    out->seg = p->seg;
    out->mem_is_dest = !(f->flags & (F_NOWRITE | F_TO_REG));
    out->reg_is_dest = (f->flags & (F_TO_REG | F_SWAP)) && !(f->flags & F_NOWRITE);
    out->to_reg = (f->flags & F_TO_REG) != 0;
    out->has_reg = !(f->flags & F_NOREG);
    out->reg = out->has_reg ? modrm_reg : 0;
    /* Without any REX, byte registers 4..7 are AH, CH, DH, BH. */
    out->reg_is_high8 = out->has_reg && (f->flags & F_BYTE) && p->rex == 0 &&
                        out->reg >= 4 && out->reg < 8;
    if (out->reg_is_high8)
        out->reg = (uint8_t)(out->reg - 4);
}

/* Reads the immediate the form carries. */
/*@ requires \valid(c) && CursorValid(c) && \valid(out) && \separated(c, out);
    requires out->op_size == 1 || out->op_size == 2 || out->op_size == 4 || out->op_size == 8;
    assigns c->pos, out->has_imm, out->imm;
    ensures CursorValid(c) && c->pos >= \old(c->pos);
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t decode_immediate(struct cursor *c, uint16_t flags,
                                 struct x86_insn *out)
{
    int64_t value = 0;
    status_t status = STATUS_OK;

    out->has_imm = (flags & (F_IMM8 | F_IMMZ)) != 0;
    out->imm = 0;
    if (flags & F_IMM8)
        status = fetch_signed(c, 1, &value);
    else if (flags & F_IMMZ)
        status = fetch_signed(c, out->op_size == 2 ? 2 : 4, &value);
    out->imm = (uint64_t)value;
    return status;
}

/* Decodes from the opcode on: form, ModRM, memory operand, immediate. */
/*@ requires \valid(c) && CursorValid(c) && \valid(out) && \valid_read(p);
    requires \separated(c, out, p) && p->seg <= X86_SEG_GS;
    assigns c->pos, *out;
    ensures CursorValid(c) && c->pos >= \old(c->pos);
    ensures \result == STATUS_OK ==> X86InsnFieldsValid(out);
    ensures \result == STATUS_OK || \result == STATUS_EINVAL ||
            (\result == STATUS_EAGAIN && c->len < X86_MAX_LEN);
*/
static status_t decode_body(struct cursor *c, bool mode64, const struct prefixes *p,
                            uint8_t opcode, struct x86_insn *out)
{
    uint8_t map = 0, modrm = 0;
    status_t status = STATUS_OK;

    if (opcode == 0x0F) {
        map = 1;
        status = fetch_byte(c, &opcode);
        if (status != STATUS_OK)
            return status;
    }
    if (find_form(map, opcode, 0, true) < 0)
        return STATUS_EINVAL;
    status = fetch_byte(c, &modrm);
    if (status != STATUS_OK)
        return status;
    uint8_t modrm_reg = (uint8_t)((modrm / 8) % 8);
    int form = find_form(map, opcode, modrm_reg, false);
    if (form < 0 || modrm / 64 == 3)
        return STATUS_EINVAL;       /* unknown group member, register form */
    const struct x86_form *f = &x86_forms[form];
    if (!form_allowed(f, p, mode64) || !x86_op_valid(f->op))
        return STATUS_EINVAL;
    fill_operation(f, p, mode64,
                   (uint8_t)(modrm_reg + ((p->rex & 0x04) ? 8 : 0)), out);
    status = decode_memory(c, (uint8_t)(modrm / 64), (uint8_t)(modrm % 8), p->rex,
                           mode64, out);
    if (status != STATUS_OK)
        return status;
    return decode_immediate(c, f->flags, out);
}

status_t x86_decode(const uint8_t *buf, size_t len, bool long_mode_64,
                    struct x86_insn *out)
{
    struct cursor c = { .buf = buf, .len = len, .pos = 0 };
    struct prefixes p = { .seg = X86_SEG_NONE };
    struct x86_insn insn = { .len = 0 };
    uint8_t opcode = 0;

    status_t status = read_prefixes(&c, long_mode_64, &p, &opcode);
    if (status == STATUS_OK)
        status = decode_body(&c, long_mode_64, &p, opcode, &insn);
    if (status != STATUS_OK)
        return status;
    insn.len = (uint8_t)c.pos;
    *out = insn;
    return STATUS_OK;
}

/* Wraps a register value or address to the address size. */
/*@ assigns \nothing; */
static uint64_t wrap_address(uint64_t value, uint8_t addr_size)
{
    return addr_size == 4 ? (value & 0xFFFFFFFFu) : value;
}

/* BT* with a register bit offset address the word holding the bit: the
 * signed offset, divided by the operand width, in operand-sized steps. */
/*@ requires valid_insn: \valid_read(i) && X86InsnValid(i);
    requires valid_gpr: \valid_read(gpr + (0 .. 15));
    assigns \nothing; */
static uint64_t bit_string_offset(const struct x86_insn *i, const uint64_t gpr[16])
{
    bool bit_op = i->op == X86_OP_BT || i->op == X86_OP_BTS ||
                  i->op == X86_OP_BTR || i->op == X86_OP_BTC;
    if (!bit_op || !i->has_reg)
        return 0;
    uint64_t raw = gpr[i->reg];
    int64_t offset;
    if (i->op_size == 2)
        offset = (int16_t)(uint16_t)raw;
    else if (i->op_size == 4)
        offset = (int32_t)(uint32_t)raw;
    else
        offset = (int64_t)raw;
    /* Arithmetic shift: floor division by the width in bits. */
    int64_t words = offset >= 0 ? offset / (8 * i->op_size)
                                : -((-(offset + 1)) / (8 * i->op_size)) - 1;
    return (uint64_t)words * i->op_size;
}

uint64_t x86_effective_address(const struct x86_insn *i, const uint64_t gpr[16],
                               uint64_t rip_next, uint64_t seg_base)
{
    uint64_t address = (uint64_t)i->disp;

    if (i->rip_relative)
        address += rip_next;
    if (i->has_base)
        address += wrap_address(gpr[i->base], i->addr_size);
    if (i->has_index)
        address += wrap_address(gpr[i->index], i->addr_size) * i->scale;
    address += bit_string_offset(i, gpr);
    return wrap_address(address, i->addr_size) + seg_base;
}
