/* SPDX-License-Identifier: MIT */
/* run.c - the per-CPU guest loop: entries from guests, scheduling, the way back. */
#include "guest/guests.h"
#include "guest/guests_internal.h"
#include "guest/vcpu_state.h"
#include "guest/pv/pv_desc.h"
#include "guest/pv/pv_emul.h"
#include "guest/hvm/hvm_run.h"
#include "core/evtchn.h"
#include "core/sched/time_record.h"
#include "hypercall/hypercall.h"
#include "lib/format.h"
#include "lib/print.h"

#define VEC_UD      6
#define VEC_NM      7
#define VEC_GP      13
#define VEC_PF      14
#define PFEC_USER   (1UL << 2)
#define SYSCALL_LEN 2
#define INT_N_LEN   2
#define OPCODE_INT_N 0xcd
#define REASON_MAX  96

struct cpu_state {
    struct guest_vcpu *current;  /* NULL: idle */
    uint64_t slice_end;          /* ns; reschedule at or after it */
};

static struct cpu_state cpus[SCHED_MAX_CPUS];
static struct time_scale guest_scale;

static struct cpu_state *this_state(void)
{
    return &cpus[arch_cpu_id()];
}

/* --- Timers ---------------------------------------------------------------- */

static void singleshot_fired(struct timer *t, void *data, uint64_t now)
{
    struct guest_vcpu *gv = data;
    struct vcpu *v = gv->vcpu;

    (void)t;
    (void)now;
    spin_lock(&v->domain->lock);
    v->singleshot_deadline_ns = 0;
    spin_unlock(&v->domain->lock);
    gv->armed_deadline = 0;
    (void)evtchn_send_virq(v, VIRQ_TIMER);
}

status_t guest_timer_init(struct guest_vcpu *gv)
{
    /* Timers live on CPU 0's queue: every CPU's loop fires its own
     * queue, and CPU 0 always runs one. */
    return timer_init(&gv->singleshot, singleshot_fired, gv, 0);
}

/* Arm or stop the one-shot timer when the guest changed its deadline. */
static void sync_timer(struct guest_vcpu *gv)
{
    uint64_t deadline = gv->vcpu->singleshot_deadline_ns;

    if (deadline == gv->armed_deadline)
        return;
    gv->armed_deadline = deadline;
    if (deadline == 0)
        timer_stop(&gv->singleshot);
    else
        (void)timer_set(&gv->singleshot, deadline);
}

/* The CPU's timer interrupt at its next event: the slice end or its
 * first timer, whichever comes first. */
static void program_timer(const struct cpu_state *cs, unsigned int cpu)
{
    uint64_t next = timer_next_deadline(cpu);

    arch_timer_program(next < cs->slice_end ? next : cs->slice_end);
}

/* --- Entering a vCPU ---------------------------------------------------------- */

static void update_time(struct vcpu *v, uint64_t now)
{
    time_record_update(&vcpu_info_of(v)->time, arch_read_tsc(), now, &guest_scale);
}

/* Last checks before regs (the CPU's guest frame) goes back to gv. */
static void prepare_entry(struct guest_vcpu *gv, struct cpu_regs *regs, uint64_t now)
{
    struct vcpu *v = gv->vcpu;

    sync_timer(gv);
    update_time(v, now);
    if (v->domain->hvm) {
        arch_load_idle_l4();    /* the backend switches to the nested tables */
        hvm_prepare(gv, regs, now);   /* before program_timer: it may arm a timer */
    } else {
        (void)pv_deliver_events(v, &gv->pv, regs);
        arch_load_guest_l4(v->pv_l4);
    }
    program_timer(this_state(), arch_cpu_id());
}

/* Into the guest: PV by restoring the frame, HVM through its backend. */
static NORETURN void enter(struct guest_vcpu *gv, struct cpu_regs *frame)
{
    if (gv->vcpu->domain->hvm)
        hvm_enter(gv);
    arch_enter_guest(frame);
}

/* A PV vCPU's data selectors go back only if its GDT (loaded first)
 * still has a usable descriptor for them; else the null selector. */
static void load_selectors(struct guest_vcpu *gv)
{
    struct arch_guest_sels s = gv->sels;
    const struct pv_vcpu *pv = &gv->pv;

    s.ds = pv_desc_gs_loadable(pv, s.ds) ? s.ds : 0;
    s.es = pv_desc_gs_loadable(pv, s.es) ? s.es : 0;
    s.fs = pv_desc_gs_loadable(pv, s.fs) ? s.fs : 0;
    s.gs = pv_desc_gs_loadable(pv, s.gs) ? s.gs : 0;
    arch_load_guest_selectors(&s);
}

static void load_vcpu(struct cpu_state *cs, struct guest_vcpu *gv, struct cpu_regs *regs)
{
    /* The CPU it last ran on gives it to the scheduler (or blocks it)
     * before saving it: wait until that CPU's save_vcpu is done. */
    while (__atomic_load_n(&gv->running_on, __ATOMIC_ACQUIRE) != GUEST_NOT_RUNNING)
        ;
    *regs = gv->regs;
    arch_load_guest_gdt(gv->pv.gdt_frames, gv->pv.gdt_nr_frames);
    if (!gv->vcpu->domain->hvm)
        load_selectors(gv);
    arch_fpu_restore(gv->fpu);
    if (gv->pv.fpu_ts)
        arch_fpu_set_ts(true);
    arch_set_guest_bases(gv->pv.fs_base, gv->vcpu->pv_user_mode ? gv->pv.gs_base_user
                                                                : gv->pv.gs_base_kernel);
    gv->running_on = arch_cpu_id();
    cs->current = gv;
}

static void save_vcpu(struct cpu_state *cs, const struct cpu_regs *regs)
{
    struct guest_vcpu *gv = cs->current;

    gv->regs = *regs;
    if (!gv->vcpu->domain->hvm)
        arch_save_guest_selectors(&gv->sels);
    arch_fpu_save(gv->fpu);
    __atomic_store_n(&gv->running_on, GUEST_NOT_RUNNING, __ATOMIC_RELEASE);
    cs->current = NULL;
}

/* Ask the scheduler; returns the vCPU to run next (NULL: idle). */
static struct guest_vcpu *pick(struct cpu_state *cs, unsigned int cpu, uint64_t now)
{
    struct sched_decision d = sched_schedule(cpu, now);

    cs->slice_end = d.slice_ns == SCHED_FOREVER ? UINT64_MAX : now + d.slice_ns;
    return d.unit->is_idle ? NULL : guest_vcpu_of_unit(d.unit);
}

static bool must_reschedule(const struct cpu_state *cs, unsigned int cpu, uint64_t now)
{
    return cs->current == NULL || !vcpu_runnable(cs->current->vcpu) ||
           sched_resched_pending(cpu) || now >= cs->slice_end;
}

static NORETURN void idle_loop(unsigned int cpu)
{
    struct cpu_state *cs = &cpus[cpu];

    arch_load_idle_l4();
    arch_load_guest_gdt(NULL, 0);   /* no frame of a stopped vCPU stays a GDT */
    for (;;) {
        uint64_t now = arch_now_ns();

        (void)timer_fire_expired(cpu, now);
        if (cpu == 0)
            guests_console_input();
        if (sched_resched_pending(cpu) || now >= cs->slice_end) {
            struct guest_vcpu *next = pick(cs, cpu, now);

            if (next != NULL) {
                struct cpu_regs *frame = arch_guest_frame();

                load_vcpu(cs, next, frame);
                prepare_entry(next, frame, now);
                enter(next, frame);
            }
        }
        program_timer(cs, cpu);
        arch_idle_wait();
    }
}

void guest_return_path(struct cpu_regs *regs)
{
    unsigned int cpu = arch_cpu_id();
    struct cpu_state *cs = &cpus[cpu];
    uint64_t now = arch_now_ns();

    guests_console_poll(cs->current->vcpu->domain);
    (void)timer_fire_expired(cpu, now);
    if (cpu == 0)
        guests_console_input();
    if (must_reschedule(cs, cpu, now)) {
        struct guest_vcpu *next = pick(cs, cpu, now);

        if (next != cs->current) {
            if (cs->current != NULL)
                save_vcpu(cs, regs);
            if (next == NULL)
                idle_loop(cpu);
            load_vcpu(cs, next, regs);
        }
    }
    prepare_entry(cs->current, regs, now);
    if (cs->current->vcpu->domain->hvm)
        hvm_enter(cs->current);
}

static void cpu_loop(unsigned int cpu)
{
    cpus[cpu].slice_end = 0;
    idle_loop(cpu);
}

NORETURN void guests_run(void)
{
    (void)time_scale_from_hz(arch_tsc_hz(), &guest_scale);
    arch_start_cpu_loops(cpu_loop);
}

/* --- Entries from a guest ------------------------------------------------------- */

/* The words at the top of the guest stack (return addresses, mostly). */
#define CRASH_STACK_WORDS 6

static void crash_current(struct guest_vcpu *gv, const char *what, const struct cpu_regs *regs)
{
    char reason[REASON_MAX];
    uint64_t stack[CRASH_STACK_WORDS] = { 0 };
    struct vcpu *v = gv->vcpu;

    (void)hypercall_copy_from_guest(v, stack, regs->rsp, sizeof(stack));
    printk("strata: d%u vCPU %u %s mode: vector %lu error %#lx cr2 %#lx rsp %#lx\n"
           "strata:   stack %#lx %#lx %#lx %#lx %#lx %#lx\n",
           v->domain->id, v->id, v->pv_user_mode ? "user" : "kernel", regs->vector,
           regs->error_code, vcpu_info_of(v)->arch.cr2, regs->rsp,
           stack[0], stack[1], stack[2], stack[3], stack[4], stack[5]);
    format(reason, sizeof(reason), "%s at %#lx (vCPU %u)", what, regs->rip, v->id);
    guests_crash(v->domain, reason);
}

static void hypercall(struct guest_vcpu *gv, struct cpu_regs *regs)
{
    struct hypercall_frame f = {
        .op = regs->rax,
        .args = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9 },
    };
    long rc;

    arch_irq_enable();
    rc = hypercall_dispatch(gv->vcpu, &f);
    arch_irq_disable();
    if (f.preempted) {
        /* Re-issue the syscall with the updated arguments. */
        regs->rip -= SYSCALL_LEN;
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

void guest_entry_syscall(struct cpu_regs *regs)
{
    struct guest_vcpu *gv = this_state()->current;
    struct vcpu *v = gv->vcpu;

    if (v->pv_user_mode) {
        if (pv_bounce_syscall(v, &gv->pv, regs) != STATUS_OK)
            crash_current(gv, "syscall from user mode with no callback", regs);
        return;
    }
    if (regs->rax == __HYPERVISOR_iret) {
        if (pv_do_iret(v, &gv->pv, regs) != STATUS_OK)
            crash_current(gv, "bad HYPERVISOR_iret frame", regs);
        return;
    }
    hypercall(gv, regs);
}

/*
 * int $n from the guest raises #GP (our gate for n is not DPL 3) with
 * the IDT bit set and n in the selector-index field: (n << 3) | 2 on
 * hardware (Intel SDM vol. 3 6.13, AMD APM vol. 2 8.4.1). QEMU's TCG
 * reports (n << 4) | 2 in long mode, where that of int $0x40 is the one
 * of int $0x80 on hardware, so n comes from the instruction (CD nn at
 * RIP, read through the vCPU's tables) and the error code must agree
 * with it in either encoding. Forward vector n when the guest allowed it
 * from ring 3; otherwise the #GP goes to the guest with hardware's code.
 */
static bool software_interrupt(struct guest_vcpu *gv, struct cpu_regs *regs)
{
    uint8_t insn[INT_N_LEN];
    uint64_t hw;
    const struct pv_trap *t;

    if ((regs->error_code & 7) != 2 ||
        hypercall_copy_from_guest(gv->vcpu, insn, regs->rip, sizeof(insn)) != STATUS_OK ||
        insn[0] != OPCODE_INT_N)
        return false;
    hw = ((uint64_t)insn[1] << 3) | 2;
    if (regs->error_code != hw && regs->error_code != (((uint64_t)insn[1] << 4) | 2))
        return false;
    regs->error_code = hw;
    t = &gv->pv.traps[insn[1]];
    if (t->address == 0 || (t->flags & PV_TRAP_DPL_MASK) != 3)
        return false;
    regs->rip += INT_N_LEN;
    return pv_inject_trap(gv->vcpu, &gv->pv, regs, insn[1], false, 0) == STATUS_OK;
}

/* #NM: the real CR0.TS is set only while the vCPU's virtual TS is, so
 * the guest gets the #NM and, as on Xen, its TS is cleared on the way;
 * with the virtual TS clear (a stale real TS) the instruction just runs
 * again. Either way the real TS is cleared. */
static bool fpu_not_available(struct guest_vcpu *gv)
{
    bool guests = gv->pv.fpu_ts;

    arch_fpu_set_ts(false);
    gv->pv.fpu_ts = false;
    return !guests;
}

static bool emulate(struct guest_vcpu *gv, struct cpu_regs *regs)
{
    enum pv_emul_result r = PV_EMUL_NOT_MINE;

    if (regs->vector == VEC_NM)
        return fpu_not_available(gv);
    if (regs->vector == VEC_GP && regs->error_code == 0)
        r = pv_emulate_privileged(gv->vcpu, &gv->pv, regs);
    else if (regs->vector == VEC_UD)
        r = pv_emulate_forced_cpuid(gv->vcpu, regs);
    else if (regs->vector == VEC_PF)
        r = pv_emulate_pt_write(gv->vcpu, &gv->pv, regs, arch_read_cr2(), regs->error_code);
    if (r == PV_EMUL_INJECT_GP)
        regs->error_code = 0;
    return r == PV_EMUL_DONE;
}

void guest_entry_exception(struct cpu_regs *regs)
{
    struct guest_vcpu *gv = this_state()->current;
    struct vcpu *v = gv->vcpu;
    unsigned int vector = (unsigned int)regs->vector;
    uint64_t error = regs->error_code;

    if (vector == VEC_PF) {
        vcpu_info_of(v)->arch.cr2 = arch_read_cr2();
        /* The kernel runs in ring 3, but must see its faults as its own. */
        if (!v->pv_user_mode)
            error &= ~PFEC_USER;
    }
    if (emulate(gv, regs))
        return;
    if (vector == VEC_GP && software_interrupt(gv, regs))
        return;
    if (pv_inject_trap(v, &gv->pv, regs, vector, pv_vector_has_error(vector),
                       vector == VEC_GP ? regs->error_code : error) != STATUS_OK)
        crash_current(gv, vector == VEC_PF ? "page fault with no handler"
                                           : "exception with no handler", regs);
}
