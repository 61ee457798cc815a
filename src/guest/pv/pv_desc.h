/* SPDX-License-Identifier: MIT */
/* pv_desc.h - a PV guest's own segment descriptors: set_gdt and update_descriptor. */
#ifndef STRATA_GUEST_PV_PV_DESC_H
#define STRATA_GUEST_PV_PV_DESC_H

/*
 * Frames a guest uses as GDT (or LDT) pages take the SEG_DESC frame type,
 * so they are never writable while in use, and every descriptor in them
 * is checked first by Xen's rules for 64-bit PV guests: not present is
 * fine; code and data segments get their DPL raised to 3 (the guest
 * kernel runs in ring 3 and must never own a ring-0 segment); a system
 * descriptor is refused unless its type is 0 (harmless, never loadable).
 * Call gates are refused too: Xen admits them and emulates their use,
 * Strata has no gate emulation. Model: docs/pv-exec.md.
 */
#include "guest/pv/pv_vcpu.h"
#include "hypercall/hypercall.h"

/* Check descriptor desc; on success *fixed is what may be stored. */
bool pv_desc_check(uint64_t desc, uint64_t *fixed);

/* Take a SEG_DESC type reference on d's frame mfn, checking (and fixing
 * up in place) its 512 descriptors the first time. -EINVAL: not d's,
 * another type (a page table, mapped writable), or a bad descriptor;
 * nothing changed then. */
status_t pv_desc_get_frame(struct domain *d, mfn_t mfn);

/* Drop a reference taken by pv_desc_get_frame. */
void pv_desc_put_frame(mfn_t mfn);

/* Make list (the frames of `entries` descriptors, <= 7168) pv's GDT: a
 * SEG_DESC reference on each (-EINVAL, nothing changed, if one is
 * refused); with running_here they are loaded into this CPU before the
 * old frames' references go. */
status_t pv_gdt_install(struct domain *d, struct pv_vcpu *pv, const uint64_t *list,
                        uint32_t entries, bool running_here);

/* set_gdt(frame_list, entries): up to 14 frames, at most 7168 entries. */
long do_set_gdt(struct vcpu *v, struct hypercall_frame *f);

/* update_descriptor(maddr, desc): one checked 8-byte descriptor into a
 * frame of the caller that is a descriptor frame or may be writable. */
long do_update_descriptor(struct vcpu *v, struct hypercall_frame *f);

/* Whether GS may be given selector sel in guest user mode (set_segment_
 * base GS_USER_SEL): null, the flat ring-3 data selector 0xe02b, or a
 * present data or readable code descriptor in pv's GDT. LDT selectors
 * are refused (no LDT is loaded). */
bool pv_desc_gs_loadable(const struct pv_vcpu *pv, uint16_t sel);

/* Release pv's GDT frames (vCPU teardown). */
void pv_gdt_release(struct pv_vcpu *pv);

#endif /* STRATA_GUEST_PV_PV_DESC_H */
