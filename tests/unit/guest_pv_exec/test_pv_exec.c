/* SPDX-License-Identifier: MIT */
/* test_pv_exec.c - bounce frames, iret, emulation and the PV-only hypercalls. */
#include "unit.h"
#include "pv_fixture.h"

#include <string.h>

#include "arch/host/host.h"
#include "guest/pv/hypercall_page.h"
#include "guest/pv/pv_emul.h"
#include "guest/pv/pv_hypercalls.h"
#include "public/callback.h"

#define HANDLER     0xffffffff80001000ULL
#define CALLBACK    0xffffffff80002000ULL
#define RIP         0xffffffff80003000ULL
#define RFLAGS_IF   0x200ULL

static struct pv_fixture fx;

static uint64_t word(uint64_t va)
{
    uint64_t w;

    memcpy(&w, pv_fixture_ptr(&fx, va), sizeof(w));
    return w;
}

static struct vcpu_info *info(void)
{
    return vcpu_info_of(fx.v);
}

static void set_trap(unsigned int vector, uint8_t flags)
{
    fx.gv->pv.traps[vector] = (struct pv_trap){ .address = HANDLER, .cs = 0xe033,
                                                .flags = flags };
}

/* Regression (bounce frame layout): {rcx, r11, error, rip, cs, rflags,
 * rsp, ss}, 16-byte aligned, kernel CS shown with RPL 0 and the mask. */
UNIT_TEST(kernel_mode_trap_bounces_with_error_code_and_aligned_frame)
{
    struct cpu_regs r;
    uint64_t sp;

    pv_fixture_setup(&fx);
    set_trap(14, PV_TRAP_MASK_EVENTS);
    info()->evtchn_upcall_mask = 0;     /* vCPUs start masked */
    r = pv_fixture_regs(RIP, PV_FIX_STACK - 8);
    CHECK_EQ(pv_inject_trap(fx.v, &fx.gv->pv, &r, 14, true, 0x7), STATUS_OK);
    sp = ((PV_FIX_STACK - 8) & ~15ULL) - 8 * 8;
    CHECK_EQ(r.rsp, sp);
    CHECK_EQ(r.rip, HANDLER);
    CHECK_EQ(r.cs, ARCH_GUEST_CS64);
    CHECK_EQ(word(sp + 0), 0x1111);             /* rcx */
    CHECK_EQ(word(sp + 8), 0x2222);             /* r11 */
    CHECK_EQ(word(sp + 16), 0x7);               /* error code */
    CHECK_EQ(word(sp + 24), RIP);
    CHECK_EQ(word(sp + 32), 0xe030);            /* RPL 0, mask was 0 */
    CHECK_EQ(word(sp + 40) & RFLAGS_IF, RFLAGS_IF);
    CHECK_EQ(word(sp + 48), PV_FIX_STACK - 8);
    CHECK_EQ(word(sp + 56), ARCH_GUEST_DS);
    CHECK_EQ(info()->evtchn_upcall_mask, 1);    /* interrupt-gate semantics */
}

UNIT_TEST(trap_without_handler_or_stack_changes_nothing)
{
    struct cpu_regs r, before;

    pv_fixture_setup(&fx);
    r = before = pv_fixture_regs(RIP, PV_FIX_STACK);
    CHECK_EQ(pv_inject_trap(fx.v, &fx.gv->pv, &r, 13, true, 0), STATUS_ENOENT);
    CHECK_EQ(pv_inject_trap(fx.v, &fx.gv->pv, &r, 300, false, 0), STATUS_ENOENT);
    set_trap(13, 0);
    r.rsp = 0x10000;    /* unmapped */
    before.rsp = r.rsp;
    CHECK_EQ(pv_inject_trap(fx.v, &fx.gv->pv, &r, 13, true, 0), STATUS_EFAULT);
    CHECK_EQ(memcmp(&r, &before, sizeof(r)), 0);
    /* A hypervisor address is never a guest stack. */
    r.rsp = 0xffff830000001000ULL;
    CHECK_EQ(pv_inject_trap(fx.v, &fx.gv->pv, &r, 13, true, 0), STATUS_EFAULT);
}

UNIT_TEST(user_mode_trap_switches_to_kernel_stack_and_tables)
{
    struct cpu_regs r;
    uint64_t sp;

    pv_fixture_setup(&fx);
    set_trap(3, 3);
    fx.gv->pv.kernel_sp = PV_FIX_KSTACK;
    fx.gv->pv.gs_base_kernel = 0xaaa;
    fx.gv->pv.gs_base_user = 0xbbb;
    fx.v->pv_user_mode = true;
    fx.v->pv_l4 = fx.user_l4;
    info()->evtchn_upcall_mask = 0;
    r = pv_fixture_regs(0x401000, 0x7ff000);
    r.cs = ARCH_GUEST_CS64;
    CHECK_EQ(pv_inject_trap(fx.v, &fx.gv->pv, &r, 3, false, 0), STATUS_OK);
    sp = PV_FIX_KSTACK - 7 * 8;
    CHECK_EQ(r.rsp, sp);
    CHECK(!fx.v->pv_user_mode);
    CHECK_EQ(fx.v->pv_l4, fx.l4);
    CHECK_EQ(host_guest_bases.gs, 0xaaa);
    CHECK_EQ(word(sp + 16), 0x401000);          /* rip */
    CHECK_EQ(word(sp + 24) & 3, 3);             /* user CS keeps RPL 3 */
    CHECK_EQ(word(sp + 40), 0x7ff000);          /* user rsp */
    CHECK_EQ(info()->evtchn_upcall_mask, 0);    /* trap gate: not masked */
}

UNIT_TEST(iret_restores_frame_and_event_mask)
{
    struct cpu_regs r;
    struct iret_context c = { .rax = 5, .r11 = 6, .rcx = 7, .flags = 0,
                              .rip = RIP, .cs = 0xe030, .rflags = 0x3002,
                              .rsp = 0x401800, .ss = 0xe02b };
    uint64_t sp = PV_FIX_STACK - sizeof(c);

    pv_fixture_setup(&fx);
    memcpy(pv_fixture_ptr(&fx, sp), &c, sizeof(c));
    r = pv_fixture_regs(0, sp);
    CHECK_EQ(pv_do_iret(fx.v, &fx.gv->pv, &r), STATUS_OK);
    CHECK_EQ(r.rip, RIP);
    CHECK_EQ(r.cs, 0xe033);                     /* RPL forced to 3 */
    CHECK_EQ(r.rflags & 0x3000, 0);             /* no IOPL for the guest */
    CHECK_EQ(r.rflags & RFLAGS_IF, RFLAGS_IF);  /* real IF stays on */
    CHECK_EQ(r.rax, 5);
    CHECK_EQ(r.rcx, 7);
    CHECK_EQ(r.r11, 6);
    CHECK_EQ(r.rsp, 0x401800);
    CHECK_EQ(info()->evtchn_upcall_mask, 1);    /* saved IF was clear */
    CHECK(!fx.v->pv_user_mode);
}

UNIT_TEST(iret_to_user_mode_toggles_and_syscall_return_clobbers)
{
    struct cpu_regs r;
    struct iret_context c = { .rax = 1, .r11 = 6, .rcx = 7, .flags = VGCF_in_syscall,
                              .rip = 0x401000, .cs = 0xe033, .rflags = 0x202,
                              .rsp = 0x7ff000, .ss = 0xe02b };
    uint64_t sp = PV_FIX_STACK - sizeof(c);

    pv_fixture_setup(&fx);
    memcpy(pv_fixture_ptr(&fx, sp), &c, sizeof(c));
    r = pv_fixture_regs(0, sp);
    CHECK_EQ(pv_do_iret(fx.v, &fx.gv->pv, &r), STATUS_OK);
    CHECK(fx.v->pv_user_mode);
    CHECK_EQ(fx.v->pv_l4, fx.user_l4);
    CHECK_EQ(r.rcx, 0x401000);
    CHECK_EQ(r.r11, 0x202);
    CHECK_EQ(info()->evtchn_upcall_mask, 0);
    /* Without a user page table there is no user mode to return to. */
    pv_fixture_setup(&fx);
    fx.v->pv_user_l4 = INVALID_MFN;
    memcpy(pv_fixture_ptr(&fx, sp), &c, sizeof(c));
    r = pv_fixture_regs(0, sp);
    CHECK_EQ(pv_do_iret(fx.v, &fx.gv->pv, &r), STATUS_EINVAL);
    r.rsp = 0x9000;
    CHECK_EQ(pv_do_iret(fx.v, &fx.gv->pv, &r), STATUS_EFAULT);
}

UNIT_TEST(event_upcall_only_when_pending_unmasked_and_registered)
{
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    r = pv_fixture_regs(RIP, PV_FIX_STACK);
    info()->evtchn_upcall_pending = 1;
    CHECK(!pv_deliver_events(fx.v, &fx.gv->pv, &r));    /* no callback */
    fx.gv->pv.event_callback = CALLBACK;
    info()->evtchn_upcall_mask = 1;
    CHECK(!pv_deliver_events(fx.v, &fx.gv->pv, &r));    /* masked */
    info()->evtchn_upcall_mask = 0;
    CHECK(pv_deliver_events(fx.v, &fx.gv->pv, &r));
    CHECK_EQ(r.rip, CALLBACK);
    CHECK_EQ(info()->evtchn_upcall_mask, 1);
    CHECK_EQ(word(r.rsp + 16), RIP);
}

UNIT_TEST(user_syscall_bounces_to_syscall_callback)
{
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    fx.v->pv_user_mode = true;
    fx.v->pv_l4 = fx.user_l4;
    fx.gv->pv.kernel_sp = PV_FIX_KSTACK;
    r = pv_fixture_regs(0x401002, 0x7ff000);
    CHECK_EQ(pv_bounce_syscall(fx.v, &fx.gv->pv, &r), STATUS_ENOENT);
    fx.gv->pv.syscall_callback = CALLBACK;
    fx.gv->pv.syscall_masks_events = true;
    CHECK_EQ(pv_bounce_syscall(fx.v, &fx.gv->pv, &r), STATUS_OK);
    CHECK_EQ(r.rip, CALLBACK);
    CHECK(!fx.v->pv_user_mode);
    CHECK_EQ(info()->evtchn_upcall_mask, 1);
}

static void put_insn(uint64_t va, const uint8_t *bytes, size_t n)
{
    memcpy(pv_fixture_ptr(&fx, va), bytes, n);
}

UNIT_TEST(wrmsr_and_rdmsr_of_segment_bases_are_emulated)
{
    static const uint8_t wr[] = { 0x0f, 0x30 }, rd[] = { 0x0f, 0x32 };
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    put_insn(PV_FIX_VA, wr, sizeof(wr));
    put_insn(PV_FIX_VA + 16, rd, sizeof(rd));
    r = pv_fixture_regs(PV_FIX_VA, PV_FIX_STACK);
    r.rcx = 0xC0000101;     /* GS_BASE */
    r.rdx = 0xffffffff;
    r.rax = 0x81000000;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rip, PV_FIX_VA + 2);
    CHECK_EQ(fx.gv->pv.gs_base_kernel, 0xffffffff81000000ULL);
    CHECK_EQ(host_guest_bases.gs, 0xffffffff81000000ULL);
    r.rip = PV_FIX_VA + 16;
    r.rcx = 0xC0000102;     /* the inactive (user) GS */
    fx.gv->pv.gs_base_user = 0x123456789ULL;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0x23456789ULL);
    CHECK_EQ(r.rdx, 0x1);
    r.rip = PV_FIX_VA + 16;
    r.rcx = 0x1b;           /* APIC base: not for PV guests */
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_INJECT_GP);
    CHECK_EQ(r.rip, PV_FIX_VA + 16);
    /* From guest user mode nothing is emulated. */
    fx.v->pv_user_mode = true;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
}

UNIT_TEST(control_register_reads_are_emulated)
{
    static const uint8_t cr3_rbx[] = { 0x0f, 0x20, 0xdb };       /* mov %cr3,%rbx */
    static const uint8_t cr2_r9[] = { 0x41, 0x0f, 0x20, 0xd1 };  /* mov %cr2,%r9 */
    static const uint8_t cr8[] = { 0x44, 0x0f, 0x20, 0xc0 };     /* mov %cr8,%rax */
    static const uint8_t mem_form[] = { 0x0f, 0x20, 0x03 };
    static const uint8_t other[] = { 0xf4, 0x90 };
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    put_insn(PV_FIX_VA, cr3_rbx, sizeof(cr3_rbx));
    put_insn(PV_FIX_VA + 16, cr2_r9, sizeof(cr2_r9));
    put_insn(PV_FIX_VA + 32, cr8, sizeof(cr8));
    put_insn(PV_FIX_VA + 48, mem_form, sizeof(mem_form));
    put_insn(PV_FIX_VA + 64, other, sizeof(other));
    r = pv_fixture_regs(PV_FIX_VA, PV_FIX_STACK);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rbx, fx.l4 << 12);
    CHECK_EQ(r.rip, PV_FIX_VA + 3);
    info()->arch.cr2 = 0xdead000;
    r.rip = PV_FIX_VA + 16;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.r9, 0xdead000);
    r.rip = PV_FIX_VA + 32;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_INJECT_GP);
    r.rip = PV_FIX_VA + 48;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
    r.rip = PV_FIX_VA + 64;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
    r.rip = 0x9000;         /* unreadable */
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
}

UNIT_TEST(forced_cpuid_reports_xen_leaves_and_masks_features)
{
    static const uint8_t forced[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    struct cpu_regs r;
    uint32_t out[4];

    pv_fixture_setup(&fx);
    put_insn(PV_FIX_VA, forced, sizeof(forced));
    r = pv_fixture_regs(PV_FIX_VA, PV_FIX_STACK);
    r.rax = 0x40000000;
    CHECK_EQ(pv_emulate_forced_cpuid(fx.v, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rip, PV_FIX_VA + 7);
    CHECK_EQ(r.rax, 0x40000002);
    CHECK_EQ(memcmp(&r.rbx, "XenV", 4), 0);
    CHECK_EQ(memcmp(&r.rcx, "MMXe", 4), 0);
    CHECK_EQ(memcmp(&r.rdx, "nVMM", 4), 0);
    pv_cpuid(0x40000001, 0, out);
    CHECK_EQ(out[0], (4U << 16) | 17U);
    pv_cpuid(1, 0, out);
    CHECK_EQ(out[2] & (1U << 5), 0);            /* no VMX */
    CHECK_EQ(out[2] & (1U << 27), 0);           /* no OSXSAVE */
    CHECK(out[2] & (1U << 31));                 /* hypervisor bit */
    pv_cpuid(0x80000001U, 0, out);
    CHECK_EQ(out[2] & (1U << 2), 0);            /* no SVM */
    pv_cpuid(0xd, 0, out);
    CHECK_EQ(out[0] | out[1] | out[2] | out[3], 0);
    pv_cpuid(7, 0, out);
    CHECK_EQ(out[1] & (1U << 5), 0);            /* no AVX2 */
    r.rip = PV_FIX_VA + 1;
    CHECK_EQ(pv_emulate_forced_cpuid(fx.v, &r), PV_EMUL_NOT_MINE);
}

static long call(hypercall_fn fn, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct hypercall_frame f = { .op = 0, .args = { a0, a1, a2 } };

    return fn(fx.v, &f);
}

UNIT_TEST(set_trap_table_reads_until_a_zero_entry)
{
    struct trap_info t[3] = {
        { .vector = 14, .flags = 4, .cs = 0xe033, .address = HANDLER },
        { .vector = 0x80, .flags = 3, .cs = 0xe033, .address = HANDLER + 16 },
        { 0 },
    };

    pv_fixture_setup(&fx);
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), t, sizeof(t));
    CHECK_EQ(call(do_set_trap_table, PV_FIX_VA, 0, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.traps[14].address, HANDLER);
    CHECK_EQ(fx.gv->pv.traps[14].flags, 4);
    CHECK_EQ(fx.gv->pv.traps[0x80].address, HANDLER + 16);
    CHECK_EQ(call(do_set_trap_table, 0, 0, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.traps[14].address, 0);
    /* An unterminated list running off mapped memory faults. */
    CHECK_EQ(call(do_set_trap_table, PV_FIX_VA + PV_FIX_PAGES * 4096 - 16, 0, 0),
             STATUS_OK);    /* the last 16 bytes are zero: an empty list */
    memset(pv_fixture_ptr(&fx, PV_FIX_VA + PV_FIX_PAGES * 4096 - 16), 0xff, 16);
    CHECK_EQ(call(do_set_trap_table, PV_FIX_VA + PV_FIX_PAGES * 4096 - 16, 0, 0),
             STATUS_EFAULT);    /* one entry, then no terminator in memory */
    t[0].address = 0xffff800000001000ULL;      /* inside the hypervisor */
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), t, sizeof(t));
    CHECK_EQ(call(do_set_trap_table, PV_FIX_VA, 0, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_set_trap_table, 0x9000, 0, 0), STATUS_EFAULT);
    t[0].address = 0x0000800000000000ULL;      /* non-canonical */
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), t, sizeof(t));
    CHECK_EQ(call(do_set_trap_table, PV_FIX_VA, 0, 0), STATUS_EINVAL);
}

UNIT_TEST(callbacks_register_unregister_and_refuse_bad_input)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event, .address = CALLBACK };
    struct callback_unregister un = { .type = CALLBACKTYPE_event };

    pv_fixture_setup(&fx);
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), &cb, sizeof(cb));
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, PV_FIX_VA, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.event_callback, CALLBACK);
    cb.type = CALLBACKTYPE_syscall;
    cb.flags = CALLBACKF_mask_events;
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), &cb, sizeof(cb));
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, PV_FIX_VA, 0), STATUS_OK);
    CHECK(fx.gv->pv.syscall_masks_events);
    cb.type = CALLBACKTYPE_failsafe;
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), &cb, sizeof(cb));
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, PV_FIX_VA, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.failsafe_callback, CALLBACK);
    cb.type = CALLBACKTYPE_syscall32;
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), &cb, sizeof(cb));
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, PV_FIX_VA, 0), STATUS_OK);
    cb.type = 99;
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), &cb, sizeof(cb));
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, PV_FIX_VA, 0), STATUS_EINVAL);
    cb.type = CALLBACKTYPE_event;
    cb.address = 0x0000900000000000ULL;        /* non-canonical */
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), &cb, sizeof(cb));
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, PV_FIX_VA, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_callback_op, CALLBACKOP_register, 0x9000, 0), STATUS_EFAULT);
    for (uint16_t type = 0; type <= 3; type++) {
        un.type = type;
        memcpy(pv_fixture_ptr(&fx, PV_FIX_VA + 64), &un, sizeof(un));
        CHECK_EQ(call(do_callback_op, CALLBACKOP_unregister, PV_FIX_VA + 64, 0),
                 type <= 2 ? STATUS_OK : STATUS_EINVAL);
    }
    CHECK_EQ(fx.gv->pv.event_callback, 0);
    CHECK_EQ(fx.gv->pv.syscall_callback, 0);
    CHECK_EQ(call(do_callback_op, CALLBACKOP_unregister, 0x9000, 0), STATUS_EFAULT);
    CHECK_EQ(call(do_callback_op, 7, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(call(do_set_callbacks, CALLBACK, CALLBACK + 8, CALLBACK + 16), STATUS_OK);
    CHECK_EQ(fx.gv->pv.syscall_callback, CALLBACK + 16);
    CHECK_EQ(call(do_set_callbacks, 0xffff810000000000ULL, 0, 0), STATUS_EINVAL);
}

UNIT_TEST(stack_switch_segment_bases_timer_and_small_calls)
{
    pv_fixture_setup(&fx);
    CHECK_EQ(call(do_stack_switch, 0xe02b, PV_FIX_KSTACK, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.kernel_sp, PV_FIX_KSTACK);
    CHECK_EQ(call(do_stack_switch, 0xe02b, 0xffff820000000000ULL, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_set_segment_base, SEGBASE_FS, 0x5000, 0), STATUS_OK);
    CHECK_EQ(host_guest_bases.fs, 0x5000);
    CHECK_EQ(call(do_set_segment_base, SEGBASE_GS_KERNEL, 0x6000, 0), STATUS_OK);
    CHECK_EQ(host_guest_bases.gs, 0x6000);
    CHECK_EQ(call(do_set_segment_base, SEGBASE_GS_USER, 0x7000, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.gs_base_user, 0x7000);
    CHECK_EQ(host_guest_bases.gs, 0x6000);     /* kernel mode: kernel GS */
    CHECK_EQ(call(do_set_segment_base, SEGBASE_GS_USER_SEL, 0, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.gs_base_user, 0);
    /* No GDT: 0x2b names nothing loadable, so the null selector (Xen). */
    CHECK_EQ(call(do_set_segment_base, SEGBASE_GS_USER_SEL, 0x2b, 0), STATUS_OK);
    CHECK_EQ(fx.gv->pv.gs_base_user, 0);
    CHECK_EQ(call(do_set_segment_base, 9, 0, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_set_segment_base, SEGBASE_FS, 0xffff808000000000ULL, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_set_timer_op, 123456789, 0, 0), STATUS_OK);
    CHECK_EQ(fx.v->singleshot_deadline_ns, 123456789);
    CHECK_EQ(call(do_fpu_taskswitch, 1, 0, 0), STATUS_OK);
    CHECK_EQ(call(do_iret_indirect, 0, 0, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_vm_assist, 0, 2, 0), STATUS_OK);
    CHECK_EQ(call(do_vm_assist, 2, 2, 0), STATUS_EINVAL);
    CHECK_EQ(pv_hypercalls_register(), STATUS_OK);
    CHECK(hypercall_lookup(__HYPERVISOR_set_trap_table) == do_set_trap_table);
    CHECK(hypercall_lookup(__HYPERVISOR_callback_op) == do_callback_op);
    CHECK_EQ(pv_hypercalls_register(), STATUS_EEXIST);
}

UNIT_TEST(pv_calls_without_guest_state_are_not_available)
{
    pv_fixture_setup(&fx);
    guest_vcpu_destroy(fx.v);
    CHECK(guest_vcpu_of(fx.v) == NULL);
    CHECK_EQ(call(do_set_trap_table, 0, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(call(do_stack_switch, 0, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(call(do_callback_op, 0, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(call(do_set_callbacks, 0, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(call(do_set_segment_base, 0, 0, 0), STATUS_ENOSYS);
    guest_vcpu_destroy(fx.v);   /* twice is harmless */
}

UNIT_TEST(guest_vcpu_state_is_found_from_vcpu_and_unit)
{
    struct guest_vcpu *again;

    pv_fixture_setup(&fx);
    CHECK(guest_vcpu_of(fx.v) == fx.gv);
    CHECK(guest_vcpu_of_unit(&fx.gv->unit) == fx.gv);
    CHECK_EQ(fx.gv->unit.id, (1U << 16) | 0);
    CHECK_EQ(fx.gv->running_on, GUEST_NOT_RUNNING);
    CHECK_EQ(guest_vcpu_create(fx.v, &again), STATUS_EEXIST);
    guest_vcpu_destroy(fx.v);
}

UNIT_TEST(hypercall_page_stubs_call_syscall_and_iret_saves_registers)
{
    uint8_t page[4096];
    const uint8_t *s;

    pv_hypercall_page_fill(page);
    s = page + 18 * HYPERCALL_STUB_SIZE;        /* console_io */
    CHECK_EQ(s[0], 0xb8);
    CHECK_EQ(s[1], 18);
    CHECK_EQ(s[5], 0x0f);
    CHECK_EQ(s[6], 0x05);
    CHECK_EQ(s[7], 0xc3);
    CHECK_EQ(s[8], 0xcc);
    s = page + 23 * HYPERCALL_STUB_SIZE;        /* iret */
    CHECK_EQ(s[0], 0x51);                       /* push %rcx */
    CHECK_EQ(s[1], 0x41);
    CHECK_EQ(s[2], 0x53);                       /* push %r11 */
    CHECK_EQ(s[3], 0x50);                       /* push %rax */
    CHECK_EQ(s[4], 0xb8);
    CHECK_EQ(s[5], 23);
    CHECK_EQ(s[9], 0x0f);
    CHECK_EQ(s[10], 0x05);
    CHECK_EQ(s[11], 0xcc);                      /* never returns here */
}

#include "arch/host/host.h"
#include "guest/console_ring.h"

static struct xencons_interface ring;

UNIT_TEST(console_ring_output_is_printed_with_the_domain_prefix)
{
    pv_fixture_setup(&fx);
    memset(&ring, 0, sizeof(ring));
    host_console_clear();
    memcpy(ring.out, "hello\nworld\n", 12);
    ring.out_prod = 12;
    CHECK_EQ(console_ring_drain(fx.d, &ring), 12);
    CHECK_EQ(ring.out_cons, 12);
    CHECK(strstr(host_console_text(), "(d1) hello\n(d1) world\n") != NULL);
    CHECK_EQ(console_ring_drain(fx.d, &ring), 0);
    /* Wrapping around the end of out[]. */
    ring.out_cons = ring.out_prod = 2046;
    memcpy(ring.out + 2046, "ab", 2);
    memcpy(ring.out, "c\n", 2);
    ring.out_prod = 2050;
    host_console_clear();
    CHECK_EQ(console_ring_drain(fx.d, &ring), 4);
    CHECK(strstr(host_console_text(), "abc\n") != NULL);
}

UNIT_TEST(console_ring_bounds_a_lying_guest_to_one_ring)
{
    pv_fixture_setup(&fx);
    memset(&ring, 'x', sizeof(ring.out));
    ring.out_cons = 0;
    ring.out_prod = 1000000;
    host_console_clear();
    CHECK_EQ(console_ring_drain(fx.d, &ring), sizeof(ring.out));
    CHECK_EQ(ring.out_cons, 1000000);
}

UNIT_TEST(console_ring_input_stops_when_full)
{
    char buf[1500];

    memset(&ring, 0, sizeof(ring));
    memset(buf, 'k', sizeof(buf));
    CHECK_EQ(console_ring_feed(&ring, buf, 10), 10);
    CHECK_EQ(ring.in_prod, 10);
    CHECK_EQ(console_ring_feed(&ring, buf, sizeof(buf)), sizeof(ring.in) - 10);
    CHECK_EQ(console_ring_feed(&ring, buf, 1), 0);
    ring.in_cons = 1024;
    CHECK_EQ(console_ring_feed(&ring, "z", 1), 1);
    CHECK_EQ(ring.in[0], 'z');
}

/* The virtual CR0.TS: fpu_taskswitch sets and clears it, a CR0 read shows
 * it, clts clears it (regression: fpu_taskswitch(1) was only accepted). */
UNIT_TEST(fpu_taskswitch_and_clts_drive_the_virtual_cr0_ts)
{
    static const uint8_t cr0_rax[] = { 0x0f, 0x20, 0xc0 };       /* mov %cr0,%rax */
    static const uint8_t clts[] = { 0x0f, 0x06 };
    static const uint8_t rex_clts[] = { 0x48, 0x0f, 0x06 };
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    put_insn(PV_FIX_VA, cr0_rax, sizeof(cr0_rax));
    put_insn(PV_FIX_VA + 16, clts, sizeof(clts));
    put_insn(PV_FIX_VA + 32, rex_clts, sizeof(rex_clts));
    CHECK(!fx.gv->pv.fpu_ts);
    CHECK_EQ(call(do_fpu_taskswitch, 1, 0, 0), STATUS_OK);
    CHECK(fx.gv->pv.fpu_ts);
    r = pv_fixture_regs(PV_FIX_VA, PV_FIX_STACK);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0x80050033ULL | 0x8);
    r.rip = PV_FIX_VA + 32;                      /* a REX prefix: not clts */
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
    CHECK(fx.gv->pv.fpu_ts);
    r.rip = PV_FIX_VA + 16;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rip, PV_FIX_VA + 18);
    CHECK(!fx.gv->pv.fpu_ts);
    r.rip = PV_FIX_VA;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0x80050033ULL);
    CHECK_EQ(call(do_fpu_taskswitch, 1, 0, 0), STATUS_OK);
    CHECK_EQ(call(do_fpu_taskswitch, 0, 0, 0), STATUS_OK);
    CHECK(!fx.gv->pv.fpu_ts);
}
