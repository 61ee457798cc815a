/* SPDX-License-Identifier: MIT */
/* format.c - bounded printf-style formatting (the subset in format.h). */
#include "lib/format.h"
#include "lib/string.h"

/* Output state: the caller's buffer and the untruncated length so far. */
struct format_out {
    char *buf;
    size_t size;
    size_t len;
};

enum format_length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

/* One parsed directive: %[flags][width][length]conversion. */
struct format_spec {
    bool left;              /* '-': pad on the right */
    bool zero;              /* '0': pad numbers with zeros */
    bool alt;               /* '#': 0x prefix for %x/%X */
    size_t width;           /* at most FORMAT_WIDTH_MAX */
    enum format_length length;
    char conversion;        /* the character that ends the directive */
};

/* A fetched argument: a number as sign and magnitude, or a string. */
struct format_arg {
    uint64_t magnitude;
    bool negative;
    const char *text;
};

/* Stores c if it still fits before the terminating NUL, and counts it
 * either way so the caller learns the untruncated length. */
static void out_char(struct format_out *out, char c)
{
    if (out->size > 0 && out->len < out->size - 1)
        out->buf[out->len] = c;
    if (out->len < SIZE_MAX)
        out->len++;
}

static void out_repeat(struct format_out *out, char c, size_t count)
{
    for (size_t i = 0; i < count; i++)
        out_char(out, c);
}

static void out_text(struct format_out *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_char(out, s[i]);
}

static char digit_char(unsigned int digit, bool upper)
{
    if (digit < 10)
        return (char)('0' + digit);
    return (char)((upper ? 'A' : 'a') + (digit - 10));
}

/* Writes the digits of value in base 10 or 16, least significant first,
 * into digits[]; returns how many (at least one: zero is "0"). */
static size_t format_digits(char *digits, uint64_t value, unsigned int base,
                            bool upper)
{
    size_t n = 0;

    do {
        digits[n] = digit_char((unsigned int)(value % base), upper);
        value /= base;
        n++;
    } while (value != 0);
    return n;
}

/* Fetches the argument a directive consumes. Kept apart because va_arg
 * has no model in WP (proofs/lib.format/unproved.md). */
static void format_fetch(struct format_arg *arg, const struct format_spec *spec,
                         va_list *ap)
{
    arg->magnitude = 0;
    arg->negative = false;
    arg->text = NULL;
    if (spec->conversion == 's') {
        arg->text = va_arg(*ap, const char *);
    } else if (spec->conversion == 'p') {
        arg->magnitude = (uintptr_t)va_arg(*ap, void *);
    } else if (spec->conversion == 'd' || spec->conversion == 'i') {
        long long v;
        switch (spec->length) {
        case LEN_CHAR:  v = (signed char)va_arg(*ap, int); break;
        case LEN_SHORT: v = (short)va_arg(*ap, int); break;
        case LEN_LONG:  v = va_arg(*ap, long); break;
        case LEN_LLONG: v = va_arg(*ap, long long); break;
        case LEN_SIZE:  v = (long long)va_arg(*ap, size_t); break;
        default:        v = va_arg(*ap, int); break;
        }
        arg->negative = v < 0;
        /* Negate in unsigned arithmetic so INT64_MIN has a magnitude. */
        arg->magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    } else {
        switch (spec->length) {
        case LEN_CHAR:  arg->magnitude = (unsigned char)va_arg(*ap, unsigned int); break;
        case LEN_SHORT: arg->magnitude = (unsigned short)va_arg(*ap, unsigned int); break;
        case LEN_LONG:  arg->magnitude = va_arg(*ap, unsigned long); break;
        case LEN_LLONG: arg->magnitude = va_arg(*ap, unsigned long long); break;
        case LEN_SIZE:  arg->magnitude = va_arg(*ap, size_t); break;
        default:        arg->magnitude = va_arg(*ap, unsigned int); break;
        }
    }
}

/* Fetches the int a '*' width consumes (va_arg: see format_fetch). */
static int format_fetch_width(va_list *ap)
{
    return va_arg(*ap, int);
}

static void out_padded_text(struct format_out *out, const struct format_spec *spec,
                            const char *s, size_t n)
{
    size_t pad = spec->width > n ? spec->width - n : 0;

    if (!spec->left)
        out_repeat(out, ' ', pad);
    out_text(out, s, n);
    if (spec->left)
        out_repeat(out, ' ', pad);
}

static void out_number(struct format_out *out, const struct format_spec *spec,
                       const struct format_arg *arg)
{
    char digits[FORMAT_DIGITS_MAX];
    bool hex = spec->conversion == 'x' || spec->conversion == 'X' ||
               spec->conversion == 'p';
    bool prefix = spec->conversion == 'p' || (spec->alt && hex && arg->magnitude != 0);
    size_t n = format_digits(digits, arg->magnitude, hex ? 16 : 10,
                             spec->conversion == 'X');
    size_t body = n + (arg->negative ? 1 : 0) + (prefix ? 2 : 0);
    size_t pad = spec->width > body ? spec->width - body : 0;

    if (!spec->left && !spec->zero)
        out_repeat(out, ' ', pad);
    if (arg->negative)
        out_char(out, '-');
    if (prefix)
        out_text(out, spec->conversion == 'X' ? "0X" : "0x", 2);
    if (!spec->left && spec->zero)
        out_repeat(out, '0', pad);
    for (size_t k = n; k > 0; k--)
        out_char(out, digits[k - 1]);
    if (spec->left)
        out_repeat(out, ' ', pad);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Parses flags and a decimal width starting at fmt[i]; returns the index
 * after them. A width of '*' is left at fmt[result] for the caller. */
static size_t parse_flags_width(const char *fmt, size_t i, struct format_spec *spec)
{
    spec->left = spec->zero = spec->alt = false;
    spec->width = 0;
    for (;;) {
        if (fmt[i] == '-')
            spec->left = true;
        else if (fmt[i] == '0')
            spec->zero = true;
        else if (fmt[i] == '#')
            spec->alt = true;
        else
            break;
        i++;
    }
    while (is_digit(fmt[i])) {
        size_t digit = (size_t)(fmt[i] - '0');

        spec->width = spec->width * 10 + digit;
        if (spec->width > FORMAT_WIDTH_MAX)
            spec->width = FORMAT_WIDTH_MAX;
        i++;
    }
    return i;
}

/* Parses the length modifier at fmt[i]; returns the index after it. */
static size_t parse_length(const char *fmt, size_t i, struct format_spec *spec)
{
    spec->length = LEN_INT;
    if (fmt[i] == 'h') {
        spec->length = LEN_SHORT;
        i++;
        if (fmt[i] == 'h') {
            spec->length = LEN_CHAR;
            i++;
        }
    } else if (fmt[i] == 'l') {
        spec->length = LEN_LONG;
        i++;
        if (fmt[i] == 'l') {
            spec->length = LEN_LLONG;
            i++;
        }
    } else if (fmt[i] == 'z') {
        spec->length = LEN_SIZE;
        i++;
    }
    return i;
}

/* Applies a '*' width: a negative one means '-' with its magnitude. */
static void apply_star_width(struct format_spec *spec, int width)
{
    if (width < 0) {
        spec->left = true;
        spec->width = width < -FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX : (size_t)-width;
    } else {
        spec->width = width > FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX : (size_t)width;
    }
}

static void out_conversion(struct format_out *out, const struct format_spec *spec,
                           va_list *ap)
{
    struct format_arg arg;
    char c;

    format_fetch(&arg, spec, ap);
    switch (spec->conversion) {
    case 'c':
        c = (char)arg.magnitude;
        out_padded_text(out, spec, &c, 1);
        break;
    case 's':
        if (arg.text == NULL)
            arg.text = "(null)";
        out_padded_text(out, spec, arg.text, str_length(arg.text));
        break;
    default:
        out_number(out, spec, &arg);
        break;
    }
}

static bool is_conversion(char c)
{
    return c == 'c' || c == 's' || c == 'd' || c == 'i' || c == 'u' ||
           c == 'x' || c == 'X' || c == 'p';
}

/* Formats the directive whose '%' is fmt[start]; returns the index of
 * the first character after it. */
static size_t out_directive(struct format_out *out, const char *fmt, size_t start,
                            va_list *ap)
{
    struct format_spec spec;
    size_t i = parse_flags_width(fmt, start + 1, &spec);

    if (fmt[i] == '*') {
        apply_star_width(&spec, format_fetch_width(ap));
        i++;
    }
    i = parse_length(fmt, i, &spec);
    spec.conversion = fmt[i];
    if (spec.conversion == '%' && i == start + 1) {
        out_char(out, '%');
        return i + 1;
    }
    if (is_conversion(spec.conversion)) {
        out_conversion(out, &spec, ap);
        return i + 1;
    }
    /* Unknown or cut short: copy the directive through as written. */
    if (spec.conversion != '\0')
        i++;
    out_text(out, fmt + start, i - start);
    return i;
}

size_t format_string(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct format_out out = { buf, size, 0 };
    va_list args;
    size_t i = 0;

    va_copy(args, ap);
    while (fmt[i] != '\0') {
        if (fmt[i] == '%') {
            i = out_directive(&out, fmt, i, &args);
        } else {
            out_char(&out, fmt[i]);
            i++;
        }
    }
    va_end(args);
    if (size > 0)
        buf[out.len < size ? out.len : size - 1] = '\0';
    return out.len;
}

size_t format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t len;

    va_start(ap, fmt);
    len = format_string(buf, size, fmt, ap);
    va_end(ap);
    return len;
}
