/* SPDX-License-Identifier: MIT */
/* fuzz_decode.c - libFuzzer harness: arbitrary bytes through the x86 decoder and emulator. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "guest/x86/decode.h"
#include "guest/x86/emulate.h"

/* Checks what x86_decode promises for an accepted instruction. */
static void check_insn(const struct x86_insn *i, size_t len)
{
    bool size_ok = i->op_size == 1 || i->op_size == 2 || i->op_size == 4 ||
                   i->op_size == 8;
    bool scale_ok = i->scale == 1 || i->scale == 2 || i->scale == 4 ||
                    i->scale == 8;
    if (i->len < 1 || i->len > X86_MAX_LEN || i->len > len || !size_ok ||
        !scale_ok || i->reg > 15 || i->base > 15 || i->index > 15 ||
        (i->reg_is_high8 && i->reg > 3) || i->op == X86_OP_NONE ||
        i->op >= X86_OP_COUNT || i->seg > X86_SEG_GS)
        abort();
}

/*
 * The input is copied into a buffer of exactly its size, so ASan reports
 * any read past it. Byte 0 selects the mode; the rest is the instruction.
 * An accepted instruction is then decoded again from exactly its own
 * bytes (same result) and emulated against registers made from the input.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool mode64 = data[0] & 1;
    size_t len = size - 1;
    uint8_t *buf = malloc(len ? len : 1);
    memcpy(buf, data + 1, len);

    struct x86_insn insn, again;
    status_t status = x86_decode(buf, len, mode64, &insn);
    if (status == STATUS_EAGAIN && len >= X86_MAX_LEN)
        abort();
    if (status == STATUS_OK) {
        check_insn(&insn, len);
        if (x86_decode(buf, insn.len, mode64, &again) != STATUS_OK ||
            memcmp(&insn, &again, sizeof(insn)) != 0)
            abort();
        uint64_t gpr[16], rflags = data[0], mem_new = 0;
        bool writes = false;
        for (size_t r = 0; r < 16; r++)
            gpr[r] = (uint64_t)0x0101010101010101ull * (uint8_t)(r + len);
        x86_effective_address(&insn, gpr, 0x1000, 0);
        if (x86_emulate(&insn, gpr, &rflags, gpr[0] ^ gpr[7], &mem_new,
                        &writes) != STATUS_OK)
            abort();
        if (writes && insn.op_size < 8 && (mem_new >> (8 * insn.op_size)) != 0)
            abort();
    }
    free(buf);
    return 0;
}
