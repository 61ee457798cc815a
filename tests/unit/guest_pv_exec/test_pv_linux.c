/* SPDX-License-Identifier: MIT */
/* test_pv_linux.c - what unmodified Linux needs of PV execution: IOPL, CLI/STI, ports, CR4, debug registers, CPUID. */
#include "unit.h"
#include "pv_fixture.h"

#include <string.h>

#include "guest/pv/pv_emul.h"
#include "guest/pv/pv_hypercalls.h"
#include "public/physdev.h"

static struct pv_fixture fx;

static long call(hypercall_fn fn, uint64_t a0, uint64_t a1)
{
    struct hypercall_frame f = { .op = 0, .args = { a0, a1 } };

    return fn(fx.v, &f);
}

static struct cpu_regs at_insn(const uint8_t *bytes, size_t n)
{
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA), bytes, n);
    return pv_fixture_regs(PV_FIX_VA, PV_FIX_STACK);
}

/* Regression: Linux sets IOPL 1 through physdev_op before its first CLI. */
UNIT_TEST(set_iopl_records_the_virtual_iopl)
{
    struct physdev_set_iopl *arg;

    pv_fixture_setup(&fx);
    arg = pv_fixture_ptr(&fx, PV_FIX_VA + 64);
    arg->iopl = 1;
    CHECK_EQ(call(do_physdev_op, PHYSDEVOP_set_iopl, PV_FIX_VA + 64), STATUS_OK);
    CHECK_EQ(fx.gv->pv.iopl, 1);
    arg->iopl = 4;
    CHECK_EQ(call(do_physdev_op, PHYSDEVOP_set_iopl, PV_FIX_VA + 64), STATUS_EINVAL);
    CHECK_EQ(fx.gv->pv.iopl, 1);
    CHECK_EQ(call(do_physdev_op, PHYSDEVOP_set_iopl, 0x10000), STATUS_EFAULT);
    CHECK_EQ(call(do_physdev_op, PHYSDEVOP_set_iobitmap, PV_FIX_VA + 64), STATUS_ENOSYS);
    guest_vcpu_destroy(fx.v);
    CHECK_EQ(call(do_physdev_op, PHYSDEVOP_set_iopl, PV_FIX_VA + 64), STATUS_ENOSYS);
}

/* Regression (Linux's early native_irq_disable crashed the domain): with
 * IOPL >= 1 CLI and STI in kernel mode are skipped, the mask untouched. */
UNIT_TEST(cli_sti_need_iopl_and_change_nothing)
{
    static const uint8_t cli[] = { 0xfa }, sti[] = { 0xfb };
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    vcpu_info_of(fx.v)->evtchn_upcall_mask = 0;
    r = at_insn(cli, 1);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
    CHECK_EQ(r.rip, PV_FIX_VA);
    fx.gv->pv.iopl = 1;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rip, PV_FIX_VA + 1);
    CHECK_EQ(vcpu_info_of(fx.v)->evtchn_upcall_mask, 0);
    r = at_insn(sti, 1);
    vcpu_info_of(fx.v)->evtchn_upcall_mask = 1;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(vcpu_info_of(fx.v)->evtchn_upcall_mask, 1);
    fx.v->pv_user_mode = true;                  /* user mode: never */
    r.rip = PV_FIX_VA;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
}

/* Regression (Linux's early PCI probe oopsed on #GP): a domU's port
 * reads return all ones and its writes are dropped. */
UNIT_TEST(port_io_reads_ones_and_drops_writes)
{
    static const uint8_t in_al_imm[] = { 0xe4, 0x80 }, in_eax_dx[] = { 0xed },
                         in_ax_dx[] = { 0x66, 0xed }, out_dx_eax[] = { 0xef },
                         out_imm_al[] = { 0xe6, 0x80 }, outsb[] = { 0x6e };
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    r = at_insn(in_al_imm, 2);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
    fx.gv->pv.iopl = 1;
    r.rax = 0x1234567812345600ULL;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0x12345678123456ffULL);
    CHECK_EQ(r.rip, PV_FIX_VA + 2);
    r = at_insn(in_eax_dx, 1);
    r.rax = 0xaaaaaaaa00000000ULL;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0xffffffffULL);             /* zero-extended */
    CHECK_EQ(r.rip, PV_FIX_VA + 1);
    r = at_insn(in_ax_dx, 2);
    r.rax = 0;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0xffffULL);
    CHECK_EQ(r.rip, PV_FIX_VA + 2);
    r = at_insn(out_dx_eax, 1);
    r.rax = 7;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 7);
    CHECK_EQ(r.rip, PV_FIX_VA + 1);
    r = at_insn(out_imm_al, 2);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rip, PV_FIX_VA + 2);
    r = at_insn(outsb, 1);                      /* string forms: not emulated */
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
}

/* Regression (Linux's CR4 shadow setup died on #GP): CR4 writes are
 * accepted and change nothing; CR0/CR3 writes are refused. */
UNIT_TEST(cr4_writes_are_accepted_others_refused)
{
    static const uint8_t to_cr4[] = { 0x0f, 0x22, 0xe7 },       /* rdi -> cr4 */
                         to_cr0[] = { 0x0f, 0x22, 0xc0 },
                         mem_form[] = { 0x0f, 0x22, 0x27 },
                         read_cr4[] = { 0x0f, 0x20, 0xe0 };
    struct cpu_regs r;

    pv_fixture_setup(&fx);
    r = at_insn(to_cr4, 3);
    r.rdi = 0;
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rip, PV_FIX_VA + 3);
    r = at_insn(read_cr4, 3);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_DONE);
    CHECK_EQ(r.rax, 0x6a0);                     /* as before the write */
    r = at_insn(to_cr0, 3);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_INJECT_GP);
    CHECK_EQ(r.rip, PV_FIX_VA);
    r = at_insn(mem_form, 3);
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
    r = at_insn(to_cr4, 2);
    memset(pv_fixture_ptr(&fx, PV_FIX_VA + 2), 0x90, 1);
    memcpy(pv_fixture_ptr(&fx, PV_FIX_VA + 4096 * PV_FIX_PAGES - 2), to_cr4, 2);
    r.rip = PV_FIX_VA + 4096 * PV_FIX_PAGES - 2;   /* cut by the mapping's end */
    CHECK_EQ(pv_emulate_privileged(fx.v, &fx.gv->pv, &r), PV_EMUL_NOT_MINE);
}

/* Regression (Linux's oops dump read DR0-7 and got -ENOSYS): debug
 * registers are kept per vCPU; arming a breakpoint is refused. */
UNIT_TEST(debug_registers_are_kept_and_breakpoints_refused)
{
    pv_fixture_setup(&fx);
    CHECK_EQ(call(do_get_debugreg, 6, 0), 0xffff0ff0L);
    CHECK_EQ(call(do_get_debugreg, 7, 0), 0x400L);
    CHECK_EQ(call(do_set_debugreg, 0, 0x401000), STATUS_OK);
    CHECK_EQ(call(do_get_debugreg, 0, 0), 0x401000L);
    CHECK_EQ(call(do_set_debugreg, 3, 0xffff830000000000ULL), STATUS_EPERM);
    CHECK_EQ(call(do_set_debugreg, 7, 0), STATUS_OK);
    CHECK_EQ(call(do_get_debugreg, 5, 0), 0L);  /* DR5 is DR7 */
    CHECK_EQ(call(do_set_debugreg, 7, 0x1), STATUS_EPERM);
    CHECK_EQ(call(do_set_debugreg, 7, 1ULL << 13), STATUS_EPERM);
    CHECK_EQ(call(do_set_debugreg, 6, 1ULL << 32), STATUS_EINVAL);
    CHECK_EQ(call(do_set_debugreg, 4, 0xffff4ff0), STATUS_OK);  /* DR4 is DR6 */
    CHECK_EQ(call(do_get_debugreg, 6, 0), 0xffff4ff0L);
    CHECK_EQ(call(do_set_debugreg, 8, 0), STATUS_EINVAL);
    CHECK_EQ(call(do_get_debugreg, 8, 0), STATUS_ENODEV);
    guest_vcpu_destroy(fx.v);
    CHECK_EQ(call(do_set_debugreg, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(call(do_get_debugreg, 0, 0), STATUS_ENOSYS);
}

/* Regression (Linux set CR4.PGE after seeing PGE): the PV CPUID policy
 * hides what a PV guest cannot use. The host shim's CPU sets every bit
 * of ECX and EDX. */
UNIT_TEST(cpuid_hides_what_a_pv_guest_cannot_use)
{
    uint32_t out[4];

    pv_cpuid(1, 0, out);
    CHECK_EQ(out[3] & (1U << 13), 0);           /* PGE */
    CHECK_EQ(out[3] & (1U << 3), 0);            /* PSE */
    CHECK_EQ(out[3] & (1U << 12), 0);           /* MTRR */
    CHECK(out[3] & (1U << 0));                  /* FPU stays */
    CHECK_EQ(out[2] & (1U << 21), 0);           /* x2APIC */
    CHECK_EQ(out[2] & (1U << 17), 0);           /* PCID */
    CHECK_EQ(out[2] & (1U << 24), 0);           /* TSC deadline */
    CHECK(out[2] & (1U << 0));                  /* SSE3 stays */
    pv_cpuid(7, 0, out);
    CHECK_EQ(out[2] & (1U << 16), 0);           /* LA57 */
    pv_cpuid(0x80000001U, 0, out);
    CHECK_EQ(out[3] & (1U << 26), 0);           /* 1 GiB pages */
    CHECK(out[3] & (1U << 29));                 /* long mode stays */
}
