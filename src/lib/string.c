/* SPDX-License-Identifier: MIT */
/* string.c - freestanding memory and string primitives, proved with WP. */
/* GCC would turn the byte loops below back into memcpy/memset calls, and
 * in the image memcpy is mem_copy: forbid that here. (Not for clang,
 * which only analyses this file under scan-build, nor for Frama-C.) */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__FRAMAC__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

#include "lib/string.h"

void *mem_copy(void *dst, const void *src, size_t n)
{
    char *d = dst;
    const char *s = src;

    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant copied: \forall integer k; 0 <= k < i ==> d[k] == s[k];
        loop assigns i, d[0 .. n - 1];
        loop variant n - i; */
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
    return dst;
}

/* Copies upwards when dst lies below src, downwards otherwise, so a byte
 * of src is always read before the copy can overwrite it. */
void *mem_move(void *dst, const void *src, size_t n)
{
    char *d = dst;
    const char *s = src;

    if (d < s) {
        /*@ loop invariant bound: 0 <= i <= n;
            loop invariant copied: \forall integer k; 0 <= k < i ==>
                d[k] == \at(s[k], LoopEntry);
            loop invariant unread: \forall integer k; i <= k < n ==>
                s[k] == \at(s[k], LoopEntry);
            loop assigns i, d[0 .. n - 1];
            loop variant n - i; */
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        /*@ loop invariant bound: 0 <= i <= n;
            loop invariant copied: \forall integer k; i <= k < n ==>
                d[k] == \at(s[k], LoopEntry);
            loop invariant unread: \forall integer k; 0 <= k < i ==>
                s[k] == \at(s[k], LoopEntry);
            loop assigns i, d[0 .. n - 1];
            loop variant i; */
        for (size_t i = n; i > 0; i--)
            d[i - 1] = s[i - 1];
    }
    return dst;
}

void *mem_set(void *dst, int c, size_t n)
{
    char *d = dst;
    char byte = (char)c;

    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant filled: \forall integer k; 0 <= k < i ==> d[k] == byte;
        loop assigns i, d[0 .. n - 1];
        loop variant n - i; */
    for (size_t i = 0; i < n; i++)
        d[i] = byte;
    return dst;
}

int mem_compare(const void *a, const void *b, size_t n)
{
    const char *x = a, *y = b;

    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant equal: \forall integer k; 0 <= k < i ==> x[k] == y[k];
        loop assigns i;
        loop variant n - i; */
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i])
            return (unsigned char)x[i] < (unsigned char)y[i] ? -1 : 1;
    }
    return 0;
}

size_t str_length(const char *s)
{
    size_t n = 0;

    /*@ loop invariant bound: 0 <= n <= LibStrLen(s);
        loop invariant nonzero: \forall integer k; 0 <= k < n ==> s[k] != '\0';
        loop assigns n;
        loop variant LibStrLen(s) - n; */
    while (s[n] != '\0')
        n++;
    return n;
}

size_t str_length_bounded(const char *s, size_t max)
{
    size_t n = 0;

    /*@ loop invariant bound: 0 <= n <= max;
        loop invariant nonzero: \forall integer k; 0 <= k < n ==> s[k] != '\0';
        loop assigns n;
        loop variant max - n; */
    while (n < max && s[n] != '\0')
        n++;
    return n;
}

/* Compares as unsigned char, like strcmp, and reports only the sign. */
/*@ assigns \nothing;
    ensures less: (unsigned char)a < (unsigned char)b ==> \result < 0;
    ensures same: (unsigned char)a == (unsigned char)b ==> \result == 0;
    ensures greater: (unsigned char)a > (unsigned char)b ==> \result > 0; */
static int char_order(char a, char b)
{
    unsigned char x = (unsigned char)a, y = (unsigned char)b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

int str_compare(const char *a, const char *b)
{
    size_t i = 0;

    /*@ loop invariant in_a: 0 <= i <= LibStrLen(a);
        loop invariant in_b: i <= LibStrLen(b);
        loop invariant equal: \forall integer k; 0 <= k < i ==> a[k] == b[k];
        loop assigns i;
        loop variant LibStrLen(a) - i; */
    while (a[i] != '\0' && a[i] == b[i])
        i++;
    return char_order(a[i], b[i]);
}

int str_compare_bounded(const char *a, const char *b, size_t n)
{
    size_t i = 0;

    if (n == 0)
        return 0;
    /*@ loop invariant bound: 0 <= i < n;
        loop invariant in_a: i <= LibStrLen(a);
        loop invariant in_b: i <= LibStrLen(b);
        loop invariant equal: \forall integer k; 0 <= k < i ==> a[k] == b[k];
        loop assigns i;
        loop variant n - i; */
    while (i + 1 < n && a[i] != '\0' && a[i] == b[i])
        i++;
    return char_order(a[i], b[i]);
}

size_t str_copy(char *dst, const char *src, size_t size)
{
    size_t len = str_length(src);
    size_t take;

    if (size == 0)
        return len;
    take = len < size - 1 ? len : size - 1;
    /*@ loop invariant bound: 0 <= i <= take;
        loop invariant copied: \forall integer k; 0 <= k < i ==>
            dst[k] == \at(src[k], Pre);
        loop assigns i, dst[0 .. take - 1];
        loop variant take - i; */
    for (size_t i = 0; i < take; i++)
        dst[i] = src[i];
    dst[take] = '\0';
    return len;
}
