/* SPDX-License-Identifier: MIT */
/* emulate.h - the effect of a decoded memory-operand instruction on memory, registers and flags. */
#ifndef STRATA_GUEST_X86_EMULATE_H
#define STRATA_GUEST_X86_EMULATE_H

#include "guest/x86/decode.h"

/* Arithmetic flags in RFLAGS. */
#define X86_FLAG_CF 0x0001u
#define X86_FLAG_PF 0x0004u
#define X86_FLAG_AF 0x0010u
#define X86_FLAG_ZF 0x0040u
#define X86_FLAG_SF 0x0080u
#define X86_FLAG_OF 0x0800u
#define X86_FLAGS_ARITH (X86_FLAG_CF | X86_FLAG_PF | X86_FLAG_AF | \
                         X86_FLAG_ZF | X86_FLAG_SF | X86_FLAG_OF)

/*
 * Applies instruction i to the memory operand's current value mem_old
 * (its low src_size bytes count) and the guest's registers gpr (RAX=0 ..
 * R15=15) and rflags, as the processor would:
 *  - *writes says whether memory changes; if so *mem_new holds the value
 *    of the low op_size bytes to store (higher bits zero);
 *  - registers the instruction writes are updated in gpr with the
 *    architectural width rules (32-bit results zero-extend to 64 bits,
 *    8/16-bit results keep the other bits; AH..BH are bits 15:8);
 *  - CF PF AF ZF SF OF are updated where the instruction defines them
 *    (AF cleared by the logic operations; BT* change CF only).
 * A failing CMPXCHG loads rAX and reports *writes false (the processor
 * rewrites the same value). Nothing changes when it returns an error.
 * The caller does the memory access itself, atomically where i->lock.
 */
/*@ requires valid_insn: \valid_read(i) && X86InsnValid(i);
    requires valid_gpr: \valid(gpr + (0 .. 15));
    requires valid_out: \valid(rflags) && \valid(mem_new) && \valid(writes);
    requires separated: \separated(gpr + (0 .. 15), rflags, mem_new, writes, i);
    assigns gpr[0 .. 15], *rflags, *mem_new, *writes;
    ensures status: \result == STATUS_OK || \result == STATUS_EINVAL;
*/
status_t x86_emulate(const struct x86_insn *i, uint64_t gpr[16], uint64_t *rflags,
                     uint64_t mem_old, uint64_t *mem_new, bool *writes);

#endif /* STRATA_GUEST_X86_EMULATE_H */
