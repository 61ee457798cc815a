/* SPDX-License-Identifier: MIT */
/* bad-hypercall-args: hostile arguments get their errors; the bystander is untouched. */
#include "guest.h"

const char test_title[] = "bad-hypercall-args: hostile arguments get errors; the bystander is untouched";

#define STRATA_VA      0xffff830000000000UL   /* Strata's own L4 slots (262) */
#define M2P_VA         0xffff800000000000UL   /* read-only to us */
#define NONCANONICAL   0x8000000000000000UL
#define UNMAPPED       0x1000UL
#define HUGE_COUNT     0x7fffffffU

static const uint64_t bad_ptrs[] = { STRATA_VA, NONCANONICAL, UNMAPPED, ~0UL - 7 };

static const char *ptr_name(uint64_t p)
{
    return p == STRATA_VA ? "Strata's space" : p == NONCANONICAL ? "non-canonical" :
           p == UNMAPPED ? "unmapped" : "top of memory";
}

/* Every pointer argument: -EFAULT, nothing read or written. */
static void bad_pointers(void)
{
    for (unsigned int i = 0; i < sizeof(bad_ptrs) / sizeof(bad_ptrs[0]); i++) {
        uint64_t p = bad_ptrs[i];
        const char *n = ptr_name(p);

        check(HC(__HYPERVISOR_console_io, CONSOLEIO_write, 16, p) == -XEN_EFAULT,
              "console_io write from %s", n);
        check(HC(__HYPERVISOR_console_io, CONSOLEIO_read, 16, p) <= 0,
              "console_io read into %s", n);
        check(HC(__HYPERVISOR_xen_version, XENVER_extraversion, p) == -XEN_EFAULT,
              "xen_version extraversion into %s", n);
        check(HC(__HYPERVISOR_set_trap_table, p) == -XEN_EFAULT, "set_trap_table from %s", n);
        check(HC(__HYPERVISOR_multicall, p, 2) == -XEN_EFAULT, "multicall list at %s", n);
        check(HC(__HYPERVISOR_mmu_update, p, 1, 0, DOMID_SELF) == -XEN_EFAULT,
              "mmu_update list at %s", n);
        check(HC(__HYPERVISOR_mmuext_op, p, 1, 0, DOMID_SELF) == -XEN_EFAULT,
              "mmuext_op list at %s", n);
        check(HC(__HYPERVISOR_event_channel_op, EVTCHNOP_send, p) == -XEN_EFAULT,
              "evtchn send argument at %s", n);
        check(HC(__HYPERVISOR_grant_table_op, GNTTABOP_copy, p, 1) == -XEN_EFAULT,
              "grant copy list at %s", n);
        check(HC(__HYPERVISOR_sched_op, SCHEDOP_shutdown, p) == -XEN_EFAULT,
              "sched_op shutdown argument at %s", n);
        check(HC(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, p) == -XEN_EFAULT,
              "vcpu_op argument at %s", n);
        check(HC(__HYPERVISOR_memory_op, XENMEM_decrease_reservation, p) == -XEN_EFAULT,
              "memory_op argument at %s", n);
    }
    /* A good mmu_update list whose done pointer is in Strata: nothing of
     * Strata is written (the entry itself may have been applied). */
    check(HC(__HYPERVISOR_console_io, CONSOLEIO_write, 0, STRATA_VA) == 0,
          "an empty write needs no buffer");
}

/* Two pages of ours; the second is unmapped while the lists run off
 * the end of the first into it. */
static uint8_t window[2][PAGE_SIZE] PAGE_ALIGNED;

static void *window_tail(size_t len)
{
    return &window[0][PAGE_SIZE - len];
}

/* Counts far larger than the list, which ends at an unmapped page:
 * the entries before the hole are done, then -EFAULT; nothing else. */
static void huge_counts(void)
{
    struct multicall_entry *mc = window_tail(sizeof(*mc));
    uint64_t hole = (uint64_t)(uintptr_t)window[1];
    char *text = window_tail(8);
    struct trap_info *tt;
    long rc;

    require(hypercall_update_va_mapping(hole, 0, UVMF_INVLPG) == 0, "unmap the hole");
    memcpy(text, "xxxxxxx\n", 8);
    check(HC(__HYPERVISOR_console_io, CONSOLEIO_write, 4096, text) == -XEN_EFAULT,
          "console_io write running into the hole");
    *mc = (struct multicall_entry){ .op = __HYPERVISOR_xen_version, .args = { XENVER_version } };
    check(hypercall_multicall(mc, HUGE_COUNT) == -XEN_EFAULT, "multicall of %u entries",
          HUGE_COUNT);
    check(mc->result == HC(__HYPERVISOR_xen_version, XENVER_version),
          "the multicall entry before the hole was not done");
    check(HC(__HYPERVISOR_grant_table_op, GNTTABOP_copy, window_tail(8), HUGE_COUNT) < 0,
          "grant copy of %u entries", HUGE_COUNT);
    tt = window_tail(sizeof(*tt));
    *tt = (struct trap_info){ .vector = 3, .flags = 3, .cs = FLAT_KERNEL_CS,
                              .address = (uint64_t)(uintptr_t)test_main };
    rc = HC(__HYPERVISOR_set_trap_table, tt);
    check(rc == -XEN_EFAULT, "a trap table running into the hole: %ld", rc);
    require(traps_install() == 0, "trap table back");
    require(remap_page(hole, virt_to_mfn(window[1]), PTE_DEFAULT) == 0, "map the hole back");
}

/* Numbers out of range: ports, refs, vCPUs, VIRQs, domains, commands. */
static void out_of_range(void)
{
    struct evtchn_bind_virq bv = { .virq = 99, .vcpu = 0 };
    struct evtchn_bind_interdomain bi = { .remote_dom = 99, .remote_port = 1 };
    struct evtchn_unmask um = { .port = 100000 };
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = 1, .flags = 0 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1000 };
    struct gnttab_map_grant_ref m = { .host_addr = UNMAPPED, .flags = GNTMAP_host_map,
                                      .ref = 0xffffffffU, .dom = 99 };
    evtchn_port_t port;

    check_eq(evtchn_send(100000), -XEN_EINVAL, "send on port 100000");
    check_eq(evtchn_send(0), -XEN_EINVAL, "send on port 0");
    check_eq(evtchn_close(0xffffffffU), -XEN_EINVAL, "close port 0xffffffff");
    check(hypercall_event_channel_op(EVTCHNOP_unmask, &um) == -XEN_EINVAL, "unmask port 100000");
    check(hypercall_event_channel_op(EVTCHNOP_bind_virq, &bv) < 0, "bind VIRQ 99");
    bv.virq = VIRQ_TIMER;
    bv.vcpu = 100;
    check(hypercall_event_channel_op(EVTCHNOP_bind_virq, &bv) < 0, "bind VIRQ_TIMER to vCPU 100");
    check(hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &bi) < 0,
          "bind_interdomain to domain 99");
    check(evtchn_alloc_unbound(DOMID_XEN, &port) < 0, "alloc_unbound for DOMID_XEN");
    check(hypercall_event_channel_op(1000, &um) == -XEN_ENOSYS, "EVTCHNOP 1000");
    check(hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 100, &t) < 0, "vcpu_op on vCPU 100");
    check(hypercall_vcpu_op(VCPUOP_up, 0xffffffffU, NULL) < 0, "VCPUOP_up of vCPU ~0");
    check(hypercall_grant_table_op(GNTTABOP_setup_table, &st, 1) == 0 && st.status < 0,
          "setup_table of 1000 frames: status %d", st.status);
    check(hypercall_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) == 0 && m.status < 0,
          "map of ref ~0 of domain 99: status %d", m.status);
    check(arch_hypercall_syscall(1000, 0, 0, 0, 0, 0) == -XEN_ENOSYS, "hypercall 1000");
    check(HC(__HYPERVISOR_memory_op, 0x7fff, NULL) == -XEN_ENOSYS, "memory_op 0x7fff");
    check(hypercall_set_segment_base(99, 0) == -XEN_EINVAL, "set_segment_base 99");
    check(hypercall_update_va_mapping(STRATA_VA, 0, UVMF_INVLPG) == -XEN_EINVAL,
          "update_va_mapping of Strata's address");
    check(hypercall_update_va_mapping(NONCANONICAL, 0, UVMF_INVLPG) == -XEN_EINVAL,
          "update_va_mapping of a non-canonical address");
}

void test_main(void)
{
    int id = cmdline_domid();
    unsigned int rounds = 0;
    uint64_t end;

    if (id == 2)
        bystander_run(cmdline_uint("run_ms", 1500));
    require(id == 1, "domid=%d: want 1 (hostile) or 2 (bystander)", id);
    /* Again and again while the bystander runs. */
    end = env_time_ns() + cmdline_uint("run_ms", 1500) * NS_PER_MS;
    do {
        bad_pointers();
        huge_counts();
        out_of_range();
        rounds++;
        (void)sched_yield();
    } while (env_time_ns() < end);
    printk("hostile: every bad argument refused, %u rounds\n", rounds);
    report_success();
}
