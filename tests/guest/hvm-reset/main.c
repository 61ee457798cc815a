/* SPDX-License-Identifier: MIT */
/* hvm-reset: the ACPI PM timer's rate and width, the i8042 status port, then a reset by i8042 command 0xfe. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-reset: ACPI PM timer, i8042 status, reset by command 0xfe";

#define PM_TIMER_PORT     0x608
#define PM_TIMER_HZ       3579545ULL
#define I8042_DATA        0x60
#define I8042_STATUS      0x64
#define I8042_OBF         0x01U
#define I8042_IBF         0x02U
#define I8042_SELF_TEST   0xaaU
#define I8042_PULSE_RESET 0xfeU
#define DIVIDE_BY_1       0xb
#define LAPIC_TICKS_MS    1000000U  /* the 1 GHz bus clock: one tick a ns */
#define MEASURE_MS        10U
#define GRACE_MS          100U      /* a real 8042 takes microseconds to pull RESET# */
#define BIOS_AREA         0xe0000UL
#define BIOS_AREA_END     0x100000UL
#define FADT_PM_TMR_BLK   76
#define FADT_PM_TMR_LEN   91
#define FADT_FLAGS        112
#define FADT_TMR_VAL_EXT  (1U << 8)

static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool sum_ok(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

/* The RSDP, found as a legacy OS does: 16-byte aligned in 0xe0000-0xfffff. */
static const uint8_t *find_rsdp(void)
{
    for (uintptr_t a = BIOS_AREA; a < BIOS_AREA_END; a += 16) {
        const uint8_t *p = (const uint8_t *)a;

        if (memcmp(p, "RSD PTR ", 8) == 0 && sum_ok(p, 20))
            return p;
    }
    return NULL;
}

/* The FADT ("FACP") through the RSDT; NULL (after an ERROR) if absent. */
static const uint8_t *find_fadt(void)
{
    const uint8_t *rsdp = find_rsdp(), *rsdt;
    uint32_t len;

    require(rsdp != NULL, "no RSDP in 0xe0000-0xfffff");
    rsdt = (const uint8_t *)(uintptr_t)read32(rsdp + 16);
    require(memcmp(rsdt, "RSDT", 4) == 0, "RSDP's RSDT address %p holds no RSDT", rsdt);
    len = read32(rsdt + 4);
    for (uint32_t off = 36; off + 4 <= len; off += 4) {
        const uint8_t *t = (const uint8_t *)(uintptr_t)read32(rsdt + off);

        if (memcmp(t, "FACP", 4) == 0) {
            require(sum_ok(t, read32(t + 4)), "FADT checksum");
            return t;
        }
    }
    report_error("no FADT in the RSDT");
}

/* The counter's width: the FADT's TMR_VAL_EXT if it names the timer,
 * else 32 (Strata's vpm1.h; the FADT then names no PM timer at all). */
static unsigned int pm_timer_bits(void)
{
    const uint8_t *fadt = find_fadt();
    uint32_t blk = read32(fadt + FADT_PM_TMR_BLK), flags = read32(fadt + FADT_FLAGS);

    if (blk == 0) {
        printk("note: the FADT names no PM timer (PM_TMR_BLK 0, flags %#x): 0x608 taken as 32 bits\n",
               flags);
        return 32;
    }
    check_eq(blk, (uint32_t)PM_TIMER_PORT, "FADT PM_TMR_BLK");
    check_eq(fadt[FADT_PM_TMR_LEN], 4U, "FADT PM_TMR_LEN");
    return flags & FADT_TMR_VAL_EXT ? 32 : 24;
}

static uint32_t pm_timer(unsigned int bits)
{
    uint32_t v = inl(PM_TIMER_PORT);

    check(bits == 32 || v >> bits == 0, "PM timer %#x has bits above its %u-bit width", v, bits);
    return v;
}

static uint32_t pm_delta(uint32_t from, uint32_t to, unsigned int bits)
{
    uint32_t mask = bits == 32 ? 0xffffffffU : (1U << bits) - 1U;

    return (to - from) & mask;
}

/* LAPIC timer as a free-running 1 GHz down-counter. */
static void lapic_clock_start(void)
{
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
    lapic_write(LAPIC_TIMER_DIV, DIVIDE_BY_1);
    lapic_write(LAPIC_LVT_TIMER, 1U << 16);        /* masked: no interrupt */
    lapic_write(LAPIC_TIMER_INIT, 0xffffffffU);
}

/* Busy-wait ms by the LAPIC clock; returns the ns that really passed. */
static uint32_t lapic_spin(uint32_t start, uint32_t ms)
{
    uint32_t now;

    do
        now = lapic_read(LAPIC_TIMER_CUR);
    while (start - now < ms * LAPIC_TICKS_MS && now != 0);
    return start - now;
}

/* (1) Monotonic within its width, and ~3.579545 MHz against the LAPIC clock. */
static void check_pm_timer(void)
{
    unsigned int bits = pm_timer_bits();
    uint32_t prev = pm_timer(bits), l0, l1, p0, p1, ticks;
    uint64_t hz;

    for (unsigned int i = 0; i < 100; i++) {
        uint32_t v = pm_timer(bits);

        check(pm_delta(prev, v, bits) < (1U << (bits - 1)), "PM timer went back: %#x then %#x",
              prev, v);
        prev = v;
    }
    lapic_clock_start();
    l0 = lapic_read(LAPIC_TIMER_CUR);
    p0 = pm_timer(bits);
    (void)lapic_spin(l0, MEASURE_MS);
    p1 = pm_timer(bits);
    l1 = l0 - lapic_read(LAPIC_TIMER_CUR);
    require(l1 >= MEASURE_MS * LAPIC_TICKS_MS, "the LAPIC clock ran %u ns, not %u ms", l1,
            MEASURE_MS);
    ticks = pm_delta(p0, p1, bits);
    hz = (uint64_t)ticks * 1000000000ULL / l1;
    printk("hvm-reset: PM timer %u ticks in %u ns (%lu Hz), %u bits\n", ticks, l1,
           (unsigned long)hz, bits);
    /* The LAPIC span holds the PM span: allow TCG exits and slack. */
    check(hz >= PM_TIMER_HZ * 3 / 4 && hz <= PM_TIMER_HZ * 5 / 4,
          "PM timer rate %lu Hz, want about %lu", (unsigned long)hz, (unsigned long)PM_TIMER_HZ);
}

/* (2) A present controller: input buffer empty, self-test answers 0x55. */
static void check_i8042_status(void)
{
    uint8_t status = inb(I8042_STATUS);

    check(status != 0xff, "i8042 status 0xff: no controller");
    check(!(status & I8042_IBF), "i8042 status %#x: input buffer full", status);
    if (status & I8042_OBF)
        (void)inb(I8042_DATA);                      /* drain a stale byte */
    outb(I8042_STATUS, I8042_SELF_TEST);
    status = inb(I8042_STATUS);
    check(status & I8042_OBF, "i8042 status %#x after self-test: no output byte", status);
    check_eq(inb(I8042_DATA), 0x55U, "i8042 self-test reply");
    status = inb(I8042_STATUS);
    check(!(status & (I8042_OBF | I8042_IBF)), "i8042 status %#x after reading the reply", status);
}

void test_main(void)
{
    uint32_t start;

    check_pm_timer();
    check_i8042_status();
    printk("hvm-reset: i8042 status %#x, pulsing reset (0xfe to port 0x64)\n", inb(I8042_STATUS));
    lapic_write(LAPIC_TIMER_INIT, 0xffffffffU);
    start = lapic_read(LAPIC_TIMER_CUR);
    outb(I8042_STATUS, I8042_PULSE_RESET);
    (void)lapic_spin(start, GRACE_MS);
    report_fail("still running %u ms after i8042 command 0xfe", GRACE_MS);
}
