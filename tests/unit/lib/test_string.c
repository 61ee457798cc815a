/* SPDX-License-Identifier: MIT */
/* test_string.c - mem_* and str_* against hand-checked and libc results. */
#include "lib/string.h"
#include "unit.h"

#include <string.h>

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

UNIT_TEST(mem_copy_copies_and_returns_dst)
{
    char src[16] = "abcdefghijklmno", dst[16];

    memset(dst, 'x', sizeof dst);
    CHECK(mem_copy(dst, src, 5) == dst);
    CHECK(memcmp(dst, "abcde", 5) == 0);
    CHECK_EQ(dst[5], 'x');
    CHECK(mem_copy(dst, src, 0) == dst);
    CHECK_EQ(dst[0], 'a');
}

UNIT_TEST(mem_move_overlap_forward_and_backward)
{
    char buf[16];

    memcpy(buf, "0123456789", 11);
    CHECK(mem_move(buf + 2, buf, 6) == buf + 2);    /* dst above src */
    CHECK(memcmp(buf, "0101234589", 10) == 0);
    memcpy(buf, "0123456789", 11);
    CHECK(mem_move(buf, buf + 3, 7) == buf);        /* dst below src */
    CHECK(memcmp(buf, "3456789789", 10) == 0);
    memcpy(buf, "0123456789", 11);
    mem_move(buf, buf, 10);                         /* same area */
    CHECK(memcmp(buf, "0123456789", 10) == 0);
    mem_move(buf, buf + 1, 0);
    CHECK_EQ(buf[0], '0');
}

UNIT_TEST(mem_move_random_against_memmove)
{
    uint64_t seed = unit_seed();
    unsigned char a[64], b[64];

    for (int round = 0; round < 500; round++) {
        size_t d = unit_random(&seed) % 32, s = unit_random(&seed) % 32;
        size_t n = unit_random(&seed) % 33;

        for (size_t i = 0; i < sizeof a; i++)
            a[i] = b[i] = (unsigned char)unit_random(&seed);
        mem_move(a + d, a + s, n);
        memmove(b + d, b + s, n);
        CHECK(memcmp(a, b, sizeof a) == 0);
    }
}

UNIT_TEST(mem_set_fills_with_low_byte)
{
    unsigned char buf[8] = { 0 };

    CHECK(mem_set(buf, 0x1ab, 7) == buf);
    for (int i = 0; i < 7; i++)
        CHECK_EQ(buf[i], 0xab);
    CHECK_EQ(buf[7], 0);
    mem_set(buf, 0, 0);
    CHECK_EQ(buf[0], 0xab);
}

UNIT_TEST(mem_compare_orders_as_unsigned)
{
    CHECK_EQ(mem_compare("abc", "abc", 3), 0);
    CHECK_EQ(mem_compare("abc", "abd", 3), -1);
    CHECK_EQ(mem_compare("abd", "abc", 3), 1);
    CHECK_EQ(mem_compare("abc", "abd", 2), 0);
    CHECK_EQ(mem_compare("x", "y", 0), 0);
    CHECK_EQ(mem_compare("\x80", "\x01", 1), 1);   /* 0x80 > 0x01 unsigned */
}

UNIT_TEST(str_length_plain_and_bounded)
{
    CHECK_EQ(str_length(""), 0);
    CHECK_EQ(str_length("hello"), 5);
    CHECK_EQ(str_length_bounded("hello", 3), 3);
    CHECK_EQ(str_length_bounded("hello", 5), 5);
    CHECK_EQ(str_length_bounded("hello", 99), 5);
    CHECK_EQ(str_length_bounded("hello", 0), 0);
    char unterminated[4] = { 'a', 'b', 'c', 'd' };
    CHECK_EQ(str_length_bounded(unterminated, 4), 4);
}

UNIT_TEST(str_compare_like_strcmp)
{
    const char *words[] = { "", "a", "ab", "abc", "abd", "b", "\xff", "A" };

    for (size_t i = 0; i < 8; i++)
        for (size_t j = 0; j < 8; j++)
            CHECK_EQ(str_compare(words[i], words[j]),
                     sign(strcmp(words[i], words[j])));
}

UNIT_TEST(str_compare_bounded_like_strncmp)
{
    const char *words[] = { "", "a", "ab", "abc", "abd", "b", "\xff" };

    for (size_t i = 0; i < 7; i++)
        for (size_t j = 0; j < 7; j++)
            for (size_t n = 0; n < 5; n++)
                CHECK_EQ(str_compare_bounded(words[i], words[j], n),
                         sign(strncmp(words[i], words[j], n)));
}

UNIT_TEST(str_copy_truncates_and_terminates)
{
    char dst[6];

    memset(dst, 'x', sizeof dst);
    CHECK_EQ(str_copy(dst, "hi", sizeof dst), 2);
    CHECK(strcmp(dst, "hi") == 0);
    CHECK_EQ(str_copy(dst, "abcdefgh", sizeof dst), 8);
    CHECK(strcmp(dst, "abcde") == 0);
    CHECK_EQ(str_copy(dst, "abcde", sizeof dst), 5);   /* exactly fits */
    CHECK(strcmp(dst, "abcde") == 0);
    CHECK_EQ(str_copy(dst, "zz", 1), 2);
    CHECK_EQ(dst[0], '\0');
    dst[0] = 'q';
    CHECK_EQ(str_copy(dst, "zz", 0), 2);                /* size 0: untouched */
    CHECK_EQ(dst[0], 'q');
}
