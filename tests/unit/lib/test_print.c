/* SPDX-License-Identifier: MIT */
/* test_print.c - printk through a sink, truncation, panic and its hook. */
#include "lib/print.h"
#include "unit.h"

#include <setjmp.h>
#include <string.h>

static char captured[2048];
static size_t captured_len, sink_calls;

static void capture(const char *s, size_t n)
{
    if (captured_len + n < sizeof captured) {
        memcpy(captured + captured_len, s, n);
        captured_len += n;
        captured[captured_len] = '\0';
    }
    sink_calls++;
}

static void reset(void)
{
    captured_len = sink_calls = 0;
    captured[0] = '\0';
    print_set_sink(capture);
}

UNIT_TEST(printk_without_sink_drops_output)
{
    reset();
    print_set_sink(NULL);
    printk("lost %d\n", 1);
    CHECK_EQ(sink_calls, 0);
}

UNIT_TEST(printk_formats_into_one_sink_call)
{
    reset();
    printk("cpu%u: %s %#x\n", 3u, "up", 0x10u);
    CHECK(strcmp(captured, "cpu3: up 0x10\n") == 0);
    CHECK_EQ(sink_calls, 1);
}

UNIT_TEST(long_lines_are_truncated_not_overrun)
{
    char big[1000];

    reset();
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    printk("%s", big);
    CHECK_EQ(captured_len, 511);
    CHECK_EQ(captured[510], 'a');
}

static jmp_buf panic_exit;
static int hook_calls;

static void hook(void)
{
    hook_calls++;
    longjmp(panic_exit, 1);
}

UNIT_TEST(panic_prints_prefix_then_calls_hook)
{
    reset();
    hook_calls = 0;
    print_set_panic_hook(hook);
    if (setjmp(panic_exit) == 0)
        panic("bad frame %d", 7);
    CHECK_EQ(hook_calls, 1);
    CHECK(strcmp(captured, "PANIC: bad frame 7\n") == 0);
}

UNIT_TEST(assert_panics_with_location)
{
    volatile int x = 1;

    reset();
    hook_calls = 0;
    print_set_panic_hook(hook);
    if (setjmp(panic_exit) == 0)
        ASSERT(x == 2);
    CHECK_EQ(hook_calls, 1);
    CHECK(strncmp(captured, "PANIC: assertion 'x == 2' failed at ", 36) == 0);
    if (setjmp(panic_exit) == 0)
        ASSERT(x == 1);
    CHECK_EQ(hook_calls, 1);
}
