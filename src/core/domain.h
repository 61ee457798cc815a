/* SPDX-License-Identifier: MIT */
/* domain.h - domains and vCPUs: the table, lifecycle, references, limits. */
#ifndef STRATA_CORE_DOMAIN_H
#define STRATA_CORE_DOMAIN_H

/*
 * A domain lives in a fixed table indexed by its domid (0 ..
 * DOMAIN_TABLE_SIZE - 1). domain_create gives it one reference, its
 * existence; every user that keeps a pointer across a call takes another
 * with domain_get and drops it with domain_put. domain_destroy marks it
 * dying, closes its event channels and grant mappings at once, and drops
 * the existence reference; the slot is freed when the last reference goes.
 * Model and invariants: spec/domain.md.
 */
#include "lib/status.h"
#include "arch/arch.h"
#include "mm/p2m.h"
#include "public/xen.h"

#define DOMAIN_TABLE_SIZE       16
#define DOMAIN_MAX_VCPUS        XEN_LEGACY_MAX_VCPUS
#define DOMAIN_MAX_GRANT_FRAMES 4
/* Guest-physical frames a domain's P2M covers unless its config says. */
#define DOMAIN_DEFAULT_GFN_LIMIT (1ULL << 20)   /* 4 GiB */

enum domain_state {
    DOMAIN_FREE = 0,   /* slot unused */
    DOMAIN_ACTIVE,     /* created; runs unless paused */
    DOMAIN_SHUTDOWN,   /* stopped by the guest; reason recorded */
    DOMAIN_DYING,      /* destroyed; freed when the last reference goes */
};

/* Resource limits fixed at creation. */
struct domain_limits {
    uint64_t max_pages;          /* frames the domain may own */
    uint32_t max_vcpus;          /* <= DOMAIN_MAX_VCPUS */
    uint32_t max_evtchn_ports;   /* ports 1 .. max_evtchn_ports - 1 usable */
    uint32_t max_grant_frames;   /* <= DOMAIN_MAX_GRANT_FRAMES */
};

struct domain;

struct vcpu {
    struct domain *domain;       /* constant after creation */
    uint32_t id;                 /* constant: index in domain->vcpus */
    /* The fields below are protected by domain->lock. */
    bool initialised;            /* has a register context (vCPU 0 at boot) */
    bool online;                 /* VCPUOP_up / down */
    bool blocked;                /* SCHEDOP_block / poll until an event */
    bool yield_requested;        /* SCHEDOP_yield, consumed by the scheduler */
    struct vcpu_info *info;      /* NULL: the shared_info slot */
    mfn_t info_mfn;              /* frame of info, referenced writable */
    uint64_t runstate_area;      /* guest address, 0 if none registered */
    uint64_t singleshot_deadline_ns;  /* 0: stopped */
    uint64_t periodic_period_ns;      /* 0: stopped */
    /* PV: machine frame of the L4 in use; the guest layer keeps it
     * current (guest copies walk it). INVALID_MFN for HVM. */
    mfn_t pv_l4;
    /* PV: the L4 of guest user mode (MMUEXT_NEW_USER_BASEPTR), or
     * INVALID_MFN; the guest layer switches pv_l4 between the two. */
    mfn_t pv_user_l4;
    /* PV: the L4 of guest kernel mode (MMUEXT_NEW_BASEPTR). */
    mfn_t pv_kernel_l4;
    /* PV: the vCPU runs guest user mode (pv_l4 == pv_user_l4 then). */
    bool pv_user_mode;
};

struct domain {
    domid_t id;                  /* constant: index in the table */
    bool privileged;             /* constant: may act on other domains */
    bool hvm;                    /* constant: HVM (P2M) rather than PV */
    struct domain_limits limits; /* constant after creation */
    uint32_t nr_vcpus;           /* constant after creation */
    /* Protected by the table lock (domain.c). */
    enum domain_state state;
    uint32_t refcount;
    /* Protected by lock. */
    spinlock_t lock;             /* vCPU state, pause count, shutdown */
    uint32_t pause_count;
    uint32_t shutdown_reason;    /* SHUTDOWN_*, valid in DOMAIN_SHUTDOWN */
    /* Console output left a line open (console_io; only this domain's
     * vCPUs write it, a torn prefix is only cosmetic). */
    bool console_mid_line;
    /* The page shared with the guest; set at creation, never NULL. */
    struct shared_info *shared_info;
    /* The event-channel lock of this domain; evtchn.c takes it. */
    spinlock_t event_lock;
    /* The grant-table lock of this domain; gnttab.c takes it. */
    spinlock_t grant_lock;
    struct vcpu vcpus[DOMAIN_MAX_VCPUS];
    /* The mm part (P2M, page account); mm owns and locks its fields. */
    struct mm_domain mm;
};

/* What a caller asks domain_create for. */
struct domain_config {
    struct domain_limits limits;
    uint32_t nr_vcpus;           /* 1 .. limits.max_vcpus */
    bool privileged;
    bool hvm;
    struct shared_info *shared_info;  /* the domain's shared page */
    uint64_t gfn_limit;          /* P2M size; 0: DOMAIN_DEFAULT_GFN_LIMIT */
};

/* Callbacks of the layers above (scheduler, guest layer). Any may be NULL. */
struct domain_hooks {
    void (*vcpu_kick)(struct vcpu *v);     /* an event is pending for v */
    void (*vcpu_block)(struct vcpu *v);    /* v went to sleep */
    void (*vcpu_yield)(struct vcpu *v);    /* v gave up its time slice */
    void (*domain_shutdown)(struct domain *d);
};

#include "domain_logic.h"

/* Install the hooks of the layers above (NULL: none). */
/* Writes only this module's private state, which a header cannot name:
 * the contract has no assigns clause, so callers may assume nothing
 * about memory afterwards (WP treats it as assigning everything). */
/*@ requires valid_hooks: hooks == \null || \valid_read(hooks); */
void domain_set_hooks(const struct domain_hooks *hooks);

/* Forget every domain (boot, and between host tests). */
/* Writes only this module's private state, which a header cannot name:
 * the contract has no assigns clause, so callers may assume nothing
 * about memory afterwards (WP treats it as assigning everything). */
/*@ requires no_users: \true; */
void domain_table_reset(void);

/* Create domain id with cfg; on success *out holds it with one reference
 * (its existence) and every vCPU offline except vCPU 0.
 * -EEXIST id in use, -EINVAL bad id or config. */
/*@
  requires valid_cfg: \valid_read(cfg);
  requires valid_out: \valid(out);
  behavior bad_id:
    assumes id >= DOMAIN_TABLE_SIZE;
    ensures einval: \result == STATUS_EINVAL;
  behavior good_id:
    assumes id < DOMAIN_TABLE_SIZE;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL ||
                    \result == STATUS_EEXIST;
    ensures created: \result == STATUS_OK ==> DomainValid(*out) && (*out)->id == id;
  complete behaviors;
  disjoint behaviors;
*/
status_t domain_create(domid_t id, const struct domain_config *cfg, struct domain **out);

/* The live domain id with a new reference, or NULL (no such domain, or
 * dying). The bound check comes first. */
/*@
  behavior out_of_table:
    assumes id >= DOMAIN_TABLE_SIZE;
    ensures none: \result == \null;
  behavior in_table:
    assumes id < DOMAIN_TABLE_SIZE;
    ensures found: \result == \null || (DomainValid(\result) && \result->id == id);
  complete behaviors;
  disjoint behaviors;
*/
struct domain *domain_get(domid_t id);

/* Like domain_get, but also finds a dying domain (teardown paths: event
 * channel peers, grant mappings of a domain being destroyed). */
/*@
  ensures found: \result == \null || (\valid(\result) && \result->id == id);
*/
struct domain *domain_get_even_dying(domid_t id);

/* Take another reference on d (which the caller already holds). */
/*@ requires valid_d: DomainValid(d);
    assigns d->refcount;
    ensures one_more: d->refcount == \old(d->refcount) + 1 || d->refcount == \old(d->refcount); */
void domain_ref(struct domain *d);

/* Drop a reference; the last one of a dying domain frees it. */
/*@ requires valid_d: DomainValid(d);
    */
void domain_put(struct domain *d);

/* Resolve id as seen by caller: DOMID_SELF or caller's own id give
 * caller; another domain needs caller->privileged. The result carries a
 * reference. -ESRCH no such domain, -EPERM not privileged. */
/*@
  requires valid_caller: DomainValid(caller);
  requires valid_out: \valid(out);
  ensures found: \result == STATUS_OK ==> DomainValid(*out);
  ensures result: \result == STATUS_OK || \result == STATUS_ESRCH ||
                  \result == STATUS_EPERM;
*/
status_t domain_lookup(struct domain *caller, domid_t id, struct domain **out);

/* Destroy d: mark it dying, close its channels and mappings, drop the
 * existence reference. -EINVAL if it is already dying. */
/*@ requires valid_d: DomainValid(d);
    */
status_t domain_destroy(struct domain *d);

/* Stop/restart every vCPU of d; pauses nest. -EINVAL unpausing a running
 * domain or a pause count overflow. */
/*@ requires valid_d: DomainValid(d);
    assigns d->pause_count, d->lock;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t domain_pause(struct domain *d);
/*@ requires valid_d: DomainValid(d);
    assigns d->pause_count, d->lock;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t domain_unpause(struct domain *d);

/* The guest stopped itself for reason (SHUTDOWN_*): -EINVAL for a reason
 * out of range or a domain already shut down or dying. */
/*@ requires valid_d: DomainValid(d);
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t domain_shutdown(struct domain *d, uint32_t reason);

/* True if vCPU v may run: online, not blocked, domain active, unpaused. */
/*@ requires valid_v: VcpuValid(v);
    assigns \nothing; */
bool vcpu_runnable(const struct vcpu *v);

/* vCPU id of d, or NULL if id >= d->nr_vcpus. */
/*@
  requires valid_d: DomainValid(d);
  assigns \nothing;
  behavior exists:
    assumes id < d->nr_vcpus;
    ensures vcpu: \result == &d->vcpus[id];
  behavior absent:
    assumes id >= d->nr_vcpus;
    ensures none: \result == \null;
  complete behaviors;
  disjoint behaviors;
*/
struct vcpu *domain_vcpu(struct domain *d, uint32_t id);

/* Where v's vcpu_info lives: a registered area or its shared_info slot. */
/*@ requires valid_v: VcpuValid(v);
    assigns \nothing; */
struct vcpu_info *vcpu_info_of(struct vcpu *v);

/* Tell the scheduler/guest layer that v has an event to deliver: wakes a
 * blocked v and calls the kick hook. */
/*@ requires valid_v: VcpuValid(v);
    */
void vcpu_kick(struct vcpu *v);

/* v sleeps until an event (SCHEDOP_block); stays awake if its upcall is
 * already pending. */
/*@ requires valid_v: VcpuValid(v);
    */
void vcpu_block(struct vcpu *v);

/* v gives up its time slice (SCHEDOP_yield). */
/*@ requires valid_v: VcpuValid(v);
    */
void vcpu_yield(struct vcpu *v);


#endif /* STRATA_CORE_DOMAIN_H */
