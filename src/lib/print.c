/* SPDX-License-Identifier: MIT */
/* print.c - printk through the registered sink, and panic. */
#include "lib/print.h"
#include "lib/format.h"

static print_sink_fn print_sink;
static panic_hook_fn panic_hook;

void print_set_sink(print_sink_fn sink)
{
    print_sink = sink;
}

void print_set_panic_hook(panic_hook_fn hook)
{
    panic_hook = hook;
}

/* Formats into line[] after its first used bytes and hands everything
 * to the sink in one call, so concurrent lines are not interleaved. */
static void print_line(char *line, size_t used, const char *fmt, va_list ap)
{
    size_t len = format_string(line + used, PRINT_LINE_MAX - used, fmt, ap);
    size_t room = PRINT_LINE_MAX - 1 - used;

    if (print_sink != NULL)
        print_sink(line, used + (len < room ? len : room));
}

void vprintk(const char *fmt, va_list ap)
{
    char line[PRINT_LINE_MAX];

    print_line(line, 0, fmt, ap);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

NORETURN void panic(const char *fmt, ...)
{
    static const char prefix[] = "PANIC: ";
    char line[PRINT_LINE_MAX];
    va_list ap;

    for (size_t i = 0; i < sizeof(prefix) - 1; i++)
        line[i] = prefix[i];
    va_start(ap, fmt);
    print_line(line, sizeof(prefix) - 1, fmt, ap);
    va_end(ap);
    if (print_sink != NULL)
        print_sink("\n", 1);
    if (panic_hook != NULL)
        panic_hook();
    /* The hook should not return; if it does, stop here for good. */
    for (;;) {
    }
}
