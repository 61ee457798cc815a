/* SPDX-License-Identifier: MIT */
/* hvm_exit_test.c - the guest_hvm fixture: a machine, an HVM domain with RAM and page tables. */
#include "hvm_exit_test.h"
#include "unit.h"
#include "../mm/mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mm_port.h"
#include "core/sched/sched.h"
#include "core/sched/timer.h"
#include "guest/vcpu_state.h"
#include "public/sched.h"

struct domain *hx_dom;
struct hvm_vcpu *hx_vcpu;

static void put64(uint64_t gpa, uint64_t v)
{
    memcpy(hx_gpa(gpa), &v, 8);
}

static void give_ram(void)
{
    for (gfn_t g = 0; g < HX_RAM_PAGES; g++) {
        mfn_t m;

        CHECK_EQ(page_alloc_domain_frames(&hx_dom->mm.account, 0, &m), STATUS_OK);
        memset(arch_frame_to_virt(m), 0, PAGE_SIZE);
        CHECK_EQ(p2m_set(&hx_dom->mm, g, m, P2M_RAM_RW), STATUS_OK);
    }
}

/* PML4[0] -> PDPT[0] -> PD: PD[0] -> PT (4 KiB pages over 0-2 MiB),
 * PD[1] a 2 MiB page at 2 MiB (not RAM: for walks only). */
static void page_tables(void)
{
    put64(HX_PML4_GPA, HX_PDPT_GPA | 3);
    put64(HX_PDPT_GPA, HX_PD_GPA | 3);
    put64(HX_PD_GPA, HX_PT_GPA | 3);
    put64(HX_PD_GPA + 8, 0x200000ULL | 0x83);
    for (uint64_t i = 0; i < 512; i++)
        put64(HX_PT_GPA + i * 8, (i << 12) | 3);
}

void hx_setup(void)
{
    struct domain_config cfg = {
        .limits = { .max_pages = HX_RAM_PAGES + 16, .max_vcpus = 2, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 2,
        .hvm = true,
    };
    char err[120];
    mfn_t shared;

    mm_test_machine(4096, 1);
    domain_table_reset();
    domain_set_hooks(NULL);
    guest_vcpu_table_reset();
    hvm_table_reset();
    mm_port_use_mm();
    sched_init();
    timer_subsystem_init();
    host_set_now_ns(1000);
    host_hvm_set_unavailable(NULL);
    CHECK_EQ(page_alloc_frames(0, &shared), STATUS_OK);
    cfg.shared_info = arch_frame_to_virt(shared);
    memset(cfg.shared_info, 0, PAGE_SIZE);
    CHECK_EQ(domain_create(1, &cfg, &hx_dom), STATUS_OK);
    CHECK_EQ(hvm_domain_init(hx_dom, err, sizeof(err)), STATUS_OK);
    give_ram();
    page_tables();
    CHECK_EQ(hvm_vcpu_create(&hx_dom->vcpus[0]), STATUS_OK);
    hx_vcpu = hvm_vcpu_of(&hx_dom->vcpus[0]);
    hx_mode_long(hx_vcpu);
    host_console_clear();
    hx_crash_reason[0] = '\0';
}

uint8_t *hx_gpa(uint64_t gpa)
{
    enum p2m_type type;
    mfn_t mfn;

    if (p2m_get(&hx_dom->mm, gpa >> PAGE_SHIFT, &mfn, &type) != STATUS_OK || type != P2M_RAM_RW)
        abort();
    return (uint8_t *)arch_frame_to_virt(mfn) + (gpa & (PAGE_SIZE - 1));
}

void hx_mode_long(struct hvm_vcpu *hv)
{
    struct arch_hvm_state st;

    arch_hvm_get_state(hv->arch, &st);
    st.cr0 = 0x80000011ULL;
    st.cr4 = 0x20;
    st.efer = 0x500;         /* LME | LMA */
    st.cr3 = HX_PML4_GPA;
    st.seg[HVM_SEG_CS] = (struct arch_hvm_seg){ 0x08, 0xa9b, 0xffffffff, 0 };
    st.cpl = 0;
    arch_hvm_set_state(hv->arch, &st);
}

void hx_mode_flat32(struct hvm_vcpu *hv)
{
    struct arch_hvm_state st;

    arch_hvm_get_state(hv->arch, &st);
    st.cr0 = 0x11;
    st.cr4 = 0;
    st.efer = 0;
    st.seg[HVM_SEG_CS] = (struct arch_hvm_seg){ 0x08, 0xc9b, 0xffffffff, 0 };
    arch_hvm_set_state(hv->arch, &st);
}

void hx_code(struct cpu_regs *regs, const uint8_t *bytes, size_t n)
{
    memset(regs, 0, sizeof(*regs));
    memcpy(hx_gpa(HX_CODE_GPA), bytes, n);
    regs->rip = HX_CODE_GPA;
    regs->rflags = 0x202;
}

void hx_exit(struct cpu_regs *regs, enum arch_hvm_exit_reason reason)
{
    struct arch_hvm_exit e;

    memset(&e, 0, sizeof(e));
    e.reason = reason;
    hvm_handle_exit(hx_vcpu, regs, &e);
}

bool hx_crashed(void)
{
    return hx_dom->state == DOMAIN_SHUTDOWN && hx_dom->shutdown_reason == SHUTDOWN_crash;
}

/* --- The guest layer's side (hvm_run.c on the machine) ------------------------ */

char hx_crash_reason[160];

/* As guests_crash: the reason kept, then the domain shuts down as crashed. */
void hvm_crash_domain(struct domain *d, const char *reason)
{
    snprintf(hx_crash_reason, sizeof(hx_crash_reason), "d%u crashed: %s", d->id, reason);
    (void)domain_shutdown(d, SHUTDOWN_crash);
}

/* No scheduler in these tests: a vCPU cannot be started. */
status_t hvm_start_vcpu_regs(struct vcpu *v, const struct cpu_regs *regs)
{
    (void)v;
    (void)regs;
    return STATUS_ENOSPC;
}

/* The real table, except HX_PREEMPTING_OP, which stops part-way as a
 * long batch does: one more unit of args[0] done, re-issue. */
long hvm_dispatch_hypercall(struct vcpu *v, struct hypercall_frame *f)
{
    if (f->op == HX_PREEMPTING_OP) {
        f->args[0]++;
        f->preempted = true;
        return 0;
    }
    return hypercall_dispatch(v, f);
}
