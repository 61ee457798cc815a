/* SPDX-License-Identifier: MIT */
/* vmcb.h - the AMD SVM virtual machine control block: offsets, intercepts, exit codes. */
#ifndef STRATA_ARCH_X86_SVM_VMCB_H
#define STRATA_ARCH_X86_SVM_VMCB_H

/*
 * Offsets from AMD APM vol. 2, appendix B. The VMCB is one 4 KiB page:
 * the control area below 0x400, the guest state save area from 0x400.
 * Fields are read and written through vmcb_u8/u16/u32/u64 so no packed
 * struct layout has to match the hardware's.
 */
#include "lib/compiler.h"

/* Control area. */
#define VMCB_INTERCEPT_CR       0x000   /* u32: reads 0-15, writes 16-31 */
#define VMCB_INTERCEPT_EXC      0x008   /* u32: one bit per vector */
#define VMCB_INTERCEPT_MISC1    0x00c
#define VMCB_INTERCEPT_MISC2    0x010
#define VMCB_IOPM_BASE          0x040
#define VMCB_MSRPM_BASE         0x048
#define VMCB_TSC_OFFSET         0x050
#define VMCB_ASID               0x058   /* u32 */
#define VMCB_TLB_CONTROL        0x05c   /* u8 */
#define VMCB_INT_CTL            0x060   /* u32: V_TPR, V_IRQ, prio, masking */
#define VMCB_INT_VECTOR         0x064   /* u32 */
#define VMCB_INT_STATE          0x068   /* bit 0: interrupt shadow */
#define VMCB_EXITCODE           0x070
#define VMCB_EXITINFO1          0x078
#define VMCB_EXITINFO2          0x080
#define VMCB_EXITINTINFO        0x088
#define VMCB_NP_ENABLE          0x090
#define VMCB_EVENTINJ           0x0a8
#define VMCB_N_CR3              0x0b0
#define VMCB_CLEAN              0x0c0   /* always 0: nothing is cached */

/* State save area: segments are 16 bytes (sel u16, attr u16, limit
 * u32, base u64) in the order ES CS SS DS FS GS GDTR LDTR IDTR TR. */
#define VMCB_SEG_BASE           0x400
#define VMCB_SEG_SIZE           16
#define VMCB_CPL                0x4cb
#define VMCB_EFER               0x4d0
#define VMCB_CR4                0x548
#define VMCB_CR3                0x550
#define VMCB_CR0                0x558
#define VMCB_DR7                0x560
#define VMCB_DR6                0x568
#define VMCB_RFLAGS             0x570
#define VMCB_RIP                0x578
#define VMCB_RSP                0x5d8
#define VMCB_RAX                0x5f8
#define VMCB_STAR               0x600
#define VMCB_LSTAR              0x608
#define VMCB_CSTAR              0x610
#define VMCB_SFMASK             0x618
#define VMCB_KERNEL_GS_BASE     0x620
#define VMCB_SYSENTER_CS        0x628
#define VMCB_SYSENTER_ESP       0x630
#define VMCB_SYSENTER_EIP       0x638
#define VMCB_CR2                0x640
#define VMCB_G_PAT              0x668

/* MISC1 intercepts. */
#define SVM_INT_INTR            (1U << 0)
#define SVM_INT_NMI             (1U << 1)
#define SVM_INT_SMI             (1U << 2)
#define SVM_INT_VINTR           (1U << 4)
#define SVM_INT_CPUID           (1U << 18)
#define SVM_INT_IRET            (1U << 20)
#define SVM_INT_INVD            (1U << 22)
#define SVM_INT_HLT             (1U << 24)
#define SVM_INT_INVLPGA         (1U << 26)
#define SVM_INT_IOIO            (1U << 27)
#define SVM_INT_MSR             (1U << 28)
#define SVM_INT_TASK_SWITCH     (1U << 29)
#define SVM_INT_SHUTDOWN        (1U << 31)
/* MISC2 intercepts. */
#define SVM_INT_VMRUN           (1U << 0)
#define SVM_INT_VMMCALL         (1U << 1)
#define SVM_INT_VMLOAD          (1U << 2)
#define SVM_INT_VMSAVE          (1U << 3)
#define SVM_INT_STGI            (1U << 4)
#define SVM_INT_CLGI            (1U << 5)
#define SVM_INT_SKINIT          (1U << 6)
#define SVM_INT_RDTSCP          (1U << 7)
#define SVM_INT_MONITOR         (1U << 10)
#define SVM_INT_MWAIT           (1U << 11)
#define SVM_INT_MWAIT_COND      (1U << 12)
#define SVM_INT_XSETBV          (1U << 13)

/* VMCB_INT_CTL. */
#define SVM_V_IRQ               (1U << 8)
#define SVM_V_INTR_PRIO_SHIFT   16
#define SVM_V_IGN_TPR           (1U << 20)
#define SVM_V_INTR_MASKING      (1U << 24)

/* EVENTINJ / EXITINTINFO. */
#define SVM_EVT_VALID           (1ULL << 31)
#define SVM_EVT_ERR_VALID       (1ULL << 11)
#define SVM_EVT_TYPE_SHIFT      8
#define SVM_EVT_TYPE_INTR       0ULL
#define SVM_EVT_TYPE_NMI        2ULL
#define SVM_EVT_TYPE_EXC        3ULL
#define SVM_EVT_TYPE_SOFT       4ULL
#define SVM_EVT_TYPE_MASK       7ULL

/* Exit codes. */
#define SVM_EXIT_EXC_FIRST      0x40
#define SVM_EXIT_EXC_LAST       0x5f
#define SVM_EXIT_INTR           0x60
#define SVM_EXIT_NMI            0x61
#define SVM_EXIT_SMI            0x62
#define SVM_EXIT_VINTR          0x64
#define SVM_EXIT_CPUID          0x72
#define SVM_EXIT_IRET           0x74
#define SVM_EXIT_PAUSE          0x77
#define SVM_EXIT_HLT            0x78
#define SVM_EXIT_INVLPGA        0x7a
#define SVM_EXIT_IOIO           0x7b
#define SVM_EXIT_MSR            0x7c
#define SVM_EXIT_SHUTDOWN       0x7f
#define SVM_EXIT_VMRUN          0x80
#define SVM_EXIT_VMMCALL        0x81
#define SVM_EXIT_SKINIT         0x86
#define SVM_EXIT_RDTSCP         0x87
#define SVM_EXIT_MONITOR        0x8a
#define SVM_EXIT_XSETBV         0x8d
#define SVM_EXIT_NPF            0x400
#define SVM_EXIT_INVALID        (~0ULL)

/* IOIO EXITINFO1. */
#define SVM_IOIO_IN             (1U << 0)
#define SVM_IOIO_STR            (1U << 2)
#define SVM_IOIO_REP            (1U << 3)
#define SVM_IOIO_SZ8            (1U << 4)
#define SVM_IOIO_SZ16           (1U << 5)
#define SVM_IOIO_SZ32           (1U << 6)
#define SVM_IOIO_A16            (1U << 7)
#define SVM_IOIO_A32            (1U << 8)
#define SVM_IOIO_PORT_SHIFT     16

/* NPF EXITINFO1 (a page-fault error code). */
#define SVM_NPF_PRESENT         (1ULL << 0)
#define SVM_NPF_WRITE           (1ULL << 1)
#define SVM_NPF_FETCH           (1ULL << 4)

static inline uint64_t vmcb_u64(const uint8_t *vmcb, unsigned int off)
{
    return *(const uint64_t *)(const void *)(vmcb + off);
}

static inline void vmcb_set_u64(uint8_t *vmcb, unsigned int off, uint64_t v)
{
    *(uint64_t *)(void *)(vmcb + off) = v;
}

static inline uint32_t vmcb_u32(const uint8_t *vmcb, unsigned int off)
{
    return *(const uint32_t *)(const void *)(vmcb + off);
}

static inline void vmcb_set_u32(uint8_t *vmcb, unsigned int off, uint32_t v)
{
    *(uint32_t *)(void *)(vmcb + off) = v;
}

#endif /* STRATA_ARCH_X86_SVM_VMCB_H */
