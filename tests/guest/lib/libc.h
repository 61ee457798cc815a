/* SPDX-License-Identifier: MIT */
/* libc.h - the few C library functions a guest test needs (and GCC may call). */
#ifndef GUEST_LIBC_H
#define GUEST_LIBC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN      __attribute__((noreturn))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define PAGE_SIZE     4096UL
#define PAGE_SHIFT    12
#define PAGE_ALIGNED  __attribute__((aligned(4096), section(".bss.page_aligned")))
#define barrier()     __asm__ volatile("" ::: "memory")

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* Bounded printf-style formatting into buf[size] (always NUL-terminated
 * when size > 0); returns the length the whole output would have had.
 * Supports %% %c %s %d %i %u %x %X %p, length modifiers hh h l ll z,
 * flags '-' '0' '#', a width and '*'. */
size_t vformat(char *buf, size_t size, const char *fmt, va_list ap);
size_t format(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif /* GUEST_LIBC_H */
