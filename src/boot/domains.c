/* SPDX-License-Identifier: MIT */
/* domains.c - dom0less start-up: one PV domain per boot module (docs/boot.md). */
#include "boot/domains.h"
#include "boot/boot_config.h"
#include "boot/memory.h"
#include "arch/x86/exit_code.h"
#include "core/evtchn.h"
#include "core/mm_port.h"
#include "core/sched/sched.h"
#include "core/sched/timer.h"
#include "guest/guests.h"
#include "guest/hvm/hvm.h"
#include "guest/hvm/hvm_build.h"
#include "guest/pv/pv_build.h"
#include "guest/pv/pv_mm.h"
#include "guest/pv/pv_shared_info.h"
#include "lib/format.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/m2p.h"
#include "mm/page_alloc.h"

#define DOMAINS_ERR_MAX        160
#define DOMAINS_EVTCHN_PORTS   1024U    /* as a Xen domU by default */
#define DOMAINS_RFLAGS_IF      0x200ULL /* events are masked in vcpu_info instead */
#define NO_MODULE              (-1)

STATIC_ASSERT(BOOT_CFG_MAX_VCPUS <= DOMAIN_MAX_VCPUS, "vcpus= within the domain's");
STATIC_ASSERT(BOOT_CFG_NAME_MAX <= GUEST_NAME_MAX, "name= fits the guest table");
STATIC_ASSERT(BOOT_MODULES_MAX < DOMAIN_TABLE_SIZE, "a domain ID per module");
STATIC_ASSERT(DOMAINS_EVTCHN_PORTS <= EVTCHN_MAX_PORTS, "ports within the 2-level ABI");

/* One requested domain: a domain module and its optional ramdisk. */
struct boot_domain {
    domid_t id;
    unsigned int module;
    int ramdisk;                         /* module index or NO_MODULE */
    struct boot_domain_spec spec;
    bool bad;                            /* refused: err says why */
    struct domain *unstarted;            /* registered, vCPU 0 did not start */
    struct pv_shared_frame shared;       /* its shared_info frame */
    char err[DOMAINS_ERR_MAX];
};

static struct boot_domain requests[BOOT_MODULES_MAX];
static unsigned int nr_requests;
static unsigned int nr_refused;          /* requested but not running */

static void refuse(struct boot_domain *r, const char *why)
{
    if (!r->bad)
        str_copy(r->err, why, sizeof(r->err));
    r->bad = true;
}

/* Module i is the ramdisk of the domain module before it. */
static void attach_ramdisk(unsigned int i, status_t rc, const char *err)
{
    struct boot_domain *r = &requests[nr_requests - 1];
    char why[DOMAINS_ERR_MAX];

    if (rc != STATUS_OK) {
        refuse(r, err);
    } else if (r->ramdisk != NO_MODULE) {
        format(why, sizeof(why), "a second ramdisk (module %u)", i);
        refuse(r, why);
    } else {
        r->ramdisk = (int)i;
    }
}

/* Decode every module's command line into requests[]. */
static void plan(const struct boot_info *bi)
{
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        struct boot_domain_spec spec;
        char err[DOMAINS_ERR_MAX] = "";
        status_t rc = boot_config_parse_module(bi->modules[i].name, &spec, err, sizeof(err));
        struct boot_domain *r;

        if (spec.ramdisk && nr_requests == 0) {
            printk("strata: module %u (%s): a ramdisk with no domain module before it\n",
                   i, spec.name);
            nr_refused++;
            continue;
        }
        if (spec.ramdisk) {
            attach_ramdisk(i, rc, err);
            continue;
        }
        r = &requests[nr_requests++];
        mem_set(r, 0, sizeof(*r));
        r->id = (domid_t)nr_requests;
        r->module = i;
        r->ramdisk = NO_MODULE;
        r->spec = spec;
        if (rc != STATUS_OK)
            refuse(r, err);
    }
}

/* A module's bytes through the direct map (the frames are still reserved). */
static const uint8_t *module_bytes(const struct boot_module *m, size_t *len)
{
    *len = m->end > m->start ? (size_t)(m->end - m->start) : 0;
    return (const uint8_t *)arch_frame_to_virt(m->start >> PAGE_SHIFT) +
           (m->start & (PAGE_SIZE - 1));
}

static status_t make_domain(struct boot_domain *r, mfn_t *shared, struct domain **d,
                            char *err, size_t errlen)
{
    uint64_t nr_pages = r->spec.mem_bytes >> PAGE_SHIFT;
    struct domain_config cfg = {
        .limits = { .max_pages = nr_pages + DOMAIN_MAX_GRANT_FRAMES, .max_vcpus = r->spec.vcpus,
                    .max_evtchn_ports = DOMAINS_EVTCHN_PORTS,
                    .max_grant_frames = DOMAIN_MAX_GRANT_FRAMES },
        .nr_vcpus = r->spec.vcpus,
        .hvm = r->spec.hvm,
    };
    uint64_t free = page_alloc_free_count();
    status_t rc;

    if (nr_pages >= free) {
        format(err, errlen, "mem=%luM larger than free memory (%lu MiB free)",
               (unsigned long)(r->spec.mem_bytes >> 20),
               (unsigned long)(free >> (20 - PAGE_SHIFT)));
        return STATUS_ENOMEM;
    }
    /* The guest maps it writable: the domain's frame, not Xen's. */
    if (pv_shared_info_alloc(&r->shared, r->id) != STATUS_OK) {
        format(err, errlen, "no frame for shared_info");
        return STATUS_ENOMEM;
    }
    *shared = r->shared.mfn;
    cfg.shared_info = arch_frame_to_virt(*shared);
    rc = domain_create(r->id, &cfg, d);
    if (rc != STATUS_OK) {
        (void)pv_shared_info_free(&r->shared);
        format(err, errlen, "domain_create: %s", status_name(rc));
    }
    return rc;
}

/* Undo a successful pv_build: page-table references and pins, then
 * every frame d owns (the builder took them one at a time) except
 * shared_info, which destroy() releases. */
static void release_built(struct domain *d, mfn_t shared)
{
    pv_mm_teardown(d);
    for (mfn_t m = 0; m < frame_table_size(); m++) {
        if (frame_owner(m) != d->id || m == shared)
            continue;
        (void)m2p_set(m, d->id, INVALID_GFN);
        (void)page_free_domain_frames(&d->mm.account, m, 0);
    }
}

static void destroy(struct boot_domain *r, struct domain *d)
{
    (void)domain_destroy(d);
    (void)pv_shared_info_free(&r->shared);
}

static status_t build(const struct boot_info *bi, const struct boot_domain *r,
                      struct domain *d, struct pv_build_result *res, char *err,
                      size_t errlen)
{
    struct pv_build_request rq = {
        .cmdline = r->spec.guest_cmdline,
        .nr_pages = r->spec.mem_bytes >> PAGE_SHIFT,
    };

    rq.image = module_bytes(&bi->modules[r->module], &rq.image_len);
    if (r->ramdisk != NO_MODULE)
        rq.ramdisk = module_bytes(&bi->modules[r->ramdisk], &rq.ramdisk_len);
    return pv_build(d, &rq, res, err, errlen);
}

static void fill_params(const struct boot_domain *r, const struct pv_build_result *res,
                        struct guest_params *p)
{
    mem_set(p, 0, sizeof(*p));
    str_copy(p->name, r->spec.name, sizeof(p->name));
    p->weight = r->spec.weight;
    p->cap = r->spec.cap;
    p->budget_ns = r->spec.budget_us * 1000;
    p->period_ns = r->spec.period_us * 1000;
    p->console_mfn = res->console_mfn;
    p->console_port = res->console_port;
}

/* vCPU 0 as Xen starts a PV kernel: entry, boot stack, RSI = start_info,
 * CR3 = the pinned L4, flat ring-3 selectors; every vCPU's events masked. */
static void initial_regs(const struct pv_build_result *res, struct cpu_regs *regs)
{
    mem_set(regs, 0, sizeof(*regs));
    regs->rip = res->entry;
    regs->rsp = res->stack_top;
    regs->rsi = res->start_info_va;
    regs->cs = ARCH_GUEST_CS64;
    regs->ss = ARCH_GUEST_DS;
    regs->rflags = DOMAINS_RFLAGS_IF;
}

static void mask_events(struct domain *d)
{
    for (uint32_t i = 0; i < d->nr_vcpus; i++)
        vcpu_info_of(&d->vcpus[i])->evtchn_upcall_mask = 1;
}

/* Hand a built d to the guest layer and start vCPU 0. Only the last
 * step can fail after d is registered: guests.c has no way to
 * unregister, so d is crashed once every domain is created (crashing it
 * now could end the run before the others exist). */
static status_t start(struct boot_domain *r, struct domain *d,
                      const struct pv_build_result *res, char *err, size_t errlen)
{
    struct guest_params params;
    struct cpu_regs regs;
    status_t rc = pv_mm_set_kernel_base(&d->vcpus[0], res->l4_mfn);

    if (rc == STATUS_OK) {
        fill_params(r, res, &params);
        rc = guests_add_domain(d, &params);
    }
    if (rc != STATUS_OK) {
        format(err, errlen, "cannot register the domain: %s", status_name(rc));
        return rc;
    }
    mask_events(d);
    initial_regs(res, &regs);
    rc = guests_start_vcpu(&d->vcpus[0], &regs);
    if (rc != STATUS_OK)
        r->unstarted = d;
    return STATUS_OK;
}

/* An HVM domain: nested paging and the platform first (so the P2M the
 * builder fills is mirrored as it grows), then the bzImage, then vCPU 0
 * at the 64-bit entry; the other vCPUs wait for INIT/SIPI. */
static status_t create_hvm(const struct boot_info *bi, struct boot_domain *r, struct domain *d,
                           mfn_t shared, char *err, size_t errlen)
{
    struct hvm_build_request rq = {
        .cmdline = r->spec.guest_cmdline,
        .nr_pages = r->spec.mem_bytes >> PAGE_SHIFT,
        .nr_vcpus = r->spec.vcpus,
    };
    struct hvm_build_result res;
    struct pv_build_result none = { .console_mfn = INVALID_MFN };
    struct guest_params params;
    struct arch_hvm_state st;
    struct cpu_regs regs;
    status_t rc = hvm_domain_init(d, err, errlen);

    if (rc != STATUS_OK) {
        destroy(r, d);
        return rc;
    }
    rq.kernel = module_bytes(&bi->modules[r->module], &rq.kernel_len);
    if (r->ramdisk != NO_MODULE)
        rq.ramdisk = module_bytes(&bi->modules[r->ramdisk], &rq.ramdisk_len);
    rc = hvm_build(d, &rq, &res, err, errlen);   /* releases all it took on an error */
    if (rc == STATUS_OK) {
        fill_params(r, &none, &params);
        hvm_guest_params(&params);
        rc = guests_add_domain(d, &params);
        if (rc != STATUS_OK) {
            format(err, errlen, "cannot register the domain: %s", status_name(rc));
            release_built(d, shared);
        }
    }
    if (rc != STATUS_OK) {
        hvm_domain_destroy(d);
        destroy(r, d);
        return rc;
    }
    hvm_state_from_build(&res.vcpu0, &st, &regs);
    if (hvm_vcpu_start(&d->vcpus[0], &st, &regs) != STATUS_OK)
        r->unstarted = d;
    printk("strata: d%u (%s) created: HVM, %lu MiB, %u vCPU(s), entry %#lx\n", r->id,
           r->spec.name, (unsigned long)(r->spec.mem_bytes >> 20), r->spec.vcpus,
           (unsigned long)res.vcpu0.rip);
    return STATUS_OK;
}

static status_t create_one(const struct boot_info *bi, struct boot_domain *r,
                           char *err, size_t errlen)
{
    struct pv_build_result res;
    struct domain *d;
    mfn_t shared;
    status_t rc = make_domain(r, &shared, &d, err, errlen);

    if (rc != STATUS_OK)
        return rc;
    if (r->spec.hvm)
        return create_hvm(bi, r, d, shared, err, errlen);
    rc = build(bi, r, d, &res, err, errlen);
    if (rc != STATUS_OK) {
        destroy(r, d);
        return rc;
    }
    rc = start(r, d, &res, err, errlen);
    if (rc != STATUS_OK) {
        release_built(d, shared);
        destroy(r, d);
        return rc;
    }
    printk("strata: d%u (%s) created: %lu MiB, %u vCPU(s), entry %#lx\n", r->id,
           r->spec.name, (unsigned long)(r->spec.mem_bytes >> 20), r->spec.vcpus,
           (unsigned long)res.entry);
    return STATUS_OK;
}

/* Create every request that decoded; print one line for each refused. */
static unsigned int create_all(const struct boot_info *bi)
{
    unsigned int started = 0;

    for (unsigned int i = 0; i < nr_requests; i++) {
        struct boot_domain *r = &requests[i];

        if (!r->bad && create_one(bi, r, r->err, sizeof(r->err)) == STATUS_OK) {
            started++;
            continue;
        }
        printk("strata: d%u (%s): %s\n", r->id, r->spec.name, r->err);
        nr_refused++;
    }
    return started;
}

/* Registered domains whose vCPU 0 did not start end as crashed. */
static void crash_unstarted(void)
{
    for (unsigned int i = 0; i < nr_requests; i++)
        if (requests[i].unstarted != NULL)
            guests_crash(requests[i].unstarted, "vCPU 0 could not start");
}

/* The guests have built copies: the module frames go to the allocator. */
static void release_modules(const struct boot_info *bi)
{
    uint64_t frames = 0;

    for (unsigned int i = 0; i < bi->nr_modules; i++)
        frames += boot_memory_release_module(i);
    printk("Boot modules: %lu frames given back to the allocator\n", (unsigned long)frames);
}

static void on_end(bool all_poweroff)
{
    bool ok = all_poweroff && nr_refused == 0;

    printk("strata: all domains ended (%s; %u requested domain(s) not created): %s\n",
           all_poweroff ? "every one powered off" : "not every one powered off",
           nr_refused, ok ? "pass" : "fail");
    arch_shutdown(ok ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

static void init_guests(const char *policy)
{
    status_t rc;

    mm_port_use_mm();
    sched_init();
    timer_subsystem_init();
    rc = guests_init(policy, on_end);
    if (rc != STATUS_OK)
        panic("guests_init(%s): %s", policy, status_name(rc));
}

static NORETURN void no_guests(bool ok)
{
    printk("strata: no guests to start\n");
    arch_shutdown(ok ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

NORETURN void domains_boot(const struct boot_info *bi)
{
    char err[DOMAINS_ERR_MAX];
    const char *policy;
    unsigned int started;

    if (bi->nr_modules == 0) {
        printk("Boot complete: no guest modules; shutting down\n");
        no_guests(true);
    }
    if (boot_config_policy(bi->cmdline, &policy, err, sizeof(err)) != STATUS_OK) {
        printk("strata: %s\n", err);
        no_guests(false);
    }
    plan(bi);
    init_guests(policy);
    started = create_all(bi);
    release_modules(bi);
    crash_unstarted();
    if (started == 0)
        no_guests(false);
    printk("Boot complete: %u domain module(s), scheduler %s\n", nr_requests, policy);
    printk("strata: %u domain(s) started\n", started);
    guests_run();
}
