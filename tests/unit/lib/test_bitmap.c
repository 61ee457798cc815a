/* SPDX-License-Identifier: MIT */
/* test_bitmap.c - bitmap operations against a bool-array model. */
#include "lib/bitmap.h"
#include "unit.h"

#define NBITS 200

UNIT_TEST(set_test_clear_across_words)
{
    uint64_t map[BITMAP_WORDS(NBITS)] = { 0 };

    CHECK_EQ(BITMAP_WORDS(NBITS), 4);
    bitmap_set(map, 0);
    bitmap_set(map, 63);
    bitmap_set(map, 64);
    bitmap_set(map, 199);
    CHECK(bitmap_test(map, 0) && bitmap_test(map, 63));
    CHECK(bitmap_test(map, 64) && bitmap_test(map, 199));
    CHECK(!bitmap_test(map, 1) && !bitmap_test(map, 65));
    CHECK(map[0] == (1ULL | 1ULL << 63));
    CHECK(map[1] == 1);
    bitmap_set(map, 63);                    /* idempotent */
    CHECK(map[0] == (1ULL | 1ULL << 63));
    bitmap_clear(map, 63);
    CHECK(!bitmap_test(map, 63) && map[0] == 1);
    bitmap_clear(map, 63);
    CHECK(map[0] == 1);
}

UNIT_TEST(find_and_count_empty_full_and_limits)
{
    uint64_t map[BITMAP_WORDS(NBITS)] = { 0 };

    CHECK_EQ(bitmap_find_first_set(map, NBITS), NBITS);
    CHECK_EQ(bitmap_find_first_clear(map, NBITS), 0);
    CHECK_EQ(bitmap_count(map, NBITS), 0);
    CHECK_EQ(bitmap_find_first_set(map, 0), 0);
    CHECK_EQ(bitmap_find_first_clear(map, 0), 0);
    CHECK_EQ(bitmap_count(map, 0), 0);
    for (size_t b = 0; b < NBITS; b++)
        bitmap_set(map, b);
    CHECK_EQ(bitmap_find_first_clear(map, NBITS), NBITS);
    CHECK_EQ(bitmap_count(map, NBITS), NBITS);
    CHECK_EQ(bitmap_count(map, 70), 70);
    bitmap_clear(map, 130);
    CHECK_EQ(bitmap_find_first_clear(map, NBITS), 130);
    CHECK_EQ(bitmap_find_first_clear(map, 130), 130);  /* beyond the limit */
    map[0] = 0;
    CHECK_EQ(bitmap_find_first_set(map, NBITS), 64);
    CHECK_EQ(bitmap_find_first_set(map, 64), 64);
}

UNIT_TEST(zero_keeps_bits_at_and_above_nbits)
{
    uint64_t map[3] = { ~0ULL, ~0ULL, ~0ULL };

    bitmap_zero(map, 70);
    CHECK(map[0] == 0);
    CHECK(map[1] == ~0ULL << 6);
    CHECK(map[2] == ~0ULL);
    bitmap_zero(map, 0);
    CHECK(map[1] == ~0ULL << 6);
    bitmap_zero(map, 192);
    CHECK(map[0] == 0 && map[1] == 0 && map[2] == 0);
}

UNIT_TEST(random_against_bool_model)
{
    uint64_t seed = unit_seed();
    uint64_t map[BITMAP_WORDS(NBITS)] = { 0 };
    bool model[NBITS] = { false };

    for (int round = 0; round < 2000; round++) {
        size_t b = unit_random(&seed) % NBITS;
        size_t limit = unit_random(&seed) % (NBITS + 1);
        size_t first_set = limit, first_clear = limit, count = 0;

        if (unit_random(&seed) & 1) {
            bitmap_set(map, b);
            model[b] = true;
        } else {
            bitmap_clear(map, b);
            model[b] = false;
        }
        for (size_t i = limit; i > 0; i--) {
            if (model[i - 1])
                first_set = i - 1;
            else
                first_clear = i - 1;
            count += model[i - 1];
        }
        CHECK_EQ(bitmap_test(map, b), model[b]);
        CHECK_EQ(bitmap_find_first_set(map, limit), first_set);
        CHECK_EQ(bitmap_find_first_clear(map, limit), first_clear);
        CHECK_EQ(bitmap_count(map, limit), count);
    }
}
