/* SPDX-License-Identifier: MIT */
/* format.h - bounded printf-style formatting (a vsnprintf subset). */
#ifndef STRATA_LIB_FORMAT_H
#define STRATA_LIB_FORMAT_H

#include <stdarg.h>
#include "lib/compiler.h"
#include "lib.h"

/*
 * Supported: %% %c %s %d %i %u %x %X %p, length modifiers hh h l ll z,
 * flags '-' '0' '#', a decimal field width and '*'. Anything else is
 * copied through literally. Output is always NUL-terminated when
 * size > 0. Returns the length the full output would have had.
 */
/* Widths above this are clamped to it. */
#define FORMAT_WIDTH_MAX    4096
/* Digits of the longest number printed (UINT64_MAX in decimal). */
#define FORMAT_DIGITS_MAX   20

/* Format fmt with the arguments in ap into buf[size]. */
/*@ requires valid_fmt: LibValidString((char *)fmt);
    requires valid_buf: \valid(buf + (0 .. size - 1));
    requires disjoint: \separated(buf + (0 .. size - 1),
                                  fmt + (0 .. LibStrLen((char *)fmt)));
    assigns buf[0 .. size - 1];
    behavior no_room:
      assumes size == 0;
      assigns \nothing;
    behavior room:
      assumes size > 0;
      ensures terminated: buf[\result < size ? \result : size - 1] == '\0';
    complete behaviors;
    disjoint behaviors; */
size_t format_string(char *buf, size_t size, const char *fmt, va_list ap);

/* format_string with the arguments given directly. */
/*@ requires valid_fmt: LibValidString((char *)fmt);
    requires valid_buf: \valid(buf + (0 .. size - 1));
    requires disjoint: \separated(buf + (0 .. size - 1),
                                  fmt + (0 .. LibStrLen((char *)fmt)));
    assigns buf[0 .. size - 1];
    behavior no_room:
      assumes size == 0;
      assigns \nothing;
    behavior room:
      assumes size > 0;
      ensures terminated: buf[\result < size ? \result : size - 1] == '\0';
    complete behaviors;
    disjoint behaviors; */
size_t format(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif /* STRATA_LIB_FORMAT_H */
