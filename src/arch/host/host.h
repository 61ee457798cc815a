/* SPDX-License-Identifier: MIT */
/* host.h - controls of the host shim that unit tests use directly. */
#ifndef STRATA_ARCH_HOST_HOST_H
#define STRATA_ARCH_HOST_HOST_H

#include "arch/arch.h"

/* Back machine frames 0 .. nr_frames - 1 with zeroed host memory.
 * Calling it again releases the previous memory first. */
void host_memory_init(uint64_t nr_frames);

/* Number of frames the shim currently backs. */
uint64_t host_memory_frames(void);

/* Pretend to be CPU cpu of nr_cpus (for per-CPU code under test). */
void host_set_cpu(unsigned int cpu, unsigned int nr_cpus);

/* Set the value arch_now_ns() returns (time is manual in host tests). */
void host_set_now_ns(uint64_t ns);

/* Counters of TLB hooks called since the last host_reset_counters(). */
struct host_counters {
    uint64_t guest_tlb_flushes;
    uint32_t last_guest_tlb_tag;
    uint64_t hypervisor_flushes;
    uint64_t kicks;                 /* arch_kick_cpu calls for another CPU */
    unsigned int last_kick_cpu;
    uint64_t timer_programs;        /* arch_timer_program calls */
    uint64_t last_timer_deadline;
};
extern struct host_counters host_counters;
void host_reset_counters(void);

/* Physical lines as the host shim sees them: masked or not (all start
 * unmasked; tests reset them with host_irq_reset), how often each call
 * came, and the interrupt flag arch_irq_save/restore maintain. */
#define HOST_IRQ_LINES 256
struct host_irq {
    bool masked[HOST_IRQ_LINES];
    uint64_t masks, unmasks;
    bool disabled;          /* between arch_irq_save and arch_irq_restore */
    uint64_t saves;
};
extern struct host_irq host_irq;
void host_irq_reset(void);

/* What arch_pv_init_l4 writes into hypervisor slot s of a guest L4:
 * HOST_PV_XEN_SLOT_MARKER | (s << 12), never present (bit 0 clear). */
#define HOST_PV_XEN_SLOT_MARKER 0x5a5a000000000000ULL

/* What arch_set_guest_bases last loaded, and the CR2 arch_read_cr2
 * reports (tests set it). */
struct host_guest_bases {
    uint64_t fs, gs, cr2;
};
extern struct host_guest_bases host_guest_bases;

/* The guest GDT frames arch_load_guest_gdt last mapped. */
struct host_guest_gdt {
    mfn_t frames[14];
    unsigned int nr;
    unsigned int loads;     /* calls so far */
    uint16_t user_gs;       /* arch_load_guest_user_gs's last selector */
    struct arch_guest_sels sels;    /* the "CPU's" data selectors */
};
extern struct host_guest_gdt host_guest_gdt;

/* Console output is captured here (and echoed to stdout if STRATA_ECHO). */
const char *host_console_text(void);
void host_console_clear(void);

#endif /* STRATA_ARCH_HOST_HOST_H */
