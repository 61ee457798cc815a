/* SPDX-License-Identifier: MIT */
/* emulate.c - the effect of a decoded memory-operand instruction on memory, registers and flags. */
#include "guest/x86/emulate.h"

/* All ones in the low size bytes. */
static uint64_t size_mask(uint8_t size)
{
    return size >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * size)) - 1;
}

static uint64_t sign_bit(uint8_t size)
{
    return (uint64_t)1 << (8 * size - 1);
}

/* Value of the ModRM register operand at the operand size. */
static uint64_t read_reg(const struct x86_insn *i, const uint64_t gpr[16])
{
    if (i->reg_is_high8)
        return (gpr[i->reg] >> 8) & 0xFF;
    return gpr[i->reg] & size_mask(i->op_size);
}

/* Writes a register as the processor does for a size-byte result:
 * 32-bit results zero-extend, 8/16-bit ones keep the other bits. */
static void write_reg(uint64_t gpr[16], uint8_t reg, bool high8, uint8_t size,
                      uint64_t value)
{
    if (high8)
        gpr[reg] = (gpr[reg] & ~(uint64_t)0xFF00) | ((value & 0xFF) << 8);
    else if (size == 4 || size == 8)
        gpr[reg] = value & size_mask(size);
    else
        gpr[reg] = (gpr[reg] & ~size_mask(size)) | (value & size_mask(size));
}

/* PF: set when the low byte has an even number of ones. */
static uint64_t parity_flag(uint64_t result)
{
    uint8_t low = (uint8_t)result;
    low ^= (uint8_t)(low >> 4);
    low ^= (uint8_t)(low >> 2);
    low ^= (uint8_t)(low >> 1);
    return (low & 1) ? 0 : X86_FLAG_PF;
}

/* ZF, SF, PF of a size-byte result. */
static uint64_t result_flags(uint8_t size, uint64_t result)
{
    uint64_t flags = parity_flag(result);
    if ((result & size_mask(size)) == 0)
        flags |= X86_FLAG_ZF;
    if (result & sign_bit(size))
        flags |= X86_FLAG_SF;
    return flags;
}

static void set_arith_flags(uint64_t *rflags, uint64_t flags)
{
    *rflags = (*rflags & ~(uint64_t)X86_FLAGS_ARITH) | flags;
}

/*
 * a OP b at size bytes for the ALU operations; stores the arithmetic
 * flags in *flags and returns the masked result.
 */
static uint64_t alu(enum x86_op op, uint8_t size, uint64_t a, uint64_t b,
                    uint64_t *flags)
{
    uint64_t mask = size_mask(size), r;
    a &= mask;
    b &= mask;
    switch (op) {
    case X86_OP_ADD: case X86_OP_XADD:
        r = (a + b) & mask;
        *flags = result_flags(size, r) | ((a ^ b ^ r) & X86_FLAG_AF) |
                 (r < a ? X86_FLAG_CF : 0) |
                 (((a ^ r) & (b ^ r) & sign_bit(size)) ? X86_FLAG_OF : 0);
        return r;
    case X86_OP_SUB: case X86_OP_CMP: case X86_OP_CMPXCHG:
        r = (a - b) & mask;
        *flags = result_flags(size, r) | ((a ^ b ^ r) & X86_FLAG_AF) |
                 (a < b ? X86_FLAG_CF : 0) |
                 (((a ^ b) & (a ^ r) & sign_bit(size)) ? X86_FLAG_OF : 0);
        return r;
    case X86_OP_OR:
        r = a | b;
        break;
    case X86_OP_XOR:
        r = a ^ b;
        break;
    default:                    /* AND, TEST */
        r = a & b;
        break;
    }
    *flags = result_flags(size, r);
    return r;
}

/* The second operand: the immediate or the register. */
static uint64_t source_operand(const struct x86_insn *i, const uint64_t gpr[16])
{
    return i->has_imm ? (i->imm & size_mask(i->op_size)) : read_reg(i, gpr);
}

/* ADD OR AND SUB XOR CMP TEST in either direction. */
static void emulate_alu(const struct x86_insn *i, uint64_t gpr[16], uint64_t *rflags,
                        uint64_t mem, uint64_t *mem_new, bool *writes)
{
    uint64_t flags = 0, result;

    if (i->to_reg)
        result = alu(i->op, i->op_size, read_reg(i, gpr), mem, &flags);
    else
        result = alu(i->op, i->op_size, mem, source_operand(i, gpr), &flags);
    set_arith_flags(rflags, flags);
    if (i->mem_is_dest) {
        *mem_new = result;
        *writes = true;
    } else if (i->reg_is_dest) {
        write_reg(gpr, i->reg, i->reg_is_high8, i->op_size, result);
    }
}

/* BT BTS BTR BTC: CF is the selected bit; the others are left alone. */
static void emulate_bit(const struct x86_insn *i, uint64_t gpr[16], uint64_t *rflags,
                        uint64_t mem, uint64_t *mem_new, bool *writes)
{
    uint64_t offset = i->has_imm ? i->imm : gpr[i->reg];
    uint64_t bit = (uint64_t)1 << (offset & (8u * i->op_size - 1));

    *rflags = (*rflags & ~(uint64_t)X86_FLAG_CF) | ((mem & bit) ? X86_FLAG_CF : 0);
    if (i->op == X86_OP_BT)
        return;
    if (i->op == X86_OP_BTS)
        mem |= bit;
    else if (i->op == X86_OP_BTR)
        mem &= ~bit;
    else
        mem ^= bit;
    *mem_new = mem & size_mask(i->op_size);
    *writes = true;
}

/* CMPXCHG: compare rAX with memory; store reg if equal, else load rAX. */
static void emulate_cmpxchg(const struct x86_insn *i, uint64_t gpr[16],
                            uint64_t *rflags, uint64_t mem, uint64_t *mem_new,
                            bool *writes)
{
    uint64_t flags = 0;

    mem &= size_mask(i->op_size);
    alu(X86_OP_CMP, i->op_size, gpr[X86_RAX], mem, &flags);
    set_arith_flags(rflags, flags);
    if (flags & X86_FLAG_ZF) {
        *mem_new = read_reg(i, gpr);
        *writes = true;
    } else {
        write_reg(gpr, X86_RAX, false, i->op_size, mem);
    }
}

/* Loads into the register: MOV, MOVZX, MOVSX. */
static void emulate_load(const struct x86_insn *i, uint64_t gpr[16], uint64_t mem)
{
    uint64_t value = mem & size_mask(i->src_size);

    if (i->op == X86_OP_MOVSX && (value & sign_bit(i->src_size)))
        value |= ~size_mask(i->src_size);
    write_reg(gpr, i->reg, i->reg_is_high8, i->op_size, value);
}

status_t x86_emulate(const struct x86_insn *i, uint64_t gpr[16], uint64_t *rflags,
                     uint64_t mem_old, uint64_t *mem_new, bool *writes)
{
    uint64_t mem = mem_old & size_mask(i->src_size), flags = 0;

    *writes = false;
    *mem_new = mem;
    switch (i->op) {
    case X86_OP_MOV_TO_MEM: case X86_OP_MOV_IMM_TO_MEM:
        *mem_new = source_operand(i, gpr);
        *writes = true;
        break;
    case X86_OP_MOV_FROM_MEM: case X86_OP_MOVZX: case X86_OP_MOVSX:
        emulate_load(i, gpr, mem);
        break;
    case X86_OP_XCHG:
        *mem_new = read_reg(i, gpr);
        *writes = true;
        write_reg(gpr, i->reg, i->reg_is_high8, i->op_size, mem);
        break;
    case X86_OP_XADD:
        *mem_new = alu(X86_OP_ADD, i->op_size, mem, read_reg(i, gpr), &flags);
        *writes = true;
        set_arith_flags(rflags, flags);
        write_reg(gpr, i->reg, i->reg_is_high8, i->op_size, mem);
        break;
    case X86_OP_CMPXCHG:
        emulate_cmpxchg(i, gpr, rflags, mem, mem_new, writes);
        break;
    case X86_OP_ADD: case X86_OP_OR: case X86_OP_AND: case X86_OP_SUB:
    case X86_OP_XOR: case X86_OP_CMP: case X86_OP_TEST:
        emulate_alu(i, gpr, rflags, mem, mem_new, writes);
        break;
    case X86_OP_BT: case X86_OP_BTS: case X86_OP_BTR: case X86_OP_BTC:
        emulate_bit(i, gpr, rflags, mem, mem_new, writes);
        break;
    default:
        return STATUS_EINVAL;
    }
    return STATUS_OK;
}
