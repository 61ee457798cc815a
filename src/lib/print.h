/* SPDX-License-Identifier: MIT */
/* print.h - formatted output to the console sink, and panic. */
#ifndef STRATA_LIB_PRINT_H
#define STRATA_LIB_PRINT_H

#include <stdarg.h>
#include "lib/compiler.h"
#include "lib.h"

/* Longest line printk emits in one piece; longer output is truncated. */
#define PRINT_LINE_MAX 512

/* Where printk's bytes go; L1 registers the serial line (or the host
 * shim its capture buffer) at start-up. Before that output is dropped. */
typedef void (*print_sink_fn)(const char *s, size_t n);
/*@ requires valid_sink: sink == \null || \valid_function(sink); */
void print_set_sink(print_sink_fn sink);

/* What panic() does after printing: L1 stops the machine. */
typedef void (*panic_hook_fn)(void);
/*@ requires valid_hook: hook == \null || \valid_function(hook); */
void print_set_panic_hook(panic_hook_fn hook);

/* printf-like output to the sink (format rules in lib/format.h); at
 * most PRINT_LINE_MAX - 1 bytes per call, in one call of the sink. */
/*@ requires valid_fmt: LibValidString((char *)fmt); */
void printk(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* printk with the arguments in ap. */
/*@ requires valid_fmt: LibValidString((char *)fmt); */
void vprintk(const char *fmt, va_list ap);

/* Print "PANIC: ..." and a newline, call the panic hook, and if the hook
 * returns spin forever; never returns. */
/*@ requires valid_fmt: LibValidString((char *)fmt);
    ensures never_returns: \false; */
NORETURN void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);

#define ASSERT(cond)                                                        \
    do {                                                                    \
        if (unlikely(!(cond)))                                              \
            panic("assertion '%s' failed at %s:%d", #cond, __FILE__,        \
                  __LINE__);                                                \
    } while (0)

#endif /* STRATA_LIB_PRINT_H */
