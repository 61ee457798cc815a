/* SPDX-License-Identifier: MIT */
/* compiler.h - attributes and small helpers every layer may use. */
#ifndef STRATA_LIB_COMPILER_H
#define STRATA_LIB_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define NORETURN        __attribute__((noreturn))
#define PACKED          __attribute__((packed))
#define ALIGNED(n)      __attribute__((aligned(n)))
#define UNUSED          __attribute__((unused))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#define STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#endif /* STRATA_LIB_COMPILER_H */
