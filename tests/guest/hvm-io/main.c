/* SPDX-License-Identifier: MIT */
/* hvm-io: IN/OUT exits go to the platform (unclaimed ports read all-ones) or the debug port. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-io: unclaimed ports read all-ones, writes dropped, debug port, INS/OUTS";

#define UNCLAIMED_PORT 0x2f0   /* nothing of a PC sits there */
#define CMOS_INDEX     0x70
#define CMOS_DATA      0x71

/* REP OUTSB to the debug port, REP INSB from an unclaimed one. */
static void string_io(void)
{
    static const char msg[] = "hvm-io: rep outsb\n";
    const char *src = msg;
    uint8_t buf[8], *dst = buf;
    uint64_t n = sizeof(msg) - 1;

    __asm__ volatile("rep outsb" : "+S"(src), "+c"(n) : "d"(HVM64_DEBUG_PORT) : "memory");
    check(src == msg + sizeof(msg) - 1 && n == 0, "rep outsb: rsi/rcx not advanced");
    memset(buf, 0, sizeof(buf));
    n = sizeof(buf);
    __asm__ volatile("rep insb" : "+D"(dst), "+c"(n) : "d"(UNCLAIMED_PORT) : "memory");
    check(dst == buf + sizeof(buf) && n == 0, "rep insb: rdi/rcx not advanced");
    for (size_t i = 0; i < sizeof(buf); i++)
        check_eq(buf[i], 0xffU, "rep insb byte");
}

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
    string_io();
    report_success();
}
