/* SPDX-License-Identifier: MIT */
/* pv_ptwr.c - emulated in-place writes of a PV kernel to its read-only page tables. */
#include "guest/pv/pv_emul.h"
#include "guest/pv/pv_grant.h"
#include "guest/pv/pv_mm.h"
#include "guest/x86/emulate.h"
#include "hypercall/hypercall.h"
#include "mm/frame.h"

#define PFEC_PRESENT  0x1ULL
#define PFEC_WRITE    0x2ULL
#define PFEC_RSVD     0x8ULL
#define PFEC_INSN     0x10ULL
#define PTE_P         0x1ULL
#define PTE_RW        0x2ULL
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ULL

/* The validated page table of v's domain that va maps read-only. */
static status_t table_behind(struct vcpu *v, uint64_t va, mfn_t *table)
{
    struct frame_info info;
    mfn_t l1;
    unsigned int index;
    uint64_t pte;

    if (pv_va_to_l1(v->domain, v->pv_l4, va, &l1, &index) != STATUS_OK)
        return STATUS_EINVAL;
    pte = ((const uint64_t *)arch_frame_to_virt(l1))[index];
    if (!(pte & PTE_P) || (pte & PTE_RW))
        return STATUS_EINVAL;
    *table = (pte & PTE_ADDR_MASK) >> 12;
    if (frame_get_info(*table, &info) != STATUS_OK || info.owner != v->domain->id ||
        info.type < FRAME_TYPE_L1 || info.type > FRAME_TYPE_L4 ||
        info.type_count == 0 || !info.validated)
        return STATUS_EINVAL;
    return STATUS_OK;
}

/* Decode the instruction at rip (64-bit mode), reading as many bytes as
 * are mapped up to the architectural maximum. */
static bool decode_at(struct vcpu *v, uint64_t rip, struct x86_insn *insn)
{
    uint8_t buf[X86_MAX_LEN];
    size_t n = 0;

    while (n < sizeof(buf) && hypercall_copy_from_guest(v, buf + n, rip + n, 1) == STATUS_OK)
        n++;
    return n > 0 && x86_decode(buf, n, true, insn) == STATUS_OK;
}

static void regs_to_gpr(const struct cpu_regs *r, uint64_t g[X86_NR_GPRS])
{
    const uint64_t in[X86_NR_GPRS] = {
        r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi,
        r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
    };

    for (unsigned int i = 0; i < X86_NR_GPRS; i++)
        g[i] = in[i];
}

static void gpr_to_regs(const uint64_t g[X86_NR_GPRS], struct cpu_regs *r)
{
    uint64_t *out[X86_NR_GPRS] = {
        &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
        &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
    };

    for (unsigned int i = 0; i < X86_NR_GPRS; i++)
        *out[i] = g[i];
}

/* FS and GS overrides add a base (GS: the kernel's, the vCPU is in
 * kernel mode); the others are flat in 64-bit mode. */
static uint64_t seg_base(const struct pv_vcpu *pv, uint8_t seg)
{
    if (seg == X86_SEG_FS)
        return pv->fs_base;
    return seg == X86_SEG_GS ? pv->gs_base_kernel : 0;
}

/* old with its size bytes at byte offset off replaced by value. */
static uint64_t merge(uint64_t old, unsigned int off, unsigned int size, uint64_t value)
{
    uint64_t mask = (size >= 8U ? ~0ULL : (1ULL << (8U * size)) - 1U) << (8U * off);

    return (old & ~mask) | ((value << (8U * off)) & mask);
}

/* Emulate insn on entry index of table; on success the registers in gpr
 * and *rflags are the instruction's results and the entry is written. */
static bool emulate_on_entry(struct domain *d, mfn_t table, uint64_t ea,
                             const struct x86_insn *insn, uint64_t gpr[X86_NR_GPRS],
                             uint64_t *rflags)
{
    uint64_t *entry = &((uint64_t *)arch_frame_to_virt(table))[(ea & 0xfffU) >> 3];
    unsigned int off = (unsigned int)(ea & 7U);
    uint64_t old = __atomic_load_n(entry, __ATOMIC_SEQ_CST), mem_new;
    bool writes;

    if (off + insn->op_size > 8U ||
        x86_emulate(insn, gpr, rflags, old >> (8U * off), &mem_new, &writes) != STATUS_OK)
        return false;
    /* Only pv_mm decides what an entry may hold; a refusal bounces. */
    return !writes || pv_mm_write_entry(d, table, (unsigned int)((ea & 0xfffU) >> 3),
                                        merge(old, off, insn->op_size, mem_new)) == STATUS_OK;
}

enum pv_emul_result pv_emulate_pt_write(struct vcpu *v, struct pv_vcpu *pv,
                                        struct cpu_regs *regs, uint64_t cr2,
                                        uint64_t error)
{
    struct x86_insn insn;
    uint64_t gpr[X86_NR_GPRS], rflags = regs->rflags;
    mfn_t table;

    if (v->pv_user_mode ||
        (error & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) !=
        (PFEC_PRESENT | PFEC_WRITE))
        return PV_EMUL_NOT_MINE;
    if (table_behind(v, cr2, &table) != STATUS_OK || !decode_at(v, regs->rip, &insn) ||
        !insn.mem_is_dest)
        return PV_EMUL_NOT_MINE;
    regs_to_gpr(regs, gpr);
    /* The operand must be the faulting address itself, inside one entry. */
    if (x86_effective_address(&insn, gpr, regs->rip + insn.len,
                              seg_base(pv, insn.seg)) != cr2 ||
        !emulate_on_entry(v->domain, table, cr2, &insn, gpr, &rflags))
        return PV_EMUL_NOT_MINE;
    gpr_to_regs(gpr, regs);
    regs->rflags = rflags;
    regs->rip += insn.len;
    return PV_EMUL_DONE;
}
