/* SPDX-License-Identifier: MIT */
/* test_boot_config.c - module command lines and sched= decoded, every refusal with its line. */
#include "boot/boot_config.h"
#include "unit.h"

#include <string.h>

static char err[160];
static struct boot_domain_spec spec;

static status_t parse(const char *line)
{
    memset(err, 0, sizeof(err));
    return boot_config_parse_module(line, &spec, err, sizeof(err));
}

/* line is refused with exactly the message want. */
static void check_refused(const char *line, const char *want)
{
    CHECK_EQ(parse(line), STATUS_EINVAL);
    if (strcmp(err, want) != 0)
        unit_fail(__FILE__, __LINE__, err);
}

UNIT_TEST(file_alone_gives_the_defaults)
{
    CHECK_EQ(parse("/boot/guests/hello.elf"), STATUS_OK);
    CHECK(strcmp(spec.name, "hello.elf") == 0);
    CHECK_EQ(spec.mem_bytes, BOOT_CFG_DEFAULT_MEM);
    CHECK_EQ(spec.vcpus, 1);
    CHECK_EQ(spec.weight, 0);
    CHECK_EQ(spec.cap, 0);
    CHECK_EQ(spec.budget_us, 0);
    CHECK_EQ(spec.period_us, 0);
    CHECK(!spec.ramdisk);
    CHECK(!spec.hvm);
    CHECK(strcmp(spec.guest_cmdline, "") == 0);
    CHECK_EQ(err[0], '\0');
}

UNIT_TEST(type_selects_pv_or_hvm)
{
    CHECK_EQ(parse("bzImage type=hvm mem=64M"), STATUS_OK);
    CHECK(spec.hvm);
    CHECK_EQ(parse("k.elf type=pv"), STATUS_OK);
    CHECK(!spec.hvm);
    /* the last type= wins, as for every option */
    CHECK_EQ(parse("k type=hvm type=pv"), STATUS_OK);
    CHECK(!spec.hvm);
    check_refused("k type=HVM", "type=HVM: not pv or hvm");
    check_refused("k type=", "type=: not pv or hvm");
    check_refused("k type=pvh", "type=pvh: not pv or hvm");
    /* a ramdisk line takes no type */
    check_refused("initrd ramdisk type=hvm",
                  "ramdisk initrd: a ramdisk module takes no other option");
}

UNIT_TEST(every_option_is_read)
{
    const char *line = "k.elf  name=web\tmem=64M vcpus=4 weight=512 cap=50 budget=3000 "
                       "period=20000 --   console=hvc0  root=/dev/xvda ";

    CHECK_EQ(parse(line), STATUS_OK);
    CHECK(strcmp(spec.name, "web") == 0);
    CHECK_EQ(spec.mem_bytes, 64ULL << 20);
    CHECK_EQ(spec.vcpus, 4);
    CHECK_EQ(spec.weight, 512);
    CHECK_EQ(spec.cap, 50);
    CHECK_EQ(spec.budget_us, 3000);
    CHECK_EQ(spec.period_us, 20000);
    /* the guest's line is kept as written after "--" and its blanks */
    CHECK(strcmp(spec.guest_cmdline, "console=hvc0  root=/dev/xvda ") == 0);
    CHECK(spec.guest_cmdline > line && spec.guest_cmdline < line + strlen(line));
}

UNIT_TEST(mem_units_and_limits)
{
    CHECK_EQ(parse("k mem=4096K"), STATUS_OK);
    CHECK_EQ(spec.mem_bytes, 4ULL << 20);
    CHECK_EQ(parse("k mem=1g"), STATUS_OK);
    CHECK_EQ(spec.mem_bytes, 1ULL << 30);
    CHECK_EQ(parse("k mem=2G"), STATUS_OK);
    CHECK_EQ(spec.mem_bytes, BOOT_CFG_MAX_MEM);
    CHECK_EQ(parse("k mem=8388608"), STATUS_OK);
    CHECK_EQ(spec.mem_bytes, 8ULL << 20);
    CHECK_EQ(parse("k mem=16m"), STATUS_OK);
    CHECK_EQ(spec.mem_bytes, 16ULL << 20);
    check_refused("k mem=3M", "mem=3M: too small (at least 4M)");
    check_refused("k mem=2049M", "mem=2049M: too large (at most 2G)");
    check_refused("k mem=4194305", "mem=4194305: not a multiple of 4K");
    check_refused("k mem=lots", "mem=lots: not a size (<N>[K|M|G])");
    check_refused("k mem=", "mem=: not a size (<N>[K|M|G])");
    check_refused("k mem=M", "mem=M: not a size (<N>[K|M|G])");
    check_refused("k mem=16T", "mem=16T: not a size (<N>[K|M|G])");
    check_refused("k mem=-4M", "mem=-4M: not a size (<N>[K|M|G])");
    /* 2^64 overflows before the unit; 2^54 G overflows with it */
    check_refused("k mem=18446744073709551616", "mem=18446744073709551616: not a size (<N>[K|M|G])");
    check_refused("k mem=18014398509481984G", "mem=18014398509481984G: not a size (<N>[K|M|G])");
}

UNIT_TEST(numbers_are_checked_against_their_ranges)
{
    CHECK_EQ(parse("k vcpus=32 weight=65535 cap=0"), STATUS_OK);
    CHECK_EQ(spec.vcpus, 32);
    CHECK_EQ(spec.weight, 65535);
    check_refused("k vcpus=0", "vcpus=0: outside 1..32");
    check_refused("k vcpus=33", "vcpus=33: outside 1..32");
    check_refused("k vcpus=two", "vcpus=two: not a decimal number");
    check_refused("k vcpus=", "vcpus=: not a decimal number");
    check_refused("k weight=0", "weight=0: outside 1..65535");
    check_refused("k weight=65536", "weight=65536: outside 1..65535");
    check_refused("k cap=101", "cap=101: outside 0..100");
    check_refused("k cap=+5", "cap=+5: not a decimal number");
    check_refused("k budget=0", "budget=0: outside 1..1000000000");
    check_refused("k period=1000000001", "period=1000000001: outside 1..1000000000");
    check_refused("k weight=99999999999999999999", "weight=99999999999999999999: not a decimal number");
}

UNIT_TEST(rtds_budget_and_period_complete_each_other)
{
    CHECK_EQ(parse("k budget=2000"), STATUS_OK);
    CHECK_EQ(spec.budget_us, 2000);
    CHECK_EQ(spec.period_us, BOOT_CFG_DEFAULT_PERIOD_US);
    CHECK_EQ(parse("k budget=50000"), STATUS_OK);        /* longer than the default period */
    CHECK_EQ(spec.period_us, 50000);
    CHECK_EQ(parse("k period=100000"), STATUS_OK);
    CHECK_EQ(spec.budget_us, BOOT_CFG_DEFAULT_BUDGET_US);
    CHECK_EQ(parse("k period=1000"), STATUS_OK);         /* shorter than the default budget */
    CHECK_EQ(spec.budget_us, 1000);
    check_refused("k budget=3000 period=2000", "budget 3000 us above period 2000 us");
}

UNIT_TEST(names_default_and_limits)
{
    CHECK_EQ(parse("guests/dir/"), STATUS_OK);           /* nothing after the last '/' */
    CHECK(strcmp(spec.name, "domain") == 0);
    CHECK_EQ(parse(""), STATUS_OK);
    CHECK(strcmp(spec.name, "domain") == 0);
    CHECK_EQ(parse("   "), STATUS_OK);
    CHECK(strcmp(spec.name, "domain") == 0);
    CHECK_EQ(parse("/a/a-very-long-kernel-file-name-that-goes-on.elf"), STATUS_OK);
    CHECK_EQ(strlen(spec.name), BOOT_CFG_NAME_MAX - 1);  /* cut, not refused */
    CHECK(strncmp(spec.name, "a-very-long-kernel-file-name-th", BOOT_CFG_NAME_MAX - 1) == 0);
    CHECK_EQ(parse("k name=0123456789012345678901234567890"), STATUS_OK);
    CHECK_EQ(strlen(spec.name), 31);
    check_refused("k name=01234567890123456789012345678901",
                  "name=01234567890123456789012345678901: name longer than 31 characters");
    check_refused("k name=", "name=: empty name");
    /* the last name= wins; a bad option after a name keeps that name */
    CHECK_EQ(parse("k name=a name=b"), STATUS_OK);
    CHECK(strcmp(spec.name, "b") == 0);
    check_refused("k name=web vcpus=x", "vcpus=x: not a decimal number");
    CHECK(strcmp(spec.name, "web") == 0);
    check_refused("dir/k vcpus=x name=web", "vcpus=x: not a decimal number");
    CHECK(strcmp(spec.name, "k") == 0);
}

UNIT_TEST(unknown_words_are_refused)
{
    check_refused("k colour=blue", "unknown option 'colour=blue'");
    check_refused("k verbose", "unknown option 'verbose'");
    check_refused("k names=x", "unknown option 'names=x'");
    check_refused("k mem", "unknown option 'mem'");
    check_refused("k -", "unknown option '-'");
    /* a long word is quoted cut at 48 bytes */
    check_refused("k xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                  "unknown option 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'");
    /* after "--" everything belongs to the guest */
    CHECK_EQ(parse("k -- colour=blue ramdisk --"), STATUS_OK);
    CHECK(strcmp(spec.guest_cmdline, "colour=blue ramdisk --") == 0);
    CHECK(!spec.ramdisk);
    CHECK_EQ(parse("k --"), STATUS_OK);
    CHECK(strcmp(spec.guest_cmdline, "") == 0);
    /* "--x" is not the separator */
    check_refused("k --x", "unknown option '--x'");
}

UNIT_TEST(ramdisk_lines)
{
    CHECK_EQ(parse("/boot/initrd.cpio ramdisk"), STATUS_OK);
    CHECK(spec.ramdisk);
    CHECK(strcmp(spec.name, "initrd.cpio") == 0);
    CHECK_EQ(parse("initrd ramdisk ramdisk"), STATUS_OK);
    CHECK(spec.ramdisk);
    /* a ramdisk with anything else is refused, but still a ramdisk */
    check_refused("initrd mem=16M ramdisk", "ramdisk initrd: a ramdisk module takes no other option");
    CHECK(spec.ramdisk);
    check_refused("initrd ramdisk colour=blue", "ramdisk initrd: a ramdisk module takes no other option");
    CHECK(spec.ramdisk);
    check_refused("initrd ramdisk -- console=hvc0", "ramdisk initrd: a ramdisk module takes no other option");
    CHECK_EQ(parse("initrd ramdisk --"), STATUS_OK);
}

UNIT_TEST(small_error_buffers_stay_terminated)
{
    char small[8];

    memset(small, 'x', sizeof(small));
    CHECK_EQ(boot_config_parse_module("k colour=blue", &spec, small, sizeof(small)), STATUS_EINVAL);
    CHECK(strcmp(small, "unknown") == 0);
}

UNIT_TEST(sched_picks_the_policy)
{
    const char *policy = NULL;

    CHECK_EQ(boot_config_policy("", &policy, err, sizeof(err)), STATUS_OK);
    CHECK(strcmp(policy, "credit") == 0);
    CHECK_EQ(boot_config_policy("console=com1 sched=rtds", &policy, err, sizeof(err)), STATUS_OK);
    CHECK(strcmp(policy, "rtds") == 0);
    CHECK_EQ(boot_config_policy("sched=credit test=pv", &policy, err, sizeof(err)), STATUS_OK);
    CHECK(strcmp(policy, "credit") == 0);
    CHECK_EQ(boot_config_policy("sched=fifo", &policy, err, sizeof(err)), STATUS_EINVAL);
    CHECK(strcmp(err, "sched=fifo: unknown scheduler (credit or rtds)") == 0);
    CHECK_EQ(boot_config_policy("sched=", &policy, err, sizeof(err)), STATUS_EINVAL);
    CHECK(strcmp(err, "sched=: unknown scheduler (credit or rtds)") == 0);
    /* a value longer than any policy is cut, and so refused */
    CHECK_EQ(boot_config_policy("sched=rtdsrtdsrtdsrtdsrtds", &policy, err, sizeof(err)),
             STATUS_EINVAL);
}
