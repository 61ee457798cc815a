/* SPDX-License-Identifier: MIT */
/* vcpu_state.c - allocate and find the guest layer's per-vCPU state. */
#include "guest/vcpu_state.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

/* Frames a guest_vcpu needs, as an allocation order. */
#define STATE_ORDER 1
STATIC_ASSERT(sizeof(struct guest_vcpu) <= (PAGE_SIZE << STATE_ORDER),
              "guest_vcpu fits its allocation");

static struct guest_vcpu *states[DOMAIN_TABLE_SIZE][DOMAIN_MAX_VCPUS];

status_t guest_vcpu_create(struct vcpu *v, struct guest_vcpu **out)
{
    struct guest_vcpu *gv;
    mfn_t mfn;
    status_t rc;

    if (states[v->domain->id][v->id] != NULL)
        return STATUS_EEXIST;
    rc = page_alloc_frames(STATE_ORDER, &mfn);
    if (rc != STATUS_OK)
        return rc;
    gv = arch_frame_to_virt(mfn);
    mem_set(gv, 0, sizeof(*gv));
    gv->vcpu = v;
    gv->running_on = GUEST_NOT_RUNNING;
    arch_fpu_init_state(gv->fpu);
    pv_vcpu_init(&gv->pv);
    sched_unit_init(&gv->unit, ((uint32_t)v->domain->id << 16) | v->id);
    states[v->domain->id][v->id] = gv;
    *out = gv;
    return STATUS_OK;
}

void guest_vcpu_destroy(struct vcpu *v)
{
    struct guest_vcpu *gv = states[v->domain->id][v->id];

    if (gv == NULL)
        return;
    states[v->domain->id][v->id] = NULL;
    (void)page_free_frames(arch_virt_to_frame(gv), STATE_ORDER);
}

void guest_vcpu_table_reset(void)
{
    mem_set(states, 0, sizeof(states));
}

struct guest_vcpu *guest_vcpu_of(const struct vcpu *v)
{
    return states[v->domain->id][v->id];
}

struct guest_vcpu *guest_vcpu_of_unit(struct sched_unit *u)
{
    return (struct guest_vcpu *)((char *)u - offsetof(struct guest_vcpu, unit));
}
