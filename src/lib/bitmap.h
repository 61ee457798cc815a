/* SPDX-License-Identifier: MIT */
/* bitmap.h - bit arrays stored in 64-bit words. */
#ifndef STRATA_LIB_BITMAP_H
#define STRATA_LIB_BITMAP_H

#include "lib/compiler.h"
#include "lib.h"

/*
 * Bit b lives in word b / 64 at position b % 64 (LIB_BIT in spec/lib.h).
 * Callers pass maps of at least BITMAP_WORDS(nbits) words.
 */
#define BITS_PER_WORD       64
#define BITMAP_WORDS(bits)  (((bits) + BITS_PER_WORD - 1) / BITS_PER_WORD)

/* True if bit is set. */
/*@ requires valid_word: \valid_read(map + bit / 64);
    assigns \nothing;
    ensures result: \result != 0 <==> LIB_BIT(map, bit); */
bool bitmap_test(const uint64_t *map, size_t bit);

/* Set bit; every other bit keeps its value. */
/*@ requires valid_word: \valid(map + bit / 64);
    assigns map[bit / 64];
    ensures set: LIB_BIT(map, bit);
    ensures others: \forall integer b; 0 <= b && b / 64 == bit / 64 && b != bit ==>
        (LIB_BIT(map, b) <==> \old(LIB_BIT(map, b))); */
void bitmap_set(uint64_t *map, size_t bit);

/* Clear bit; every other bit keeps its value. */
/*@ requires valid_word: \valid(map + bit / 64);
    assigns map[bit / 64];
    ensures cleared: !LIB_BIT(map, bit);
    ensures others: \forall integer b; 0 <= b && b / 64 == bit / 64 && b != bit ==>
        (LIB_BIT(map, b) <==> \old(LIB_BIT(map, b))); */
void bitmap_clear(uint64_t *map, size_t bit);

/* Clear bits 0 .. nbits - 1; bits from nbits up to the end of the
 * last word keep their values. */
/*@ requires valid_map: LibBitmapValid(map, nbits);
    assigns map[0 .. (nbits + 63) / 64 - 1];
    ensures cleared: \forall integer b; 0 <= b < nbits ==> !LIB_BIT(map, b);
    ensures kept: \forall integer b; nbits <= b < (nbits + 63) / 64 * 64 ==>
        (LIB_BIT(map, b) <==> \old(LIB_BIT(map, b))); */
void bitmap_zero(uint64_t *map, size_t nbits);

/* Lowest set bit below nbits, or nbits if none. */
/* LAB 9: BEGIN */
/*@ requires valid_map: LibBitmapReadable(map, nbits);
    assigns \nothing;
    ensures range: 0 <= \result <= nbits;
    ensures below_clear: \forall integer b; 0 <= b < \result ==> !LIB_BIT(map, b);
    behavior found:
      assumes \exists integer b; 0 <= b < nbits && LIB_BIT(map, b);
      ensures is_set: \result < nbits && LIB_BIT(map, \result);
    behavior none:
      assumes \forall integer b; 0 <= b < nbits ==> !LIB_BIT(map, b);
      ensures limit: \result == nbits;
    complete behaviors;
    disjoint behaviors; */
/* LAB 9: STUB
// LAB 9: write the ACSL contract of bitmap_find_first_set here.
LAB 9: END */
size_t bitmap_find_first_set(const uint64_t *map, size_t nbits);

/* Lowest clear bit below nbits, or nbits if none. */
/*@ requires valid_map: LibBitmapReadable(map, nbits);
    assigns \nothing;
    ensures range: 0 <= \result <= nbits;
    ensures below_set: \forall integer b; 0 <= b < \result ==> LIB_BIT(map, b);
    behavior found:
      assumes \exists integer b; 0 <= b < nbits && !LIB_BIT(map, b);
      ensures is_clear: \result < nbits && !LIB_BIT(map, \result);
    behavior none:
      assumes \forall integer b; 0 <= b < nbits ==> LIB_BIT(map, b);
      ensures limit: \result == nbits;
    complete behaviors;
    disjoint behaviors; */
size_t bitmap_find_first_clear(const uint64_t *map, size_t nbits);

/* Number of set bits below nbits. */
/*@ requires valid_map: LibBitmapReadable(map, nbits);
    assigns \nothing;
    ensures count: \result == LibBitCount(map, nbits);
    ensures range: 0 <= \result <= nbits; */
size_t bitmap_count(const uint64_t *map, size_t nbits);

#endif /* STRATA_LIB_BITMAP_H */
