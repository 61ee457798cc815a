/* SPDX-License-Identifier: MIT */
/* pv_emul.c - RDMSR/WRMSR, control-register reads and forced CPUID for PV kernels. */
#include "guest/pv/pv_emul.h"
#include "hypercall/hypercall.h"
#include "lib/string.h"

#define MSR_FS_BASE         0xC0000100U
#define MSR_GS_BASE         0xC0000101U
#define MSR_SHADOW_GS_BASE  0xC0000102U
#define MAX_INSN            15U
#define FORCED_PREFIX_LEN   5U   /* 0f 0b 'x' 'e' 'n' */

/* What a PV kernel reads from CR0 and CR4: paging on, SSE enabled. */
#define GUEST_CR0   0x80050033ULL   /* PG WP NE ET MP PE */
#define GUEST_CR0_TS 0x8ULL          /* the virtual TS (pv_vcpu.fpu_ts) */
#define GUEST_CR4   0x000006a0ULL   /* OSXMMEXCPT OSFXSR PGE PAE */

/* The Xen leaves: base 0x40000000 ("XenVMMXenVMM"), version, pages. */
#define XEN_LEAF_BASE   0x40000000U
#define XEN_LEAF_LAST   0x40000002U
#define XEN_VERSION_ID  ((4U << 16) | 17U)

/*
 * What a PV guest must not see, after Xen's PV policy (only features
 * every guest may use, cpufeatureset.h 'A'). Leaf 1 EDX: VME, PSE, MTRR,
 * PGE, PSE36, DS, PBE (no large or global pages, no MTRRs in PV). Leaf 1
 * ECX: DTES64, MONITOR, DS-CPL, VMX, SMX, EST, TM2, SDBG, xTPR, PDCM,
 * PCID, DCA, X2APIC, TSC-deadline, and XSAVE/OSXSAVE/AVX with FMA and
 * F16C (Strata keeps FXSAVE state only); the hypervisor bit is set.
 * Leaf 7: FSGSBASE, SMEP, INVPCID, SMAP, AVX2 and AVX-512 parts (EBX);
 * UMIP, PKU, LA57 (ECX). Leaf 0x80000001: 1 GiB pages (EDX); SVM,
 * ExtApic, OSVW, IBS, SKINIT, WDT, LWP, NodeId, TopoExt, MONITORX (ECX).
 */
#define L1_EDX_HIDE ((1U << 1) | (1U << 3) | (1U << 12) | (1U << 13) | \
                     (1U << 17) | (1U << 21) | (1U << 31))
#define L1_ECX_HIDE ((1U << 2) | (1U << 3) | (1U << 4) | (1U << 5) | (1U << 6) | \
                     (1U << 7) | (1U << 8) | (1U << 11) | (1U << 12) | \
                     (1U << 14) | (1U << 15) | (1U << 17) | (1U << 18) | \
                     (1U << 21) | (1U << 24) | (1U << 26) | (1U << 27) | \
                     (1U << 28) | (1U << 29))
#define L1_ECX_HYPERVISOR (1U << 31)
#define L7_EBX_HIDE ((1U << 0) | (1U << 5) | (1U << 7) | (1U << 10) | \
                     (1U << 16) | (1U << 17) | (1U << 20) | (1U << 28) | \
                     (1U << 30) | (1U << 31))
#define L7_ECX_HIDE ((1U << 2) | (1U << 3) | (1U << 16))
#define EXT1_EDX_HIDE (1U << 26)
#define EXT1_ECX_HIDE ((1U << 2) | (1U << 3) | (1U << 9) | (1U << 10) | \
                       (1U << 12) | (1U << 13) | (1U << 15) | (1U << 19) | \
                       (1U << 22) | (1U << 29))

static uint64_t *gpr(struct cpu_regs *r, unsigned int n)
{
    uint64_t *map[16] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
        &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
    };

    return map[n & 15];
}

static void xen_leaves(uint32_t leaf, uint32_t out[4])
{
    mem_set(out, 0, 4 * sizeof(uint32_t));
    switch (leaf) {
    case XEN_LEAF_BASE:
        out[0] = XEN_LEAF_LAST;
        mem_copy(&out[1], "XenV", 4);
        mem_copy(&out[2], "MMXe", 4);
        mem_copy(&out[3], "nVMM", 4);
        break;
    case XEN_LEAF_BASE + 1:
        out[0] = XEN_VERSION_ID;
        break;
    case XEN_LEAF_BASE + 2:
        out[0] = 1;                 /* one hypercall page */
        out[1] = XEN_LEAF_BASE;     /* its MSR */
        break;
    default:
        break;
    }
}

void pv_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    if (leaf >= XEN_LEAF_BASE && leaf < XEN_LEAF_BASE + 0x100) {
        xen_leaves(leaf, out);
        return;
    }
    arch_cpuid(leaf, subleaf, out);
    if (leaf == 1) {
        out[2] = (out[2] & ~L1_ECX_HIDE) | L1_ECX_HYPERVISOR;
        out[3] &= ~L1_EDX_HIDE;
    } else if (leaf == 7 && subleaf == 0) {
        out[1] &= ~L7_EBX_HIDE;
        out[2] &= ~L7_ECX_HIDE;
    } else if (leaf == 0xd) {
        mem_set(out, 0, 4 * sizeof(uint32_t));
    } else if (leaf == 0x80000001U) {
        out[2] &= ~EXT1_ECX_HIDE;
        out[3] &= ~EXT1_EDX_HIDE;
    }
}

/* Fetch up to max instruction bytes at rip; returns how many were read. */
static size_t fetch(struct vcpu *v, uint64_t rip, uint8_t *buf, size_t max)
{
    size_t n = 0;

    while (n < max && hypercall_copy_from_guest(v, buf + n, rip + n, 1) == STATUS_OK)
        n++;
    return n;
}

enum pv_emul_result pv_emulate_forced_cpuid(struct vcpu *v, struct cpu_regs *regs)
{
    static const uint8_t marker[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    uint8_t insn[sizeof(marker)];
    uint32_t out[4];

    if (fetch(v, regs->rip, insn, sizeof(insn)) != sizeof(insn) ||
        mem_compare(insn, marker, sizeof(marker)) != 0)
        return PV_EMUL_NOT_MINE;
    pv_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx, out);
    regs->rax = out[0];
    regs->rbx = out[1];
    regs->rcx = out[2];
    regs->rdx = out[3];
    regs->rip += sizeof(marker);
    return PV_EMUL_DONE;
}

static uint64_t *msr_slot(struct vcpu *v, struct pv_vcpu *pv, uint32_t msr)
{
    switch (msr) {
    case MSR_FS_BASE:
        return &pv->fs_base;
    case MSR_GS_BASE:
        return v->pv_user_mode ? &pv->gs_base_user : &pv->gs_base_kernel;
    case MSR_SHADOW_GS_BASE:
        return v->pv_user_mode ? &pv->gs_base_kernel : &pv->gs_base_user;
    default:
        return NULL;
    }
}

static enum pv_emul_result emulate_msr(struct vcpu *v, struct pv_vcpu *pv,
                                       struct cpu_regs *regs, bool write)
{
    uint64_t *slot = msr_slot(v, pv, (uint32_t)regs->rcx);

    if (slot == NULL)
        return PV_EMUL_INJECT_GP;
    if (write) {
        *slot = (regs->rdx << 32) | (uint32_t)regs->rax;
        arch_set_guest_bases(pv->fs_base, v->pv_user_mode ? pv->gs_base_user
                                                          : pv->gs_base_kernel);
    } else {
        regs->rax = (uint32_t)*slot;
        regs->rdx = *slot >> 32;
    }
    regs->rip += 2;
    return PV_EMUL_DONE;
}

/* mov %crN, %reg: 0f 20 /r, register form only. */
static enum pv_emul_result emulate_cr_read(struct vcpu *v, const struct pv_vcpu *pv,
                                           struct cpu_regs *regs,
                                           uint8_t rex, uint8_t modrm, size_t len)
{
    unsigned int cr = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
    unsigned int reg = (modrm & 7) | ((rex & 1) ? 8 : 0);
    const struct vcpu_info *info = v->info != NULL ? v->info
                                   : &v->domain->shared_info->vcpu_info[v->id];
    uint64_t value;

    if ((modrm >> 6) != 3)
        return PV_EMUL_NOT_MINE;
    switch (cr) {
    case 0: value = GUEST_CR0 | (pv->fpu_ts ? GUEST_CR0_TS : 0); break;
    case 2: value = info->arch.cr2; break;
    case 3: value = v->pv_kernel_l4 << PAGE_SHIFT; break;
    case 4: value = GUEST_CR4; break;
    default: return PV_EMUL_INJECT_GP;
    }
    *gpr(regs, reg) = value;
    regs->rip += len;
    return PV_EMUL_DONE;
}

/*
 * CLI/STI (fa/fb) in guest kernel mode with a virtual IOPL of 1 or more
 * (PHYSDEVOP_set_iopl; the kernel counts as ring 1) are skipped and
 * change nothing, as Xen does: setting the event mask here could never
 * be undone by a POPF, which does not trap. Linux masks events through
 * vcpu_info itself.
 */
static enum pv_emul_result emulate_cli_sti(const struct pv_vcpu *pv, struct cpu_regs *regs)
{
    if (pv->iopl < 1)
        return PV_EMUL_NOT_MINE;
    regs->rip += 1;
    return PV_EMUL_DONE;
}

/*
 * IN/OUT (e4-e7 with an imm8 port, ec-ef with DX; 66 for 16 bits) in
 * guest kernel mode with a virtual IOPL of 1 or more. A domU owns no
 * I/O port, so, as Xen does for ports a domain may not reach, writes
 * are dropped and reads return all ones (Linux probes PCI config space
 * through 0xcf8/0xcfc and finds nothing). String forms are not emulated.
 */
static enum pv_emul_result emulate_port_io(const struct pv_vcpu *pv, struct cpu_regs *regs,
                                           const uint8_t *insn, size_t n)
{
    size_t at = (n > 0 && insn[0] == 0x66) ? 1 : 0;
    unsigned int bytes;
    uint8_t op;

    if (n <= at || pv->iopl < 1)
        return PV_EMUL_NOT_MINE;
    op = insn[at];
    if ((op & 0xf4) != 0xe4)
        return PV_EMUL_NOT_MINE;        /* not e4-e7 / ec-ef */
    bytes = (op & 1) == 0 ? 1 : at ? 2 : 4;
    if ((op & 2) == 0) {                /* in */
        if (bytes == 4)
            regs->rax = 0xffffffffULL;  /* a 32-bit write zero-extends */
        else
            regs->rax |= bytes == 2 ? 0xffffULL : 0xffULL;
    }
    regs->rip += at + 1 + ((op & 8) ? 0 : 1);
    return PV_EMUL_DONE;
}

/*
 * mov %reg, %cr4 (0f 22 /r, register form): accepted and ignored. Xen
 * lets a PV guest change only TSD, DE, FSGSBASE and OSXSAVE; Strata
 * offers none of them (FSGSBASE and XSAVE are hidden, TSD and DE would
 * need the real CR4 per vCPU), so the guest's CR4 stays what a read
 * shows. Linux writes it when it sets up its CR4 shadow. Other control
 * registers are not written this way by PV kernels: #GP.
 */
static enum pv_emul_result emulate_cr_write(struct cpu_regs *regs, uint8_t rex,
                                            uint8_t modrm, size_t len)
{
    unsigned int cr = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);

    if ((modrm >> 6) != 3)
        return PV_EMUL_NOT_MINE;
    if (cr != 4)
        return PV_EMUL_INJECT_GP;
    regs->rip += len;
    return PV_EMUL_DONE;
}

/* clts (0f 06) clears the virtual TS, and the real one with it. */
static enum pv_emul_result emulate_clts(struct pv_vcpu *pv, struct cpu_regs *regs)
{
    pv->fpu_ts = false;
    arch_fpu_set_ts(false);
    regs->rip += 2;
    return PV_EMUL_DONE;
}

enum pv_emul_result pv_emulate_privileged(struct vcpu *v, struct pv_vcpu *pv,
                                          struct cpu_regs *regs)
{
    uint8_t insn[4];
    size_t n = fetch(v, regs->rip, insn, sizeof(insn));
    uint8_t rex = 0;
    size_t at = 0;

    if (v->pv_user_mode)
        return PV_EMUL_NOT_MINE;
    if (n > 0 && (insn[0] == 0xfa || insn[0] == 0xfb))
        return emulate_cli_sti(pv, regs);
    if (emulate_port_io(pv, regs, insn, n) == PV_EMUL_DONE)
        return PV_EMUL_DONE;
    if (n > 0 && (insn[0] & 0xf0) == 0x40)
        rex = insn[at++];
    if (n < at + 2 || insn[at] != 0x0f)
        return PV_EMUL_NOT_MINE;
    switch (insn[at + 1]) {
    case 0x30:
        return at == 0 ? emulate_msr(v, pv, regs, true) : PV_EMUL_NOT_MINE;
    case 0x32:
        return at == 0 ? emulate_msr(v, pv, regs, false) : PV_EMUL_NOT_MINE;
    case 0x20:
        if (n < at + 3)
            return PV_EMUL_NOT_MINE;
        return emulate_cr_read(v, pv, regs, rex, insn[at + 2], at + 3);
    case 0x06:
        return at == 0 ? emulate_clts(pv, regs) : PV_EMUL_NOT_MINE;
    case 0x22:
        if (n < at + 3)
            return PV_EMUL_NOT_MINE;
        return emulate_cr_write(regs, rex, insn[at + 2], at + 3);
    default:
        return PV_EMUL_NOT_MINE;
    }
}
