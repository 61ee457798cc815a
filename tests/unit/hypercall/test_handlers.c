/* SPDX-License-Identifier: MIT */
/* test_handlers.c - each do_* handler through the dispatch entry. */
#include "unit.h"
#include "hc_support.h"

#include "core/evtchn.h"
#include "core/gnttab.h"
#include "public/console_io.h"
#include "public/errno.h"
#include "public/memory.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

static struct domain *pv, *hvm, *priv;

static void setup(void)
{
    fake_mm_init();
    hypercall_reset_registrations();
    hypercall_set_preempt_hook(NULL);
    pv = fake_domain(1, false, false, 2);
    hvm = fake_domain(2, true, false, 1);
    priv = fake_domain(0, false, true, 1);
}

static long evtchn_op(struct domain *d, unsigned int cmd, void *arg, size_t size)
{
    long rc;

    hc_put(d, ARG_ADDR, arg, size);
    rc = hc_call(d, __HYPERVISOR_event_channel_op, cmd, ARG_ADDR, 0, NULL);
    hc_get(d, ARG_ADDR, arg, size);
    return rc;
}

/* --- event_channel_op ---------------------------------------------------- */

UNIT_TEST(evtchn_op_full_round_trip)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 2 };
    struct evtchn_bind_interdomain bi = { .remote_dom = 1 };
    struct evtchn_send send;
    struct evtchn_status st = { .dom = DOMID_SELF };
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 1 };
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_bind_vcpu bvc;
    struct evtchn_unmask um;
    struct evtchn_close cl;
    struct evtchn_reset rs = { .dom = DOMID_SELF };

    setup();
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
    CHECK(au.port > 0);
    bi.remote_port = au.port;
    CHECK_EQ(evtchn_op(hvm, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)), 0);
    send.port = bi.local_port;
    CHECK_EQ(evtchn_op(hvm, EVTCHNOP_send, &send, sizeof(send)), 0);
    CHECK(evtchn_is_pending(pv, au.port));
    st.port = au.port;
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_status, &st, sizeof(st)), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, 2);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_bind_virq, &bv, sizeof(bv)), 0);
    CHECK(bv.port > 0);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_bind_ipi, &ipi, sizeof(ipi)), 0);
    bvc.port = au.port;
    bvc.vcpu = 1;
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_bind_vcpu, &bvc, sizeof(bvc)), 0);
    um.port = au.port;
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_unmask, &um, sizeof(um)), 0);
    cl.port = ipi.port;
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_close, &cl, sizeof(cl)), 0);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_reset, &rs, sizeof(rs)), 0);
    st.port = bi.local_port;
    st.dom = DOMID_SELF;
    CHECK_EQ(evtchn_op(hvm, EVTCHNOP_status, &st, sizeof(st)), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK(evtchn_invariants_hold());
}

UNIT_TEST(evtchn_op_decode_failures_change_nothing)
{
    struct evtchn_alloc_unbound au = { .dom = 2, .remote_dom = 1 };
    struct evtchn_status st = { .dom = 2, .port = 1 };
    struct evtchn_reset rs = { .dom = 2 };
    struct evtchn_bind_interdomain bi = { .remote_dom = 9, .remote_port = 1 };

    setup();
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_alloc_unbound, &au, sizeof(au)), STATUS_EPERM);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_status, &st, sizeof(st)), STATUS_EPERM);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_reset, &rs, sizeof(rs)), STATUS_EPERM);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)), STATUS_ESRCH);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_init_control, &au, sizeof(au)), STATUS_ENOSYS);
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_bind_pirq, &au, sizeof(au)), STATUS_ENOSYS);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_event_channel_op, 1000, ARG_ADDR, 0, NULL),
             STATUS_ENOSYS);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_event_channel_op, EVTCHNOP_send, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    /* OUT struct in an unwritable place: refused before any port exists. */
    CHECK_EQ(hc_call(pv, __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                     FAKE_FRAMES_PER_DOMAIN * PAGE_SIZE - 4, 0, NULL), STATUS_EFAULT);
    /* The privileged domain may act on others. */
    CHECK_EQ(evtchn_op(priv, EVTCHNOP_alloc_unbound, &au, sizeof(au)), 0);
    st.port = au.port;
    CHECK_EQ(evtchn_op(priv, EVTCHNOP_status, &st, sizeof(st)), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(evtchn_op(priv, EVTCHNOP_reset, &rs, sizeof(rs)), 0);
}

/* XSA-188 class (failed FIFO init_control): the 2-level ABI keeps working. */
UNIT_TEST(xsa188_failed_fifo_switch_keeps_two_level)
{
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_send send;
    uint64_t junk[8] = { 0 };

    setup();
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_bind_ipi, &ipi, sizeof(ipi)), 0);
    for (int i = 0; i < 10; i++) {
        CHECK_EQ(evtchn_op(pv, EVTCHNOP_init_control, junk, sizeof(junk)), STATUS_ENOSYS);
        CHECK_EQ(evtchn_op(pv, EVTCHNOP_expand_array, junk, sizeof(junk)), STATUS_ENOSYS);
    }
    send.port = ipi.port;
    CHECK_EQ(evtchn_op(pv, EVTCHNOP_send, &send, sizeof(send)), 0);
    CHECK(evtchn_is_pending(pv, ipi.port));
}

/* --- sched_op ------------------------------------------------------------ */

UNIT_TEST(sched_op_yield_block_shutdown)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_MAX + 1 };

    setup();
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, NULL), 0);
    CHECK(pv->vcpus[0].yield_requested);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_block, 0, 0, NULL), 0);
    CHECK(pv->vcpus[0].blocked);
    hc_put(pv, ARG_ADDR, &sd, sizeof(sd));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_shutdown, ARG_ADDR, 0, NULL),
             STATUS_EINVAL);
    CHECK_EQ(pv->state, DOMAIN_ACTIVE);
    sd.reason = SHUTDOWN_reboot;
    hc_put(pv, ARG_ADDR, &sd, sizeof(sd));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_shutdown, ARG_ADDR, 0, NULL), 0);
    CHECK_EQ(pv->shutdown_reason, SHUTDOWN_reboot);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_shutdown, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_watchdog, 0, 0, NULL), STATUS_ENOSYS);
}

UNIT_TEST(sched_op_remote_shutdown_needs_privilege)
{
    struct sched_remote_shutdown rs = { .domain_id = 2, .reason = SHUTDOWN_poweroff };

    setup();
    hc_put(pv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, ARG_ADDR, 0, NULL),
             STATUS_EPERM);
    hc_put(priv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(hc_call(priv, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, ARG_ADDR, 0, NULL), 0);
    CHECK_EQ(hvm->state, DOMAIN_SHUTDOWN);
    rs.domain_id = 9;
    hc_put(priv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(hc_call(priv, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, ARG_ADDR, 0, NULL),
             STATUS_ESRCH);
    rs.reason = 77;
    hc_put(priv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(hc_call(priv, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, ARG_ADDR, 0, NULL),
             STATUS_EINVAL);
    CHECK_EQ(hc_call(priv, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
}

static long poll(struct domain *d, const evtchn_port_t *ports, uint32_t n)
{
    struct sched_poll p = { .ports = ARG2_ADDR, .nr_ports = n };

    hc_put(d, ARG2_ADDR, ports, n * sizeof(*ports));
    hc_put(d, ARG_ADDR, &p, sizeof(p));
    return hc_call(d, __HYPERVISOR_sched_op, SCHEDOP_poll, ARG_ADDR, 0, NULL);
}

/* XSA-221 class (poll on unallocated ports): every port validated before use. */
UNIT_TEST(xsa221_poll_validates_ports_first)
{
    evtchn_port_t ports[3] = { 0 };
    evtchn_port_t ipi;
    struct sched_poll many = { .ports = ARG2_ADDR, .nr_ports = 129 };

    setup();
    CHECK_EQ(evtchn_bind_ipi(pv, 0, &ipi), STATUS_OK);
    ports[0] = ipi;
    ports[1] = 4095;                      /* beyond the domain's limit */
    CHECK_EQ(poll(pv, ports, 2), STATUS_EINVAL);
    CHECK(!pv->vcpus[0].blocked);
    ports[1] = 0;
    CHECK_EQ(poll(pv, ports, 2), STATUS_EINVAL);
    hc_put(pv, ARG_ADDR, &many, sizeof(many));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_poll, ARG_ADDR, 0, NULL), STATUS_EINVAL);
    CHECK_EQ(poll(pv, ports, 1), 0);      /* nothing pending: blocks */
    CHECK(pv->vcpus[0].blocked);
    pv->vcpus[0].blocked = false;
    CHECK_EQ(evtchn_send(pv, ipi), STATUS_OK);
    CHECK(!pv->vcpus[0].blocked);
    CHECK_EQ(poll(pv, ports, 1), 0);      /* pending: returns at once */
    CHECK(!pv->vcpus[0].blocked);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_poll, 1ULL << 40, 0, NULL), STATUS_EFAULT);
    many.nr_ports = 1;
    many.ports = 1ULL << 40;
    hc_put(pv, ARG_ADDR, &many, sizeof(many));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_sched_op, SCHEDOP_poll, ARG_ADDR, 0, NULL), STATUS_EFAULT);
}

/* --- xen_version --------------------------------------------------------- */

/* XSA-122 class (xen_version stack leak): buffers fully initialised to their ABI size. */
UNIT_TEST(xsa122_version_buffers_are_fully_initialised)
{
    static const struct { unsigned int cmd; size_t size; } strs[] = {
        { XENVER_extraversion, 16 }, { XENVER_capabilities, 1024 },
        { XENVER_changeset, 64 }, { XENVER_guest_handle, 16 },
    };
    unsigned char buf[1100];
    struct xen_compile_info ci;

    setup();
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        memset(fake_guest_ptr(pv->id, ARG_ADDR), 0xAA, sizeof(buf));
        CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, strs[i].cmd, ARG_ADDR, 0, NULL), 0);
        hc_get(pv, ARG_ADDR, buf, sizeof(buf));
        size_t len = strnlen((char *)buf, strs[i].size);
        CHECK(len < strs[i].size);
        for (size_t k = len; k < strs[i].size; k++)
            CHECK_EQ(buf[k], 0);
        CHECK_EQ(buf[strs[i].size], 0xAA);          /* nothing beyond the ABI size */
    }
    memset(fake_guest_ptr(pv->id, ARG_ADDR), 0xAA, sizeof(ci));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_compile_info, ARG_ADDR, 0, NULL), 0);
    hc_get(pv, ARG_ADDR, &ci, sizeof(ci));
    CHECK_EQ(ci.compile_by[sizeof(ci.compile_by) - 1], 0);
    CHECK_EQ(ci.compile_date[sizeof(ci.compile_date) - 1], 0);
}

UNIT_TEST(xen_version_numbers_and_features)
{
    struct xen_feature_info fi = { .submap_idx = 0 };
    struct xen_platform_parameters pp;

    setup();
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_version, 0, 0, NULL), (4 << 16) | 17);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0, NULL), 4096);
    hc_put(pv, ARG_ADDR, &fi, sizeof(fi));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_get_features, ARG_ADDR, 0, NULL), 0);
    hc_get(pv, ARG_ADDR, &fi, sizeof(fi));
    CHECK(fi.submap & (1U << XENFEAT_pae_pgdir_above_4gb));
    CHECK(!(fi.submap & (1U << XENFEAT_auto_translated_physmap)));
    /* Regression: Linux 6.1 panics as a PV guest without these two. */
    CHECK(fi.submap & (1U << XENFEAT_mmu_pt_update_preserve_ad));
    CHECK(fi.submap & (1U << XENFEAT_gnttab_map_avail_bits));
    CHECK(!(fi.submap & (1U << XENFEAT_writable_descriptor_tables)));
    CHECK(!(fi.submap & (1U << XENFEAT_supervisor_mode_kernel)));
    hc_put(hvm, ARG_ADDR, &fi, sizeof(fi));
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_xen_version, XENVER_get_features, ARG_ADDR, 0, NULL), 0);
    hc_get(hvm, ARG_ADDR, &fi, sizeof(fi));
    CHECK(fi.submap & (1U << XENFEAT_auto_translated_physmap));
    fi.submap_idx = 1;
    hc_put(pv, ARG_ADDR, &fi, sizeof(fi));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_get_features, ARG_ADDR, 0, NULL),
             STATUS_EINVAL);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_get_features, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_platform_parameters, ARG_ADDR, 0, NULL), 0);
    hc_get(pv, ARG_ADDR, &pp, sizeof(pp));
    CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_commandline, ARG_ADDR, 0, NULL),
             STATUS_EPERM);
    CHECK_EQ(hc_call(priv, __HYPERVISOR_xen_version, XENVER_commandline, ARG_ADDR, 0, NULL), 0);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_build_id, ARG_ADDR, 0, NULL),
             STATUS_ENOSYS);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_extraversion, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_compile_info, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_xen_version, XENVER_platform_parameters, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
}

/* --- console_io ---------------------------------------------------------- */

UNIT_TEST(console_write_prefixes_lines_and_filters)
{
    const char text[] = "hello\nworld\x01\x7f\tend\n";

    setup();
    host_console_clear();
    hc_put(hvm, ARG_ADDR, text, sizeof(text) - 1);
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(text) - 1,
                     ARG_ADDR, NULL), 0);
    CHECK(strcmp(host_console_text(), "(d2) hello\n(d2) world..\tend\n") == 0);
    /* Regression (Linux's hvc lines ended in '.'): \r is dropped. */
    host_console_clear();
    hc_put(hvm, ARG_ADDR, "a\r\nb\r\n", 6);
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_console_io, CONSOLEIO_write, 6, ARG_ADDR, NULL), 0);
    CHECK(strcmp(host_console_text(), "(d2) a\n(d2) b\n") == 0);
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_console_io, CONSOLEIO_write, 4, 1ULL << 40, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_console_io, CONSOLEIO_read, 4, ARG_ADDR, NULL), 0);
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_console_io, 7, 4, ARG_ADDR, NULL), STATUS_ENOSYS);
}

UNIT_TEST(console_long_write_continues)
{
    static char text[10000];
    unsigned long restarts = 0;

    setup();
    memset(text, 'a', sizeof(text));
    host_console_clear();
    hc_put(pv, ARG_ADDR, text, sizeof(text));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(text), ARG_ADDR,
                     &restarts), 0);
    CHECK_EQ(restarts, 2);
    CHECK_EQ(strlen(host_console_text()), sizeof(text) + 5);
}

/* --- vcpu_op ------------------------------------------------------------- */

static long vcpu_op(struct domain *d, unsigned int cmd, uint32_t id, void *arg, size_t size)
{
    if (arg)
        hc_put(d, ARG_ADDR, arg, size);
    return hc_call(d, __HYPERVISOR_vcpu_op, cmd, id, ARG_ADDR, NULL);
}

UNIT_TEST(vcpu_op_up_down_and_runstate)
{
    struct vcpu_runstate_info rs;

    setup();
    CHECK_EQ(vcpu_op(pv, VCPUOP_is_up, 0, NULL, 0), 1);
    CHECK_EQ(vcpu_op(pv, VCPUOP_is_up, 1, NULL, 0), 0);
    CHECK_EQ(vcpu_op(pv, VCPUOP_is_up, 2, NULL, 0), STATUS_ENOENT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_vcpu_op, VCPUOP_is_up, 1ULL << 32, 0, NULL), STATUS_ENOENT);
    CHECK_EQ(vcpu_op(pv, VCPUOP_up, 1, NULL, 0), STATUS_EINVAL);   /* no context */
    pv->vcpus[1].initialised = true;
    CHECK_EQ(vcpu_op(pv, VCPUOP_up, 1, NULL, 0), 0);
    CHECK_EQ(vcpu_op(pv, VCPUOP_is_up, 1, NULL, 0), 1);
    CHECK_EQ(vcpu_op(pv, VCPUOP_get_runstate_info, 1, NULL, 0), 0);
    hc_get(pv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(rs.state, RUNSTATE_runnable);
    CHECK_EQ(vcpu_op(pv, VCPUOP_get_runstate_info, 0, NULL, 0), 0);
    hc_get(pv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(rs.state, RUNSTATE_running);
    pv->vcpus[1].blocked = true;
    CHECK_EQ(vcpu_op(pv, VCPUOP_get_runstate_info, 1, NULL, 0), 0);
    hc_get(pv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(rs.state, RUNSTATE_blocked);
    CHECK_EQ(vcpu_op(pv, VCPUOP_down, 1, NULL, 0), 0);
    CHECK_EQ(vcpu_op(pv, VCPUOP_get_runstate_info, 1, NULL, 0), 0);
    hc_get(pv, ARG_ADDR, &rs, sizeof(rs));
    CHECK_EQ(rs.state, RUNSTATE_offline);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, 1ULL << 40, NULL),
             STATUS_EFAULT);
    CHECK_EQ(vcpu_op(pv, VCPUOP_initialise, 1, NULL, 0), STATUS_ENOSYS);
}

UNIT_TEST(vcpu_op_timers_and_runstate_area)
{
    struct vcpu_set_periodic_timer per = { .period_ns = 1000 };
    struct vcpu_set_singleshot_timer ss = { .timeout_abs_ns = 50, .flags = VCPU_SSHOTTMR_future };
    struct vcpu_register_runstate_memory_area area = { .addr = 0xdead000 };

    setup();
    host_set_now_ns(100);
    CHECK_EQ(vcpu_op(pv, VCPUOP_set_periodic_timer, 0, &per, sizeof(per)), STATUS_EINVAL);
    per.period_ns = 10000000;
    CHECK_EQ(vcpu_op(pv, VCPUOP_set_periodic_timer, 0, &per, sizeof(per)), 0);
    CHECK_EQ(pv->vcpus[0].periodic_period_ns, 10000000);
    CHECK_EQ(vcpu_op(pv, VCPUOP_stop_periodic_timer, 0, NULL, 0), 0);
    CHECK_EQ(pv->vcpus[0].periodic_period_ns, 0);
    CHECK_EQ(vcpu_op(pv, VCPUOP_set_singleshot_timer, 0, &ss, sizeof(ss)), -XEN_ETIME);
    ss.timeout_abs_ns = 500;
    CHECK_EQ(vcpu_op(pv, VCPUOP_set_singleshot_timer, 0, &ss, sizeof(ss)), 0);
    CHECK_EQ(pv->vcpus[0].singleshot_deadline_ns, 500);
    CHECK_EQ(vcpu_op(pv, VCPUOP_stop_singleshot_timer, 0, NULL, 0), 0);
    CHECK_EQ(pv->vcpus[0].singleshot_deadline_ns, 0);
    CHECK_EQ(vcpu_op(pv, VCPUOP_register_runstate_memory_area, 0, &area, sizeof(area)), 0);
    CHECK_EQ(pv->vcpus[0].runstate_area, 0xdead000);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer, 0, 1ULL << 40, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, 1ULL << 40, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_vcpu_op, VCPUOP_register_runstate_memory_area, 0,
                     1ULL << 40, NULL), STATUS_EFAULT);
    CHECK_EQ(vcpu_op(pv, 99, 0, NULL, 0), STATUS_ENOSYS);
}

UNIT_TEST(vcpu_op_register_vcpu_info_moves_state)
{
    struct vcpu_register_vcpu_info r = { .mfn = 3, .offset = 64 };
    struct vcpu_info *moved;

    setup();
    r.mfn = 3;                                /* HVM: a gfn */
    hvm->shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    r.rsvd = 1;
    CHECK_EQ(vcpu_op(hvm, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), STATUS_EINVAL);
    r.rsvd = 0;
    r.offset = PAGE_SIZE - 32;
    CHECK_EQ(vcpu_op(hvm, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), STATUS_EINVAL);
    r.offset = 64;
    r.mfn = 1000;
    CHECK_EQ(vcpu_op(hvm, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), STATUS_EINVAL);
    r.mfn = 3;
    CHECK_EQ(vcpu_op(hvm, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), 0);
    moved = fake_guest_ptr(hvm->id, 3 * PAGE_SIZE + 64);
    CHECK(vcpu_info_of(&hvm->vcpus[0]) == moved);
    CHECK_EQ(moved->evtchn_upcall_mask, 1);
    CHECK_EQ(moved->evtchn_upcall_pending, 1);
    CHECK_EQ(vcpu_op(hvm, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), STATUS_EINVAL);
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, 1ULL << 40, NULL),
             STATUS_EFAULT);
    CHECK_EQ(fake_mm_refs_held(), 2);        /* general + writable on the frame */
    CHECK_EQ(domain_destroy(hvm), STATUS_OK);
    CHECK_EQ(fake_mm_refs_held(), 0);        /* released with the domain */
}

/* --- memory_op and grant_table_op ---------------------------------------- */

UNIT_TEST(memory_op_reservations_and_m2p)
{
    domid_t self = DOMID_SELF, other = 2;
    struct xen_machphys_mapping m;

    setup();
    pv->mm.account.pages = 77;            /* as if mm had given it 77 frames */
    hc_put(pv, ARG_ADDR, &self, sizeof(self));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_current_reservation, ARG_ADDR, 0, NULL), 77);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_maximum_reservation, ARG_ADDR, 0, NULL), 1024);
    hc_put(pv, ARG_ADDR, &other, sizeof(other));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_current_reservation, ARG_ADDR, 0, NULL),
             STATUS_ESRCH);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_current_reservation, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_machphys_mapping, ARG_ADDR, 0, NULL), 0);
    hc_get(pv, ARG_ADDR, &m, sizeof(m));
    CHECK_EQ(m.v_start, MACH2PHYS_VIRT_START);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_machphys_mapping, 1ULL << 40, 0, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, ARG_ADDR, 0, NULL),
             STATUS_ENOSYS);
    pv->mm.account.pages = 0;
}

UNIT_TEST(grant_table_op_single_element_ops)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2, .frame_list = ARG2_ADDR };
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    struct gnttab_set_version sv = { .version = 2 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    xen_pfn_t frames[2];

    setup();
    hc_put(pv, ARG_ADDR, &st, sizeof(st));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &st, sizeof(st));
    CHECK_EQ(st.status, GNTST_okay);
    hc_get(pv, ARG2_ADDR, frames, sizeof(frames));
    CHECK(frames[0] != frames[1]);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, ARG_ADDR, 2, NULL),
             STATUS_EINVAL);
    st.dom = 2;
    hc_put(pv, ARG_ADDR, &st, sizeof(st));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &st, sizeof(st));
    CHECK_EQ(st.status, GNTST_bad_domain);
    st.dom = DOMID_SELF;
    st.frame_list = 1ULL << 40;
    hc_put(pv, ARG_ADDR, &st, sizeof(st));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, ARG_ADDR, 1, NULL),
             STATUS_EFAULT);
    hc_put(pv, ARG_ADDR, &qs, sizeof(qs));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &qs, sizeof(qs));
    CHECK_EQ(qs.nr_frames, 2);
    CHECK_EQ(qs.max_nr_frames, 4);
    qs.dom = 2;
    hc_put(pv, ARG_ADDR, &qs, sizeof(qs));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &qs, sizeof(qs));
    CHECK_EQ(qs.status, GNTST_bad_domain);
    hc_put(pv, ARG_ADDR, &sv, sizeof(sv));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_set_version, ARG_ADDR, 1, NULL),
             STATUS_EOPNOTSUPP);
    hc_get(pv, ARG_ADDR, &sv, sizeof(sv));
    CHECK_EQ(sv.version, 1);
    hc_put(pv, ARG_ADDR, &gv, sizeof(gv));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_get_version, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &gv, sizeof(gv));
    CHECK_EQ(gv.version, 1);
    gv.dom = 2;
    hc_put(pv, ARG_ADDR, &gv, sizeof(gv));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_get_version, ARG_ADDR, 1, NULL),
             STATUS_EPERM);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, 1ULL << 40, 1, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_query_size, 1ULL << 40, 1, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_set_version, 1ULL << 40, 1, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_get_version, 1ULL << 40, 1, NULL),
             STATUS_EFAULT);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_transfer, ARG_ADDR, 1, NULL),
             STATUS_EOPNOTSUPP);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_dump_table, ARG_ADDR, 1, NULL),
             STATUS_ENOSYS);
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, ARG_ADDR,
                     0x80000000ULL, NULL), STATUS_EINVAL);
}

UNIT_TEST(grant_table_op_map_copy_unmap_batch)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1, .frame_list = ARG2_ADDR };
    struct gnttab_map_grant_ref mp = { .host_addr = 0x20000, .flags = GNTMAP_host_map,
                                       .ref = 5, .dom = 2 };
    struct gnttab_unmap_grant_ref um = { .host_addr = 0x20000 };
    struct gnttab_copy cp;
    xen_pfn_t frame;
    struct grant_entry_v1 *e;

    setup();
    hc_put(hvm, ARG_ADDR, &st, sizeof(st));
    CHECK_EQ(hc_call(hvm, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table, ARG_ADDR, 1, NULL), 0);
    hc_get(hvm, ARG2_ADDR, &frame, sizeof(frame));
    e = (struct grant_entry_v1 *)arch_frame_to_virt(frame) + 5;
    e->domid = 1;
    e->frame = 9;
    e->flags = GTF_permit_access;
    hc_put(pv, ARG_ADDR, &mp, sizeof(mp));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &mp, sizeof(mp));
    CHECK_EQ(mp.status, GNTST_okay);
    memset(&cp, 0, sizeof(cp));
    cp.flags = GNTCOPY_dest_gref;
    cp.dest.u.ref = 5;
    cp.dest.domid = 2;
    cp.source.u.gmfn = fake_mfn(1, 3);
    cp.source.domid = DOMID_SELF;
    cp.len = 16;
    hc_put(pv, ARG2_ADDR, &cp, sizeof(cp));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_copy, ARG2_ADDR, 1, NULL), 0);
    hc_get(pv, ARG2_ADDR, &cp, sizeof(cp));
    CHECK_EQ(cp.status, GNTST_okay);
    um.handle = mp.handle;
    hc_put(pv, ARG_ADDR, &um, sizeof(um));
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref, ARG_ADDR, 1, NULL), 0);
    hc_get(pv, ARG_ADDR, &um, sizeof(um));
    CHECK_EQ(um.status, GNTST_okay);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK(gnttab_invariants_hold());
    CHECK_EQ(hc_call(pv, __HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 1ULL << 40, 1, NULL),
             STATUS_EFAULT);
}
