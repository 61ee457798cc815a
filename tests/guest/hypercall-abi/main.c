/* SPDX-License-Identifier: MIT */
/* hypercall-abi: xen_version, unknown numbers and sub-ops, both ways in, continuations. */
#include "guest.h"

const char test_title[] = "hypercall ABI: version, ENOSYS, sub-ops, syscall and page, continuations";

#define BIG_WRITE   12000U      /* console_io bytes: several continuations */
#define BIG_BATCH   600U        /* multicall entries / trap_info entries */

/* Calls every callee-saved register must survive (asm below). Returns a
 * bit per register that came back changed: rbx rbp r12 r13 r14 r15. */
unsigned long preserved_probe(unsigned long use_page);
__asm__(
    ".text\n.globl preserved_probe\npreserved_probe:\n"
    "  push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
    "  movabs $0x1111111111111111, %rbx\n  movabs $0x2222222222222222, %rbp\n"
    "  movabs $0x3333333333333333, %r12\n  movabs $0x4444444444444444, %r13\n"
    "  movabs $0x5555555555555555, %r14\n  movabs $0x6666666666666666, %r15\n"
    "  test %rdi, %rdi\n  jnz 1f\n"
    "  mov $17, %eax\n  xor %edi, %edi\n  xor %esi, %esi\n  syscall\n  jmp 2f\n"
    "1: xor %edi, %edi\n  xor %esi, %esi\n  call hypercall_page + 17 * 32\n"
    "2: xor %eax, %eax\n"
    "  movabs $0x1111111111111111, %rcx\n  cmp %rcx, %rbx\n  je 3f\n  or $1, %eax\n"
    "3: movabs $0x2222222222222222, %rcx\n  cmp %rcx, %rbp\n  je 3f\n  or $2, %eax\n"
    "3: movabs $0x3333333333333333, %rcx\n  cmp %rcx, %r12\n  je 3f\n  or $4, %eax\n"
    "3: movabs $0x4444444444444444, %rcx\n  cmp %rcx, %r13\n  je 3f\n  or $8, %eax\n"
    "3: movabs $0x5555555555555555, %rcx\n  cmp %rcx, %r14\n  je 3f\n  or $16, %eax\n"
    "3: movabs $0x6666666666666666, %rcx\n  cmp %rcx, %r15\n  je 3f\n  or $32, %eax\n"
    "3: pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n  ret\n");

static bool memchr_nul(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0')
            return true;
    return false;
}

static void check_version(const char *way)
{
    struct xen_feature_info fi = { .submap_idx = 0 };
    xen_extraversion_t extra;
    long v = hypercall_xen_version(XENVER_version, NULL);

    check(v > 0 && (v >> 16) >= 3, "%s: XENVER_version %#lx: want >= 3.0", way, v);
    check_eq(hypercall_xen_version(XENVER_get_features, &fi), 0, "get_features");
    check(fi.submap & (1U << XENFEAT_pae_pgdir_above_4gb),
          "%s: get_features submap %#x lacks pae_pgdir_above_4gb", way, fi.submap);
    check(!(fi.submap & (1U << XENFEAT_auto_translated_physmap)),
          "%s: a PV guest is not auto-translated (submap %#x)", way, fi.submap);
    fi.submap_idx = 99;
    check_eq(hypercall_xen_version(XENVER_get_features, &fi), -XEN_EINVAL, "get_features idx 99");
    check_eq(hypercall_xen_version(XENVER_pagesize, NULL), 4096, "XENVER_pagesize");
    memset(extra, 'x', sizeof(extra));
    check_eq(hypercall_xen_version(XENVER_extraversion, extra), 0, "XENVER_extraversion");
    check(memchr_nul(extra, sizeof(extra)), "%s: extraversion not NUL-terminated", way);
    printk("%s: Xen ABI %ld.%ld, features %#x, extraversion \"%s\"\n",
           way, v >> 16, v & 0xffff, fi.submap, extra);
}

static void check_unknown(const char *way)
{
    static const unsigned long numbers[] = { 56, 63, 64, 100, 127 };
    static const struct { unsigned int nr; const char *name; } subops[] = {
        { __HYPERVISOR_xen_version, "xen_version" },
        { __HYPERVISOR_console_io, "console_io" },
        { __HYPERVISOR_sched_op, "sched_op" },
        { __HYPERVISOR_event_channel_op, "event_channel_op" },
        { __HYPERVISOR_grant_table_op, "grant_table_op" },
        { __HYPERVISOR_memory_op, "memory_op" },
        { __HYPERVISOR_callback_op, "callback_op" },
    };
    static uint8_t scratch[64];

    for (unsigned int i = 0; i < ARRAY_SIZE(numbers); i++)
        check(HC(numbers[i]) == -XEN_ENOSYS, "%s: hypercall %lu: want -ENOSYS", way, numbers[i]);
    for (unsigned int i = 0; i < ARRAY_SIZE(subops); i++) {
        long rc = HC(subops[i].nr, 0x3f, scratch, 1);

        check(rc == -XEN_ENOSYS, "%s: %s sub-op 63: got %ld, want -ENOSYS", way, subops[i].name, rc);
    }
    check_eq(hypercall_vcpu_op(63, 0, scratch), -XEN_ENOSYS, "vcpu_op sub-op 63");
}

/* Numbers past 127 exist only by syscall (the page has 128 stubs). */
static void check_unknown_syscall_only(void)
{
    static const unsigned long numbers[] = { 128, 1000, 0xffffffffUL, (1UL << 32) + 17, ~0UL };

    for (unsigned int i = 0; i < ARRAY_SIZE(numbers); i++) {
        long rc = arch_hypercall_syscall((long)numbers[i], 0, 0, 0, 0, 0);

        check(rc == -XEN_ENOSYS, "hypercall %#lx: got %ld, want -ENOSYS", numbers[i], rc);
    }
}

static void check_console(const char *way)
{
    static const char line[] = "console_io: one line\n";

    check_eq(console_write(line, sizeof(line) - 1), 0, "console_io write");
    check_eq(console_write(line, 0), 0, "console_io empty write");
    check_eq(hypercall_console_io(CONSOLEIO_write, 16, (void *)0x1000), -XEN_EFAULT,
             "console_io write from an unmapped buffer");
    (void)way;
}

static void check_preserved(const char *way, bool page)
{
    unsigned long bad = preserved_probe(page);

    check(bad == 0, "%s: callee-saved registers changed by a hypercall (mask %#lx: "
          "bit 0 rbx, 1 rbp, 2-5 r12-r15)", way, bad);
}

/* iret by the current way: an int3 resumes through the exception table. */
static void check_iret(const char *way)
{
    struct probe p;

    exception_clear();
    PROBE(p, "int3");
    check(last_exception.vector == X86_BP && last_exception.rip == p.to,
          "%s: int3 and HYPERVISOR_iret: vector %u rip %#lx, want 3 at %#lx",
          way, last_exception.vector, last_exception.rip, p.to);
}

static void run_way(const char *way, bool page)
{
    check(hypercall_set_method(page ? HYPERCALL_PAGE : HYPERCALL_SYSCALL) == 0,
          "%s: no hypercall page in this image", way);
    check_version(way);
    check_unknown(way);
    check_console(way);
    check_preserved(way, page);
    check_iret(way);
}

/* console_io: 12000 bytes in one call (the budget is 4096 a go). */
static void check_big_write(void)
{
    static char text[BIG_WRITE + 64];
    size_t n = 0;

    while (n < BIG_WRITE - 80) {
        size_t k = format(text + n, sizeof(text) - n, "big write: line at byte %05zu %s\n",
                          n, "..................................................");
        n += k;
    }
    n += format(text + n, sizeof(text) - n, "big write: end of %u bytes\n", BIG_WRITE);
    memset(text + n, 0, sizeof(text) - n);
    check_eq(console_write(text, n), 0, "console_io big write");
}

static struct multicall_entry batch[BIG_BATCH];

static void check_multicall(void)
{
    long v = hypercall_xen_version(XENVER_version, NULL);

    for (unsigned int i = 0; i < BIG_BATCH; i++)
        batch[i] = (struct multicall_entry){
            .op = i % 3 == 2 ? 63 : __HYPERVISOR_xen_version,
            .result = 0x5a5a, .args = { XENVER_version },
        };
    check_eq(hypercall_multicall(batch, BIG_BATCH), 0, "multicall of 600");
    for (unsigned int i = 0; i < BIG_BATCH; i++) {
        long want = i % 3 == 2 ? -XEN_ENOSYS : v;

        check(batch[i].result == want, "multicall entry %u: result %ld, want %ld",
              i, (long)batch[i].result, want);
    }
}

/* set_trap_table with 600 entries (continued after each 256): the last
 * entries must be the ones in force. */
static struct trap_info big_table[BIG_BATCH + 1];

static void check_big_trap_table(void)
{
    extern const uint64_t trap_stub_table[];
    struct probe p;

    for (unsigned int i = 0; i < BIG_BATCH; i++)
        big_table[i] = (struct trap_info){
            .vector = (uint8_t)(i % 32), .flags = (i % 32) == X86_BP ? 3 : 0,
            .cs = FLAT_KERNEL_CS, .address = trap_stub_table[i % 32],
        };
    big_table[BIG_BATCH] = (struct trap_info){ 0 };
    check_eq(hypercall_set_trap_table(big_table), 0, "set_trap_table of 600 entries");
    exception_clear();
    PROBE(p, "ud2");
    check(last_exception.vector == X86_UD, "after the big trap table: ud2 gave vector %u",
          last_exception.vector);
    require(traps_install() == 0, "trap table back");
}

void test_main(void)
{
    run_way("syscall", false);
    check_unknown_syscall_only();
    check(hypercall_page[0] != 0xcc, "hypercall page not filled (first byte %#x)",
          hypercall_page[0]);
    run_way("page", true);
    require(hypercall_set_method(HYPERCALL_SYSCALL) == 0, "back to syscall");
    check_big_write();
    check_multicall();
    check_big_trap_table();
    report_success();
}
