/* SPDX-License-Identifier: MIT */
/* svm.c - the AMD SVM backend of hvm_backend.h: per-CPU enable, VMCB set-up, ASIDs, VMRUN, exits. */
#include "arch/hvm_backend.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "arch/x86/percpu.h"
#include "arch/x86/tlb.h"
#include "arch/x86/svm/vmcb.h"
#include "lib/string.h"

/*
 * Nothing here relies on next-RIP saving, decode assists, VMCB clean
 * bits or flush-by-ASID (QEMU's TCG has none of them): the guest layer
 * decodes instruction lengths itself, the clean field is always 0, and
 * a TLB flush is TLB_CONTROL=1 (everything) whenever a vCPU gets a new
 * ASID on a CPU or the nested tables changed since it last ran.
 */

#define CPUID_EXT_FEATURES      0x80000001U
#define CPUID_SVM_FEATURES      0x8000000aU
#define CPUID_EXT_ECX_SVM       (1U << 2)
#define CPUID_SVM_EDX_NP        (1U << 0)
#define MSR_VM_CR               0xc0010114U
#define MSR_VM_HSAVE_PA         0xc0010117U
#define VM_CR_SVMDIS            (1ULL << 4)
#define EFER_SVME               (1ULL << 12)
#define RFLAGS_IF               (1ULL << 9)
#define MSRPM_BYTES             (2 * PAGE_SIZE)
#define IOPM_BYTES              (3 * PAGE_SIZE)
#define PAT_DEFAULT             0x0007040600070406ULL
#define TLB_CONTROL_FLUSH_ALL   1U
#define VEC_MC                  18U

/* One vCPU: frame 0 of its block is the VMCB, frame 1 this record. */
struct arch_hvm_vcpu {
    uint8_t *vmcb;
    paddr_t vmcb_pa;
    uint32_t asid;
    uint32_t asid_cpu;           /* CPU the ASID belongs to */
    uint64_t asid_generation;    /* of that CPU; 0: none yet */
    uint64_t tlb_generation;     /* tlb_guest_generation() when last flushed */
    /* NMI blocking, which SVM does not track for the guest: set when an
     * NMI is injected, until the handler's IRET has run (the IRET
     * intercept gives its RIP; the first exit at another RIP is after it). */
    bool nmi_masked;
    bool iret_seen;
    uint64_t iret_rip;
};

struct svm_cpu {
    bool ready;
    uint32_t nr_asids;           /* ASIDs 1 .. nr_asids - 1 usable */
    uint32_t next_asid;
    uint64_t generation;         /* bumped when the ASIDs wrap */
};

static struct svm_cpu cpus[MAX_CPUS];
static uint8_t host_save[MAX_CPUS][PAGE_SIZE] ALIGNED(PAGE_SIZE);
static uint8_t host_vmcb[MAX_CPUS][PAGE_SIZE] ALIGNED(PAGE_SIZE);
static uint8_t msrpm[MSRPM_BYTES] ALIGNED(PAGE_SIZE);
static uint8_t iopm[IOPM_BYTES] ALIGNED(PAGE_SIZE);
static bool maps_ready;

/* svm_entry.S: VMLOAD/VMRUN/VMSAVE around the guest's registers. */
void svm_vmrun(paddr_t vmcb_pa, struct cpu_regs *regs, paddr_t host_vmcb_pa);

/* The machine address of a variable of the image (mapped at +phys). */
static paddr_t image_pa(const void *p)
{
    return (paddr_t)((uintptr_t)p - IMAGE_VIRT_OFFSET);
}

/* --- Permission maps ------------------------------------------------------ */

/* The MSRs whose guest copy the VMCB holds (VMLOAD/VMSAVE swap them):
 * the guest reads and writes them without an exit. */
static const uint32_t passthrough_msrs[] = {
    0x174, 0x175, 0x176,                            /* SYSENTER_CS/ESP/EIP */
    0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, /* STAR LSTAR CSTAR SFMASK */
    0xc0000100, 0xc0000101, 0xc0000102,             /* FS, GS, KERNEL_GS base */
};

#define MSR_TSC 0x10U

/* Bit of msr's read intercept in the MSRPM (write is the next bit), or
 * -1 for an MSR outside the three ranges (always intercepted). */
static long msrpm_bit(uint32_t msr)
{
    if (msr < 0x2000)
        return (long)msr * 2;
    if (msr >= 0xc0000000U && msr < 0xc0002000U)
        return 0x800L * 8 + (long)(msr - 0xc0000000U) * 2;
    if (msr >= 0xc0010000U && msr < 0xc0012000U)
        return 0x1000L * 8 + (long)(msr - 0xc0010000U) * 2;
    return -1;
}

static void msrpm_allow(uint32_t msr, bool read, bool write)
{
    long bit = msrpm_bit(msr);

    if (bit < 0)
        return;
    if (read)
        msrpm[bit / 8] &= (uint8_t)~(1U << (bit % 8));
    if (write)
        msrpm[(bit + 1) / 8] &= (uint8_t)~(1U << ((bit + 1) % 8));
}

/* Every port and every MSR exits except the VMCB-held ones and TSC reads. */
static void maps_init(void)
{
    mem_set(iopm, 0xff, sizeof(iopm));
    mem_set(msrpm, 0xff, sizeof(msrpm));
    for (size_t i = 0; i < sizeof(passthrough_msrs) / sizeof(passthrough_msrs[0]); i++)
        msrpm_allow(passthrough_msrs[i], true, true);
    msrpm_allow(MSR_TSC, true, false);
    maps_ready = true;
}

/* --- Per-CPU enable -------------------------------------------------------- */

static const char *svm_missing(void)
{
    uint32_t r[4];

    arch_cpuid(0x80000000U, 0, r);
    if (r[0] < CPUID_SVM_FEATURES)
        return "no CPUID leaf 0x8000000a";
    arch_cpuid(CPUID_EXT_FEATURES, 0, r);
    if (!(r[2] & CPUID_EXT_ECX_SVM))
        return "the CPU has no AMD SVM (CPUID 0x80000001 ECX bit 2)";
    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
        return "SVM is disabled by the firmware (VM_CR.SVMDIS)";
    arch_cpuid(CPUID_SVM_FEATURES, 0, r);
    if (!(r[3] & CPUID_SVM_EDX_NP))
        return "SVM without nested paging (CPUID 0x8000000a EDX bit 0)";
    if (r[1] < 2)
        return "SVM reports fewer than 2 ASIDs";
    return NULL;
}

/* EFER.SVME and the host save area on the calling CPU. */
static const char *svm_cpu_enable(void)
{
    unsigned int cpu = arch_cpu_id();
    struct svm_cpu *sc = &cpus[cpu];
    const char *why;
    uint32_t r[4];

    if (sc->ready)
        return NULL;
    why = svm_missing();
    if (why != NULL)
        return why;
    arch_cpuid(CPUID_SVM_FEATURES, 0, r);
    sc->nr_asids = r[1];
    sc->next_asid = 1;
    sc->generation = 1;
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, image_pa(host_save[cpu]));
    sc->ready = true;
    return NULL;
}

bool arch_hvm_available(const char **why)
{
    const char *missing = svm_missing();

    if (missing == NULL && !maps_ready)
        maps_init();
    if (missing == NULL)
        missing = svm_cpu_enable();
    if (why != NULL)
        *why = missing;
    return missing == NULL;
}

/* --- VMCB set-up ----------------------------------------------------------- */

static void set_seg(uint8_t *vmcb, enum arch_hvm_seg_id id, const struct arch_hvm_seg *s)
{
    uint8_t *p = vmcb + VMCB_SEG_BASE + (unsigned int)id * VMCB_SEG_SIZE;

    *(uint16_t *)(void *)p = s->sel;
    *(uint16_t *)(void *)(p + 2) = s->attr;
    vmcb_set_u32(p, 4, s->limit);
    vmcb_set_u64(p, 8, s->base);
}

static void get_seg(const uint8_t *vmcb, enum arch_hvm_seg_id id, struct arch_hvm_seg *s)
{
    const uint8_t *p = vmcb + VMCB_SEG_BASE + (unsigned int)id * VMCB_SEG_SIZE;

    s->sel = *(const uint16_t *)(const void *)p;
    s->attr = *(const uint16_t *)(const void *)(p + 2);
    s->limit = vmcb_u32(p, 4);
    s->base = vmcb_u64(p, 8);
}

/* The architectural state after RESET: real mode at f000:fff0. */
static void reset_state(struct arch_hvm_state *st)
{
    mem_set(st, 0, sizeof(*st));
    st->cr0 = 0x60000010ULL;
    st->dr6 = 0xffff0ff0ULL;
    st->dr7 = 0x400ULL;
    st->pat = PAT_DEFAULT;
    for (unsigned int i = 0; i < HVM_SEG_COUNT; i++)
        st->seg[i] = (struct arch_hvm_seg){ .sel = 0, .attr = 0x93, .limit = 0xffff };
    st->seg[HVM_SEG_CS] = (struct arch_hvm_seg){ 0xf000, 0x9b, 0xffff, 0xffff0000ULL };
    st->seg[HVM_SEG_GDTR].attr = 0;
    st->seg[HVM_SEG_IDTR].attr = 0;
    st->seg[HVM_SEG_LDTR].attr = 0x82;
    st->seg[HVM_SEG_TR].attr = 0x8b;
}

static void set_intercepts(uint8_t *vmcb)
{
    vmcb_set_u32(vmcb, VMCB_INTERCEPT_EXC, 1U << VEC_MC);
    vmcb_set_u32(vmcb, VMCB_INTERCEPT_MISC1,
                 SVM_INT_INTR | SVM_INT_NMI | SVM_INT_SMI | SVM_INT_CPUID | SVM_INT_INVD |
                 SVM_INT_HLT | SVM_INT_INVLPGA | SVM_INT_IOIO | SVM_INT_MSR |
                 SVM_INT_TASK_SWITCH | SVM_INT_SHUTDOWN);
    vmcb_set_u32(vmcb, VMCB_INTERCEPT_MISC2,
                 SVM_INT_VMRUN | SVM_INT_VMMCALL | SVM_INT_VMLOAD | SVM_INT_VMSAVE |
                 SVM_INT_STGI | SVM_INT_CLGI | SVM_INT_SKINIT | SVM_INT_RDTSCP |
                 SVM_INT_MONITOR | SVM_INT_MWAIT | SVM_INT_MWAIT_COND | SVM_INT_XSETBV);
}

struct arch_hvm_vcpu *arch_hvm_vcpu_init(mfn_t frames, mfn_t npt_root, uint32_t flush_tag)
{
    struct arch_hvm_vcpu *hv = arch_frame_to_virt(frames + 1);
    struct arch_hvm_state st;
    uint8_t *vmcb = arch_frame_to_virt(frames);

    (void)flush_tag;   /* every guest flush bumps one generation (tlb.c) */
    mem_set(hv, 0, sizeof(*hv));
    mem_set(vmcb, 0, PAGE_SIZE);
    hv->vmcb = vmcb;
    hv->vmcb_pa = (paddr_t)frames << PAGE_SHIFT;
    set_intercepts(vmcb);
    vmcb_set_u64(vmcb, VMCB_IOPM_BASE, image_pa(iopm));
    vmcb_set_u64(vmcb, VMCB_MSRPM_BASE, image_pa(msrpm));
    vmcb_set_u32(vmcb, VMCB_INT_CTL, SVM_V_INTR_MASKING);
    vmcb_set_u64(vmcb, VMCB_NP_ENABLE, 1);
    vmcb_set_u64(vmcb, VMCB_N_CR3, (uint64_t)npt_root << PAGE_SHIFT);
    reset_state(&st);
    arch_hvm_set_state(hv, &st);
    vmcb_set_u64(vmcb, VMCB_RFLAGS, 2);
    vmcb_set_u64(vmcb, VMCB_RIP, 0xfff0);
    return hv;
}

void arch_hvm_get_state(const struct arch_hvm_vcpu *hv, struct arch_hvm_state *st)
{
    const uint8_t *v = hv->vmcb;

    st->cr0 = vmcb_u64(v, VMCB_CR0);
    st->cr2 = vmcb_u64(v, VMCB_CR2);
    st->cr3 = vmcb_u64(v, VMCB_CR3);
    st->cr4 = vmcb_u64(v, VMCB_CR4);
    st->efer = vmcb_u64(v, VMCB_EFER) & ~EFER_SVME;
    st->dr6 = vmcb_u64(v, VMCB_DR6);
    st->dr7 = vmcb_u64(v, VMCB_DR7);
    st->pat = vmcb_u64(v, VMCB_G_PAT);
    st->star = vmcb_u64(v, VMCB_STAR);
    st->lstar = vmcb_u64(v, VMCB_LSTAR);
    st->cstar = vmcb_u64(v, VMCB_CSTAR);
    st->sfmask = vmcb_u64(v, VMCB_SFMASK);
    st->kernel_gs_base = vmcb_u64(v, VMCB_KERNEL_GS_BASE);
    st->sysenter_cs = vmcb_u64(v, VMCB_SYSENTER_CS);
    st->sysenter_esp = vmcb_u64(v, VMCB_SYSENTER_ESP);
    st->sysenter_eip = vmcb_u64(v, VMCB_SYSENTER_EIP);
    for (unsigned int i = 0; i < HVM_SEG_COUNT; i++)
        get_seg(v, (enum arch_hvm_seg_id)i, &st->seg[i]);
    st->cpl = v[VMCB_CPL];
}

void arch_hvm_set_state(struct arch_hvm_vcpu *hv, const struct arch_hvm_state *st)
{
    uint8_t *v = hv->vmcb;

    vmcb_set_u64(v, VMCB_CR0, st->cr0);
    vmcb_set_u64(v, VMCB_CR2, st->cr2);
    vmcb_set_u64(v, VMCB_CR3, st->cr3);
    vmcb_set_u64(v, VMCB_CR4, st->cr4);
    vmcb_set_u64(v, VMCB_EFER, st->efer | EFER_SVME);   /* VMRUN requires it */
    vmcb_set_u64(v, VMCB_DR6, st->dr6);
    vmcb_set_u64(v, VMCB_DR7, st->dr7);
    vmcb_set_u64(v, VMCB_G_PAT, st->pat);
    vmcb_set_u64(v, VMCB_STAR, st->star);
    vmcb_set_u64(v, VMCB_LSTAR, st->lstar);
    vmcb_set_u64(v, VMCB_CSTAR, st->cstar);
    vmcb_set_u64(v, VMCB_SFMASK, st->sfmask);
    vmcb_set_u64(v, VMCB_KERNEL_GS_BASE, st->kernel_gs_base);
    vmcb_set_u64(v, VMCB_SYSENTER_CS, st->sysenter_cs);
    vmcb_set_u64(v, VMCB_SYSENTER_ESP, st->sysenter_esp);
    vmcb_set_u64(v, VMCB_SYSENTER_EIP, st->sysenter_eip);
    for (unsigned int i = 0; i < HVM_SEG_COUNT; i++)
        set_seg(v, (enum arch_hvm_seg_id)i, &st->seg[i]);
    v[VMCB_CPL] = st->cpl;
}

/* --- Entry ------------------------------------------------------------------- */

/* Give hv an ASID valid on this CPU; true if the TLB must be flushed. */
static bool assign_asid(struct arch_hvm_vcpu *hv, struct svm_cpu *sc, unsigned int cpu)
{
    bool flush = false;
    uint64_t gen = tlb_guest_generation();

    if (hv->asid_cpu != cpu || hv->asid_generation != sc->generation) {
        if (sc->next_asid >= sc->nr_asids) {
            sc->generation++;
            sc->next_asid = 1;
        }
        hv->asid = sc->next_asid++;
        hv->asid_cpu = cpu;
        hv->asid_generation = sc->generation;
        /* No flush-by-ASID: the new ASID may hold a former owner's entries. */
        flush = true;
    }
    if (hv->tlb_generation != gen) {
        hv->tlb_generation = gen;
        flush = true;
    }
    return flush;
}

static uint8_t io_size(uint64_t info)
{
    if (info & SVM_IOIO_SZ32)
        return 4;
    return (info & SVM_IOIO_SZ16) ? 2 : 1;
}

static void decode_io(uint64_t info, uint64_t info2, struct arch_hvm_exit *e)
{
    e->reason = HVM_EXIT_IO;
    e->io.port = (uint16_t)(info >> SVM_IOIO_PORT_SHIFT);
    e->io.size = io_size(info);
    e->io.in = (info & SVM_IOIO_IN) != 0;
    e->io.string = (info & SVM_IOIO_STR) != 0;
    e->io.rep = (info & SVM_IOIO_REP) != 0;
    e->io.addr_size = (info & SVM_IOIO_A16) ? 2 : (info & SVM_IOIO_A32) ? 4 : 8;
    e->io.next_rip = info2;
}

static enum arch_hvm_exit_reason simple_reason(uint64_t code)
{
    switch (code) {
    case SVM_EXIT_INTR: return HVM_EXIT_INTR;
    case SVM_EXIT_NMI: return HVM_EXIT_NMI;
    case SVM_EXIT_SMI: return HVM_EXIT_INTR;
    case SVM_EXIT_VINTR: return HVM_EXIT_IRQ_WINDOW;
    case SVM_EXIT_CPUID: return HVM_EXIT_CPUID;
    case SVM_EXIT_HLT: return HVM_EXIT_HLT;
    case SVM_EXIT_PAUSE: return HVM_EXIT_PAUSE;
    case SVM_EXIT_SHUTDOWN: return HVM_EXIT_SHUTDOWN;
    case SVM_EXIT_VMMCALL: return HVM_EXIT_HYPERCALL;
    case SVM_EXIT_INVALID: return HVM_EXIT_INVALID;
    case SVM_EXIT_IRET: return HVM_EXIT_INTERNAL;
    default: break;
    }
    if (code == SVM_EXIT_INVLPGA || code == SVM_EXIT_VMRUN ||
        (code > SVM_EXIT_VMMCALL && code <= SVM_EXIT_SKINIT) || code == SVM_EXIT_RDTSCP ||
        (code >= SVM_EXIT_MONITOR && code <= SVM_EXIT_XSETBV))
        return HVM_EXIT_UD;
    return HVM_EXIT_OTHER;
}

static void decode_exit(const struct arch_hvm_vcpu *hv, const struct cpu_regs *regs,
                        struct arch_hvm_exit *e)
{
    const uint8_t *v = hv->vmcb;
    uint64_t code = vmcb_u64(v, VMCB_EXITCODE);
    uint64_t info1 = vmcb_u64(v, VMCB_EXITINFO1);
    uint64_t info2 = vmcb_u64(v, VMCB_EXITINFO2);

    mem_set(e, 0, sizeof(*e));
    e->raw = code;
    if (code == SVM_EXIT_IOIO) {
        decode_io(info1, info2, e);
    } else if (code == SVM_EXIT_MSR) {
        e->reason = info1 ? HVM_EXIT_MSR_WRITE : HVM_EXIT_MSR_READ;
    } else if (code == SVM_EXIT_NPF) {
        e->reason = HVM_EXIT_NPF;
        e->npf.gpa = info2;
        e->npf.present = (info1 & SVM_NPF_PRESENT) != 0;
        e->npf.write = (info1 & SVM_NPF_WRITE) != 0;
        e->npf.fetch = (info1 & SVM_NPF_FETCH) != 0;
    } else if (code >= SVM_EXIT_EXC_FIRST && code <= SVM_EXIT_EXC_LAST) {
        e->reason = HVM_EXIT_EXCEPTION;
        e->exception.vector = (uint8_t)(code - SVM_EXIT_EXC_FIRST);
        e->exception.error_code = (uint32_t)info1;
    } else {
        e->reason = simple_reason(code);
    }
    (void)regs;
}

/* After an exit: an event whose delivery the exit interrupted goes in
 * again; an interrupt-window request is done once it fired. */
static void set_iret_intercept(uint8_t *v, bool on)
{
    uint32_t misc = vmcb_u32(v, VMCB_INTERCEPT_MISC1);

    vmcb_set_u32(v, VMCB_INTERCEPT_MISC1, on ? misc | SVM_INT_IRET : misc & ~SVM_INT_IRET);
}

/* The IRET of an NMI handler exits before it runs; NMIs are unmasked at
 * the first exit after it, when RIP has moved on. */
static void track_nmi_mask(struct arch_hvm_vcpu *hv, const struct arch_hvm_exit *e,
                           uint64_t rip)
{
    if (hv->iret_seen && rip != hv->iret_rip) {
        hv->nmi_masked = false;
        hv->iret_seen = false;
    }
    if (e->raw == SVM_EXIT_IRET && hv->nmi_masked) {
        set_iret_intercept(hv->vmcb, false);
        hv->iret_seen = true;
        hv->iret_rip = rip;
    }
}

/* An interrupted INT n, INT3 or INTO is not injected again: EVENTINJ
 * would push the VMCB's RIP, which without next-RIP saving is the
 * instruction itself, so the guest re-executes it instead. */
static bool reinject(uint64_t info)
{
    uint64_t type = (info >> SVM_EVT_TYPE_SHIFT) & SVM_EVT_TYPE_MASK;
    uint8_t vector = (uint8_t)info;

    if (!(info & SVM_EVT_VALID) || type == SVM_EVT_TYPE_SOFT)
        return false;
    return !(type == SVM_EVT_TYPE_EXC && (vector == 3 || vector == 4));
}

static void after_exit(struct arch_hvm_vcpu *hv, const struct arch_hvm_exit *e, uint64_t rip)
{
    uint8_t *v = hv->vmcb;
    uint64_t pending = vmcb_u64(v, VMCB_EXITINTINFO);

    track_nmi_mask(hv, e, rip);
    vmcb_set_u64(v, VMCB_EVENTINJ, reinject(pending) ? pending : 0);
    v[VMCB_TLB_CONTROL] = 0;
    if (e->reason == HVM_EXIT_IRQ_WINDOW)
        arch_hvm_irq_window(hv, false);
}

void arch_hvm_run(struct arch_hvm_vcpu *hv, struct cpu_regs *regs, struct arch_hvm_exit *exit)
{
    unsigned int cpu = arch_cpu_id();
    struct svm_cpu *sc = &cpus[cpu];
    uint8_t *v = hv->vmcb;

    if (!sc->ready)
        (void)svm_cpu_enable();   /* arch_hvm_available passed on the BSP */
    if (assign_asid(hv, sc, cpu))
        v[VMCB_TLB_CONTROL] = TLB_CONTROL_FLUSH_ALL;
    vmcb_set_u32(v, VMCB_ASID, hv->asid);
    vmcb_set_u32(v, VMCB_CLEAN, 0);
    vmcb_set_u64(v, VMCB_RAX, regs->rax);
    vmcb_set_u64(v, VMCB_RSP, regs->rsp);
    vmcb_set_u64(v, VMCB_RIP, regs->rip);
    vmcb_set_u64(v, VMCB_RFLAGS, regs->rflags);
    svm_vmrun(hv->vmcb_pa, regs, image_pa(host_vmcb[cpu]));
    regs->rax = vmcb_u64(v, VMCB_RAX);
    regs->rsp = vmcb_u64(v, VMCB_RSP);
    regs->rip = vmcb_u64(v, VMCB_RIP);
    regs->rflags = vmcb_u64(v, VMCB_RFLAGS);
    decode_exit(hv, regs, exit);
    after_exit(hv, exit, regs->rip);
    if (exit->reason == HVM_EXIT_INTR || exit->reason == HVM_EXIT_NMI)
        __asm__ volatile("sti; nop; cli" : : : "memory");   /* take it now */
}

/* --- Events ------------------------------------------------------------------ */

void arch_hvm_inject(struct arch_hvm_vcpu *hv, enum arch_hvm_event type, uint8_t vector,
                     bool has_error, uint32_t error_code)
{
    uint64_t t = type == HVM_EVENT_NMI         ? SVM_EVT_TYPE_NMI
                 : type == HVM_EVENT_EXCEPTION ? SVM_EVT_TYPE_EXC
                                               : SVM_EVT_TYPE_INTR;
    uint64_t ev = vector | (t << SVM_EVT_TYPE_SHIFT) | SVM_EVT_VALID;

    if (has_error)
        ev |= SVM_EVT_ERR_VALID | ((uint64_t)error_code << 32);
    vmcb_set_u64(hv->vmcb, VMCB_EVENTINJ, ev);
    if (type == HVM_EVENT_NMI) {
        hv->nmi_masked = true;
        hv->iret_seen = false;
        set_iret_intercept(hv->vmcb, true);
    }
}

bool arch_hvm_nmi_allowed(const struct arch_hvm_vcpu *hv)
{
    return !hv->nmi_masked && !arch_hvm_event_pending(hv);
}

bool arch_hvm_event_pending(const struct arch_hvm_vcpu *hv)
{
    return (vmcb_u64(hv->vmcb, VMCB_EVENTINJ) & SVM_EVT_VALID) != 0;
}

bool arch_hvm_interruptible(const struct arch_hvm_vcpu *hv, const struct cpu_regs *regs)
{
    return (regs->rflags & RFLAGS_IF) && !(vmcb_u64(hv->vmcb, VMCB_INT_STATE) & 1) &&
           !arch_hvm_event_pending(hv);
}

/* A virtual interrupt (V_IRQ, highest priority, TPR ignored) that is
 * never delivered: the VINTR intercept fires as soon as the guest
 * could take it, and the guest layer injects the real vector then. */
void arch_hvm_irq_window(struct arch_hvm_vcpu *hv, bool on)
{
    uint8_t *v = hv->vmcb;
    uint32_t ctl = vmcb_u32(v, VMCB_INT_CTL);
    uint32_t misc = vmcb_u32(v, VMCB_INTERCEPT_MISC1);
    uint32_t want = SVM_V_IRQ | SVM_V_IGN_TPR | (0xfU << SVM_V_INTR_PRIO_SHIFT);

    if (on) {
        ctl |= want;
        misc |= SVM_INT_VINTR;
    } else {
        ctl &= ~want;
        misc &= ~SVM_INT_VINTR;
    }
    vmcb_set_u32(v, VMCB_INT_CTL, ctl);
    vmcb_set_u32(v, VMCB_INTERCEPT_MISC1, misc);
}
