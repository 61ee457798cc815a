/* SPDX-License-Identifier: MIT */
/* test_dispatch.c - dispatch bounds, registration, continuations, multicall. */
#include "unit.h"
#include "hc_support.h"

#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/version.h"

static struct domain *dom;

static void setup(void)
{
    fake_mm_init();
    hypercall_reset_registrations();
    hypercall_set_preempt_hook(NULL);
    dom = fake_domain(1, false, false, 2);
}

static long registered_handler(struct vcpu *v, struct hypercall_frame *f)
{
    return (long)f->args[0] + 1;
}

UNIT_TEST(dispatch_checks_bounds_first)
{
    setup();
    CHECK_EQ(hc_call(dom, XEN_HYPERCALL_COUNT, 0, 0, 0, NULL), STATUS_ENOSYS);
    CHECK_EQ(hc_call(dom, UINT64_MAX, 0, 0, 0, NULL), STATUS_ENOSYS);
    CHECK_EQ(hc_call(dom, 1ULL << 32 | __HYPERVISOR_xen_version, 0, 0, 0, NULL),
             STATUS_ENOSYS);                              /* high bits count */
    CHECK_EQ(hc_call(dom, __HYPERVISOR_mmu_update, 0, 0, 0, NULL), STATUS_ENOSYS);
    CHECK(hypercall_lookup(XEN_HYPERCALL_COUNT) == NULL);
    CHECK(hypercall_lookup(__HYPERVISOR_sched_op) == do_sched_op);
}

UNIT_TEST(guest_layer_registers_empty_slots_only)
{
    setup();
    CHECK_EQ(hypercall_register(XEN_HYPERCALL_COUNT, registered_handler), STATUS_EINVAL);
    CHECK_EQ(hypercall_register(__HYPERVISOR_sched_op, registered_handler), STATUS_EEXIST);
    CHECK_EQ(hypercall_register(__HYPERVISOR_mmu_update, registered_handler), STATUS_OK);
    CHECK_EQ(hypercall_register(__HYPERVISOR_mmu_update, registered_handler), STATUS_EEXIST);
    CHECK_EQ(hc_call(dom, __HYPERVISOR_mmu_update, 41, 0, 0, NULL), 42);
    hypercall_reset_registrations();
    CHECK_EQ(hc_call(dom, __HYPERVISOR_mmu_update, 41, 0, 0, NULL), STATUS_ENOSYS);
}

/* Synthetic multicall entries: every one is xen_version(XENVER_version). */
static void synth_version_entry(uint64_t addr, void *dst, size_t len)
{
    struct multicall_entry e = { .op = __HYPERVISOR_xen_version };

    memcpy(dst, &e, len < sizeof(e) ? len : sizeof(e));
}

/* XSA-296 class (unpreemptible long op): huge batches continue, each entry once. */
UNIT_TEST(xsa296_million_entry_multicall_is_preemptible_and_linear)
{
    const uint64_t n = 1000000;
    unsigned long restarts = 0;

    setup();
    fake_mm.synth_read = synth_version_entry;
    CHECK_EQ(hc_call(dom, __HYPERVISOR_multicall, FAKE_SYNTH_BASE, n, 0, &restarts), 0);
    CHECK_EQ(fake_mm.synth_reads, n);        /* each entry read exactly once */
    CHECK_EQ(fake_mm.synth_writes, n);       /* and its result written once */
    CHECK_EQ(restarts, (n - 1) / HYPERCALL_BATCH_BUDGET);
}

static unsigned int preempt_calls;
static bool preempt_every_other(void)
{
    return (++preempt_calls % 2) == 0;
}

UNIT_TEST(multicall_runs_entries_and_honours_preemption)
{
    struct multicall_entry e[4];
    unsigned long restarts = 0;

    setup();
    memset(e, 0, sizeof(e));
    e[0].op = __HYPERVISOR_xen_version;                 /* 4.17 */
    e[1].op = __HYPERVISOR_multicall;                   /* nested: refused */
    e[2].op = __HYPERVISOR_iret;                        /* refused in a batch */
    e[3].op = 99;                                       /* out of table */
    hc_put(dom, LIST_ADDR, e, sizeof(e));
    hypercall_set_preempt_hook(preempt_every_other);
    CHECK_EQ(hc_call(dom, __HYPERVISOR_multicall, LIST_ADDR, 4, 0, &restarts), 0);
    CHECK(restarts > 0);
    hc_get(dom, LIST_ADDR, e, sizeof(e));
    CHECK_EQ(e[0].result, (4 << 16) | 17);
    CHECK_EQ(e[1].result, STATUS_EINVAL);
    CHECK_EQ(e[2].result, STATUS_EINVAL);
    CHECK_EQ(e[3].result, STATUS_ENOSYS);
    CHECK_EQ(hc_call(dom, __HYPERVISOR_multicall, 1ULL << 40, 1, 0, NULL), STATUS_EFAULT);
    CHECK_EQ(hc_call(dom, __HYPERVISOR_multicall, LIST_ADDR, 0, 0, NULL), 0);
}

/* XSA-213 class (mode change inside a batch): multicall refuses iret and nesting. */
UNIT_TEST(xsa213_multicall_refuses_iret_and_nesting)
{
    struct multicall_entry e[2];

    setup();
    memset(e, 0, sizeof(e));
    e[0].op = __HYPERVISOR_iret;
    e[1].op = __HYPERVISOR_multicall;
    e[1].args[0] = LIST_ADDR;
    e[1].args[1] = 2;
    hc_put(dom, LIST_ADDR, e, sizeof(e));
    CHECK_EQ(hc_call(dom, __HYPERVISOR_multicall, LIST_ADDR, 2, 0, NULL), 0);
    hc_get(dom, LIST_ADDR, e, sizeof(e));
    CHECK_EQ(e[0].result, STATUS_EINVAL);
    CHECK_EQ(e[1].result, STATUS_EINVAL);
}

/* A sub-call needing a continuation inside a multicall: its progress goes
 * back into its entry and the batch resumes there. */
UNIT_TEST(multicall_carries_a_sub_continuation)
{
    struct multicall_entry e;
    unsigned long restarts = 0;
    static char text[3000];

    setup();
    memset(text, 'x', sizeof(text));
    hc_put(dom, ARG2_ADDR, text, sizeof(text));
    memset(&e, 0, sizeof(e));
    e.op = __HYPERVISOR_console_io;
    e.args[0] = 0;                 /* CONSOLEIO_write */
    e.args[1] = sizeof(text);
    e.args[2] = ARG2_ADDR;
    hc_put(dom, LIST_ADDR, &e, sizeof(e));
    hypercall_set_preempt_hook(preempt_every_other);
    host_console_clear();
    CHECK_EQ(hc_call(dom, __HYPERVISOR_multicall, LIST_ADDR, 1, 0, &restarts), 0);
    CHECK(restarts > 0);
    hc_get(dom, LIST_ADDR, &e, sizeof(e));
    CHECK_EQ(e.result, 0);
    CHECK_EQ(strlen(host_console_text()), sizeof(text) + strlen("(d1) "));
}

/* Grant-table batches continue with uop advanced: each element once. */
UNIT_TEST(grant_batch_continues_linearly)
{
    enum { N = 1000 };
    static struct gnttab_unmap_grant_ref ops[N];
    unsigned long restarts = 0;

    setup();
    memset(ops, 0, sizeof(ops));
    for (int i = 0; i < N; i++)
        ops[i].handle = 0xFFFF;
    hc_put(dom, LIST_ADDR, ops, sizeof(ops));
    CHECK_EQ(hc_call(dom, __HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref,
                     LIST_ADDR, N, &restarts), 0);
    CHECK_EQ(restarts, (N - 1) / HYPERCALL_BATCH_BUDGET);
    hc_get(dom, LIST_ADDR, ops, sizeof(ops));
    for (int i = 0; i < N; i++)
        CHECK_EQ(ops[i].status, GNTST_bad_handle);
}
