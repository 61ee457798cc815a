/* SPDX-License-Identifier: MIT */
/* vrtc.c - MC146818 time registers computed from a wall-clock base, registers A-D, CMOS RAM. */
#include "guest/hvm/dm/vrtc.h"
#include "guest/hvm/dm/dm_time.h"

#define REG_SEC      0x00U
#define REG_MIN      0x02U
#define REG_HOUR     0x04U
#define REG_WDAY     0x06U
#define REG_MDAY     0x07U
#define REG_MONTH    0x08U
#define REG_YEAR     0x09U
#define REG_A        0x0aU
#define REG_B        0x0bU
#define REG_C        0x0cU
#define REG_D        0x0dU
#define REG_CENTURY  0x32U

#define A_UIP        0x80U
#define B_SET        0x80U
#define B_PIE        0x40U
#define B_BINARY     0x04U
#define B_24H        0x02U
#define C_IRQF       0x80U
#define C_PF         0x40U
#define D_VRT        0x80U
#define UIP_NS       244000ULL       /* the update cycle's warning window */
#define SECS_PER_DAY 86400

struct rtc_date {
    int64_t year;
    int month, day, hour, min, sec;
};

/* Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic). */
static int64_t days_from_date(int64_t year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_date. */
static void date_from_days(int64_t days, struct rtc_date *t)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    t->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    t->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    t->year = yoe + era * 400 + (t->month <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

static int64_t rtc_seconds(const struct vrtc *r, uint64_t now_ns)
{
    return r->wallclock_s + (int64_t)(now_ns / DM_NS_PER_SEC);
}

static void date_from_seconds(int64_t s, struct rtc_date *t)
{
    int64_t days = floor_div(s, SECS_PER_DAY), rest = s - days * SECS_PER_DAY;

    date_from_days(days, t);
    t->hour = (int)(rest / 3600);
    t->min = (int)(rest / 60 % 60);
    t->sec = (int)(rest % 60);
}

static int64_t seconds_from_date(const struct rtc_date *t)
{
    return days_from_date(t->year, t->month, t->day) * SECS_PER_DAY +
           t->hour * 3600 + t->min * 60 + t->sec;
}

static bool binary_mode(const struct vrtc *r)
{
    return (r->cmos[REG_B] & B_BINARY) != 0;
}

static uint8_t encode(const struct vrtc *r, int value)
{
    return binary_mode(r) ? (uint8_t)value : (uint8_t)((value / 10) << 4 | value % 10);
}

/* -1 if val is not a valid BCD byte in BCD mode. */
static int decode(const struct vrtc *r, uint8_t val)
{
    if (binary_mode(r))
        return val;
    if ((val & 0x0fU) > 9 || (val >> 4) > 9)
        return -1;
    return (val >> 4) * 10 + (val & 0x0fU);
}

static uint8_t encode_hour(const struct vrtc *r, int hour)
{
    int h12 = hour % 12 == 0 ? 12 : hour % 12;

    if (r->cmos[REG_B] & B_24H)
        return encode(r, hour);
    return (uint8_t)(encode(r, h12) | (hour >= 12 ? 0x80U : 0));
}

static int decode_hour(const struct vrtc *r, uint8_t val)
{
    int h;

    if (r->cmos[REG_B] & B_24H)
        return decode(r, val);
    h = decode(r, (uint8_t)(val & 0x7fU));
    if (h < 1 || h > 12)
        return -1;
    return h % 12 + ((val & 0x80U) ? 12 : 0);
}

static uint8_t read_time(const struct vrtc *r, unsigned int reg, uint64_t now_ns)
{
    int64_t s = rtc_seconds(r, now_ns);
    struct rtc_date t;

    date_from_seconds(s, &t);
    switch (reg) {
    case REG_SEC:     return encode(r, t.sec);
    case REG_MIN:     return encode(r, t.min);
    case REG_HOUR:    return encode_hour(r, t.hour);
    case REG_WDAY:    return encode(r, (int)((floor_div(s, SECS_PER_DAY) % 7 + 11) % 7) + 1);
    case REG_MDAY:    return encode(r, t.day);
    case REG_MONTH:   return encode(r, t.month);
    case REG_YEAR:    return encode(r, (int)(t.year % 100));
    default:          return encode(r, (int)(t.year / 100 % 100));   /* century */
    }
}

/* Store a new value of one time field and move the clock to match;
 * out-of-range values are ignored. */
static void write_time(struct vrtc *r, unsigned int reg, uint8_t val, uint64_t now_ns)
{
    int64_t before = rtc_seconds(r, now_ns);
    int v = reg == REG_HOUR ? decode_hour(r, val) : decode(r, val);
    struct rtc_date t;

    date_from_seconds(before, &t);
    switch (reg) {
    case REG_SEC:     if (v < 0 || v > 59) return; t.sec = v; break;
    case REG_MIN:     if (v < 0 || v > 59) return; t.min = v; break;
    case REG_HOUR:    if (v < 0 || v > 23) return; t.hour = v; break;
    case REG_MDAY:    if (v < 1 || v > 31) return; t.day = v; break;
    case REG_MONTH:   if (v < 1 || v > 12) return; t.month = v; break;
    case REG_YEAR:    if (v < 0 || v > 99) return; t.year = t.year / 100 * 100 + v; break;
    case REG_CENTURY: if (v < 0 || v > 99) return; t.year = v * 100 + t.year % 100; break;
    default:          return;          /* day of week follows the date */
    }
    r->wallclock_s += seconds_from_date(&t) - before;
}

/* Periodic rate from register A: 0 off, 1-2 as 8-9, else 32768 >> (rate - 1) Hz. */
static uint64_t periodic_ns(const struct vrtc *r)
{
    unsigned int rate = r->cmos[REG_A] & 0x0fU;

    if (rate == 0 || !(r->cmos[REG_B] & B_PIE))
        return 0;
    if (rate < 3)
        rate += 7;
    return dm_scale(1ULL << (rate - 1), DM_NS_PER_SEC, 32768);
}

static void schedule_periodic(struct vrtc *r, uint64_t now_ns)
{
    uint64_t period = periodic_ns(r);

    r->next_periodic_ns = period == 0 ? 0 : now_ns + period;
}

void vrtc_reset(struct vrtc *r, int64_t wallclock_s)
{
    unsigned int i;

    for (i = 0; i < VRTC_CMOS_SIZE; i++)
        r->cmos[i] = 0;
    r->index = 0;
    r->nmi_disabled = false;
    r->wallclock_s = wallclock_s;
    r->next_periodic_ns = 0;
    r->cmos[REG_A] = 0x26;               /* 32.768 kHz time base, 1024 Hz rate */
    r->cmos[REG_B] = B_24H;
    r->cmos[REG_D] = D_VRT;
}

static void put16(struct vrtc *r, unsigned int at, uint64_t value)
{
    if (value > 0xffff)
        value = 0xffff;
    r->cmos[at] = (uint8_t)value;
    r->cmos[at + 1] = (uint8_t)(value >> 8);
}

/* The standard checksum of bytes 0x10-0x2d, big-endian at 0x2e. */
static void update_checksum(struct vrtc *r)
{
    unsigned int i, sum = 0;

    for (i = 0x10; i <= 0x2d; i++)
        sum += r->cmos[i];
    r->cmos[0x2e] = (uint8_t)(sum >> 8);
    r->cmos[0x2f] = (uint8_t)sum;
}

void vrtc_set_memory(struct vrtc *r, uint64_t below_4g_bytes, uint64_t above_4g_bytes)
{
    const uint64_t mib = 1ULL << 20, unit = 64ULL << 10;
    uint64_t ext = below_4g_bytes > mib ? (below_4g_bytes - mib) >> 10 : 0;
    uint64_t high = above_4g_bytes / unit;

    put16(r, 0x15, 640);
    put16(r, 0x17, ext);
    put16(r, 0x30, ext);
    put16(r, 0x34, below_4g_bytes > 16 * mib ? (below_4g_bytes - 16 * mib) / unit : 0);
    if (high > 0xffffff)
        high = 0xffffff;
    r->cmos[0x5b] = (uint8_t)high;
    r->cmos[0x5c] = (uint8_t)(high >> 8);
    r->cmos[0x5d] = (uint8_t)(high >> 16);
    update_checksum(r);
}

static bool is_time_register(unsigned int reg)
{
    return (reg <= REG_YEAR && reg % 2 == 0) || reg == REG_MDAY || reg == REG_YEAR ||
           reg == REG_CENTURY;
}

uint8_t vrtc_read(struct vrtc *r, uint16_t port, uint64_t now_ns)
{
    unsigned int reg = r->index;
    uint8_t val;

    if (port != VRTC_PORT_DATA)
        return 0xff;                    /* the index port is write-only */
    if (is_time_register(reg))
        return read_time(r, reg, now_ns);
    if (reg == REG_A) {
        bool uip = now_ns % DM_NS_PER_SEC >= DM_NS_PER_SEC - UIP_NS;

        return (uint8_t)(r->cmos[REG_A] | (uip ? A_UIP : 0));
    }
    val = r->cmos[reg];
    if (reg == REG_C)
        r->cmos[REG_C] = 0;             /* reading C acknowledges */
    return val;
}

void vrtc_write(struct vrtc *r, uint16_t port, uint8_t val, uint64_t now_ns)
{
    unsigned int reg = r->index;

    if (port == VRTC_PORT_INDEX) {
        r->index = val & 0x7fU;
        r->nmi_disabled = (val & 0x80U) != 0;
        return;
    }
    if (port != VRTC_PORT_DATA || reg == REG_C || reg == REG_D)
        return;
    if (is_time_register(reg)) {
        write_time(r, reg, val, now_ns);
        return;
    }
    if (reg == REG_A)
        val &= 0x7fU;
    r->cmos[reg] = val;
    if (reg == REG_A || reg == REG_B)
        schedule_periodic(r, now_ns);
}

bool vrtc_advance(struct vrtc *r, uint64_t now_ns)
{
    uint64_t period = periodic_ns(r);

    if (r->next_periodic_ns != 0 && period != 0 && now_ns >= r->next_periodic_ns) {
        r->cmos[REG_C] |= C_PF | C_IRQF;
        r->next_periodic_ns = now_ns + period - (now_ns - r->next_periodic_ns) % period;
    }
    return vrtc_irq(r);
}

uint64_t vrtc_next_ns(const struct vrtc *r)
{
    return r->next_periodic_ns;
}

bool vrtc_irq(const struct vrtc *r)
{
    return (r->cmos[REG_C] & C_IRQF) != 0;
}
