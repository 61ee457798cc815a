/* SPDX-License-Identifier: MIT */
/* bitmap.c - bit arrays stored in 64-bit words, proved with WP. */
#include "lib/bitmap.h"

/* The word holding bit, and the mask of bit inside that word. */
#define WORD_OF(bit)  ((bit) / BITS_PER_WORD)
#define MASK_OF(bit)  ((uint64_t)1 << ((bit) % BITS_PER_WORD))

bool bitmap_test(const uint64_t *map, size_t bit)
{
    return ((map[WORD_OF(bit)] >> (bit % BITS_PER_WORD)) & 1) != 0;
}

void bitmap_set(uint64_t *map, size_t bit)
{
    map[WORD_OF(bit)] |= MASK_OF(bit);
}

void bitmap_clear(uint64_t *map, size_t bit)
{
    map[WORD_OF(bit)] &= ~MASK_OF(bit);
}

void bitmap_zero(uint64_t *map, size_t nbits)
{
    size_t full = nbits / BITS_PER_WORD;

    /*@ loop invariant bound: 0 <= w <= full;
        loop invariant zeroed: \forall integer k; 0 <= k < w ==> map[k] == 0;
        loop assigns w, map[0 .. full - 1];
        loop variant full - w; */
    for (size_t w = 0; w < full; w++)
        map[w] = 0;
    /*@ assert zero_words: \forall integer b;
            0 <= b < full * BITS_PER_WORD ==> map[b / 64] == 0; */
    /*@ assert whole_words: \forall integer b;
            0 <= b < full * BITS_PER_WORD ==> !LIB_BIT(map, b); */
    /* A partial last word keeps its bits at and above nbits. */
    /*@ loop invariant bound: full * BITS_PER_WORD <= bit <= nbits;
        loop invariant zeroed: \forall integer k; 0 <= k < full ==> map[k] == 0;
        loop invariant cleared: \forall integer b; 0 <= b < bit ==> !LIB_BIT(map, b);
        loop invariant kept: \forall integer b;
            bit <= b < (full + 1) * BITS_PER_WORD ==>
            (LIB_BIT(map, b) <==> \at(LIB_BIT(map, b), Pre));
        loop assigns bit, map[full .. (nbits + 63) / 64 - 1];
        loop variant nbits - bit; */
    for (size_t bit = full * BITS_PER_WORD; bit < nbits; bit++) {
        //@ assert same_word: bit / 64 == full;
        bitmap_clear(map, bit);
    }
}

size_t bitmap_find_first_set(const uint64_t *map, size_t nbits)
{
    size_t bit = 0;

    /* LAB 9: BEGIN */
    /*@ loop invariant bound: 0 <= bit <= nbits;
        loop invariant none: \forall integer b; 0 <= b < bit ==> !LIB_BIT(map, b);
        loop assigns bit;
        loop variant nbits - bit; */
    /* LAB 9: STUB
    // LAB 9: the loop annotations (invariants, assigns, variant) go here.
    LAB 9: END */
    while (bit < nbits) {
        if (bitmap_test(map, bit))
            return bit;
        bit++;
    }
    return nbits;
}

size_t bitmap_find_first_clear(const uint64_t *map, size_t nbits)
{
    size_t bit = 0;

    /*@ loop invariant bound: 0 <= bit <= nbits;
        loop invariant all: \forall integer b; 0 <= b < bit ==> LIB_BIT(map, b);
        loop assigns bit;
        loop variant nbits - bit; */
    while (bit < nbits) {
        if (!bitmap_test(map, bit))
            return bit;
        bit++;
    }
    return nbits;
}

size_t bitmap_count(const uint64_t *map, size_t nbits)
{
    size_t count = 0;

    /*@ loop invariant bound: 0 <= bit <= nbits;
        loop invariant counted: count == LibBitCount(map, bit);
        loop invariant below: count <= bit;
        loop assigns bit, count;
        loop variant nbits - bit; */
    for (size_t bit = 0; bit < nbits; bit++) {
        uint64_t one = (map[WORD_OF(bit)] >> (bit % BITS_PER_WORD)) & 1;

        //@ assert zero_or_one: one <= 1;
        count += one;
    }
    return count;
}
