/* SPDX-License-Identifier: MIT */
/* hvm-vmmcall: hypercalls by vmmcall; VMRUN, VMLOAD, VMSAVE, STGI, CLGI, SKINIT, INVLPGA, RDTSCP -> #UD. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-vmmcall: vmmcall hypercalls, #UD for SVM instructions and RDTSCP";

static void hypercalls(void)
{
    long v = hypercall_xen_version(XENVER_version, NULL);

    check(v > 0 && (v >> 16) >= 3, "XENVER_version %#lx: want >= 3.0", v);
    check_eq(hypercall_xen_version(0x7fff, NULL), (long)-XEN_ENOSYS, "an unknown xen_version command");
    check_eq(arch_hypercall(1000, 0, 0, 0, 0, 0), (long)-XEN_ENOSYS, "hypercall 1000");
}

/* RAX = 0: VMRUN/VMLOAD/VMSAVE check their operand (page-aligned
 * physical address, else #GP) before the intercept. */
#define EXPECT_UD(name, bytes) do { \
        struct probe p; \
        exception_clear(); \
        PROBE(p, ".byte " bytes, "a"(0UL), "c"(0UL)); \
        check(last_exception.vector == X86_UD && last_exception.count == 1, \
              "%s: vector %u, want #UD", name, last_exception.vector); \
        check_eq(last_exception.rip, p.from, name); \
    } while (0)

static void svm_instructions(void)
{
    EXPECT_UD("vmrun", "0x0f, 0x01, 0xd8");
    EXPECT_UD("vmload", "0x0f, 0x01, 0xda");
    EXPECT_UD("vmsave", "0x0f, 0x01, 0xdb");
    EXPECT_UD("stgi", "0x0f, 0x01, 0xdc");
    EXPECT_UD("clgi", "0x0f, 0x01, 0xdd");
    EXPECT_UD("skinit", "0x0f, 0x01, 0xde");
    EXPECT_UD("invlpga", "0x0f, 0x01, 0xdf");
    EXPECT_UD("rdtscp", "0x0f, 0x01, 0xf9");
}

void test_main(void)
{
    hypercalls();
    svm_instructions();
    report_success();
}
