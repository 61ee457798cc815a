/* SPDX-License-Identifier: MIT */
/* hypercall.h - the ABI boundary: dispatch by number, continuations. */
#ifndef STRATA_HYPERCALL_HYPERCALL_H
#define STRATA_HYPERCALL_HYPERCALL_H

/*
 * The guest layer (L5) turns a trapped hypercall into a frame: the number
 * from RAX and six arguments (RDI RSI RDX R10 R8 R9), calls
 * hypercall_dispatch and puts the result in RAX. A handler that must stop
 * part-way (a long batch, a preemption request) records its progress in
 * the frame's arguments, exactly where the guest can see it, and sets
 * preempted: the guest layer then leaves RIP on the hypercall instruction
 * and RAX = op, so the guest re-issues the call with the new arguments and
 * work resumes where it stopped (Xen's hypercall_create_continuation).
 * Each handler decodes (validates, changes nothing on failure) before it
 * invokes. Model: spec/hypercall.md.
 */
#include "core/domain.h"
#include "public/xen.h"

#define HYPERCALL_NR_ARGS 6
/* Entries of a batch done before a continuation is forced. */
#define HYPERCALL_BATCH_BUDGET 128U

struct hypercall_frame {
    uint64_t op;                          /* IN: hypercall number */
    uint64_t args[HYPERCALL_NR_ARGS];     /* IN, rewritten by a continuation */
    bool preempted;                       /* OUT: re-issue op with args */
};

typedef long (*hypercall_fn)(struct vcpu *v, struct hypercall_frame *f);
typedef bool (*hypercall_preempt_fn)(void);

#include "hypercall_logic.h"

/* Run hypercall f->op for vCPU v; -ENOSYS for a number outside the table
 * or without a handler. Clears f->preempted first. */
/*@
  requires valid_v: VcpuValid(v);
  requires valid_f: \valid(f);
  behavior out_of_range:
    assumes f->op >= XEN_HYPERCALL_COUNT;
    ensures enosys: \result == STATUS_ENOSYS;
  behavior in_range:
    assumes f->op < XEN_HYPERCALL_COUNT;
  complete behaviors;
  disjoint behaviors;
*/
long hypercall_dispatch(struct vcpu *v, struct hypercall_frame *f);

/* The handler of hypercall nr, or NULL; the bound check comes first. */
/*@
  assigns \nothing;
  behavior out_of_range:
    assumes nr >= XEN_HYPERCALL_COUNT;
    ensures none: \result == \null;
  behavior in_range:
    assumes nr < XEN_HYPERCALL_COUNT;
  complete behaviors;
  disjoint behaviors;
*/
hypercall_fn hypercall_lookup(uint64_t nr);

/* Let the guest layer handle hypercall nr (one the core table leaves
 * empty, e.g. mmu_update). -EINVAL out of range, -EEXIST taken. */
/*@
  ensures range: nr >= XEN_HYPERCALL_COUNT ==> \result == STATUS_EINVAL;
*/
status_t hypercall_register(unsigned int nr, hypercall_fn fn);

/* Forget registered handlers (host tests). */
void hypercall_reset_registrations(void);

/* Install what hypercall_preempt_check asks (pending softirq on x86). */
void hypercall_set_preempt_hook(hypercall_preempt_fn fn);

/* True if the running hypercall should stop at the next safe point. */
bool hypercall_preempt_check(void);

/* Record that f must be re-issued with its (updated) arguments; returns
 * the value the interrupted call reports (ignored by the guest layer). */
/*@ requires valid_f: \valid(f); assigns f->preempted;
    ensures preempted: f->preempted == \true; ensures zero: \result == 0; */
long hypercall_continue(struct hypercall_frame *f);

/* Guest memory of v's domain, through mm's guest copy (mm_port for now):
 * -EFAULT unless every byte is accessible guest memory. */
/*@ requires valid_v: \valid_read(v);
    requires valid_dst: \valid((char *)dst + (0 .. len - 1));
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT; */
status_t hypercall_copy_from_guest(struct vcpu *v, void *dst, uint64_t gaddr, size_t len);
/*@ requires valid_v: \valid_read(v);
    requires valid_src: \valid_read((char *)src + (0 .. len - 1));
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT; */
status_t hypercall_copy_to_guest(struct vcpu *v, uint64_t gaddr, const void *src, size_t len);

/* Print n bytes of d's console output (buf is filtered in place): each
 * line prefixed "(d<id>) ", control characters shown as '.'. */
void console_guest_output(struct domain *d, char *buf, size_t n);

/* The handlers (one file each). */
long do_event_channel_op(struct vcpu *v, struct hypercall_frame *f);
long do_grant_table_op(struct vcpu *v, struct hypercall_frame *f);
long do_sched_op(struct vcpu *v, struct hypercall_frame *f);
long do_xen_version(struct vcpu *v, struct hypercall_frame *f);
long do_console_io(struct vcpu *v, struct hypercall_frame *f);
long do_vcpu_op(struct vcpu *v, struct hypercall_frame *f);
long do_memory_op(struct vcpu *v, struct hypercall_frame *f);
long do_multicall(struct vcpu *v, struct hypercall_frame *f);

#endif /* STRATA_HYPERCALL_HYPERCALL_H */
