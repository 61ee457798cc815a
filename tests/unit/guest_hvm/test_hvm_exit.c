/* SPDX-License-Identifier: MIT */
/* test_hvm_exit.c - every exit type through hvm_handle_exit, injection at entry, INIT/SIPI, set-up. */
#include "hvm_exit_test.h"
#include "unit.h"

#include <string.h>

#include "arch/host/host.h"
#include "guest/vcpu_state.h"
#include "core/sched/timer.h"
#include "mm/nested.h"
#include "mm/page_alloc.h"
#include "public/sched.h"
#include "public/version.h"

#define LAPIC 0xfee00000ULL

/* --- CPUID, MSRs ------------------------------------------------------------ */

UNIT_TEST(cpuid_is_emulated_and_skipped)
{
    static const uint8_t code[] = { 0x48, 0x0f, 0xa2 };
    struct cpu_regs regs;

    hx_setup();
    hx_code(&regs, code, sizeof(code));
    regs.rax = 0x40000000U;
    regs.rbx = 0x1111;
    hx_exit(&regs, HVM_EXIT_CPUID);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 3);
    CHECK_EQ(regs.rax, 0x40000000U);
    CHECK_EQ(regs.rbx, 0x61727453U);
    CHECK(!hx_crashed());
}

UNIT_TEST(an_exit_without_its_instruction_crashes_the_domain)
{
    static const uint8_t nops[] = { 0x90, 0x90 };
    struct cpu_regs regs;

    hx_setup();
    hx_code(&regs, nops, sizeof(nops));
    hx_exit(&regs, HVM_EXIT_CPUID);
    CHECK(hx_crashed());
    CHECK(strstr(hx_crash_reason, "exit for an instruction that is not there") != NULL);
    /* and one whose RIP is not mapped */
    hx_setup();
    hx_code(&regs, nops, sizeof(nops));
    regs.rip = 0x400000;
    hx_exit(&regs, HVM_EXIT_HLT);
    CHECK(hx_crashed());
    CHECK(strstr(hx_crash_reason, "instruction not readable") != NULL);
}

static void msr(struct cpu_regs *regs, uint32_t nr, bool write, uint64_t val)
{
    static const uint8_t rd[] = { 0x0f, 0x32 }, wr[] = { 0x0f, 0x30 };

    hx_code(regs, write ? wr : rd, 2);
    regs->rcx = nr;
    regs->rax = (val & 0xffffffffU) | 0xdead00000000ULL;
    regs->rdx = val >> 32;
    hx_exit(regs, write ? HVM_EXIT_MSR_WRITE : HVM_EXIT_MSR_READ);
}

static bool gp_injected(void)
{
    struct host_hvm_vcpu_view *v = host_hvm_view(hx_vcpu->arch);
    bool gp = v->event_pending && v->event_type == HVM_EVENT_EXCEPTION &&
              v->event_vector == HVM_VEC_GP && v->event_has_error && v->event_error == 0;

    v->event_pending = false;
    return gp;
}

UNIT_TEST(efer_and_pat_live_in_the_vcpu_state)
{
    struct arch_hvm_state st;
    struct cpu_regs regs;

    hx_setup();
    msr(&regs, 0xc0000080U, false, 0);
    CHECK_EQ(regs.rax, 0x500U);
    CHECK_EQ(regs.rdx, 0U);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 2);
    /* NXE and SCE may change; LMA stays what the hardware made it */
    msr(&regs, 0xc0000080U, true, 0x901);
    arch_hvm_get_state(hx_vcpu->arch, &st);
    CHECK_EQ(st.efer, 0xd01U);
    CHECK(!gp_injected());
    /* SVME and reserved bits: #GP, RIP stays, EFER unchanged */
    msr(&regs, 0xc0000080U, true, 0x1000 | 0x500);
    CHECK(gp_injected());
    CHECK_EQ(regs.rip, HX_CODE_GPA);
    arch_hvm_get_state(hx_vcpu->arch, &st);
    CHECK_EQ(st.efer, 0xd01U);
    msr(&regs, 0x277, true, 0x0007040600070406ULL);
    msr(&regs, 0x277, false, 0);
    CHECK_EQ(regs.rax, 0x00070406U);
    CHECK_EQ(regs.rdx, 0x00070406U);
    /* reserved memory types (2, 3, above 7) in PAT: #GP, PAT unchanged */
    msr(&regs, 0x277, true, 0x0007040600070402ULL);
    CHECK(gp_injected());
    msr(&regs, 0x277, true, 0x0807040600070406ULL);
    CHECK(gp_injected());
    msr(&regs, 0x277, false, 0);
    CHECK_EQ(regs.rax, 0x00070406U);
    /* LME may not change with paging on */
    msr(&regs, 0xc0000080U, true, 0xd01 & ~0x100ULL);
    CHECK(gp_injected());
    arch_hvm_get_state(hx_vcpu->arch, &st);
    CHECK_EQ(st.efer, 0xd01U);
}

UNIT_TEST(platform_zero_and_unknown_msrs)
{
    struct cpu_regs regs;

    hx_setup();
    msr(&regs, 0x1b, false, 0);                     /* APIC base, the platform's */
    CHECK_EQ(regs.rax & 0xfffff000U, 0xfee00000U);
    CHECK(regs.rax & (1U << 11));                   /* enabled */
    CHECK(regs.rax & (1U << 8));                    /* vCPU 0 is the BSP */
    msr(&regs, 0x10, true, 12345);                  /* TSC writes are dropped */
    CHECK(!gp_injected());
    CHECK_EQ(regs.rip, HX_CODE_GPA + 2);
    msr(&regs, 0x2ff, false, 0);                    /* MTRR default type: zero */
    CHECK_EQ(regs.rax, 0U);
    msr(&regs, 0x250, true, 6);                     /* fixed MTRR: ignored */
    CHECK(!gp_injected());
    msr(&regs, 0xc0010055U, false, 0);
    CHECK_EQ(regs.rax, 0U);
    msr(&regs, 0xc0011020U, false, 0);              /* anything else: #GP */
    CHECK(gp_injected());
    CHECK_EQ(regs.rip, HX_CODE_GPA);
    msr(&regs, 0x3a, true, 1);
    CHECK(gp_injected());
    CHECK(!hx_crashed());
}

/* --- Port I/O ---------------------------------------------------------------- */

static void io(struct cpu_regs *regs, uint16_t port, uint8_t size, bool in, bool string)
{
    struct arch_hvm_exit e;

    memset(&e, 0, sizeof(e));
    e.reason = HVM_EXIT_IO;
    e.io.port = port;
    e.io.size = size;
    e.io.in = in;
    e.io.string = string;
    e.io.next_rip = regs->rip + 1;
    hvm_handle_exit(hx_vcpu, regs, &e);
}

UNIT_TEST(unclaimed_ports_read_all_ones_by_width)
{
    struct cpu_regs regs;

    hx_setup();
    memset(&regs, 0, sizeof(regs));
    regs.rip = 0x1000;
    regs.rax = 0x1122334455667788ULL;
    io(&regs, 0x2f0, 1, true, false);
    CHECK_EQ(regs.rax, 0x11223344556677ffULL);
    CHECK_EQ(regs.rip, 0x1001U);
    io(&regs, 0x2f0, 2, true, false);
    CHECK_EQ(regs.rax, 0x112233445566ffffULL);
    io(&regs, 0x2f0, 4, true, false);
    CHECK_EQ(regs.rax, 0xffffffffULL);
    regs.rax = 0x42;
    io(&regs, 0x2f0, 1, false, false);
    CHECK_EQ(regs.rax, 0x42U);
    CHECK(!hx_crashed());
}

UNIT_TEST(debug_port_prints_lines_and_answers_e9)
{
    const char *text = "hello\n";
    struct cpu_regs regs;

    hx_setup();
    memset(&regs, 0, sizeof(regs));
    for (const char *c = text; *c; c++) {
        regs.rax = (uint8_t)*c;
        io(&regs, 0xe9, 1, false, false);
    }
    CHECK(strstr(host_console_text(), "(d1) hello\n") != NULL);
    regs.rax = 0;
    io(&regs, 0xe9, 1, true, false);
    CHECK_EQ(regs.rax, 0xe9U);
    /* a line longer than the buffer goes out in pieces */
    host_console_clear();
    for (int i = 0; i < 200; i++) {
        regs.rax = 'x';
        io(&regs, 0xe9, 1, false, false);
    }
    CHECK(strstr(host_console_text(), "(d1) xxxx") != NULL);
}

static void string_io(struct cpu_regs *regs, uint16_t port, uint8_t size, bool in, bool rep,
                      uint8_t addr_size)
{
    struct arch_hvm_exit e;

    memset(&e, 0, sizeof(e));
    e.reason = HVM_EXIT_IO;
    e.io.port = port;
    e.io.size = size;
    e.io.in = in;
    e.io.string = true;
    e.io.rep = rep;
    e.io.addr_size = addr_size;
    e.io.next_rip = regs->rip + 2;
    hvm_handle_exit(hx_vcpu, regs, &e);
}

UNIT_TEST(rep_outsb_and_insb_move_memory_through_ports)
{
    static const uint8_t outsb[] = { 0xf3, 0x6e };       /* rep outsb */
    static const uint8_t insw[] = { 0xf3, 0x66, 0x6d };  /* rep insw */
    struct cpu_regs regs;

    hx_setup();
    memcpy(hx_gpa(0x20000), "string line\n", 12);
    hx_code(&regs, outsb, sizeof(outsb));
    regs.rsi = 0x20000;
    regs.rcx = 12;
    string_io(&regs, 0xe9, 1, false, true, 8);
    CHECK(strstr(host_console_text(), "(d1) string line\n") != NULL);
    CHECK_EQ(regs.rsi, 0x2000cU);
    CHECK_EQ(regs.rcx, 0U);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 2);
    /* INS backwards (DF set): all-ones words land below RDI */
    memset(hx_gpa(0x21000), 0, 16);
    hx_code(&regs, insw, sizeof(insw));
    regs.rflags |= 1U << 10;
    regs.rdi = 0x21006;
    regs.rcx = 3;
    string_io(&regs, 0x2f0, 2, true, true, 8);
    CHECK_EQ(regs.rdi, 0x21000U);
    CHECK_EQ(hx_gpa(0x21002)[0], 0xffU);
    CHECK_EQ(hx_gpa(0x21007)[0], 0xffU);
    CHECK_EQ(hx_gpa(0x21001)[0], 0U);
    CHECK(!hx_crashed());
}

UNIT_TEST(long_rep_io_runs_again_and_overrides_count)
{
    static const uint8_t outsb_fs[] = { 0x64, 0xf3, 0x6e };   /* rep outsb %fs:(%rsi) */
    static const uint8_t outsb[] = { 0x6e };
    struct arch_hvm_state st;
    struct cpu_regs regs;

    hx_setup();
    memset(hx_gpa(0x30000), 'y', 600);
    hx_code(&regs, outsb, sizeof(outsb));
    regs.rsi = 0x30000;
    regs.rcx = 600;
    string_io(&regs, 0x2f0, 1, false, true, 8);
    CHECK_EQ(regs.rcx, 600U - 256U);
    CHECK_EQ(regs.rip, HX_CODE_GPA);             /* not done: runs again */
    /* no REP: one element, RCX untouched; RCX = 0 with REP: nothing */
    string_io(&regs, 0x2f0, 1, false, false, 8);
    CHECK_EQ(regs.rcx, 600U - 256U);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 2);
    hx_code(&regs, outsb, sizeof(outsb));
    regs.rcx = 0;
    string_io(&regs, 0x2f0, 1, false, true, 8);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 2);
    /* an FS override adds FS's base, even in 64-bit code */
    arch_hvm_get_state(hx_vcpu->arch, &st);
    st.seg[HVM_SEG_FS].base = 0x40000;
    arch_hvm_set_state(hx_vcpu->arch, &st);
    memcpy(hx_gpa(0x40010), "fs!\n", 4);
    hx_code(&regs, outsb_fs, sizeof(outsb_fs));
    regs.rsi = 0x10;
    regs.rcx = 4;
    string_io(&regs, 0xe9, 1, false, true, 8);
    CHECK(strstr(host_console_text(), "(d1) fs!\n") != NULL);
    /* a 16-bit address size wraps SI and CX, keeping the upper bits */
    hx_code(&regs, outsb, sizeof(outsb));
    regs.rsi = 0xabcd0000ffffULL;
    regs.rcx = 0x77770001ULL;
    hx_mode_flat32(hx_vcpu);
    string_io(&regs, 0x2f0, 1, false, true, 2);
    CHECK_EQ(regs.rsi, 0xabcd00000000ULL);
    CHECK_EQ(regs.rcx, 0x77770000ULL);
    CHECK(!hx_crashed());
}

UNIT_TEST(string_io_to_unreachable_memory_crashes_the_domain)
{
    static const uint8_t insd[] = { 0x6d };
    struct cpu_regs regs;

    hx_setup();
    hx_code(&regs, insd, sizeof(insd));
    regs.rdi = 0x400000;                         /* not mapped */
    string_io(&regs, 0x2f0, 4, true, false, 8);
    CHECK(hx_crashed());
    CHECK(strstr(hx_crash_reason, "string port I/O to memory") != NULL);
    hx_setup();
    hx_code(&regs, insd, sizeof(insd));
    regs.rdi = 0x20ffe;                          /* across a page */
    string_io(&regs, 0x2f0, 4, true, false, 8);
    CHECK(hx_crashed());
    hx_setup();
    hx_code(&regs, insd, sizeof(insd));
    regs.rsi = 0x1ff000;                         /* OUTS from the last RAM page: fine */
    string_io(&regs, 0x2f0, 4, false, false, 8);
    CHECK(!hx_crashed());
    regs.rsi = 0x500000;                         /* not mapped */
    string_io(&regs, 0x2f0, 4, false, false, 8);
    CHECK(hx_crashed());
}

/* --- MMIO ----------------------------------------------------------------------- */

static void npf(struct cpu_regs *regs, uint64_t gpa, bool write, bool fetch)
{
    struct arch_hvm_exit e;

    memset(&e, 0, sizeof(e));
    e.reason = HVM_EXIT_NPF;
    e.npf.gpa = gpa;
    e.npf.write = write;
    e.npf.fetch = fetch;
    hvm_handle_exit(hx_vcpu, regs, &e);
}

UNIT_TEST(lapic_reads_and_writes_are_emulated)
{
    static const uint8_t load[] = { 0x44, 0x8b, 0x23 };            /* mov (%rbx), %r12d */
    static const uint8_t store_imm[] = { 0xc7, 0x03, 0x30, 0, 0, 0 }; /* movl $0x30, (%rbx) */
    static const uint8_t or_imm[] = { 0x83, 0x0b, 0x40 };          /* orl $0x40, (%rbx) */
    static const uint8_t moffs[] = { 0xa1, 0x80, 0x00, 0xe0, 0xfe, 0, 0, 0, 0 };
    struct cpu_regs regs;

    hx_setup();
    hx_code(&regs, load, sizeof(load));
    regs.rbx = LAPIC + 0x30;
    regs.r12 = ~0ULL;
    npf(&regs, LAPIC + 0x30, false, false);
    CHECK_EQ(regs.r12, 0x00050014U);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 3);
    hx_code(&regs, store_imm, sizeof(store_imm));
    regs.rbx = LAPIC + 0x80;
    npf(&regs, LAPIC + 0x80, true, false);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 6);
    hx_code(&regs, or_imm, sizeof(or_imm));
    regs.rbx = LAPIC + 0x80;
    npf(&regs, LAPIC + 0x80, true, false);
    CHECK_EQ(regs.rflags & 0x40, 0U);              /* ZF clear: the result is 0x70 */
    hx_code(&regs, moffs, sizeof(moffs));
    npf(&regs, LAPIC + 0x80, false, false);
    CHECK_EQ(regs.rax, 0x70U);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 9);
    CHECK(!hx_crashed());
}

UNIT_TEST(mmio_in_32_bit_code_wraps_rip)
{
    static const uint8_t load[] = { 0x8b, 0x03 };                  /* mov (%ebx), %eax */
    struct cpu_regs regs;

    hx_setup();
    hx_mode_flat32(hx_vcpu);
    hx_code(&regs, load, sizeof(load));
    regs.rbx = LAPIC + 0x30;
    npf(&regs, LAPIC + 0x30, false, false);
    CHECK_EQ(regs.rax, 0x00050014U);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 2);
}

UNIT_TEST(bad_nested_page_faults_crash_the_domain)
{
    static const uint8_t load[] = { 0x8b, 0x03 };
    static const uint8_t bad[] = { 0x0f, 0x0b };
    struct cpu_regs regs;

    /* on RAM (present in the P2M): not MMIO */
    hx_setup();
    hx_code(&regs, load, sizeof(load));
    npf(&regs, 0x5000, true, false);
    CHECK(hx_crashed());
    CHECK(strstr(hx_crash_reason, "write to read-only guest memory") != NULL);
    hx_setup();
    hx_code(&regs, load, sizeof(load));
    npf(&regs, 0x5000, false, false);
    CHECK(strstr(hx_crash_reason, "nested page fault at") != NULL);
    /* executing device memory */
    hx_setup();
    hx_code(&regs, load, sizeof(load));
    npf(&regs, LAPIC, false, true);
    CHECK(strstr(hx_crash_reason, "instruction fetch from MMIO") != NULL);
    /* an instruction the decoder does not know */
    hx_setup();
    hx_code(&regs, bad, sizeof(bad));
    npf(&regs, LAPIC + 0x30, false, false);
    CHECK(strstr(hx_crash_reason, "does not decode") != NULL);
    /* nothing at that address */
    hx_setup();
    hx_code(&regs, load, sizeof(load));
    npf(&regs, 0x80000000ULL, false, false);
    CHECK(strstr(hx_crash_reason, "with nothing there") != NULL);
    /* 16-bit code */
    hx_setup();
    {
        struct arch_hvm_state st;

        arch_hvm_get_state(hx_vcpu->arch, &st);
        st.cr0 = 0x10;
        st.efer = 0;
        st.seg[HVM_SEG_CS].attr = 0x9b;
        arch_hvm_set_state(hx_vcpu->arch, &st);
    }
    hx_code(&regs, load, sizeof(load));
    npf(&regs, LAPIC + 0x30, false, false);
    CHECK(strstr(hx_crash_reason, "MMIO from 16-bit code") != NULL);
    CHECK(hx_crashed());
}

/* --- HLT, interrupts --------------------------------------------------------------- */

/* Arm vCPU 0's LAPIC timer (one-shot, vector 0x40, count ns from now). */
static void arm_lapic_timer(uint32_t count)
{
    struct hvm_domain *hd = hvm_domain_of(hx_dom);
    uint64_t v;

    v = 0x1ff;
    CHECK(hvm_platform_mmio(hd->platform, 0, LAPIC + 0xf0, 4, true, &v));
    v = 0xb;
    CHECK(hvm_platform_mmio(hd->platform, 0, LAPIC + 0x3e0, 4, true, &v));
    v = 0x40;
    CHECK(hvm_platform_mmio(hd->platform, 0, LAPIC + 0x320, 4, true, &v));
    v = count;
    CHECK(hvm_platform_mmio(hd->platform, 0, LAPIC + 0x380, 4, true, &v));
}

UNIT_TEST(hlt_blocks_until_an_interrupt_is_pending)
{
    static const uint8_t hlt[] = { 0xf4 };
    struct cpu_regs regs;

    hx_setup();
    hx_code(&regs, hlt, sizeof(hlt));
    hx_exit(&regs, HVM_EXIT_HLT);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 1);
    CHECK(hx_dom->vcpus[0].blocked);
    /* the timer fires: the platform kicks vCPU 0 awake */
    arm_lapic_timer(1000);
    host_set_now_ns(1000 + 5000);
    hvm_prepare_entry(hx_vcpu, &regs, 1000 + 5000);
    CHECK(!hx_dom->vcpus[0].blocked);
    /* with the interrupt pending and IF set, HLT does not sleep */
    hx_setup();
    arm_lapic_timer(1000);
    (void)hvm_platform_advance(hvm_domain_of(hx_dom)->platform, 10000);
    hx_code(&regs, hlt, sizeof(hlt));
    hx_exit(&regs, HVM_EXIT_HLT);
    CHECK(!hx_dom->vcpus[0].blocked);
    /* with IF clear it does */
    hx_code(&regs, hlt, sizeof(hlt));
    regs.rflags = 2;
    hx_exit(&regs, HVM_EXIT_HLT);
    CHECK(hx_dom->vcpus[0].blocked);
}

UNIT_TEST(pending_interrupts_are_injected_or_wait_for_a_window)
{
    struct host_hvm_vcpu_view *v;
    struct cpu_regs regs;

    hx_setup();
    v = host_hvm_view(hx_vcpu->arch);
    memset(&regs, 0, sizeof(regs));
    regs.rflags = 0x202;
    hvm_prepare_entry(hx_vcpu, &regs, 2000);
    CHECK(!v->event_pending && !v->irq_window);
    arm_lapic_timer(1000);
    /* IF clear: ask for a window, inject nothing */
    regs.rflags = 2;
    hvm_prepare_entry(hx_vcpu, &regs, 5000);
    CHECK(!v->event_pending);
    CHECK(v->irq_window);
    /* an interrupt shadow too */
    regs.rflags = 0x202;
    v->interrupt_shadow = true;
    hvm_prepare_entry(hx_vcpu, &regs, 5000);
    CHECK(!v->event_pending && v->irq_window);
    v->interrupt_shadow = false;
    hvm_prepare_entry(hx_vcpu, &regs, 5000);
    CHECK(v->event_pending && !v->irq_window);
    CHECK_EQ(v->event_type, HVM_EVENT_EXTINT);
    CHECK_EQ(v->event_vector, 0x40);
    /* acknowledged: in service, no longer pending */
    CHECK_EQ(hvm_platform_pending_vector(hvm_domain_of(hx_dom)->platform, 0), -1);
    /* an event still waiting: nothing else is injected */
    hvm_prepare_entry(hx_vcpu, &regs, 6000);
    CHECK(v->event_pending);
}

UNIT_TEST(run_reports_the_queued_exit)
{
    struct arch_hvm_exit e = { .reason = HVM_EXIT_HLT }, got;
    struct cpu_regs regs = { .rip = 7 }, at_exit = { .rip = 9, .rax = 3 };

    hx_setup();
    arch_hvm_inject(hx_vcpu->arch, HVM_EVENT_NMI, 2, false, 0);
    host_hvm_queue_exit(hx_vcpu->arch, &e, &at_exit);
    arch_hvm_run(hx_vcpu->arch, &regs, &got);
    CHECK_EQ(got.reason, HVM_EXIT_HLT);
    CHECK_EQ(regs.rip, 9U);
    CHECK(!arch_hvm_event_pending(hx_vcpu->arch));
    arch_hvm_run(hx_vcpu->arch, &regs, &got);
    CHECK_EQ(got.reason, HVM_EXIT_INTR);
    CHECK_EQ(host_hvm_view(hx_vcpu->arch)->runs, 2U);
}

/* --- Hypercalls, exceptions, crashes ---------------------------------------------- */

UNIT_TEST(vmmcall_reaches_the_hypercall_table)
{
    static const uint8_t vmmcall[] = { 0x0f, 0x01, 0xd9 };
    struct arch_hvm_state st;
    struct cpu_regs regs;

    hx_setup();
    hx_code(&regs, vmmcall, sizeof(vmmcall));
    regs.rax = __HYPERVISOR_xen_version;
    regs.rdi = XENVER_version;
    hx_exit(&regs, HVM_EXIT_HYPERCALL);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 3);
    CHECK(regs.rax != __HYPERVISOR_xen_version);
    CHECK(((long)regs.rax) > 0);
    /* a continuation: RIP back on the vmmcall, the arguments updated */
    hx_code(&regs, vmmcall, sizeof(vmmcall));
    regs.rax = HX_PREEMPTING_OP;
    regs.rdi = 41;
    regs.r9 = 9;
    hx_exit(&regs, HVM_EXIT_HYPERCALL);
    CHECK_EQ(regs.rip, HX_CODE_GPA);
    CHECK_EQ(regs.rdi, 42U);
    CHECK_EQ(regs.rax, HX_PREEMPTING_OP);
    CHECK_EQ(regs.r9, 9U);
    /* from user mode: -EPERM */
    hx_code(&regs, vmmcall, sizeof(vmmcall));
    arch_hvm_get_state(hx_vcpu->arch, &st);
    st.cpl = 3;
    arch_hvm_set_state(hx_vcpu->arch, &st);
    regs.rax = __HYPERVISOR_xen_version;
    hx_exit(&regs, HVM_EXIT_HYPERCALL);
    CHECK_EQ((long)regs.rax, (long)STATUS_EPERM);
    CHECK_EQ(regs.rip, HX_CODE_GPA + 3);
}

UNIT_TEST(virtualisation_instructions_get_ud)
{
    struct host_hvm_vcpu_view *v;
    struct cpu_regs regs = { .rip = 0x1234 };

    hx_setup();
    v = host_hvm_view(hx_vcpu->arch);
    hx_exit(&regs, HVM_EXIT_UD);
    CHECK(v->event_pending && v->event_type == HVM_EVENT_EXCEPTION);
    CHECK_EQ(v->event_vector, HVM_VEC_UD);
    CHECK(!v->event_has_error);
    CHECK_EQ(regs.rip, 0x1234U);
    /* exits that need nothing here */
    v->event_pending = false;
    hx_exit(&regs, HVM_EXIT_INTR);
    hx_exit(&regs, HVM_EXIT_NMI);
    hx_exit(&regs, HVM_EXIT_IRQ_WINDOW);
    hx_exit(&regs, HVM_EXIT_PAUSE);
    CHECK(!v->event_pending && !hx_crashed());
}

UNIT_TEST(fatal_exits_crash_only_that_domain)
{
    struct arch_hvm_exit e;
    struct cpu_regs regs = { .rip = 0xfff0 };

    hx_setup();
    hx_exit(&regs, HVM_EXIT_SHUTDOWN);
    CHECK(hx_crashed());
    CHECK(strstr(hx_crash_reason, "d1 crashed: triple fault at 0xfff0 (vCPU 0)") != NULL);
    hx_setup();
    hx_exit(&regs, HVM_EXIT_INVALID);
    CHECK(strstr(hx_crash_reason, "refused the vCPU state") != NULL);
    hx_setup();
    memset(&e, 0, sizeof(e));
    e.reason = HVM_EXIT_EXCEPTION;
    e.exception.vector = 18;
    hvm_handle_exit(hx_vcpu, &regs, &e);
    CHECK(strstr(hx_crash_reason, "exception 18") != NULL);
    hx_setup();
    e.reason = HVM_EXIT_OTHER;
    e.raw = 0x8d;
    hvm_handle_exit(hx_vcpu, &regs, &e);
    CHECK(strstr(hx_crash_reason, "unhandled exit 0x8d") != NULL);
    CHECK(hx_crashed());
}

/* --- INIT / SIPI, set-up and teardown ------------------------------------------------- */

static void icr(uint32_t high, uint32_t low)
{
    struct hvm_domain *hd = hvm_domain_of(hx_dom);
    uint64_t v = high;

    CHECK(hvm_platform_mmio(hd->platform, 0, LAPIC + 0x310, 4, true, &v));
    v = low;
    CHECK(hvm_platform_mmio(hd->platform, 0, LAPIC + 0x300, 4, true, &v));
}

UNIT_TEST(init_parks_a_vcpu_and_sipi_restarts_it_in_real_mode)
{
    struct hvm_vcpu *ap;
    struct guest_vcpu *gv;
    struct arch_hvm_state st;
    struct cpu_regs regs;

    hx_setup();
    CHECK_EQ(hvm_vcpu_create(&hx_dom->vcpus[1]), STATUS_OK);
    CHECK_EQ(hvm_vcpu_create(&hx_dom->vcpus[1]), STATUS_OK);   /* once only */
    CHECK_EQ(guest_vcpu_create(&hx_dom->vcpus[1], &gv), STATUS_OK);
    ap = hvm_vcpu_of(&hx_dom->vcpus[1]);
    icr(1U << 24, 0x4500);                       /* INIT, assert */
    CHECK(ap->init_pending);
    memset(&regs, 0, sizeof(regs));
    hvm_prepare_entry(ap, &regs, 2000);
    CHECK(ap->wait_sipi && hx_dom->vcpus[1].blocked);
    icr(1U << 24, 0x4600 | 0x9a);                /* SIPI, vector 0x9a */
    CHECK(!ap->wait_sipi);
    CHECK(!hx_dom->vcpus[1].blocked);
    hvm_prepare_entry(ap, &regs, 3000);
    arch_hvm_get_state(ap->arch, &st);
    CHECK_EQ(st.seg[HVM_SEG_CS].base, 0x9a000U);
    CHECK_EQ(st.seg[HVM_SEG_CS].sel, 0x9a00U);
    CHECK_EQ(regs.rip, 0U);
    CHECK_EQ(st.cr0, 0x60000010U);
    /* a second SIPI is ignored now */
    icr(1U << 24, 0x4600 | 0x10);
    hvm_prepare_entry(ap, &regs, 4000);
    arch_hvm_get_state(ap->arch, &st);
    CHECK_EQ(st.seg[HVM_SEG_CS].base, 0x9a000U);
}

UNIT_TEST(a_sipi_the_scheduler_cannot_take_crashes_the_domain)
{
    hx_setup();
    /* No scheduler pool exists in this test: the AP cannot start. */
    icr(1U << 24, 0x4600 | 0x9a);
    CHECK(hx_crashed());
    CHECK(strstr(hx_crash_reason, "an AP could not start") != NULL);
}

UNIT_TEST(builder_state_becomes_vcpu_state)
{
    struct hvm_initial_state init = {
        .rip = 0x1000200, .rsp = 0x9000, .rsi = 0x9000, .rflags = 0,
        .cr0 = 0x80050033, .cr3 = 0x2000, .cr4 = 0x20, .efer = 0x500,
        .gdtr_base = 0x1000, .gdtr_limit = 0x1f,
        .cs = { 0x10, 0xa9b, 0xffffffff, 0 }, .ds = { 0x18, 0xc93, 0xffffffff, 0 },
    };
    struct arch_hvm_state st;
    struct cpu_regs regs;

    hvm_state_from_build(&init, &st, &regs);
    CHECK_EQ(regs.rip, 0x1000200U);
    CHECK_EQ(regs.rsi, 0x9000U);
    CHECK_EQ(regs.rflags, 2U);
    CHECK_EQ(st.cr3, 0x2000U);
    CHECK_EQ(st.efer, 0x500U);
    CHECK_EQ(st.seg[HVM_SEG_CS].attr, 0xa9bU);
    CHECK_EQ(st.seg[HVM_SEG_SS].sel, 0x18U);
    CHECK_EQ(st.seg[HVM_SEG_GS].attr, 0xc93U);
    CHECK_EQ(st.seg[HVM_SEG_GDTR].limit, 0x1fU);
    CHECK_EQ(st.seg[HVM_SEG_TR].attr, 0x8bU);
    CHECK_EQ(st.cpl, 0U);
}

UNIT_TEST(domain_init_refusals_and_teardown)
{
    char err[120];
    uint64_t free_before;

    hx_setup();
    CHECK_EQ(hvm_domain_init(hx_dom, err, sizeof(err)), STATUS_EINVAL);   /* twice */
    CHECK(nested_root(&hx_dom->mm) != INVALID_MFN);
    CHECK_EQ(host_hvm_view(hx_vcpu->arch)->npt_root, nested_root(&hx_dom->mm));
    free_before = page_alloc_free_count();
    hvm_domain_destroy(hx_dom);
    CHECK(page_alloc_free_count() > free_before);
    CHECK(hvm_domain_of(hx_dom) == NULL);
    CHECK(hvm_vcpu_of(&hx_dom->vcpus[0]) == NULL);
    CHECK_EQ(hvm_vcpu_create(&hx_dom->vcpus[0]), STATUS_EINVAL);
    hvm_domain_destroy(hx_dom);                                          /* harmless */
    /* no backend */
    host_hvm_set_unavailable("no SVM here");
    CHECK_EQ(hvm_domain_init(hx_dom, err, sizeof(err)), STATUS_ENODEV);
    CHECK(strcmp(err, "no HVM support: no SVM here") == 0);
    host_hvm_set_unavailable(NULL);
    /* a PV domain */
    hx_dom->hvm = false;
    CHECK_EQ(hvm_domain_init(hx_dom, err, sizeof(err)), STATUS_EINVAL);
    hx_dom->hvm = true;
}

/* --- Platform hooks, the platform timer, allocation failures ------------------------ */

UNIT_TEST(uart_output_and_the_reset_line_reach_strata)
{
    struct cpu_regs regs;

    hx_setup();
    memset(&regs, 0, sizeof(regs));
    for (const char *c = "uart says hi\n"; *c; c++) {
        regs.rax = (uint8_t)*c;
        io(&regs, 0x3f8, 1, false, false);
    }
    CHECK(strstr(host_console_text(), "(d1) uart says hi") != NULL);
    CHECK(!hx_crashed());
    regs.rax = 0xfe;                         /* i8042: pulse the reset line */
    io(&regs, 0x64, 1, false, false);
    CHECK_EQ(hx_dom->state, DOMAIN_SHUTDOWN);
    CHECK_EQ(hx_dom->shutdown_reason, SHUTDOWN_reboot);
}

UNIT_TEST(acpi_s5_powers_the_domain_off)
{
    struct cpu_regs regs;

    hx_setup();
    memset(&regs, 0, sizeof(regs));
    regs.rax = 0x1401;                       /* PM1a_CNT: SLP_TYP 5 */
    io(&regs, 0x604, 2, false, false);
    CHECK(hx_dom->state != DOMAIN_SHUTDOWN);
    regs.rax = 0x3401;                       /* SLP_EN */
    io(&regs, 0x604, 2, false, false);
    CHECK_EQ(hx_dom->state, DOMAIN_SHUTDOWN);
    CHECK_EQ(hx_dom->shutdown_reason, SHUTDOWN_poweroff);
    CHECK(!hx_crashed());
}

UNIT_TEST(the_platform_timer_wakes_a_halted_vcpu_on_time)
{
    static const uint8_t hlt[] = { 0xf4 };
    struct hvm_domain *hd;
    struct guest_vcpu *gv;
    struct cpu_regs regs;

    hx_setup();
    hd = hvm_domain_of(hx_dom);
    arm_lapic_timer(50000);                  /* fires at 1000 + 50000 ns */
    memset(&regs, 0, sizeof(regs));
    regs.rflags = 0x202;
    hvm_prepare_entry(hx_vcpu, &regs, 1000); /* arms the core timer */
    CHECK(timer_is_active(&hd->timer));
    hx_code(&regs, hlt, sizeof(hlt));
    hx_exit(&regs, HVM_EXIT_HLT);
    CHECK(hx_dom->vcpus[0].blocked);
    CHECK_EQ(timer_fire_expired(0, 20000), 0U);
    CHECK(hx_dom->vcpus[0].blocked);
    /* vCPU 0 "runs" on CPU 1: the kick is an IPI there */
    CHECK_EQ(guest_vcpu_create(&hx_dom->vcpus[0], &gv), STATUS_OK);
    gv->running_on = 1;
    host_set_cpu(0, 2);
    host_reset_counters();
    CHECK_EQ(timer_fire_expired(0, 60000), 1U);
    CHECK(!hx_dom->vcpus[0].blocked);
    CHECK_EQ(host_counters.kicks, 1U);
    CHECK_EQ(host_counters.last_kick_cpu, 1U);
    CHECK_EQ(hvm_platform_pending_vector(hd->platform, 0), 0x40);
    host_set_cpu(0, 1);
}

UNIT_TEST(out_of_memory_refusals)
{
    struct domain *d = NULL;
    char err[120];
    mfn_t m;

    hx_setup();
    /* a second vCPU with no frame left */
    while (page_alloc_frames(0, &m) == STATUS_OK)
        ;
    CHECK_EQ(hvm_vcpu_create(&hx_dom->vcpus[1]), STATUS_ENOMEM);
    CHECK(hvm_vcpu_of(&hx_dom->vcpus[1])->arch == NULL);
    /* a new HVM domain cannot get its nested table */
    {
        struct domain_config cfg = {
            .limits = { .max_pages = 16, .max_vcpus = 1, .max_evtchn_ports = 64,
                        .max_grant_frames = 1 },
            .nr_vcpus = 1, .hvm = true, .shared_info = hx_dom->shared_info,
        };

        CHECK_EQ(domain_create(2, &cfg, &d), STATUS_OK);
    }
    CHECK(hvm_domain_init(d, err, sizeof(err)) != STATUS_OK);
    CHECK(strncmp(err, "nested page table: ", 19) == 0);
    CHECK(hvm_domain_of(d) == NULL);
}

UNIT_TEST(console_input_reaches_the_uart)
{
    struct cpu_regs regs;
    struct guest_params params;

    hx_setup();
    memset(&params, 0, sizeof(params));
    hvm_guest_params(&params);
    CHECK(params.console_input == hvm_console_input);
    params.console_input(hx_dom, "ok", 2);
    memset(&regs, 0, sizeof(regs));
    io(&regs, 0x3fd, 1, true, false);        /* LSR: data ready */
    CHECK(regs.rax & 1);
    io(&regs, 0x3f8, 1, true, false);        /* RBR */
    CHECK_EQ(regs.rax & 0xff, (uint64_t)'o');
    io(&regs, 0x3f8, 1, true, false);
    CHECK_EQ(regs.rax & 0xff, (uint64_t)'k');
    hvm_domain_destroy(hx_dom);
    hvm_console_input(hx_dom, "x", 1);       /* no HVM state: dropped */
}

UNIT_TEST(nmis_go_first_and_wait_for_the_handler_to_end)
{
    static const uint8_t hlt[] = { 0xf4 };
    struct host_hvm_vcpu_view *v;
    struct cpu_regs regs;

    hx_setup();
    v = host_hvm_view(hx_vcpu->arch);
    memset(&regs, 0, sizeof(regs));
    regs.rflags = 2;                             /* IF clear: NMIs still go */
    icr(0, 0x4400);                              /* NMI to vCPU 0 */
    hvm_prepare_entry(hx_vcpu, &regs, 2000);
    CHECK(v->event_pending && v->event_type == HVM_EVENT_NMI);
    CHECK_EQ(v->event_vector, HVM_VEC_NMI);
    CHECK(!arch_hvm_nmi_allowed(hx_vcpu->arch));
    /* delivered; a second NMI while the handler runs is latched */
    v->event_pending = false;
    icr(0, 0x4400);
    hvm_prepare_entry(hx_vcpu, &regs, 3000);
    CHECK(!v->event_pending);
    CHECK(hx_vcpu->nmi_pending);
    /* a latched NMI keeps HLT awake even with IF clear */
    hx_code(&regs, hlt, sizeof(hlt));
    regs.rflags = 2;
    hx_exit(&regs, HVM_EXIT_HLT);
    CHECK(!hx_dom->vcpus[0].blocked);
    /* the handler's IRET ran: the latched NMI goes in */
    v->nmi_masked = false;
    hvm_prepare_entry(hx_vcpu, &regs, 4000);
    CHECK(v->event_pending && v->event_type == HVM_EVENT_NMI);
    CHECK(!hx_vcpu->nmi_pending);
    /* the backend's own exits need nothing */
    v->event_pending = false;
    hx_exit(&regs, HVM_EXIT_INTERNAL);
    CHECK(!v->event_pending && !hx_crashed());
}
