/* SPDX-License-Identifier: MIT */
/* hvm.c - HVM domains and vCPUs: nested paging, the platform and its hooks, INIT/SIPI. */
#include "guest/hvm/hvm.h"
#include "guest/vcpu_state.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/nested.h"
#include "mm/page_alloc.h"
#include "public/sched.h"

#define RFLAGS_RESERVED 0x2ULL
#define SIPI_CS_ATTR    0x9bU     /* present, code, readable, accessed */

static struct hvm_domain domains[DOMAIN_TABLE_SIZE];

void hvm_table_reset(void)
{
    mem_set(domains, 0, sizeof(domains));
}

struct hvm_domain *hvm_domain_of(const struct domain *d)
{
    struct hvm_domain *hd = &domains[d->id];

    return hd->d == d ? hd : NULL;
}

struct hvm_vcpu *hvm_vcpu_of(const struct vcpu *v)
{
    struct hvm_domain *hd = hvm_domain_of(v->domain);

    return hd == NULL ? NULL : &hd->vcpus[v->id];
}

/* --- Platform hooks (called with hd->lock held) ------------------------------ */

static struct vcpu *target(struct domain *d, uint32_t id)
{
    return domain_vcpu(d, id);
}

/* An interrupt became pending: wake a halted vCPU, and make one that
 * runs on another CPU exit so it is injected. */
static void hook_kick(struct domain *d, uint32_t id)
{
    struct vcpu *v = target(d, id);
    struct guest_vcpu *gv;

    if (v == NULL)
        return;
    vcpu_kick(v);
    gv = guest_vcpu_of(v);
    if (gv != NULL && gv->running_on != GUEST_NOT_RUNNING && gv->running_on != arch_cpu_id())
        arch_kick_cpu(gv->running_on);
}

static void hook_init(struct domain *d, uint32_t id)
{
    struct hvm_domain *hd = hvm_domain_of(d);
    struct vcpu *v = target(d, id);

    if (hd == NULL || v == NULL)
        return;
    if (hd->vcpus[id].arch != NULL && !hd->vcpus[id].wait_sipi) {
        hd->vcpus[id].init_pending = true;
        hook_kick(d, id);
    }
}

void hvm_sipi_state(uint8_t vector, struct arch_hvm_state *st, struct cpu_regs *regs)
{
    mem_set(st, 0, sizeof(*st));
    mem_set(regs, 0, sizeof(*regs));
    st->cr0 = 0x60000010ULL;          /* ET, CD, NW: the reset value */
    st->dr6 = 0xffff0ff0ULL;
    st->dr7 = 0x400ULL;
    st->pat = 0x0007040600070406ULL;
    for (unsigned int i = 0; i < HVM_SEG_COUNT; i++)
        st->seg[i] = (struct arch_hvm_seg){ .sel = 0, .attr = 0x93, .limit = 0xffff };
    st->seg[HVM_SEG_CS] = (struct arch_hvm_seg){ (uint16_t)(vector << 8), SIPI_CS_ATTR, 0xffff,
                                                 (uint64_t)vector << 12 };
    st->seg[HVM_SEG_GDTR].attr = 0;
    st->seg[HVM_SEG_IDTR].attr = 0;
    st->seg[HVM_SEG_LDTR].attr = 0x82;
    st->seg[HVM_SEG_TR].attr = 0x8b;
    regs->rflags = RFLAGS_RESERVED;
}

static struct arch_hvm_seg seg_of(const struct hvm_segment *s)
{
    return (struct arch_hvm_seg){ s->sel, s->attr, s->limit, s->base };
}

void hvm_state_from_build(const struct hvm_initial_state *init, struct arch_hvm_state *st,
                          struct cpu_regs *regs)
{
    hvm_sipi_state(0, st, regs);
    st->cr0 = init->cr0;
    st->cr3 = init->cr3;
    st->cr4 = init->cr4;
    st->efer = init->efer;
    st->seg[HVM_SEG_CS] = seg_of(&init->cs);
    st->seg[HVM_SEG_DS] = seg_of(&init->ds);
    st->seg[HVM_SEG_ES] = st->seg[HVM_SEG_DS];
    st->seg[HVM_SEG_SS] = st->seg[HVM_SEG_DS];
    st->seg[HVM_SEG_FS] = st->seg[HVM_SEG_DS];
    st->seg[HVM_SEG_GS] = st->seg[HVM_SEG_DS];
    st->seg[HVM_SEG_GDTR] = (struct arch_hvm_seg){ 0, 0, init->gdtr_limit, init->gdtr_base };
    st->seg[HVM_SEG_IDTR] = (struct arch_hvm_seg){ 0, 0, 0, 0 };
    st->cpl = (uint8_t)((init->cs.attr >> 5) & 3);
    regs->rip = init->rip;
    regs->rsp = init->rsp;
    regs->rsi = init->rsi;
    regs->rflags = init->rflags | RFLAGS_RESERVED;
}

/* A Startup IPI: the first one starts a vCPU that never ran; one for a
 * vCPU parked by INIT restarts it at its next entry; others are ignored. */
static void hook_sipi(struct domain *d, uint32_t id, uint8_t vector)
{
    struct hvm_domain *hd = hvm_domain_of(d);
    struct vcpu *v = target(d, id);
    struct arch_hvm_state st;
    struct cpu_regs regs;

    if (hd == NULL || v == NULL)
        return;
    if (guest_vcpu_of(v) == NULL) {
        hvm_sipi_state(vector, &st, &regs);
        if (hvm_vcpu_start(v, &st, &regs) != STATUS_OK)
            hvm_crash_domain(d, "an AP could not start (out of memory)");
        return;
    }
    if (hd->vcpus[id].wait_sipi) {
        hd->vcpus[id].sipi_vector = vector;
        hd->vcpus[id].wait_sipi = false;
        vcpu_kick(v);
    }
}

static void hook_reset(struct domain *d)
{
    /* Strata has no warm reset: the domain ends as if it rebooted. */
    (void)domain_shutdown(d, SHUTDOWN_reboot);
}

/* ACPI S5 (the DSDT's _S5, then SLP_EN): as PV's SCHEDOP_shutdown poweroff. */
static void hook_poweroff(struct domain *d)
{
    (void)domain_shutdown(d, SHUTDOWN_poweroff);
}

static void hook_console(struct domain *d, const char *buf, size_t len)
{
    char chunk[64];

    while (len > 0) {
        size_t n = len < sizeof(chunk) ? len : sizeof(chunk);

        mem_copy(chunk, buf, n);
        console_guest_output(d, chunk, n);
        buf += n;
        len -= n;
    }
}

static const struct hvm_platform_hooks platform_hooks = {
    .kick = hook_kick,
    .init_ipi = hook_init,
    .startup_ipi = hook_sipi,
    .reset = hook_reset,
    .console_out = hook_console,
    .poweroff = hook_poweroff,
};

/* --- The platform's timers ----------------------------------------------------- */

static void platform_timer_fired(struct timer *t, void *data, uint64_t now)
{
    struct hvm_domain *hd = data;
    uint64_t next;

    (void)t;
    spin_lock(&hd->lock);
    next = hvm_platform_advance(hd->platform, now);
    spin_unlock(&hd->lock);
    if (next != 0)
        (void)timer_set(&hd->timer, next);
}

void hvm_console_input(struct domain *d, const char *buf, size_t n)
{
    struct hvm_domain *hd = hvm_domain_of(d);

    if (hd == NULL)
        return;
    spin_lock(&hd->lock);
    for (size_t i = 0; i < n; i++)
        hvm_platform_uart_input(hd->platform, (uint8_t)buf[i]);
    spin_unlock(&hd->lock);
}

void hvm_guest_params(struct guest_params *p)
{
    p->console_input = hvm_console_input;
}

/* --- Domains and vCPUs ----------------------------------------------------------- */

status_t hvm_domain_init(struct domain *d, char *err, size_t errlen)
{
    struct hvm_domain *hd = &domains[d->id];
    const char *why = NULL;
    status_t rc;

    if (!d->hvm || hd->d != NULL) {
        format(err, errlen, "not a new HVM domain");
        return STATUS_EINVAL;
    }
    if (!arch_hvm_available(&why)) {
        format(err, errlen, "no HVM support: %s", why);
        return STATUS_ENODEV;
    }
    mem_set(hd, 0, sizeof(*hd));
    spin_lock_init(&hd->lock);
    rc = nested_enable(&d->mm, NESTED_NPT, d->id);
    if (rc != STATUS_OK) {
        format(err, errlen, "nested page table: %s", status_name(rc));
        return rc;
    }
    rc = hvm_platform_create(d, d->nr_vcpus, &platform_hooks, &hd->platform);
    if (rc == STATUS_OK)
        rc = timer_init(&hd->timer, platform_timer_fired, hd, 0);
    if (rc != STATUS_OK) {
        if (hd->platform != NULL)
            hvm_platform_destroy(hd->platform);
        nested_disable(&d->mm);
        format(err, errlen, "platform: %s", status_name(rc));
        return rc;
    }
    hd->timer_ready = true;
    for (uint32_t i = 0; i < DOMAIN_MAX_VCPUS; i++) {
        hd->vcpus[i].vcpu = i < d->nr_vcpus ? &d->vcpus[i] : NULL;
        hd->vcpus[i].sipi_vector = -1;
    }
    hd->d = d;
    return STATUS_OK;
}

void hvm_domain_destroy(struct domain *d)
{
    struct hvm_domain *hd = hvm_domain_of(d);

    if (hd == NULL)
        return;
    if (hd->timer_ready)
        timer_stop(&hd->timer);
    for (uint32_t i = 0; i < DOMAIN_MAX_VCPUS; i++)
        if (hd->vcpus[i].arch != NULL)
            (void)page_free_frames(hd->vcpus[i].frames, ARCH_HVM_VCPU_ORDER);
    hvm_platform_destroy(hd->platform);
    nested_disable(&d->mm);
    mem_set(hd, 0, sizeof(*hd));
}

status_t hvm_vcpu_create(struct vcpu *v)
{
    struct hvm_vcpu *hv = hvm_vcpu_of(v);
    mfn_t frames;

    if (hv == NULL)
        return STATUS_EINVAL;
    if (hv->arch != NULL)
        return STATUS_OK;
    if (page_alloc_frames(ARCH_HVM_VCPU_ORDER, &frames) != STATUS_OK)
        return STATUS_ENOMEM;
    for (unsigned int i = 0; i < ARCH_HVM_VCPU_FRAMES; i++)
        mem_set(arch_frame_to_virt(frames + i), 0, PAGE_SIZE);
    hv->frames = frames;
    hv->arch = arch_hvm_vcpu_init(frames, nested_root(&v->domain->mm), v->domain->id);
    return STATUS_OK;
}

status_t hvm_vcpu_start(struct vcpu *v, const struct arch_hvm_state *st,
                        const struct cpu_regs *regs)
{
    struct hvm_vcpu *hv = hvm_vcpu_of(v);
    status_t rc = hvm_vcpu_create(v);

    if (rc != STATUS_OK)
        return rc;
    arch_hvm_set_state(hv->arch, st);
    return hvm_start_vcpu_regs(v, regs);
}
