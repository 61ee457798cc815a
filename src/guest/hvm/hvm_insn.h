/* SPDX-License-Identifier: MIT */
/* hvm_insn.h - an HVM guest's instructions: its paging mode, linear-to-physical walks, fetch and lengths. */
#ifndef STRATA_GUEST_HVM_HVM_INSN_H
#define STRATA_GUEST_HVM_HVM_INSN_H

/*
 * SVM on QEMU's TCG reports neither the next RIP nor the instruction
 * bytes of an exit, so Strata reads the instruction at CS:RIP itself:
 * through the guest's own page tables (4-level, PAE or 2-level, or none
 * with paging off), each table and the code read guest-physically
 * through the P2M. Only translation is checked (present bits and the
 * reserved address bits of the entries read); the hardware already
 * executed or faulted on the access being emulated.
 */
#include "arch/hvm_backend.h"
#include "mm/p2m.h"
#include "guest/x86/decode.h"

/* The guest's mode at an exit, from its CR0/CR4/EFER/CS. */
struct hvm_mode {
    bool paging, pae, pse, long_mode;
    bool code64;         /* 64-bit code segment in long mode */
    bool code32;         /* 32-bit default operand/address size */
    uint64_t cr3;
    uint64_t cs_base;
};

void hvm_mode_of(const struct arch_hvm_state *st, struct hvm_mode *m);

/* The guest-physical address of linear address la. -EFAULT: not mapped. */
status_t hvm_linear_to_gpa(struct mm_domain *mm, const struct hvm_mode *m, uint64_t la,
                           uint64_t *gpa);

/* Up to X86_MAX_LEN bytes at CS:rip into buf; *len says how many (fewer
 * when the next page is not mapped). -EFAULT: not even the first one. */
status_t hvm_fetch_insn(struct mm_domain *mm, const struct hvm_mode *m, uint64_t rip,
                        uint8_t *buf, size_t *len);

/* The fixed instructions whose exits Strata completes. */
enum hvm_insn {
    HVM_INSN_CPUID,     /* 0f a2 */
    HVM_INSN_HLT,       /* f4 */
    HVM_INSN_RDMSR,     /* 0f 32 */
    HVM_INSN_WRMSR,     /* 0f 30 */
    HVM_INSN_VMMCALL,   /* 0f 01 d9 */
};

/* The length of the instruction in buf[0..len-1] if it is what (after
 * any legacy prefixes, and a REX prefix in 64-bit code); 0 if the bytes
 * are something else or longer than 15 bytes. */
unsigned int hvm_insn_length(const uint8_t *buf, size_t len, bool code64, enum hvm_insn what);

/* The segment override among the prefixes of buf[0..len-1] (the last
 * one counts), as enum x86_seg; X86_SEG_NONE without one. */
uint8_t hvm_insn_segment(const uint8_t *buf, size_t len);

/* MOV between the accumulator and an absolute address (A0-A3, the
 * "moffs" forms compilers use for constant addresses), which the
 * ModRM decoder does not take: *out as the equivalent MOV_FROM_MEM /
 * MOV_TO_MEM with register RAX. STATUS_EINVAL for anything else,
 * STATUS_EAGAIN if the bytes end first. */
status_t hvm_decode_moffs(const uint8_t *buf, size_t len, bool code64, struct x86_insn *out);

#endif /* STRATA_GUEST_HVM_HVM_INSN_H */
