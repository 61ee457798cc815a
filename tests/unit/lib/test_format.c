/* SPDX-License-Identifier: MIT */
/* test_format.c - format() against the host snprintf, plus Strata's own
 * rules (truncation, size 0, literal copy of unknown directives). */
#include "lib/format.h"
#include "unit.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>
#include <string.h>

/* Formats with both implementations and reports a mismatch. */
#define SAME(...)                                                          \
    do {                                                                   \
        char ours_[256], libc_[256];                                       \
        size_t n_ = format(ours_, sizeof ours_, __VA_ARGS__);              \
        int m_ = snprintf(libc_, sizeof libc_, __VA_ARGS__);               \
        CHECK_EQ(n_, m_);                                                  \
        CHECK(strcmp(ours_, libc_) == 0);                                  \
        if (strcmp(ours_, libc_) != 0)                                     \
            printf("    ours '%s' libc '%s'\n", ours_, libc_);             \
    } while (0)

/* format_string without the printf attribute, for directives the
 * compiler would reject on purpose. */
static size_t unchecked(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    n = format_string(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

UNIT_TEST(integers_match_libc)
{
    SAME("%d %i %u", 0, -1, 42u);
    SAME("%d %d", INT_MAX, INT_MIN);
    SAME("%ld %lu", LONG_MIN, ULONG_MAX);
    SAME("%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
    SAME("%zu %zd", (size_t)SIZE_MAX, (ssize_t)-5);
    SAME("%hd %hu %hhd %hhu", -2, 65535, -3, 255);
    SAME("%hd %hhu", 70000, 300);          /* narrowed like libc */
    SAME("%x %X %lx %llX", 0xbeefu, 0xbeefu, 0x123456789abcUL, ~0ULL);
    SAME("%#x %#X %#x", 255u, 255u, 0u);
}

UNIT_TEST(widths_and_flags_match_libc)
{
    SAME("[%5d] [%-5d] [%05d]", 42, 42, 42);
    SAME("[%5d] [%-5d] [%05d]", -42, -42, -42);
    SAME("[%08x] [%#08x] [%-#8x]", 0xabu, 0xabu, 0xabu);
    SAME("[%1d] [%0d]", 12345, 7);
    SAME("[%*d] [%*d] [%-*d]", 6, 1, -6, 1, 3, 9);
    SAME("[%5s] [%-5s] [%2s]", "ab", "ab", "abcdef");
    SAME("[%c] [%3c] [%-3c]", 'x', 'y', 'z');
    SAME("100%% [%%] %s", "done");
    SAME("%s", "");
}

UNIT_TEST(pointer_is_0x_hex)
{
    char buf[64];
    int object;

    format(buf, sizeof buf, "%p", (void *)0x1234);
    CHECK(strcmp(buf, "0x1234") == 0);
    format(buf, sizeof buf, "[%10p] [%-10p]", (void *)0xab, (void *)0xab);
    CHECK(strcmp(buf, "[      0xab] [0xab      ]") == 0);
    format(buf, sizeof buf, "%p", (void *)&object);
    char want[64];
    snprintf(want, sizeof want, "%p", (void *)&object);
    CHECK(strcmp(buf, want) == 0);
    format(buf, sizeof buf, "%p", (void *)0);
    CHECK(strcmp(buf, "0x0") == 0);
}

UNIT_TEST(null_string_prints_null)
{
    char buf[32];
    const char *none = NULL;

    CHECK_EQ(unchecked(buf, sizeof buf, "<%s>", none), 8);
    CHECK(strcmp(buf, "<(null)>") == 0);
}

UNIT_TEST(truncation_terminates_and_reports_full_length)
{
    char buf[8];

    memset(buf, 'x', sizeof buf);
    CHECK_EQ(format(buf, sizeof buf, "%s-%d", "abcdef", 12345), 12);
    CHECK(strcmp(buf, "abcdef-") == 0);
    CHECK_EQ(format(buf, 1, "hello"), 5);
    CHECK_EQ(buf[0], '\0');
    buf[0] = 'q';
    CHECK_EQ(format(buf, 0, "hello %d", 1), 7);   /* size 0: nothing written */
    CHECK_EQ(buf[0], 'q');
    CHECK_EQ(format(NULL, 0, "%08x", 1u), 8);
    CHECK_EQ(format(buf, sizeof buf, "1234567"), 7);  /* exactly fits */
    CHECK(strcmp(buf, "1234567") == 0);
}

UNIT_TEST(truncation_at_every_size_is_a_prefix)
{
    char full[64], buf[64];
    size_t n = format(full, sizeof full, "%-6s|%#x|%5d|%c", "ab", 0x2au, -7, 'z');

    for (size_t size = 1; size <= n + 1; size++) {
        memset(buf, 'x', sizeof buf);
        CHECK_EQ(format(buf, size, "%-6s|%#x|%5d|%c", "ab", 0x2au, -7, 'z'), n);
        CHECK_EQ(strlen(buf), size - 1 < n ? size - 1 : n);
        CHECK(strncmp(buf, full, size - 1) == 0);
        CHECK_EQ(buf[size], 'x');                   /* nothing past size */
    }
}

UNIT_TEST(unknown_directives_are_copied)
{
    char buf[64];

    CHECK_EQ(unchecked(buf, sizeof buf, "a%qb"), 4);
    CHECK(strcmp(buf, "a%qb") == 0);
    CHECK_EQ(unchecked(buf, sizeof buf, "%5.2f|%y"), 8);
    CHECK(strcmp(buf, "%5.2f|%y") == 0);
    CHECK_EQ(unchecked(buf, sizeof buf, "end%"), 4);
    CHECK(strcmp(buf, "end%") == 0);
    CHECK_EQ(unchecked(buf, sizeof buf, "end%-0"), 6);
    CHECK(strcmp(buf, "end%-0") == 0);
    CHECK_EQ(unchecked(buf, sizeof buf, "%5%"), 3);
    CHECK(strcmp(buf, "%5%") == 0);
}

UNIT_TEST(huge_widths_are_clamped)
{
    char buf[8];

    CHECK_EQ(unchecked(buf, sizeof buf, "%99999999999999999999d", 1),
             FORMAT_WIDTH_MAX);
    CHECK_EQ(unchecked(buf, sizeof buf, "%*d", INT_MAX, 1), FORMAT_WIDTH_MAX);
    CHECK_EQ(unchecked(buf, sizeof buf, "%*d", INT_MIN, 1), FORMAT_WIDTH_MAX);
    CHECK(strcmp(buf, "1      ") == 0);
}
