/* SPDX-License-Identifier: MIT */
/* console: console_io and the console ring both reach Strata's log (run.py checks the lines). */
#include "guest.h"

const char test_title[] = "console: console_io lines, long and split writes, the console ring";

static void write_str(const char *s)
{
    long rc = console_write(s, strlen(s));

    check(rc == 0, "console_io write of %zu bytes: %ld", strlen(s), rc);
}

static void console_io_lines(void)
{
    char line[400];
    size_t n;

    write_str("io: three lines, one write: 1\nio: three lines, one write: 2\n"
              "io: three lines, one write: 3\n");
    write_str("io: split line, first half");
    write_str(" and second half\n");
    n = format(line, sizeof(line), "io: long line ");
    for (int i = 0; i < 30; i++)
        n += format(line + n, sizeof(line) - n, "0123456789");
    format(line + n, sizeof(line) - n, "end\n");
    write_str(line);
    write_str("io: control a\001b\n");
    check_eq(console_write("io: empty\n", 0), 0, "console_io write of 0 bytes");
    check(hypercall_console_io(CONSOLEIO_read, sizeof(line), line) >= 0,
          "CONSOLEIO_read failed");
}

static void ring_str(const char *s)
{
    check(console_ring_write(s, strlen(s)) == 0, "console ring write failed");
}

static void console_ring_lines(void)
{
    char line[80];

    if (start_info->flags & SIF_INITDOMAIN) {
        printk("note: the initial domain has no console ring\n");
        return;
    }
    require(start_info->console.domU.mfn != 0, "start_info has no console ring");
    require(console_ring_write("", 0) == 0, "console ring page %#lx is not one of ours",
            (unsigned long)start_info->console.domU.mfn);
    ring_str("ring: hello from the console ring\n");
    /* 100 lines, about 4 KiB: more than the 2 KiB ring holds at once. */
    for (int i = 0; i < 100; i++) {
        format(line, sizeof(line), "ring: line %d of the long ring write\n", i);
        ring_str(line);
    }
    ring_str("ring: split ");
    ring_str("through the ring\n");
}

void test_main(void)
{
    console_io_lines();
    console_ring_lines();
    report_success();
}
