/* SPDX-License-Identifier: MIT */
/* string.h - freestanding memory and string primitives (prefixed names
 * so the host build never collides with the C library). */
#ifndef STRATA_LIB_STRING_H
#define STRATA_LIB_STRING_H

#include "lib/compiler.h"

/* Copy n bytes; the areas must not overlap. Returns dst. */
void *mem_copy(void *dst, const void *src, size_t n);

/* Copy n bytes; the areas may overlap. Returns dst. */
void *mem_move(void *dst, const void *src, size_t n);

/* Fill n bytes with (unsigned char)c. Returns dst. */
void *mem_set(void *dst, int c, size_t n);

/* Compare n bytes: <0, 0 or >0 like memcmp. */
int mem_compare(const void *a, const void *b, size_t n);

/* Length of a NUL-terminated string. */
size_t str_length(const char *s);

/* Length of s, looking at no more than max bytes. */
size_t str_length_bounded(const char *s, size_t max);

/* Compare two NUL-terminated strings like strcmp. */
int str_compare(const char *a, const char *b);

/* Compare at most n bytes of two strings like strncmp. */
int str_compare_bounded(const char *a, const char *b, size_t n);

/* Copy src into dst[size], always NUL-terminated when size > 0;
 * returns str_length(src) so truncation is detectable (strlcpy). */
size_t str_copy(char *dst, const char *src, size_t size);

#endif /* STRATA_LIB_STRING_H */
