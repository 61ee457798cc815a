/* SPDX-License-Identifier: MIT */
/* string.h - freestanding memory and string primitives (prefixed names
 * so the host build never collides with the C library). */
#ifndef STRATA_LIB_STRING_H
#define STRATA_LIB_STRING_H

#include "lib/compiler.h"
#include "lib.h"

/* Copy n bytes; the areas must not overlap. Returns dst. */
/*@ requires valid_dst: \valid((char *)dst + (0 .. n - 1));
    requires valid_src: \valid_read((char *)src + (0 .. n - 1));
    requires disjoint: \separated((char *)dst + (0 .. n - 1),
                                  (char *)src + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1]
        \from ((char *)src)[0 .. n - 1];
    assigns \result \from dst;
    ensures copied: LibMemEqual((char *)dst, (char *)src, n);
    ensures result: \result == dst; */
void *mem_copy(void *dst, const void *src, size_t n);

/* Copy n bytes; the areas may overlap. Returns dst. */
/*@ requires valid_dst: \valid((char *)dst + (0 .. n - 1));
    requires valid_src: \valid_read((char *)src + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1]
        \from ((char *)src)[0 .. n - 1];
    assigns \result \from dst;
    ensures copied: \forall integer k; 0 <= k < n ==>
        ((char *)dst)[k] == \old(((char *)src)[k]);
    ensures result: \result == dst; */
void *mem_move(void *dst, const void *src, size_t n);

/* Fill n bytes with (unsigned char)c. Returns dst. */
/*@ requires valid_dst: \valid((char *)dst + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1] \from c;
    assigns \result \from dst;
    ensures filled: \forall integer k; 0 <= k < n ==>
        ((char *)dst)[k] == (char)c;
    ensures result: \result == dst; */
void *mem_set(void *dst, int c, size_t n);

/* Compare n bytes: <0, 0 or >0 like memcmp. */
/*@ requires valid_a: \valid_read((char *)a + (0 .. n - 1));
    requires valid_b: \valid_read((char *)b + (0 .. n - 1));
    assigns \nothing;
    behavior equal:
      assumes LibMemEqual((char *)a, (char *)b, n);
      ensures zero: \result == 0;
    behavior less:
      assumes !LibMemEqual((char *)a, (char *)b, n);
      assumes LibMemDiff((char *)a, (char *)b, n) < 0;
      ensures negative: \result < 0;
    behavior greater:
      assumes !LibMemEqual((char *)a, (char *)b, n);
      assumes LibMemDiff((char *)a, (char *)b, n) > 0;
      ensures positive: \result > 0;
    complete behaviors;
    disjoint behaviors; */
int mem_compare(const void *a, const void *b, size_t n);

/* Length of a NUL-terminated string. */
/*@ requires valid_s: LibValidString(s);
    assigns \nothing;
    ensures length: \result == LibStrLen(s); */
size_t str_length(const char *s);

/* Length of s, looking at no more than max bytes. */
/*@ requires readable: LibReadableBounded(s, max);
    assigns \nothing;
    ensures bound: \result <= max;
    ensures no_nul: \forall integer k; 0 <= k < \result ==> s[k] != '\0';
    behavior terminated:
      assumes \exists integer i; 0 <= i < max && s[i] == '\0';
      ensures at_nul: s[\result] == '\0';
      ensures length: \result == LibStrLen(s);
    behavior cut:
      assumes \forall integer i; 0 <= i < max ==> s[i] != '\0';
      ensures full: \result == max;
    complete behaviors;
    disjoint behaviors; */
size_t str_length_bounded(const char *s, size_t max);

/* Compare two NUL-terminated strings like strcmp. */
/*@ requires valid_a: LibValidString(a);
    requires valid_b: LibValidString(b);
    assigns \nothing;
    behavior equal:
      assumes LibStrDiff(a, b) == 0;
      ensures zero: \result == 0;
    behavior less:
      assumes LibStrDiff(a, b) < 0;
      ensures negative: \result < 0;
    behavior greater:
      assumes LibStrDiff(a, b) > 0;
      ensures positive: \result > 0;
    complete behaviors;
    disjoint behaviors; */
int str_compare(const char *a, const char *b);

/* Compare at most n bytes of two strings like strncmp. */
/*@ requires valid_a: LibValidString(a);
    requires valid_b: LibValidString(b);
    assigns \nothing;
    behavior equal:
      assumes n == 0 || LibStrMismatch(a, b) >= n || LibStrDiff(a, b) == 0;
      ensures zero: \result == 0;
    behavior less:
      assumes n > 0 && LibStrMismatch(a, b) < n && LibStrDiff(a, b) < 0;
      ensures negative: \result < 0;
    behavior greater:
      assumes n > 0 && LibStrMismatch(a, b) < n && LibStrDiff(a, b) > 0;
      ensures positive: \result > 0;
    complete behaviors;
    disjoint behaviors; */
int str_compare_bounded(const char *a, const char *b, size_t n);

/* Copy src into dst[size], always NUL-terminated when size > 0;
 * returns str_length(src) so truncation is detectable (strlcpy). */
/*@ requires valid_src: LibValidString(src);
    requires valid_dst: \valid(dst + (0 .. size - 1));
    requires disjoint: \separated(dst + (0 .. size - 1),
                                  src + (0 .. LibStrLen(src)));
    assigns dst[0 .. size - 1] \from src[0 .. LibStrLen(src)];
    ensures length: \result == \old(LibStrLen(src));
    behavior no_room:
      assumes size == 0;
      assigns \nothing;
    behavior fits:
      assumes 0 < size && LibStrLen(src) < size;
      ensures copied: \forall integer k; 0 <= k <= \old(LibStrLen(src)) ==>
          dst[k] == \old(src[k]);
    behavior truncated:
      assumes 0 < size && LibStrLen(src) >= size;
      ensures prefix: \forall integer k; 0 <= k < size - 1 ==>
          dst[k] == \old(src[k]);
      ensures terminated: dst[size - 1] == '\0';
    complete behaviors;
    disjoint behaviors; */
size_t str_copy(char *dst, const char *src, size_t size);

#endif /* STRATA_LIB_STRING_H */
