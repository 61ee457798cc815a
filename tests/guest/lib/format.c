/* SPDX-License-Identifier: MIT */
/* format.c - a small bounded vsnprintf for guest tests (see libc.h). */
#include "libc.h"

struct out {
    char *buf;
    size_t size;
    size_t len;     /* what the full output would need */
};

struct spec {
    bool left, zero, alt;
    unsigned int width;
    int length;     /* -2 hh, -1 h, 0 int, 1 long, 2 long long / size_t */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, unsigned int n, char c)
{
    while (n--)
        put(o, c);
}

static void put_field(struct out *o, const struct spec *s, const char *str, size_t n)
{
    unsigned int fill = s->width > n ? s->width - (unsigned int)n : 0;

    if (!s->left)
        pad(o, fill, ' ');
    for (size_t i = 0; i < n; i++)
        put(o, str[i]);
    if (s->left)
        pad(o, fill, ' ');
}

/* Digits of v in base into the end of tmp; returns the first digit. */
static char *digits(char *end, uint64_t v, unsigned int base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";

    do {
        *--end = set[v % base];
        v /= base;
    } while (v);
    return end;
}

static void put_number(struct out *o, const struct spec *s, uint64_t v, bool negative,
                       unsigned int base, bool upper)
{
    char tmp[24];
    char *d = digits(tmp + sizeof(tmp), v, base, upper);
    size_t n = (size_t)(tmp + sizeof(tmp) - d);
    size_t prefix = (negative ? 1 : 0) + (s->alt && base == 16 ? 2 : 0);
    unsigned int fill = s->width > n + prefix ? s->width - (unsigned int)(n + prefix) : 0;

    if (!s->left && !s->zero)
        pad(o, fill, ' ');
    if (negative)
        put(o, '-');
    if (s->alt && base == 16) {
        put(o, '0');
        put(o, upper ? 'X' : 'x');
    }
    if (!s->left && s->zero)
        pad(o, fill, '0');
    for (size_t i = 0; i < n; i++)
        put(o, d[i]);
    if (s->left)
        pad(o, fill, ' ');
}

static uint64_t take_unsigned(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case -2: return (unsigned char)va_arg(*ap, unsigned int);
    case -1: return (unsigned short)va_arg(*ap, unsigned int);
    case 0:  return va_arg(*ap, unsigned int);
    default: return va_arg(*ap, unsigned long long);
    }
}

static int64_t take_signed(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case -2: return (signed char)va_arg(*ap, int);
    case -1: return (short)va_arg(*ap, int);
    case 0:  return va_arg(*ap, int);
    default: return va_arg(*ap, long long);
    }
}

/* Flags, width and length of one conversion; returns the letter. */
static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
    *s = (struct spec){ 0 };
    for (;; f++) {
        if (*f == '-') s->left = true;
        else if (*f == '0') s->zero = true;
        else if (*f == '#') s->alt = true;
        else break;
    }
    if (*f == '*') {
        int w = va_arg(*ap, int);
        s->width = w < 0 ? 0 : (unsigned int)w;
        f++;
    }
    while (*f >= '0' && *f <= '9')
        s->width = s->width * 10 + (unsigned int)(*f++ - '0');
    for (; *f == 'h'; f++)
        s->length--;
    for (; *f == 'l' || *f == 'z'; f++)
        s->length = *f == 'z' ? 2 : s->length + 1;
    return f;
}

static void convert(struct out *o, const struct spec *s, char c, va_list *ap)
{
    struct spec p = *s;

    switch (c) {
    case 'c': { char ch = (char)va_arg(*ap, int); put_field(o, s, &ch, 1); break; }
    case 's': {
        const char *str = va_arg(*ap, const char *);
        if (str == NULL)
            str = "(null)";
        put_field(o, s, str, strlen(str));
        break;
    }
    case 'd': case 'i': {
        int64_t v = take_signed(s, ap);
        put_number(o, s, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, false);
        break;
    }
    case 'u': put_number(o, s, take_unsigned(s, ap), false, 10, false); break;
    case 'x': case 'X': put_number(o, s, take_unsigned(s, ap), false, 16, c == 'X'); break;
    case 'p':
        p.alt = true;
        put_number(o, &p, (uintptr_t)va_arg(*ap, void *), false, 16, false);
        break;
    case '%': put(o, '%'); break;
    default: put(o, '%'); put(o, c); break;
    }
}

size_t vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    struct spec s;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &s, &args);
        if (*fmt == '\0')
            break;
        convert(&o, &s, *fmt++, &args);
    }
    va_end(args);
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

size_t format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    n = vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
