/* SPDX-License-Identifier: MIT */
/* decode.h - x86-64 decoder for the memory-operand instructions guests fault on. */
#ifndef STRATA_GUEST_X86_DECODE_H
#define STRATA_GUEST_X86_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/status.h"

/* The architectural limit on the length of one instruction. */
#define X86_MAX_LEN 15

/* General registers in ModRM numbering. */
enum x86_gpr {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NR_GPRS
};

/* Segment override prefixes; only FS and GS add a base in 64-bit mode. */
enum x86_seg {
    X86_SEG_NONE, X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS,
    X86_SEG_FS, X86_SEG_GS
};

/*
 * What the instruction does with its memory operand. "mem" below is the
 * ModRM memory operand, "reg" the ModRM register operand.
 */
enum x86_op {
    X86_OP_NONE,
    X86_OP_MOV_TO_MEM,      /* mem = reg                   88 89 */
    X86_OP_MOV_FROM_MEM,    /* reg = mem                   8A 8B */
    X86_OP_MOV_IMM_TO_MEM,  /* mem = imm                   C6 C7 /0 */
    X86_OP_MOVZX,           /* reg = zero-extend(mem)      0F B6 B7 */
    X86_OP_MOVSX,           /* reg = sign-extend(mem)      0F BE BF, 63 */
    X86_OP_XCHG,            /* swap mem and reg            86 87 */
    X86_OP_CMPXCHG,         /* compare-exchange with rAX   0F B0 B1 */
    X86_OP_XADD,            /* exchange and add            0F C0 C1 */
    X86_OP_ADD,             /* 00-03, 80/81/83 /0 */
    X86_OP_OR,              /* 08-0B, 80/81/83 /1 */
    X86_OP_AND,             /* 20-23, 80/81/83 /4 */
    X86_OP_SUB,             /* 28-2B, 80/81/83 /5 */
    X86_OP_XOR,             /* 30-33, 80/81/83 /6 */
    X86_OP_CMP,             /* 38-3B, 80/81/83 /7: flags only */
    X86_OP_TEST,            /* 84 85, F6/F7 /0: flags only */
    X86_OP_BT,              /* 0F A3, 0F BA /4: CF only */
    X86_OP_BTS,             /* 0F AB, 0F BA /5 */
    X86_OP_BTR,             /* 0F B3, 0F BA /6 */
    X86_OP_BTC,             /* 0F BB, 0F BA /7 */
    X86_OP_COUNT
};

/*
 * One decoded instruction. The effective address is left in parts so the
 * caller computes it from its own register file (x86_effective_address).
 */
struct x86_insn {
    uint8_t len;            /* total bytes, 1..15 */
    uint8_t op_size;        /* operand size: 1, 2, 4, 8 */
    uint8_t src_size;       /* MOVZX/MOVSX: bytes read from memory; else op_size */
    uint8_t addr_size;      /* 4 or 8 */
    bool lock;              /* F0 (or XCHG's implicit lock) */
    bool rep;               /* F2 or F3 seen (ignored by these forms) */
    enum x86_op op;
    bool mem_is_dest;       /* the instruction may write memory */
    bool reg_is_dest;       /* the instruction writes reg (loads, ALU to reg, XCHG, XADD) */
    bool to_reg;            /* encoded direction: reg is the first operand, mem the source */
    bool has_reg;           /* a register operand in reg */
    uint8_t reg;            /* 0..15; with reg_is_high8 the GPR holding it (0..3) */
    bool reg_is_high8;      /* AH, CH, DH, BH: bits 15:8 of GPR reg */
    bool has_imm;
    uint64_t imm;           /* sign-extended to 64 bits as the form defines */
    bool has_base, has_index, rip_relative;
    uint8_t base, index;    /* 0..15 */
    uint8_t scale;          /* 1, 2, 4, 8 */
    int64_t disp;           /* sign-extended displacement */
    uint8_t seg;            /* enum x86_seg */
};

/*@ predicate X86InsnFieldsValid(struct x86_insn *i) =
        (i->op_size == 1 || i->op_size == 2 || i->op_size == 4 || i->op_size == 8) &&
        (i->src_size == 1 || i->src_size == 2 || i->src_size == 4 || i->src_size == 8) &&
        (i->addr_size == 4 || i->addr_size == 8) &&
        i->reg < 16 && i->base < 16 && i->index < 16 &&
        (i->scale == 1 || i->scale == 2 || i->scale == 4 || i->scale == 8) &&
        i->seg <= X86_SEG_GS &&
        X86_OP_NONE < i->op < X86_OP_COUNT &&
        (i->reg_is_high8 ==> i->reg < 4);
    predicate X86InsnValid(struct x86_insn *i) =
        1 <= i->len <= X86_MAX_LEN && X86InsnFieldsValid(i);
*/

/*
 * Decodes the instruction at buf[0..len-1] (len may exceed the instruction;
 * only its own bytes are read). long_mode_64 selects 64-bit mode (REX,
 * RIP-relative, 64-bit addresses); otherwise 32-bit protected or
 * compatibility mode. Only the memory-operand forms listed in enum x86_op
 * are decoded. Returns STATUS_OK, STATUS_EAGAIN if the bytes end before
 * the instruction does (fetch more and retry), or STATUS_EINVAL for any
 * other instruction, a register-only form, a LOCK the form does not allow,
 * 16-bit addressing or more than 15 bytes.
 */
/*@ requires valid_buf: len > 0 ==> \valid_read(buf + (0 .. len - 1));
    requires valid_out: \valid(out);
    requires separated: \separated(buf + (0 .. len - 1), out);
    assigns *out;
    ensures status: \result == STATUS_OK || \result == STATUS_EAGAIN ||
                    \result == STATUS_EINVAL;
    ensures ok_valid: \result == STATUS_OK ==> X86InsnValid(out);
    ensures ok_len: \result == STATUS_OK ==> out->len <= len;
    ensures again_short: \result == STATUS_EAGAIN ==> len < X86_MAX_LEN;
*/
status_t x86_decode(const uint8_t *buf, size_t len, bool long_mode_64,
                    struct x86_insn *out);

/*
 * The linear address of the memory operand: base + index * scale + disp
 * (or rip_next + disp), wrapped to the address size, plus seg_base (the
 * caller passes the FS/GS base for those overrides, else 0). For BT/BTS/
 * BTR/BTC with a register bit offset the operand-sized word holding the
 * bit is addressed, as the processor does.
 */
/*@ requires valid_insn: \valid_read(i) && X86InsnValid(i);
    requires valid_gpr: \valid_read(gpr + (0 .. 15));
    assigns \nothing;
*/
uint64_t x86_effective_address(const struct x86_insn *i, const uint64_t gpr[16],
                               uint64_t rip_next, uint64_t seg_base);

#endif /* STRATA_GUEST_X86_DECODE_H */
