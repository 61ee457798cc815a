/* SPDX-License-Identifier: MIT */
/* bitmap.h - bit arrays stored in 64-bit words. */
#ifndef STRATA_LIB_BITMAP_H
#define STRATA_LIB_BITMAP_H

#include "lib/compiler.h"

#define BITS_PER_WORD       64
#define BITMAP_WORDS(bits)  (((bits) + BITS_PER_WORD - 1) / BITS_PER_WORD)

bool bitmap_test(const uint64_t *map, size_t bit);
void bitmap_set(uint64_t *map, size_t bit);
void bitmap_clear(uint64_t *map, size_t bit);
/* Clear bits 0 .. nbits - 1. */
void bitmap_zero(uint64_t *map, size_t nbits);
/* Lowest set bit below nbits, or nbits if none. */
size_t bitmap_find_first_set(const uint64_t *map, size_t nbits);
/* Lowest clear bit below nbits, or nbits if none. */
size_t bitmap_find_first_clear(const uint64_t *map, size_t nbits);
/* Number of set bits below nbits. */
size_t bitmap_count(const uint64_t *map, size_t nbits);

#endif /* STRATA_LIB_BITMAP_H */
