/* SPDX-License-Identifier: MIT */
/* hvm_fake.c - the host shim's HVM backend: state in memory, exits queued by tests. */
#include "arch/host/hvm_fake.h"

#include <string.h>

#define RFLAGS_IF (1ULL << 9)

struct arch_hvm_vcpu {
    struct arch_hvm_state state;
    struct host_hvm_vcpu_view view;
    struct arch_hvm_exit next_exit;
    struct cpu_regs next_regs;
    bool queued;
};

static const char *unavailable;

_Static_assert(sizeof(struct arch_hvm_vcpu) <= ARCH_HVM_VCPU_FRAMES * PAGE_SIZE,
               "the fake vCPU fits its frames");

struct host_hvm_vcpu_view *host_hvm_view(struct arch_hvm_vcpu *hv)
{
    return &hv->view;
}

void host_hvm_set_unavailable(const char *why)
{
    unavailable = why;
}

bool arch_hvm_available(const char **why)
{
    if (why != NULL)
        *why = unavailable;
    return unavailable == NULL;
}

struct arch_hvm_vcpu *arch_hvm_vcpu_init(mfn_t frames, mfn_t npt_root, uint32_t flush_tag)
{
    struct arch_hvm_vcpu *hv = arch_frame_to_virt(frames);

    memset(hv, 0, sizeof(*hv));
    hv->view.npt_root = npt_root;
    hv->view.flush_tag = flush_tag;
    hv->state.cr0 = 0x60000010ULL;
    hv->state.seg[HVM_SEG_CS] = (struct arch_hvm_seg){ 0xf000, 0x9b, 0xffff, 0xffff0000ULL };
    return hv;
}

void arch_hvm_get_state(const struct arch_hvm_vcpu *hv, struct arch_hvm_state *st)
{
    *st = hv->state;
}

void arch_hvm_set_state(struct arch_hvm_vcpu *hv, const struct arch_hvm_state *st)
{
    hv->state = *st;
}

void host_hvm_queue_exit(struct arch_hvm_vcpu *hv, const struct arch_hvm_exit *e,
                         const struct cpu_regs *regs_at_exit)
{
    hv->next_exit = *e;
    hv->next_regs = *regs_at_exit;
    hv->queued = true;
}

/* The guest "runs": a pending event is delivered, then the queued exit
 * (or a host interrupt when none was queued) ends the run. */
void arch_hvm_run(struct arch_hvm_vcpu *hv, struct cpu_regs *regs, struct arch_hvm_exit *exit)
{
    hv->view.runs++;
    hv->view.event_pending = false;
    if (!hv->queued) {
        memset(exit, 0, sizeof(*exit));
        exit->reason = HVM_EXIT_INTR;
        return;
    }
    *regs = hv->next_regs;
    *exit = hv->next_exit;
    hv->queued = false;
}

void arch_hvm_inject(struct arch_hvm_vcpu *hv, enum arch_hvm_event type, uint8_t vector,
                     bool has_error, uint32_t error_code)
{
    hv->view.event_pending = true;
    hv->view.event_type = type;
    hv->view.event_vector = vector;
    hv->view.event_has_error = has_error;
    hv->view.event_error = error_code;
    if (type == HVM_EVENT_NMI)
        hv->view.nmi_masked = true;
}

bool arch_hvm_nmi_allowed(const struct arch_hvm_vcpu *hv)
{
    return !hv->view.nmi_masked && !hv->view.event_pending;
}

bool arch_hvm_event_pending(const struct arch_hvm_vcpu *hv)
{
    return hv->view.event_pending;
}

bool arch_hvm_interruptible(const struct arch_hvm_vcpu *hv, const struct cpu_regs *regs)
{
    return (regs->rflags & RFLAGS_IF) && !hv->view.interrupt_shadow && !hv->view.event_pending;
}

void arch_hvm_irq_window(struct arch_hvm_vcpu *hv, bool on)
{
    hv->view.irq_window = on;
}
