/* SPDX-License-Identifier: MIT */
/* exit.c - VM-exit handling: CPUID, MSRs, port I/O, MMIO, HLT, hypercalls, crashes; interrupt injection. */
#include "guest/hvm/hvm.h"
#include "guest/hvm/hvm_cpuid.h"
#include "guest/hvm/hvm_insn.h"
#include "guest/x86/emulate.h"
#include "mm/guest_copy.h"
#include "lib/format.h"
#include "lib/string.h"

#define REASON_MAX      112
#define MSR_TSC         0x10U
#define MSR_PAT         0x277U
#define MSR_EFER        0xc0000080U
#define EFER_SCE        (1ULL << 0)
#define EFER_LME        (1ULL << 8)
#define EFER_LMA        (1ULL << 10)
#define EFER_NXE        (1ULL << 11)
#define EFER_GUEST_BITS (EFER_SCE | EFER_LME | EFER_NXE)
#define CR0_PG          (1ULL << 31)
#define LOW32           0xffffffffULL
#define RFLAGS_IF       (1ULL << 9)
#define RFLAGS_DF       (1ULL << 10)
#define IO_STRING_BATCH 256U

/* MSRs a PC guest may touch that Strata reads as zero and ignores
 * writes to (Linux probes them; their features are hidden by CPUID). */
static const uint32_t zero_msrs[] = {
    0x17, 0x1a0, 0x8b, 0xfe, 0x2ff, 0x179, 0x17a,    /* platform id, misc, ucode, MTRR, MCG */
    0xc0010015, 0xc001001f, 0xc0011029, 0xc0010114,  /* HWCR, NB_CFG, DE_CFG, VM_CR */
    0xc0010055,                                      /* interrupt pending message (E400) */
};

/* --- Helpers ------------------------------------------------------------------ */

static void crash(struct hvm_vcpu *hv, const struct cpu_regs *regs, const char *what)
{
    char reason[REASON_MAX];

    format(reason, sizeof(reason), "%s at %#lx (vCPU %u)", what, regs->rip, hv->vcpu->id);
    hvm_crash_domain(hv->vcpu->domain, reason);
}

static void inject_gp(struct hvm_vcpu *hv)
{
    arch_hvm_inject(hv->arch, HVM_EVENT_EXCEPTION, HVM_VEC_GP, true, 0);
}

static struct hvm_platform *platform_of(struct hvm_vcpu *hv)
{
    return hvm_domain_of(hv->vcpu->domain)->platform;
}

static spinlock_t *lock_of(struct hvm_vcpu *hv)
{
    return &hvm_domain_of(hv->vcpu->domain)->lock;
}

/* Step over the instruction what at RIP, decoded from guest memory:
 * false (and the domain crashed) if the bytes are not that instruction. */
static bool skip(struct hvm_vcpu *hv, struct cpu_regs *regs, enum hvm_insn what)
{
    struct arch_hvm_state st;
    struct hvm_mode m;
    uint8_t buf[X86_MAX_LEN];
    size_t got;
    unsigned int len;

    arch_hvm_get_state(hv->arch, &st);
    hvm_mode_of(&st, &m);
    if (hvm_fetch_insn(&hv->vcpu->domain->mm, &m, regs->rip, buf, &got) != STATUS_OK) {
        crash(hv, regs, "instruction not readable");
        return false;
    }
    len = hvm_insn_length(buf, got, m.code64, what);
    if (len == 0) {
        crash(hv, regs, "exit for an instruction that is not there");
        return false;
    }
    regs->rip = m.code64 ? regs->rip + len : (regs->rip + len) & LOW32;
    return true;
}

/* --- CPUID and MSRs ---------------------------------------------------------- */

static void do_cpuid(struct hvm_vcpu *hv, struct cpu_regs *regs)
{
    uint32_t out[4];

    if (!skip(hv, regs, HVM_INSN_CPUID))
        return;
    hvm_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx, hv->vcpu->id, out);
    regs->rax = out[0];
    regs->rbx = out[1];
    regs->rcx = out[2];
    regs->rdx = out[3];
}

static bool zero_msr(uint32_t msr)
{
    for (size_t i = 0; i < sizeof(zero_msrs) / sizeof(zero_msrs[0]); i++)
        if (zero_msrs[i] == msr)
            return true;
    return msr >= 0x200 && msr < 0x280;   /* MTRR ranges and fixed */
}

/* Each PAT entry a memory type: UC WC WT WP WB UC- (2 and 3 reserved). */
static bool pat_valid(uint64_t pat)
{
    for (unsigned int i = 0; i < 8; i++) {
        uint8_t type = (uint8_t)(pat >> (i * 8));

        if (type > 7 || type == 2 || type == 3)
            return false;
    }
    return true;
}

/* The MSRs the VMCB/VMCS holds that still exit: EFER and PAT. */
static bool state_msr(struct hvm_vcpu *hv, uint32_t msr, bool write, uint64_t *val)
{
    struct arch_hvm_state st;

    if (msr != MSR_EFER && msr != MSR_PAT)
        return false;
    arch_hvm_get_state(hv->arch, &st);
    if (!write) {
        *val = msr == MSR_EFER ? st.efer : st.pat;
        return true;
    }
    if (msr == MSR_EFER) {
        /* LME may not change while paging is on (the hardware's #GP) */
        if ((*val & ~(EFER_GUEST_BITS | EFER_LMA)) ||
            ((st.cr0 & CR0_PG) && ((*val ^ st.efer) & EFER_LME)))
            return false;
        st.efer = (*val & EFER_GUEST_BITS) | (st.efer & EFER_LMA);
    } else {
        if (!pat_valid(*val))
            return false;
        st.pat = *val;
    }
    arch_hvm_set_state(hv->arch, &st);
    return true;
}

/* One MSR access: true if done (*val read or written), false for #GP. */
static bool msr_access(struct hvm_vcpu *hv, uint32_t msr, bool write, uint64_t *val)
{
    bool done;

    if (state_msr(hv, msr, write, val))
        return true;
    if (msr == MSR_EFER || msr == MSR_PAT)
        return false;           /* a value state_msr refused */
    if (msr == MSR_TSC && write)
        return true;            /* the TSC is the machine's; writes are dropped */
    spin_lock(lock_of(hv));
    done = hvm_platform_msr(platform_of(hv), hv->vcpu->id, msr, write, val);
    spin_unlock(lock_of(hv));
    if (done)
        return true;
    if (zero_msr(msr)) {
        *val = 0;
        return true;
    }
    return false;
}

static void do_msr(struct hvm_vcpu *hv, struct cpu_regs *regs, bool write)
{
    uint32_t msr = (uint32_t)regs->rcx;
    uint64_t val = ((regs->rdx & LOW32) << 32) | (regs->rax & LOW32);
    uint64_t rip = regs->rip;

    if (!skip(hv, regs, write ? HVM_INSN_WRMSR : HVM_INSN_RDMSR))
        return;
    if (!msr_access(hv, msr, write, &val)) {
        regs->rip = rip;        /* a fault: RIP stays on the instruction */
        inject_gp(hv);
        return;
    }
    if (!write) {
        regs->rax = val & LOW32;
        regs->rdx = val >> 32;
    }
}

/* --- Port I/O ------------------------------------------------------------------ */

/* Port 0xe9: bytes to Strata's console as whole lines, prefixed. */
static void debug_port(struct hvm_vcpu *hv, uint8_t c)
{
    struct hvm_domain *hd = hvm_domain_of(hv->vcpu->domain);

    spin_lock(&hd->lock);
    hd->debug_line[hd->debug_len++] = (char)c;
    if (c == '\n' || hd->debug_len == sizeof(hd->debug_line)) {
        console_guest_output(hv->vcpu->domain, hd->debug_line, hd->debug_len);
        hd->debug_len = 0;
    }
    spin_unlock(&hd->lock);
}

static void set_low(uint64_t *reg, unsigned int size, uint32_t val)
{
    if (size == 4)
        *reg = val;             /* a 32-bit write zero-extends */
    else if (size == 2)
        *reg = (*reg & ~0xffffULL) | (val & 0xffff);
    else
        *reg = (*reg & ~0xffULL) | (val & 0xff);
}

/* One port access of size bytes: the debug port or the platform. */
static void port_access(struct hvm_vcpu *hv, uint16_t port, unsigned int size, bool in,
                        uint32_t *val)
{
    if (port == HVM_DEBUG_PORT && size == 1) {
        if (in)
            *val = HVM_DEBUG_PORT;  /* Bochs' presence check */
        else
            debug_port(hv, (uint8_t)*val);
        return;
    }
    spin_lock(lock_of(hv));
    hvm_platform_pio(platform_of(hv), hv->vcpu->id, port, size, !in, val);
    spin_unlock(lock_of(hv));
}

static uint64_t addr_mask(unsigned int size)
{
    return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* reg += delta within the address size (the bits above stay). */
static void step(uint64_t *reg, uint64_t mask, int64_t delta)
{
    *reg = (*reg & ~mask) | ((*reg + (uint64_t)delta) & mask);
}

/* The guest-physical address of seg:offset for an element of size
 * bytes; false if unmapped or across a page (not emulated). */
static bool string_gpa(struct hvm_vcpu *hv, const struct arch_hvm_state *st,
                       const struct hvm_mode *m, enum arch_hvm_seg_id seg, uint64_t offset,
                       unsigned int size, uint64_t *gpa)
{
    bool flat = m->code64 && seg != HVM_SEG_FS && seg != HVM_SEG_GS;
    uint64_t la = (flat ? 0 : st->seg[seg].base) + offset;

    if ((la & (PAGE_SIZE - 1)) + size > PAGE_SIZE)
        return false;
    return hvm_linear_to_gpa(&hv->vcpu->domain->mm, m, la, gpa) == STATUS_OK;
}

/* One element of INS (port to ES:rDI) or OUTS (seg:rSI to port). */
static bool string_element(struct hvm_vcpu *hv, struct cpu_regs *regs,
                           const struct arch_hvm_exit *e, const struct arch_hvm_state *st,
                           const struct hvm_mode *m, enum arch_hvm_seg_id seg)
{
    struct guest_mem g = { .d = &hv->vcpu->domain->mm, .mode = GUEST_MEM_PHYS };
    unsigned int size = e->io.size;
    uint64_t mask = addr_mask(e->io.addr_size), gpa;
    int64_t delta = (regs->rflags & RFLAGS_DF) ? -(int64_t)size : (int64_t)size;
    uint32_t val = 0;

    if (e->io.in) {
        if (!string_gpa(hv, st, m, HVM_SEG_ES, regs->rdi & mask, size, &gpa))
            return false;
        port_access(hv, e->io.port, size, true, &val);
        if (copy_to_guest(&g, gpa, &val, size, NULL) != STATUS_OK)
            return false;
        step(&regs->rdi, mask, delta);
        return true;
    }
    if (!string_gpa(hv, st, m, seg, regs->rsi & mask, size, &gpa) ||
        copy_from_guest(&g, &val, gpa, size, NULL) != STATUS_OK)
        return false;
    port_access(hv, e->io.port, size, false, &val);
    step(&regs->rsi, mask, delta);
    return true;
}

/* INS/OUTS, with REP up to IO_STRING_BATCH elements an exit: the
 * instruction runs again for the rest (RIP stays, RCX counts down). */
static void do_string_io(struct hvm_vcpu *hv, struct cpu_regs *regs, const struct arch_hvm_exit *e)
{
    struct arch_hvm_state st;
    struct hvm_mode m;
    uint8_t buf[X86_MAX_LEN];
    size_t got;
    uint64_t mask = addr_mask(e->io.addr_size), count;
    enum arch_hvm_seg_id seg = HVM_SEG_DS;

    arch_hvm_get_state(hv->arch, &st);
    hvm_mode_of(&st, &m);
    if (hvm_fetch_insn(&hv->vcpu->domain->mm, &m, regs->rip, buf, &got) == STATUS_OK &&
        hvm_insn_segment(buf, got) != X86_SEG_NONE)
        seg = (enum arch_hvm_seg_id)(hvm_insn_segment(buf, got) - X86_SEG_ES + HVM_SEG_ES);
    count = e->io.rep ? regs->rcx & mask : 1;
    for (uint64_t n = 0; n < count && n < IO_STRING_BATCH; n++) {
        if (!string_element(hv, regs, e, &st, &m, seg)) {
            crash(hv, regs, "string port I/O to memory Strata cannot reach");
            return;
        }
        if (e->io.rep)
            step(&regs->rcx, mask, -1);
    }
    if (!e->io.rep || (regs->rcx & mask) == 0)
        regs->rip = e->io.next_rip;
}

static void do_io(struct hvm_vcpu *hv, struct cpu_regs *regs, const struct arch_hvm_exit *e)
{
    uint32_t val = (uint32_t)regs->rax;

    if (e->io.string) {
        do_string_io(hv, regs, e);
        return;
    }
    port_access(hv, e->io.port, e->io.size, e->io.in, &val);
    if (e->io.in)
        set_low(&regs->rax, e->io.size, val);
    regs->rip = e->io.next_rip;
}

/* --- MMIO (nested page faults outside RAM) ------------------------------------- */

static void regs_to_gpr(const struct cpu_regs *r, uint64_t g[X86_NR_GPRS])
{
    const uint64_t v[X86_NR_GPRS] = { r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp,
                                      r->rsi, r->rdi, r->r8, r->r9, r->r10, r->r11,
                                      r->r12, r->r13, r->r14, r->r15 };

    mem_copy(g, v, sizeof(v));
}

static void gpr_to_regs(const uint64_t g[X86_NR_GPRS], struct cpu_regs *r)
{
    r->rax = g[X86_RAX]; r->rcx = g[X86_RCX]; r->rdx = g[X86_RDX]; r->rbx = g[X86_RBX];
    r->rsp = g[X86_RSP]; r->rbp = g[X86_RBP]; r->rsi = g[X86_RSI]; r->rdi = g[X86_RDI];
    r->r8 = g[X86_R8]; r->r9 = g[X86_R9]; r->r10 = g[X86_R10]; r->r11 = g[X86_R11];
    r->r12 = g[X86_R12]; r->r13 = g[X86_R13]; r->r14 = g[X86_R14]; r->r15 = g[X86_R15];
}

/* The device access of instruction i at gpa; false: no device there. */
static bool mmio_access(struct hvm_vcpu *hv, const struct x86_insn *i, uint64_t gpa,
                        struct cpu_regs *regs)
{
    uint64_t gpr[X86_NR_GPRS], old = 0, new_val = 0, rflags = regs->rflags;
    bool reads = i->op != X86_OP_MOV_TO_MEM && i->op != X86_OP_MOV_IMM_TO_MEM;
    bool writes = false, ok = true;

    regs_to_gpr(regs, gpr);
    spin_lock(lock_of(hv));
    if (reads)
        ok = hvm_platform_mmio(platform_of(hv), hv->vcpu->id, gpa, i->src_size, false, &old);
    if (ok && x86_emulate(i, gpr, &rflags, old, &new_val, &writes) != STATUS_OK)
        ok = false;
    if (ok && writes)
        ok = hvm_platform_mmio(platform_of(hv), hv->vcpu->id, gpa, i->op_size, true, &new_val);
    spin_unlock(lock_of(hv));
    if (!ok)
        return false;
    gpr_to_regs(gpr, regs);
    regs->rflags = rflags;
    return true;
}

static void do_npf(struct hvm_vcpu *hv, struct cpu_regs *regs, const struct arch_hvm_exit *e)
{
    struct arch_hvm_state st;
    struct hvm_mode m;
    struct x86_insn insn;
    uint8_t buf[X86_MAX_LEN];
    size_t got;
    mfn_t mfn;
    enum p2m_type type;

    if (p2m_get(&hv->vcpu->domain->mm, e->npf.gpa >> PAGE_SHIFT, &mfn, &type) == STATUS_OK &&
        type != P2M_INVALID) {
        crash(hv, regs, e->npf.write ? "write to read-only guest memory" : "nested page fault");
        return;
    }
    arch_hvm_get_state(hv->arch, &st);
    hvm_mode_of(&st, &m);
    if (e->npf.fetch || (!m.code64 && !m.code32)) {
        crash(hv, regs, e->npf.fetch ? "instruction fetch from MMIO" : "MMIO from 16-bit code");
        return;
    }
    if (hvm_fetch_insn(&hv->vcpu->domain->mm, &m, regs->rip, buf, &got) != STATUS_OK ||
        (x86_decode(buf, got, m.code64, &insn) != STATUS_OK &&
         hvm_decode_moffs(buf, got, m.code64, &insn) != STATUS_OK)) {
        crash(hv, regs, "MMIO by an instruction Strata does not decode");
        return;
    }
    if (!mmio_access(hv, &insn, e->npf.gpa, regs)) {
        crash(hv, regs, "access to guest-physical memory with nothing there");
        return;
    }
    regs->rip += insn.len;
    if (!m.code64)
        regs->rip &= LOW32;
}

/* --- HLT and hypercalls ---------------------------------------------------------- */

/* HLT: sleep until an interrupt is pending (checked under the platform
 * lock, which the platform's kick is called under too); with RFLAGS.IF
 * clear only an NMI or INIT wakes it, as on the machine. */
static void do_hlt(struct hvm_vcpu *hv, struct cpu_regs *regs)
{
    if (!skip(hv, regs, HVM_INSN_HLT))
        return;
    spin_lock(lock_of(hv));
    if (hvm_platform_take_nmi(platform_of(hv), hv->vcpu->id))
        hv->nmi_pending = true;
    if (!hv->nmi_pending && (!(regs->rflags & RFLAGS_IF) ||
                             hvm_platform_pending_vector(platform_of(hv), hv->vcpu->id) < 0))
        vcpu_block(hv->vcpu);
    spin_unlock(lock_of(hv));
}

static void do_hypercall(struct hvm_vcpu *hv, struct cpu_regs *regs)
{
    struct arch_hvm_state st;
    struct hypercall_frame f = {
        .op = regs->rax,
        .args = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9 },
    };
    long rc;

    if (!skip(hv, regs, HVM_INSN_VMMCALL))
        return;
    arch_hvm_get_state(hv->arch, &st);
    if (st.cpl != 0) {
        regs->rax = (uint64_t)(long)STATUS_EPERM;
        return;
    }
    rc = hvm_dispatch_hypercall(hv->vcpu, &f);
    if (f.preempted) {
        /* Back onto the vmmcall: the guest re-issues it with the new arguments. */
        regs->rip -= 3;
        regs->rdi = f.args[0];
        regs->rsi = f.args[1];
        regs->rdx = f.args[2];
        regs->r10 = f.args[3];
        regs->r8 = f.args[4];
        regs->r9 = f.args[5];
        return;
    }
    regs->rax = (uint64_t)rc;
}

/* --- Dispatch ----------------------------------------------------------------------- */

static void unhandled(struct hvm_vcpu *hv, const struct cpu_regs *regs,
                      const struct arch_hvm_exit *e)
{
    char what[64];

    switch (e->reason) {
    case HVM_EXIT_SHUTDOWN:
        crash(hv, regs, "triple fault");
        break;
    case HVM_EXIT_INVALID:
        crash(hv, regs, "the hardware refused the vCPU state");
        break;
    case HVM_EXIT_EXCEPTION:
        format(what, sizeof(what), "exception %u (error %#x)", e->exception.vector,
               e->exception.error_code);
        crash(hv, regs, what);
        break;
    default:
        format(what, sizeof(what), "unhandled exit %#lx", e->raw);
        crash(hv, regs, what);
        break;
    }
}

void hvm_handle_exit(struct hvm_vcpu *hv, struct cpu_regs *regs, const struct arch_hvm_exit *e)
{
    switch (e->reason) {
    case HVM_EXIT_INTR:
    case HVM_EXIT_NMI:
    case HVM_EXIT_IRQ_WINDOW:
    case HVM_EXIT_PAUSE:
    case HVM_EXIT_INTERNAL:
        break;                  /* the entry path does what is due */
    case HVM_EXIT_CPUID:
        do_cpuid(hv, regs);
        break;
    case HVM_EXIT_MSR_READ:
    case HVM_EXIT_MSR_WRITE:
        do_msr(hv, regs, e->reason == HVM_EXIT_MSR_WRITE);
        break;
    case HVM_EXIT_IO:
        do_io(hv, regs, e);
        break;
    case HVM_EXIT_NPF:
        do_npf(hv, regs, e);
        break;
    case HVM_EXIT_HLT:
        do_hlt(hv, regs);
        break;
    case HVM_EXIT_HYPERCALL:
        do_hypercall(hv, regs);
        break;
    case HVM_EXIT_UD:
        arch_hvm_inject(hv->arch, HVM_EVENT_EXCEPTION, HVM_VEC_UD, false, 0);
        break;
    default:
        unhandled(hv, regs, e);
        break;
    }
}

/* --- Entry: INIT/SIPI, timers, interrupts ------------------------------------------ */

/* INIT parks the vCPU until a SIPI; a SIPI restarts it in real mode. */
static void init_sipi(struct hvm_vcpu *hv, struct cpu_regs *regs)
{
    struct arch_hvm_state st;

    if (hv->init_pending) {
        hv->init_pending = false;
        hv->wait_sipi = true;
        hv->sipi_vector = -1;
    }
    if (hv->sipi_vector >= 0) {
        hvm_sipi_state((uint8_t)hv->sipi_vector, &st, regs);
        arch_hvm_set_state(hv->arch, &st);
        hv->sipi_vector = -1;
    }
    if (hv->wait_sipi)
        vcpu_block(hv->vcpu);
}

/* An NMI goes first, unless the guest is still in the handler of the
 * last one: then it waits (latched in nmi_pending). */
static bool inject_nmi(struct hvm_vcpu *hv, struct hvm_platform *p)
{
    if (hvm_platform_take_nmi(p, hv->vcpu->id))
        hv->nmi_pending = true;
    if (!hv->nmi_pending || !arch_hvm_nmi_allowed(hv->arch))
        return false;
    hv->nmi_pending = false;
    arch_hvm_inject(hv->arch, HVM_EVENT_NMI, HVM_VEC_NMI, false, 0);
    return true;
}

static void inject_pending(struct hvm_vcpu *hv, const struct cpu_regs *regs)
{
    struct hvm_platform *p = platform_of(hv);
    int vector;

    if (arch_hvm_event_pending(hv->arch) || inject_nmi(hv, p))
        return;
    vector = hvm_platform_pending_vector(p, hv->vcpu->id);
    if (vector < 0) {
        arch_hvm_irq_window(hv->arch, false);
        return;
    }
    if (!arch_hvm_interruptible(hv->arch, regs)) {
        arch_hvm_irq_window(hv->arch, true);
        return;
    }
    arch_hvm_irq_window(hv->arch, false);
    arch_hvm_inject(hv->arch, HVM_EVENT_EXTINT, (uint8_t)vector, false, 0);
    hvm_platform_ack_vector(p, hv->vcpu->id, vector);
}

void hvm_prepare_entry(struct hvm_vcpu *hv, struct cpu_regs *regs, uint64_t now)
{
    struct hvm_domain *hd = hvm_domain_of(hv->vcpu->domain);
    uint64_t next;

    spin_lock(&hd->lock);
    init_sipi(hv, regs);
    next = hvm_platform_advance(hd->platform, now);
    inject_pending(hv, regs);
    spin_unlock(&hd->lock);
    if (next != 0)
        (void)timer_set(&hd->timer, next);
}
