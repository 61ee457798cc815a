/* SPDX-License-Identifier: MIT */
/* host.c - arch.h for unit tests: frames in host memory, manual time. */
#include "arch/host/host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *frames;
static uint64_t nr_frames;
static unsigned int current_cpu, online_cpus = 1;
static uint64_t now_ns;
struct host_counters host_counters;
struct host_guest_bases host_guest_bases;

#define CONSOLE_CAPTURE 65536
static char console[CONSOLE_CAPTURE];
static size_t console_len;

void host_memory_init(uint64_t count)
{
    free(frames);
    frames = NULL;
    nr_frames = 0;
    if (count == 0)
        return;
    frames = aligned_alloc(PAGE_SIZE, count * PAGE_SIZE);
    if (!frames) {
        fprintf(stderr, "host: cannot back %llu frames\n",
                (unsigned long long)count);
        abort();
    }
    memset(frames, 0, count * PAGE_SIZE);
    nr_frames = count;
}

uint64_t host_memory_frames(void)
{
    return nr_frames;
}

void *arch_frame_to_virt(mfn_t mfn)
{
    if (mfn >= nr_frames) {
        fprintf(stderr, "host: frame %#llx is not backed\n",
                (unsigned long long)mfn);
        abort();
    }
    return frames + mfn * PAGE_SIZE;
}

mfn_t arch_virt_to_frame(const void *p)
{
    const unsigned char *byte = p;

    if (!frames || byte < frames || byte >= frames + nr_frames * PAGE_SIZE) {
        fprintf(stderr, "host: %p is not in backed memory\n", p);
        abort();
    }
    return (mfn_t)(byte - frames) / PAGE_SIZE;
}

void spin_lock_init(spinlock_t *lock)
{
    lock->held = 0;
}

void spin_lock(spinlock_t *lock)
{
    if (lock->held) {
        fprintf(stderr, "host: lock %p taken twice (deadlock)\n", (void *)lock);
        abort();
    }
    lock->held = 1;
}

void spin_unlock(spinlock_t *lock)
{
    if (!lock->held) {
        fprintf(stderr, "host: lock %p released while free\n", (void *)lock);
        abort();
    }
    lock->held = 0;
}

bool spin_is_locked(const spinlock_t *lock)
{
    return lock->held != 0;
}

void host_set_cpu(unsigned int cpu, unsigned int nr_cpus)
{
    current_cpu = cpu;
    online_cpus = nr_cpus;
}

unsigned int arch_cpu_id(void)
{
    return current_cpu;
}

unsigned int arch_nr_cpus(void)
{
    return online_cpus;
}

void host_set_now_ns(uint64_t ns)
{
    now_ns = ns;
}

uint64_t arch_now_ns(void)
{
    return now_ns;
}

void arch_timer_program(uint64_t deadline_ns)
{
    host_counters.timer_programs++;
    host_counters.last_timer_deadline = deadline_ns;
}

void arch_kick_cpu(unsigned int cpu)
{
    /* Like x86: the calling CPU and offline CPUs get no IPI. */
    if (cpu == current_cpu || cpu >= online_cpus)
        return;
    host_counters.kicks++;
    host_counters.last_kick_cpu = cpu;
}

struct host_irq host_irq;

void host_irq_reset(void)
{
    memset(&host_irq, 0, sizeof(host_irq));
}

bool arch_irq_save(void)
{
    bool was_enabled = !host_irq.disabled;

    host_irq.disabled = true;
    host_irq.saves++;
    return was_enabled;
}

void arch_irq_restore(bool enabled)
{
    if (enabled)
        host_irq.disabled = false;
}

void arch_irq_line_mask(unsigned int irq)
{
    host_irq.masks++;
    if (irq < HOST_IRQ_LINES)
        host_irq.masked[irq] = true;
}

void arch_irq_line_unmask(unsigned int irq)
{
    host_irq.unmasks++;
    if (irq < HOST_IRQ_LINES)
        host_irq.masked[irq] = false;
}

void host_reset_counters(void)
{
    memset(&host_counters, 0, sizeof(host_counters));
}

void arch_flush_hypervisor_range(const void *va, size_t len)
{
    host_counters.hypervisor_flushes++;
}

void arch_set_guest_bases(uint64_t fs, uint64_t gs_active)
{
    host_guest_bases.fs = fs;
    host_guest_bases.gs = gs_active;
}

struct host_guest_gdt host_guest_gdt;

void arch_load_guest_gdt(const mfn_t *list, unsigned int nr)
{
    host_guest_gdt.nr = nr;
    for (unsigned int i = 0; i < nr && i < 14; i++)
        host_guest_gdt.frames[i] = list[i];
    host_guest_gdt.loads++;
}

void arch_save_guest_selectors(struct arch_guest_sels *s)
{
    *s = host_guest_gdt.sels;
}

void arch_load_guest_selectors(const struct arch_guest_sels *s)
{
    host_guest_gdt.sels = *s;
}

uint64_t arch_load_guest_user_gs(uint16_t sel)
{
    host_guest_gdt.user_gs = sel;
    return 0;           /* flat descriptors: base 0 */
}

uint64_t arch_guest_fs_base(void)
{
    return host_guest_bases.fs;
}

uint64_t arch_guest_gs_base(void)
{
    return host_guest_bases.gs;
}

void arch_fpu_init_state(void *area)
{
    memset(area, 0, ARCH_FPU_BYTES);
}

void arch_fpu_set_ts(bool ts)
{
    (void)ts;
}

void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    /* A fixed, recognisable machine: every register says which leaf. */
    out[0] = leaf;
    out[1] = subleaf;
    out[2] = 0xffffffffU;
    out[3] = 0xffffffffU;
}

uint64_t arch_read_cr2(void)
{
    return host_guest_bases.cr2;
}

void arch_pv_init_l4(uint64_t *l4)
{
    /* A recognisable, non-present marker: tests check the slots were
     * filled and that the guest cannot change them. */
    for (unsigned int slot = PV_XEN_L4_FIRST; slot <= PV_XEN_L4_LAST; slot++)
        l4[slot] = HOST_PV_XEN_SLOT_MARKER | ((uint64_t)slot << 12);
}

void arch_flush_guest_tlb(uint32_t tag)
{
    host_counters.guest_tlb_flushes++;
    host_counters.last_guest_tlb_tag = tag;
}

void arch_console_write(const char *s, size_t n)
{
    size_t room = CONSOLE_CAPTURE - 1 - console_len;
    size_t take = n < room ? n : room;

    memcpy(console + console_len, s, take);
    console_len += take;
    console[console_len] = '\0';
    if (getenv("STRATA_ECHO"))
        fwrite(s, 1, n, stdout);
}

const char *host_console_text(void)
{
    return console;
}

void host_console_clear(void)
{
    console_len = 0;
    console[0] = '\0';
}

void arch_shutdown(int code)
{
    fflush(stdout);
    exit(code);
}

int arch_console_read(void)
{
    return -1;
}
