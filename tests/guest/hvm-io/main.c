/* SPDX-License-Identifier: MIT */
/* hvm-io: IN/OUT exits go to the platform (unclaimed ports read all-ones) or the debug port. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-io: unclaimed ports read all-ones, writes dropped, debug port";

#define UNCLAIMED_PORT 0x2f0   /* nothing of a PC sits there */
#define CMOS_INDEX     0x70
#define CMOS_DATA      0x71

void test_main(void)
{
    static const char line[] = "hvm-io: through port 0xe9\n";
    uint64_t rax;

    check_eq(inb(UNCLAIMED_PORT), 0xffU, "inb of an unclaimed port");
    check_eq(inw(UNCLAIMED_PORT), 0xffffU, "inw of an unclaimed port");
    check_eq(inl(UNCLAIMED_PORT), 0xffffffffU, "inl of an unclaimed port");
    outb(UNCLAIMED_PORT, 0x12);
    check_eq(inb(UNCLAIMED_PORT), 0xffU, "inb after a dropped write");
    /* inb writes AL only: the rest of RAX stays. */
    __asm__ volatile("mov $0x1122334455667700, %%rax\n\tinb %w1, %%al"
                     : "=&a"(rax) : "d"(UNCLAIMED_PORT));
    check_eq(rax, 0x11223344556677ffULL, "RAX after inb");
    /* inl zero-extends into RAX like any 32-bit register write. */
    __asm__ volatile("mov $0x1122334455667700, %%rax\n\tinl %w1, %%eax"
                     : "=&a"(rax) : "d"(UNCLAIMED_PORT));
    check_eq(rax, 0xffffffffULL, "RAX after inl");
    check_eq(inb(HVM64_DEBUG_PORT), 0xe9U, "debug port presence byte");
    hvm64_debug_write(line, sizeof(line) - 1);
    /* The RTC answers: seconds are BCD 00-59. */
    outb(CMOS_INDEX, 0x00);
    check(inb(CMOS_DATA) < 0x60, "CMOS seconds not BCD");
    report_success();
}
