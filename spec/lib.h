/* SPDX-License-Identifier: MIT */
/* lib.h - ACSL logic shared by the L0 lib contracts (prose: spec/lib.md). */
#ifndef STRATA_SPEC_LIB_H
#define STRATA_SPEC_LIB_H

#include <stddef.h>
#include <stdint.h>

/*@ axiomatic LibString {
      // Length of the string at s: the index of its first NUL.
      logic integer LibStrLen{L}(char *s) reads s[0 ..];

      axiom lib_strlen_pos{L}: \forall char *s; \forall integer n;
          (0 <= n && s[n] == '\0' && \forall integer k; 0 <= k < n ==> s[k] != '\0')
          ==> LibStrLen(s) == n;
      axiom lib_strlen_neg{L}: \forall char *s;
          (\forall integer n; 0 <= n ==> s[n] != '\0') ==> LibStrLen(s) < 0;
      axiom lib_strlen_before_nul{L}: \forall char *s; \forall integer k;
          0 <= k < LibStrLen(s) ==> s[k] != '\0';
      axiom lib_strlen_at_nul{L}: \forall char *s;
          0 <= LibStrLen(s) ==> s[LibStrLen(s)] == '\0';
    }
*/

/*@ // A readable NUL-terminated string.
    predicate LibValidString{L}(char *s) =
        0 <= LibStrLen(s) && \valid_read(s + (0 .. LibStrLen(s)));
*/

/*@ // Bit b of the bitmap map (word b / 64, position b % 64).
    predicate LibBit{L}(uint64_t *map, integer b) =
        (map[b / 64] & ((uint64_t)1 << (b % 64))) != 0;

    // A bitmap covering nbits bits: its words can be read.
    predicate LibBitmapReadable{L}(uint64_t *map, integer nbits) =
        \valid_read(map + (0 .. (nbits + 63) / 64 - 1));
    predicate LibBitmapValid{L}(uint64_t *map, integer nbits) =
        \valid(map + (0 .. (nbits + 63) / 64 - 1));

    // Number of set bits among bits 0 .. n - 1.
    logic integer LibBitCount{L}(uint64_t *map, integer n) =
        n <= 0 ? 0 : LibBitCount(map, n - 1) + (LibBit(map, n - 1) ? 1 : 0);
*/

#endif /* STRATA_SPEC_LIB_H */
