/* SPDX-License-Identifier: MIT */
/* lib_format.h - ACSL logic for lib/format.c: digits of numbers (prose: spec/lib.md). */
#ifndef STRATA_SPEC_LIB_FORMAT_H
#define STRATA_SPEC_LIB_FORMAT_H

#include "lib.h"

/*
 * Numbers. LibShift(v, base, i) is v with its i lowest digits dropped;
 * digit i of v is LibShift(v, base, i) % base. LibPow bounds how many
 * digits a 64-bit value has.
 */
/*@ logic integer LibShift(integer v, integer base, integer i) =
        i <= 0 ? v : LibShift(v, base, i - 1) / base;

    logic integer LibPow(integer base, integer i) =
        i <= 0 ? 1 : base * LibPow(base, i - 1);

    lemma lib_pow_10_20: LibPow(10, 20) > 18446744073709551615;
    lemma lib_pow_16_20: LibPow(16, 20) > 18446744073709551615;

    // The character for digit d (0 .. 15), upper- or lowercase hex.
    logic integer LibDigitChar(integer d, integer upper) =
        d < 10 ? '0' + d : (upper != 0 ? 'A' : 'a') + (d - 10);
*/

#endif /* STRATA_SPEC_LIB_FORMAT_H */
