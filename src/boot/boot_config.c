/* SPDX-License-Identifier: MIT */
/* boot_config.c - decode module command lines and sched= (pure; host-tested). */
#include "boot/boot_config.h"
#include "boot/cmdline.h"
#include "lib/format.h"
#include "lib/string.h"

#define CFG_PAGE        4096ULL
#define CFG_SHOWN_MAX   48      /* bytes of a bad word quoted in an error */
#define CFG_POLICY_MAX  16

/* A word of the line: [start, start + len). */
struct cfg_word {
    const char *start;
    size_t len;
};

/* One key=value option: the value is checked and stored in the spec. */
struct cfg_option {
    const char *key;
    status_t (*apply)(struct boot_domain_spec *s, struct cfg_word value, char *err,
                      size_t errlen);
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The next word at or after *p (len 0 at the end); *p moves past it. */
static struct cfg_word next_word(const char **p)
{
    struct cfg_word w;

    while (is_blank(**p))
        (*p)++;
    w.start = *p;
    while (**p != '\0' && !is_blank(**p))
        (*p)++;
    w.len = (size_t)(*p - w.start);
    return w;
}

static bool word_is(struct cfg_word w, const char *s)
{
    return str_length(s) == w.len && mem_compare(w.start, s, w.len) == 0;
}

/* The word as a NUL-terminated string for messages, cut at CFG_SHOWN_MAX. */
static const char *shown(struct cfg_word w, char *buf, size_t size)
{
    size_t n = w.len < size - 1 ? w.len : size - 1;

    mem_copy(buf, w.start, n);
    buf[n] = '\0';
    return buf;
}

static status_t refuse(char *err, size_t errlen, const char *what, const char *key,
                       struct cfg_word value)
{
    char buf[CFG_SHOWN_MAX + 1];

    format(err, errlen, "%s=%s: %s", key, shown(value, buf, sizeof(buf)), what);
    return STATUS_EINVAL;
}

/* Decimal digits only, no sign, no overflow: false otherwise. */
static bool parse_decimal(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;

    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        uint64_t digit = (uint64_t)(s[i] - '0');

        if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

static status_t parse_ranged(struct cfg_word value, const char *key, uint64_t min,
                             uint64_t max, uint64_t *out, char *err, size_t errlen)
{
    char what[64];

    if (!parse_decimal(value.start, value.len, out))
        return refuse(err, errlen, "not a decimal number", key, value);
    if (*out < min || *out > max) {
        format(what, sizeof(what), "outside %lu..%lu", (unsigned long)min,
               (unsigned long)max);
        return refuse(err, errlen, what, key, value);
    }
    return STATUS_OK;
}

static uint64_t size_unit(char c)
{
    switch (c) {
    case 'K': case 'k': return 1ULL << 10;
    case 'M': case 'm': return 1ULL << 20;
    case 'G': case 'g': return 1ULL << 30;
    default:            return 0;
    }
}

static status_t apply_mem(struct boot_domain_spec *s, struct cfg_word value, char *err,
                          size_t errlen)
{
    size_t digits = value.len;
    uint64_t suffix = digits > 0 ? size_unit(value.start[digits - 1]) : 0;
    uint64_t unit = 1, n;

    if (suffix != 0) {
        unit = suffix;
        digits--;
    }
    if (!parse_decimal(value.start, digits, &n) || n > UINT64_MAX / unit)
        return refuse(err, errlen, "not a size (<N>[K|M|G])", "mem", value);
    n *= unit;
    if (n < BOOT_CFG_MIN_MEM)
        return refuse(err, errlen, "too small (at least 4M)", "mem", value);
    if (n > BOOT_CFG_MAX_MEM)
        return refuse(err, errlen, "too large (at most 2G)", "mem", value);
    if (n % CFG_PAGE != 0)
        return refuse(err, errlen, "not a multiple of 4K", "mem", value);
    s->mem_bytes = n;
    return STATUS_OK;
}

static status_t apply_name(struct boot_domain_spec *s, struct cfg_word value, char *err,
                           size_t errlen)
{
    if (value.len == 0)
        return refuse(err, errlen, "empty name", "name", value);
    if (value.len >= sizeof(s->name))
        return refuse(err, errlen, "name longer than 31 characters", "name", value);
    mem_copy(s->name, value.start, value.len);
    s->name[value.len] = '\0';
    return STATUS_OK;
}

static status_t apply_vcpus(struct boot_domain_spec *s, struct cfg_word value, char *err,
                            size_t errlen)
{
    uint64_t n;
    status_t rc = parse_ranged(value, "vcpus", 1, BOOT_CFG_MAX_VCPUS, &n, err, errlen);

    if (rc == STATUS_OK)
        s->vcpus = (uint32_t)n;
    return rc;
}

static status_t apply_weight(struct boot_domain_spec *s, struct cfg_word value, char *err,
                             size_t errlen)
{
    uint64_t n;
    status_t rc = parse_ranged(value, "weight", 1, BOOT_CFG_MAX_WEIGHT, &n, err, errlen);

    if (rc == STATUS_OK)
        s->weight = (uint32_t)n;
    return rc;
}

static status_t apply_cap(struct boot_domain_spec *s, struct cfg_word value, char *err,
                          size_t errlen)
{
    uint64_t n;
    status_t rc = parse_ranged(value, "cap", 0, BOOT_CFG_MAX_CAP, &n, err, errlen);

    if (rc == STATUS_OK)
        s->cap = (uint32_t)n;
    return rc;
}

static status_t apply_budget(struct boot_domain_spec *s, struct cfg_word value, char *err,
                             size_t errlen)
{
    return parse_ranged(value, "budget", 1, BOOT_CFG_MAX_PERIOD_US, &s->budget_us, err,
                        errlen);
}

static status_t apply_period(struct boot_domain_spec *s, struct cfg_word value, char *err,
                             size_t errlen)
{
    return parse_ranged(value, "period", 1, BOOT_CFG_MAX_PERIOD_US, &s->period_us, err,
                        errlen);
}

static status_t apply_type(struct boot_domain_spec *s, struct cfg_word value, char *err,
                           size_t errlen)
{
    if (word_is(value, "pv") || word_is(value, "hvm")) {
        s->hvm = word_is(value, "hvm");
        return STATUS_OK;
    }
    return refuse(err, errlen, "not pv or hvm", "type", value);
}

static const struct cfg_option options[] = {
    { "type", apply_type },
    { "name", apply_name },     { "mem", apply_mem },       { "vcpus", apply_vcpus },
    { "weight", apply_weight }, { "cap", apply_cap },       { "budget", apply_budget },
    { "period", apply_period },
};

/* One key=value word of the option part. */
static status_t apply_word(struct boot_domain_spec *s, struct cfg_word w, char *err,
                           size_t errlen)
{
    char buf[CFG_SHOWN_MAX + 1];
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        size_t klen = str_length(options[i].key);

        if (w.len > klen && w.start[klen] == '=' &&
            mem_compare(w.start, options[i].key, klen) == 0) {
            struct cfg_word value = { w.start + klen + 1, w.len - klen - 1 };

            return options[i].apply(s, value, err, errlen);
        }
    }
    format(err, errlen, "unknown option '%s'", shown(w, buf, sizeof(buf)));
    return STATUS_EINVAL;
}

/* The file's base name (after the last '/'), cut to fit, as the name. */
static void default_name(struct boot_domain_spec *s, struct cfg_word file)
{
    struct cfg_word base = file;

    for (size_t i = 0; i < file.len; i++)
        if (file.start[i] == '/') {
            base.start = file.start + i + 1;
            base.len = file.len - i - 1;
        }
    if (base.len == 0)
        str_copy(s->name, "domain", sizeof(s->name));
    else
        (void)shown(base, s->name, sizeof(s->name));
}

/* RTDS: a missing budget or period takes Xen's default (the budget cut
 * to the period); the budget may not exceed the period. */
static status_t settle_rtds(struct boot_domain_spec *s, char *err, size_t errlen)
{
    if (s->budget_us == 0 && s->period_us == 0)
        return STATUS_OK;
    if (s->period_us == 0)
        s->period_us = s->budget_us > BOOT_CFG_DEFAULT_PERIOD_US ? s->budget_us
                                                                 : BOOT_CFG_DEFAULT_PERIOD_US;
    if (s->budget_us == 0)
        s->budget_us = s->period_us < BOOT_CFG_DEFAULT_BUDGET_US ? s->period_us
                                                                 : BOOT_CFG_DEFAULT_BUDGET_US;
    if (s->budget_us > s->period_us) {
        format(err, errlen, "budget %lu us above period %lu us",
               (unsigned long)s->budget_us, (unsigned long)s->period_us);
        return STATUS_EINVAL;
    }
    return STATUS_OK;
}

/* A ramdisk line is the file and "ramdisk", nothing else. */
static status_t check_ramdisk(const struct boot_domain_spec *s, unsigned int nr_others,
                              char *err, size_t errlen)
{
    if (nr_others != 0 || s->guest_cmdline[0] != '\0') {
        format(err, errlen, "ramdisk %s: a ramdisk module takes no other option", s->name);
        return STATUS_EINVAL;
    }
    return STATUS_OK;
}

/* "ramdisk" among the options (before any "--"), wherever it stands:
 * a ramdisk line with a bad option is still a ramdisk, not a domain. */
static bool has_ramdisk_word(const char *line)
{
    const char *p = line;
    struct cfg_word w;

    (void)next_word(&p);        /* the file name */
    /* loop variant: the bytes of line after p */
    for (w = next_word(&p); w.len != 0 && !word_is(w, "--"); w = next_word(&p))
        if (word_is(w, "ramdisk"))
            return true;
    return false;
}

static void spec_defaults(struct boot_domain_spec *s)
{
    mem_set(s, 0, sizeof(*s));
    s->mem_bytes = BOOT_CFG_DEFAULT_MEM;
    s->vcpus = 1;
    s->guest_cmdline = "";
}

status_t boot_config_parse_module(const char *line, struct boot_domain_spec *out,
                                  char *err, size_t errlen)
{
    const char *p = line;
    struct cfg_word w = next_word(&p);
    status_t rc = STATUS_OK;
    unsigned int nr_others = 0;     /* words other than "ramdisk" */

    spec_defaults(out);
    default_name(out, w);
    out->ramdisk = has_ramdisk_word(line);
    /* loop variant: the bytes of line after p */
    for (w = next_word(&p); w.len != 0 && rc == STATUS_OK; w = next_word(&p)) {
        if (word_is(w, "--")) {
            while (is_blank(*p))
                p++;
            out->guest_cmdline = p;
            break;
        }
        if (word_is(w, "ramdisk"))
            continue;
        nr_others++;
        if (!out->ramdisk)
            rc = apply_word(out, w, err, errlen);
    }
    if (out->ramdisk)
        return check_ramdisk(out, nr_others, err, errlen);
    if (rc == STATUS_OK)
        rc = settle_rtds(out, err, errlen);
    return rc;
}

status_t boot_config_policy(const char *cmdline, const char **policy, char *err,
                            size_t errlen)
{
    char value[CFG_POLICY_MAX];

    *policy = "credit";
    if (!cmdline_option(cmdline, "sched", value, sizeof(value)))
        return STATUS_OK;
    if (str_compare(value, "credit") == 0 || str_compare(value, "rtds") == 0) {
        *policy = str_compare(value, "rtds") == 0 ? "rtds" : "credit";
        return STATUS_OK;
    }
    format(err, errlen, "sched=%s: unknown scheduler (credit or rtds)", value);
    return STATUS_EINVAL;
}
