/* SPDX-License-Identifier: MIT */
/* builtins.c - the C-library symbols GCC may call in a freestanding image
 * (struct copies, large initialisers); image build only. */
/* GCC would turn the byte loops below back into memcpy/memset calls, and
 * in the image memcpy is mem_copy: forbid that here. (Not for clang,
 * which only analyses this file under scan-build, nor for Frama-C.) */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__FRAMAC__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

#include "lib/string.h"

/* Declared here because no C library header exists in the image. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
    return mem_copy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
    return mem_move(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
    return mem_set(dst, c, n);
}

int memcmp(const void *a, const void *b, size_t n)
{
    return mem_compare(a, b, n);
}
