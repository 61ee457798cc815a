/* SPDX-License-Identifier: MIT */
/* lib.h - ACSL logic shared by the L0 lib contracts (prose: spec/lib.md). */
#ifndef STRATA_SPEC_LIB_H
#define STRATA_SPEC_LIB_H

#include <stddef.h>
#include <stdint.h>

/*
 * Strings. LibStrLen is the index of the first NUL, and negative when
 * there is none; the axioms pin it down and are consistent because the
 * first NUL is unique. LibStrMismatch is the first index where two
 * strings differ or the first ends. The *_exists axioms state the
 * well-ordering of the naturals (a first such index exists), a fact SMT
 * solvers cannot derive without induction.
 */
/*@ axiomatic LibString {
      logic integer LibStrLen{L}(char *s) reads s[0 ..];

      axiom lib_strlen_pos{L}: \forall char *s; \forall integer n;
          0 <= n && s[n] == '\0' &&
          (\forall integer k; 0 <= k < n ==> s[k] != '\0') ==>
          LibStrLen(s) == n;
      axiom lib_strlen_neg{L}: \forall char *s;
          (\forall integer n; 0 <= n ==> s[n] != '\0') ==> LibStrLen(s) < 0;
      axiom lib_strlen_before_nul{L}: \forall char *s; \forall integer k;
          0 <= k < LibStrLen(s) ==> s[k] != '\0';
      axiom lib_strlen_at_nul{L}: \forall char *s;
          0 <= LibStrLen(s) ==> s[LibStrLen(s)] == '\0';

      logic integer LibStrMismatch{L}(char *a, char *b) reads a[0 ..], b[0 ..];

      axiom lib_mismatch_def{L}: \forall char *a, *b; \forall integer m;
          0 <= m &&
          (\forall integer k; 0 <= k < m ==> a[k] == b[k] && a[k] != '\0') &&
          (a[m] != b[m] || a[m] == '\0') ==>
          LibStrMismatch(a, b) == m;
      axiom lib_mismatch_exists{L}: \forall char *a, *b;
          0 <= LibStrLen(a) ==>
          0 <= LibStrMismatch(a, b) <= LibStrLen(a) &&
          (\forall integer k; 0 <= k < LibStrMismatch(a, b) ==>
              a[k] == b[k] && a[k] != '\0') &&
          (a[LibStrMismatch(a, b)] != b[LibStrMismatch(a, b)] ||
           a[LibStrMismatch(a, b)] == '\0');
    }
*/

/*@ // A readable NUL-terminated string whose length fits a size_t.
    predicate LibValidString{L}(char *s) =
        0 <= LibStrLen(s) < SIZE_MAX && \valid_read(s + (0 .. LibStrLen(s)));

    // s may be read up to its first NUL or up to max bytes, whichever
    // comes first (what a bounded scan touches).
    predicate LibReadableBounded{L}(char *s, integer max) =
        \forall integer i; 0 <= i < max ==>
            (\forall integer k; 0 <= k < i ==> s[k] != '\0') ==>
            \valid_read(s + i);

    // The characters of a and b at the first difference, as strcmp sees them.
    logic integer LibStrDiff{L}(char *a, char *b) =
        (unsigned char)a[LibStrMismatch(a, b)] -
        (unsigned char)b[LibStrMismatch(a, b)];
*/

/*
 * Byte arrays. LibMemMismatch is the first index below n where a and b
 * differ; the exists axiom is again well-ordering.
 */
/*@ // Distinct chars stay distinct when compared as unsigned char.
    lemma lib_uchar_injective: \forall char x, y;
        (unsigned char)x == (unsigned char)y ==> x == y;
*/

/*@ predicate LibMemEqual{L}(char *a, char *b, integer n) =
        \forall integer k; 0 <= k < n ==> a[k] == b[k];

    axiomatic LibMemory {
      logic integer LibMemMismatch{L}(char *a, char *b,
                                      integer n)
          reads a[0 .. n - 1], b[0 .. n - 1];

      axiom lib_memmismatch_def{L}: \forall char *a, *b;
          \forall integer n, m;
          0 <= m < n && a[m] != b[m] && LibMemEqual(a, b, m) ==>
          LibMemMismatch(a, b, n) == m;
      axiom lib_memmismatch_exists{L}: \forall char *a, *b;
          \forall integer n;
          !LibMemEqual(a, b, n) ==>
          0 <= LibMemMismatch(a, b, n) < n &&
          a[LibMemMismatch(a, b, n)] != b[LibMemMismatch(a, b, n)] &&
          LibMemEqual(a, b, LibMemMismatch(a, b, n));
    }

    // The bytes at the first difference, compared as unsigned char.
    logic integer LibMemDiff{L}(char *a, char *b, integer n) =
        (unsigned char)a[LibMemMismatch(a, b, n)] -
        (unsigned char)b[LibMemMismatch(a, b, n)];
*/

/*
 * Bitmaps. Bit b lives in word b / 64 at position b % 64. LIB_BIT is a
 * macro over WP's built-in bit_test (wp.driver maps it to Cbits) rather
 * than a predicate, because WP's simplifier reasons about bit_test
 * through &, |, ~ and << only when it sees it directly.
 */
/*@ axiomatic LibBits {
      logic boolean bit_test(integer x, integer k);
    }
*/
#define LIB_BIT(map, b) bit_test((map)[(b) / 64], (b) % 64)

/*@ // The words holding bits 0 .. nbits - 1.
    predicate LibBitmapReadable{L}(uint64_t *map, integer nbits) =
        \valid_read(map + (0 .. (nbits + 63) / 64 - 1));
    predicate LibBitmapValid{L}(uint64_t *map, integer nbits) =
        \valid(map + (0 .. (nbits + 63) / 64 - 1));

    // Bit b as the number 0 or 1 (the form bitmap_count adds up).
    logic integer LibBitValue{L}(uint64_t *map, integer b) =
        (map[b / 64] >> (b % 64)) & 1;

    // Number of set bits among bits 0 .. n - 1.
    logic integer LibBitCount{L}(uint64_t *map, integer n) =
        n <= 0 ? 0 : LibBitCount(map, n - 1) + LibBitValue(map, n - 1);
*/

#endif /* STRATA_SPEC_LIB_H */
