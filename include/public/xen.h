/* SPDX-License-Identifier: MIT */
/* xen.h - Strata's guest ABI core: types, hypercall numbers, start_info,
 * shared_info, vcpu_info (numbers and layouts identical to Xen's, x86_64). */
#ifndef STRATA_PUBLIC_XEN_H
#define STRATA_PUBLIC_XEN_H

/*
 * This header and its siblings are the contract between Strata and its
 * guests. They are MIT licensed so guests of any licence may include them.
 * Every number and every layout below equals Xen's x86_64 ABI, so an
 * unmodified Xen guest (Linux, Mini-OS, XTF) runs on Strata. Only
 * fixed-width types are used; a "guest handle" is a guest virtual address
 * held in a uint64_t (the same 8 bytes Xen's handle struct occupies).
 */
#include <stdint.h>

/* --- Basic types ------------------------------------------------------- */

typedef uint64_t xen_ulong_t;   /* the guest's unsigned long (64-bit) */
typedef int64_t  xen_long_t;
typedef uint64_t xen_pfn_t;     /* a guest or machine frame number */
#ifndef STRATA_MM_MM_TYPES_H     /* inside Strata mm may have declared it */
typedef uint16_t domid_t;       /* a domain identifier */
#endif
typedef uint64_t xen_guest_handle_t; /* guest virtual address of an array */

/* --- Hypercall numbers (RAX on entry) ---------------------------------- */

#define __HYPERVISOR_set_trap_table            0
#define __HYPERVISOR_mmu_update                1
#define __HYPERVISOR_set_gdt                   2
#define __HYPERVISOR_stack_switch              3
#define __HYPERVISOR_set_callbacks             4
#define __HYPERVISOR_fpu_taskswitch            5
#define __HYPERVISOR_sched_op_compat           6
#define __HYPERVISOR_platform_op               7
#define __HYPERVISOR_set_debugreg              8
#define __HYPERVISOR_get_debugreg              9
#define __HYPERVISOR_update_descriptor        10
#define __HYPERVISOR_memory_op                12
#define __HYPERVISOR_multicall                13
#define __HYPERVISOR_update_va_mapping        14
#define __HYPERVISOR_set_timer_op             15
#define __HYPERVISOR_event_channel_op_compat  16
#define __HYPERVISOR_xen_version              17
#define __HYPERVISOR_console_io               18
#define __HYPERVISOR_physdev_op_compat        19
#define __HYPERVISOR_grant_table_op           20
#define __HYPERVISOR_vm_assist                21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                     23
#define __HYPERVISOR_vcpu_op                  24
#define __HYPERVISOR_set_segment_base         25
#define __HYPERVISOR_mmuext_op                26
#define __HYPERVISOR_xsm_op                   27
#define __HYPERVISOR_nmi_op                   28
#define __HYPERVISOR_sched_op                 29
#define __HYPERVISOR_callback_op              30
#define __HYPERVISOR_xenoprof_op              31
#define __HYPERVISOR_event_channel_op         32
#define __HYPERVISOR_physdev_op               33
#define __HYPERVISOR_hvm_op                   34
#define __HYPERVISOR_sysctl                   35
#define __HYPERVISOR_domctl                   36
#define __HYPERVISOR_kexec_op                 37
#define __HYPERVISOR_tmem_op                  38
#define __HYPERVISOR_argo_op                  39
#define __HYPERVISOR_xenpmu_op                40
#define __HYPERVISOR_dm_op                    41
#define __HYPERVISOR_hypfs_op                 42
#define __HYPERVISOR_arch_0                   48
#define __HYPERVISOR_arch_7                   55
/* One past the highest number a dispatch table has to cover. */
#define XEN_HYPERCALL_COUNT                   64

/* --- Domain identifiers ------------------------------------------------ */

#define DOMID_FIRST_RESERVED ((domid_t)0x7FF0U)
#define DOMID_SELF           ((domid_t)0x7FF0U) /* the calling domain */
#define DOMID_IO             ((domid_t)0x7FF1U) /* I/O memory owner */
#ifndef DOMID_XEN
#define DOMID_XEN            ((domid_t)0x7FF2U) /* the hypervisor */
#endif
#define DOMID_COW            ((domid_t)0x7FF3U) /* shared copy-on-write */
#ifndef DOMID_INVALID
#define DOMID_INVALID        ((domid_t)0x7FF4U) /* no domain */
#endif
#define DOMID_IDLE           ((domid_t)0x7FFFU) /* the idle domain */

/* --- vm_assist (hypercall 21) ------------------------------------------ */

#define VMASST_CMD_enable               0
#define VMASST_CMD_disable              1
#define VMASST_TYPE_4gb_segments        0
#define VMASST_TYPE_4gb_segments_notify 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_pae_extended_cr3    3
#define VMASST_TYPE_architectural_iopl  4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict          32

/* --- mmu_update (hypercall 1) ------------------------------------------ */

/* The low two bits of mmu_update.ptr select the command. */
#define MMU_NORMAL_PT_UPDATE        0 /* ptr = machine address of a PTE */
#define MMU_MACHPHYS_UPDATE         1 /* ptr = machine address of a frame */
#define MMU_PT_UPDATE_PRESERVE_AD   2
#define MMU_PT_UPDATE_NO_TRANSLATE  3

/* One requested update: IN ptr (command in bits 0-1), IN val. */
struct mmu_update {
    uint64_t ptr;
    uint64_t val;
};
typedef struct mmu_update mmu_update_t;

/* --- mmuext_op (hypercall 26) ------------------------------------------ */

#define MMUEXT_PIN_L1_TABLE      0
#define MMUEXT_PIN_L2_TABLE      1
#define MMUEXT_PIN_L3_TABLE      2
#define MMUEXT_PIN_L4_TABLE      3
#define MMUEXT_UNPIN_TABLE       4
#define MMUEXT_NEW_BASEPTR       5
#define MMUEXT_TLB_FLUSH_LOCAL   6
#define MMUEXT_INVLPG_LOCAL      7
#define MMUEXT_TLB_FLUSH_MULTI   8
#define MMUEXT_INVLPG_MULTI      9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE       16
#define MMUEXT_COPY_PAGE        17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER       19
#define MMUEXT_UNMARK_SUPER     20

/* One extended MMU operation: IN cmd, IN arg1 (mfn or linear address),
 * IN arg2 (entry count, vcpu mask handle or source mfn). */
struct mmuext_op {
    uint32_t cmd;
    uint32_t pad;
    uint64_t arg1;
    uint64_t arg2;
};
typedef struct mmuext_op mmuext_op_t;

/* update_va_mapping flags (hypercall 14). */
#define UVMF_NONE        0U
#define UVMF_TLB_FLUSH   1U
#define UVMF_INVLPG      2U
#define UVMF_FLUSHTYPE_MASK 3U
#define UVMF_MULTI       0U  /* | the address of a vCPU bitmap */
#define UVMF_LOCAL       0U
#define UVMF_ALL         4U

/* --- multicall (hypercall 13) ------------------------------------------ */

/* One batched call: IN op and args[], OUT result (what the call returned). */
struct multicall_entry {
    xen_ulong_t op;
    xen_long_t  result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;

/* --- Time and vCPU information ----------------------------------------- */

/*
 * The per-vCPU clock: system_time (ns) was valid at TSC value
 * tsc_timestamp; time = system_time + ((tsc - tsc_timestamp) << tsc_shift)
 * * tsc_to_system_mul >> 32. version is odd while an update is in flight.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    uint8_t  flags;
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
#define XEN_PVCLOCK_TSC_STABLE_BIT (1U << 0)

/* x86_64 part of vcpu_info. */
struct arch_vcpu_info {
    xen_ulong_t cr2;       /* faulting address of the last #PF (PV) */
    xen_ulong_t pad;
};

/*
 * Per-vCPU event state: evtchn_upcall_pending is set by the hypervisor
 * when any selected word has a pending unmasked port; evtchn_upcall_mask
 * masks the upcall (the guest's "interrupts off"); evtchn_pending_sel has
 * one bit per word of shared_info.evtchn_pending worth scanning.
 */
struct vcpu_info {
    uint8_t  evtchn_upcall_pending;
    uint8_t  evtchn_upcall_mask;
    uint8_t  pad0[6];
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/* x86_64 part of shared_info (PV P2M discovery). */
struct arch_shared_info {
    xen_ulong_t max_pfn;
    xen_ulong_t pfn_to_mfn_frame_list_list;
    xen_ulong_t nmi_reason;
    xen_ulong_t p2m_cr3;
    xen_ulong_t p2m_vaddr;
    xen_ulong_t p2m_generation;
};

#define XEN_LEGACY_MAX_VCPUS 32
/* Ports of the 2-level event-channel ABI: 64 words of 64 bits. */
#define EVTCHN_2L_NR_CHANNELS (64 * 64)

/* The page shared between a domain and the hypervisor. */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[64];
    xen_ulong_t evtchn_mask[64];
    uint32_t wc_version;   /* odd while the wallclock is being updated */
    uint32_t wc_sec;       /* wallclock at system time 0 */
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/* --- start_info (PV boot) ---------------------------------------------- */

#define MAX_GUEST_CMDLINE 1024
#define SIF_PRIVILEGED    (1U << 0)
#define SIF_INITDOMAIN    (1U << 1)
#define SIF_MULTIBOOT_MOD (1U << 2)
#define SIF_MOD_START_PFN (1U << 3)
#define SIF_VIRT_P2M_4TOOLS (1U << 4)

/* What the domain builder hands a PV guest in RSI at entry. */
struct start_info {
    char        magic[32];     /* "xen-<version>-x86_64" */
    xen_ulong_t nr_pages;
    xen_ulong_t shared_info;   /* machine address of shared_info */
    uint32_t    flags;         /* SIF_* */
    uint32_t    pad0;
    xen_pfn_t   store_mfn;
    uint32_t    store_evtchn;
    uint32_t    pad1;
    union {
        struct {
            xen_pfn_t mfn;     /* console ring page */
            uint32_t  evtchn;
            uint32_t  pad;
        } domU;
        struct {
            uint32_t info_off;
            uint32_t info_size;
        } dom0;
    } console;
    xen_ulong_t pt_base;       /* virtual address of the boot L4 */
    xen_ulong_t nr_pt_frames;
    xen_ulong_t mfn_list;      /* virtual address of the P2M list */
    xen_ulong_t mod_start;
    xen_ulong_t mod_len;
    char        cmd_line[MAX_GUEST_CMDLINE];
    xen_ulong_t first_p2m_pfn;
    xen_ulong_t nr_p2m_frames;
};
typedef struct start_info start_info_t;

/* --- x86_64 PV segments and layout ------------------------------------- */

#define FLAT_RING3_CS32   0xe023
#define FLAT_RING3_CS64   0xe033
#define FLAT_RING3_DS32   0xe02b
#define FLAT_RING3_SS64   0xe02b
#define FLAT_KERNEL_CS    FLAT_RING3_CS64
#define FLAT_KERNEL_SS    FLAT_RING3_SS64
#define FLAT_USER_CS      FLAT_RING3_CS64
#define FLAT_USER_SS      FLAT_RING3_SS64
#define HYPERVISOR_VIRT_START 0xFFFF800000000000ULL
#define HYPERVISOR_VIRT_END   0xFFFF880000000000ULL
#define MACH2PHYS_VIRT_START  0xFFFF800000000000ULL
#define MACH2PHYS_VIRT_END    0xFFFF804000000000ULL

/* set_segment_base (hypercall 25). */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

/* iret (hypercall 23): the frame the guest pushes before the call. */
#define VGCF_in_syscall (1U << 8)
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/* set_trap_table (hypercall 0): one entry; a zero address ends the list. */
struct trap_info {
    uint8_t  vector;
    uint8_t  flags;       /* bits 0-1: DPL; bit 2: clear event mask */
    uint16_t cs;
    uint32_t pad;
    uint64_t address;
};
typedef struct trap_info trap_info_t;

/* --- Layout checks (the guest depends on every one of these) ----------- */

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info size");
_Static_assert(__builtin_offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "pending_sel");
_Static_assert(__builtin_offsetof(struct vcpu_info, arch) == 16, "vcpu_info.arch");
_Static_assert(__builtin_offsetof(struct vcpu_info, time) == 32, "vcpu_info.time");
_Static_assert(__builtin_offsetof(struct vcpu_time_info, tsc_shift) == 28, "tsc_shift");
_Static_assert(__builtin_offsetof(struct vcpu_time_info, flags) == 29, "time flags");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 2048, "pending");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_mask) == 2560, "mask");
_Static_assert(__builtin_offsetof(struct shared_info, wc_version) == 3072, "wallclock");
_Static_assert(__builtin_offsetof(struct shared_info, wc_sec_hi) == 3084, "wc_sec_hi");
_Static_assert(__builtin_offsetof(struct shared_info, arch) == 3088, "shared arch");
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info size");
_Static_assert(sizeof(struct start_info) == 1168, "start_info size");
_Static_assert(__builtin_offsetof(struct start_info, flags) == 48, "si flags");
_Static_assert(__builtin_offsetof(struct start_info, store_mfn) == 56, "si store_mfn");
_Static_assert(__builtin_offsetof(struct start_info, store_evtchn) == 64, "si store_evtchn");
_Static_assert(__builtin_offsetof(struct start_info, console) == 72, "si console");
_Static_assert(__builtin_offsetof(struct start_info, console.domU.evtchn) == 80, "si con evtchn");
_Static_assert(__builtin_offsetof(struct start_info, pt_base) == 88, "si pt_base");
_Static_assert(__builtin_offsetof(struct start_info, mod_len) == 120, "si mod_len");
_Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 128, "si cmd_line");
_Static_assert(__builtin_offsetof(struct start_info, first_p2m_pfn) == 1152, "si p2m");
_Static_assert(__builtin_offsetof(struct start_info, nr_p2m_frames) == 1160, "si nr_p2m");
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry size");
_Static_assert(sizeof(struct mmuext_op) == 24, "mmuext_op size");
_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update size");
_Static_assert(sizeof(struct trap_info) == 16, "trap_info size");
#endif

#endif /* STRATA_PUBLIC_XEN_H */
