/* SPDX-License-Identifier: MIT */
/* format.c - bounded printf-style formatting (the subset in format.h). */
#include "lib/format.h"
#include "lib/string.h"
#include "lib_format.h"

/* Output state: the caller's buffer and the untruncated length so far. */
struct format_out {
    char *buf;
    size_t size;
    size_t len;     /* saturates at SIZE_MAX */
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

/*@ // The out state writes only inside buf[0 .. size - 1], which does
    // not overlap the state itself.
    predicate OutValid(struct format_out *out) =
        \valid(out) &&
        \valid(out->buf + (0 .. out->size - 1)) &&
        \separated(out, out->buf + (0 .. out->size - 1));

    // fmt is readable up to its terminating NUL at index end.
    predicate FmtValid(char *fmt, integer end) =
        \valid_read(fmt + (0 .. end)) && fmt[end] == '\0';

    // len after n more characters (saturating).
    logic integer OutAdd(integer len, integer n) =
        len + n < SIZE_MAX ? len + n : SIZE_MAX;
*/

/* Stores c if it still fits before the terminating NUL, and counts it
 * either way so the caller learns the untruncated length. */
/*@ requires valid_out: OutValid(out);
    requires len_range: out->len <= SIZE_MAX;
    assigns out->len, out->buf[0 .. out->size - 1];
    ensures valid_out: OutValid(out);
    ensures counted: out->len == OutAdd(\old(out->len), 1);
    behavior stored:
      assumes out->size > 0 && out->len < out->size - 1;
      assigns out->len, out->buf[out->len];
      ensures written: out->buf[\old(out->len)] == c;
    behavior dropped:
      assumes out->size == 0 || out->len >= out->size - 1;
      assigns out->len;
    complete behaviors;
    disjoint behaviors; */
static void out_char(struct format_out *out, char c)
{
    if (out->size > 0 && out->len < out->size - 1)
        out->buf[out->len] = c;
    if (out->len < SIZE_MAX)
        out->len++;
}

/*@ requires valid_out: OutValid(out);
    assigns out->len, out->buf[0 .. out->size - 1];
    ensures valid_out: OutValid(out);
    ensures counted: out->len == OutAdd(\old(out->len), count); */
static void out_repeat(struct format_out *out, char c, size_t count)
{
    /*@ loop invariant bound: 0 <= i <= count;
        loop invariant valid_out: OutValid(out);
        loop invariant counted: out->len == OutAdd(\at(out->len, Pre), i);
        loop assigns i, out->len, out->buf[0 .. out->size - 1];
        loop variant count - i; */
    for (size_t i = 0; i < count; i++)
        out_char(out, c);
}

/*@ requires valid_out: OutValid(out);
    requires valid_s: \valid_read(s + (0 .. n - 1));
    assigns out->len, out->buf[0 .. out->size - 1];
    ensures valid_out: OutValid(out);
    ensures counted: out->len == OutAdd(\old(out->len), n); */
static void out_text(struct format_out *out, const char *s, size_t n)
{
    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant valid_out: OutValid(out);
        loop invariant counted: out->len == OutAdd(\at(out->len, Pre), i);
        loop assigns i, out->len, out->buf[0 .. out->size - 1];
        loop variant n - i; */
    for (size_t i = 0; i < n; i++)
        out_char(out, s[i]);
}

/* LAB 1: BEGIN */
/*@ requires range: digit < 16;
    assigns \nothing;
    ensures char: \result == LibDigitChar(digit, upper); */
static char digit_char(unsigned int digit, bool upper)
{
    if (digit < 10)
        return (char)('0' + digit);
    return (char)((upper ? 'A' : 'a') + (digit - 10));
}

/* Writes the digits of value in base 10 or 16, least significant first,
 * into digits[]; returns how many (at least one: zero is "0"). */
/*@ requires base: base == 10 || base == 16;
    requires valid_digits: \valid(digits + (0 .. FORMAT_DIGITS_MAX - 1));
    assigns digits[0 .. FORMAT_DIGITS_MAX - 1];
    ensures count: 1 <= \result <= FORMAT_DIGITS_MAX;
    ensures digits: \forall integer k; 0 <= k < \result ==>
        digits[k] == LibDigitChar(LibShift(value, base, k) % base, upper);
    ensures all_digits: LibShift(value, base, \result) == 0;
    ensures no_leading_zero: \result == 1 ||
        LibShift(value, base, \result - 1) != 0; */
static size_t format_digits(char *digits, uint64_t value, unsigned int base,
                            bool upper)
{
    uint64_t rest = value;
    size_t n = 0;

    //@ assert fits: value < LibPow(base, FORMAT_DIGITS_MAX);
    /*@ loop invariant count: 0 <= n <= FORMAT_DIGITS_MAX;
        loop invariant shifted: rest == LibShift(value, base, n);
        loop invariant bounded: rest < LibPow(base, FORMAT_DIGITS_MAX - n);
        loop invariant nonzero: n == 0 || rest != 0;
        loop invariant digits: \forall integer k; 0 <= k < n ==>
            digits[k] == LibDigitChar(LibShift(value, base, k) % base, upper);
        loop assigns n, rest, digits[0 .. FORMAT_DIGITS_MAX - 1];
        loop variant FORMAT_DIGITS_MAX - n; */
    do {
        //@ assert room: n < FORMAT_DIGITS_MAX;
        /*@ assert pow_step: LibPow(base, FORMAT_DIGITS_MAX - n) ==
                base * LibPow(base, FORMAT_DIGITS_MAX - n - 1); */
        digits[n] = digit_char((unsigned int)(rest % base), upper);
        /*@ assert shrinks_10: base == 10 ==>
                rest / 10 < LibPow(10, FORMAT_DIGITS_MAX - n - 1); */
        /*@ assert shrinks_16: base == 16 ==>
                rest / 16 < LibPow(16, FORMAT_DIGITS_MAX - n - 1); */
        //@ assert shrinks: rest / base < LibPow(base, FORMAT_DIGITS_MAX - n - 1);
        rest /= base;
        n++;
    } while (rest != 0);
    return n;
}
/* LAB 1: STUB
// Writes the digits of value in base 10 or 16, least significant first,
// into digits[]; returns how many (at least one: zero is "0").
static size_t format_digits(char *digits, uint64_t value, unsigned int base,
                            bool upper)
{
    LAB_TODO(1, "format_digits: the digits of a number, least significant first");
}
LAB 1: END */

/* Fetches the argument a directive consumes. Kept apart because va_arg
 * has no model in WP (proofs/lib.format/unproved.md): this contract is
 * trusted, and says what printf's caller promises. */
/*@ requires valid: \valid(arg) && \valid_read(spec) && \valid(ap);
    requires disjoint: \separated(arg, spec, ap);
    assigns *arg, *ap;
    ensures text: arg->text == \null || LibValidString((char *)arg->text); */
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
/*@ requires valid: \valid(ap);
    assigns *ap; */
static int format_fetch_width(va_list *ap)
{
    return va_arg(*ap, int);
}

/*@ requires valid_out: OutValid(out);
    requires valid_spec: \valid_read(spec) && \separated(spec, out);
    requires valid_s: \valid_read(s + (0 .. n - 1));
    assigns out->len, out->buf[0 .. out->size - 1];
    ensures valid_out: OutValid(out);
    ensures counted: out->len ==
        OutAdd(\old(out->len), n < spec->width ? spec->width : n); */
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

/* Writes the sign and radix prefix of a number into head[]; returns
 * how many characters (0 to 3). */
/*@ requires valid_head: \valid(head + (0 .. 2));
    assigns head[0 .. 2];
    ensures count: 0 <= \result <= 3; */
static size_t number_head(char *head, bool negative, bool prefix, bool upper)
{
    size_t n = 0;

    if (negative)
        head[n++] = '-';
    if (prefix) {
        head[n++] = '0';
        head[n++] = upper ? 'X' : 'x';
    }
    return n;
}

/* Formats a number: sign, prefix, digits, padded to the field width
 * with spaces, or with zeros between prefix and digits for '0'. */
/*@ requires valid_out: OutValid(out);
    requires valid_spec: \valid_read(spec) && \separated(spec, out);
    requires valid_arg: \valid_read(arg) && \separated(arg, out);
    requires width: spec->width <= FORMAT_WIDTH_MAX;
    assigns out->len, out->buf[0 .. out->size - 1];
    ensures valid_out: OutValid(out); */
static void out_number(struct format_out *out, const struct format_spec *spec,
                       const struct format_arg *arg)
{
    char digits[FORMAT_DIGITS_MAX];
    char text[FORMAT_DIGITS_MAX + 3];
    bool hex = spec->conversion == 'x' || spec->conversion == 'X' ||
               spec->conversion == 'p';
    bool prefix = spec->conversion == 'p' || (spec->alt && hex && arg->magnitude != 0);
    size_t n = format_digits(digits, arg->magnitude, hex ? 16 : 10,
                             spec->conversion == 'X');
    size_t head = number_head(text, arg->negative, prefix, spec->conversion == 'X');

    /*@ loop invariant bound: 0 <= k <= n;
        loop assigns k, text[0 .. FORMAT_DIGITS_MAX + 2];
        loop variant n - k; */
    for (size_t k = 0; k < n; k++)
        text[head + k] = digits[n - 1 - k];
    /* LAB 1: BEGIN */
    if (spec->zero && !spec->left && spec->width > head + n) {
        out_text(out, text, head);
        out_repeat(out, '0', spec->width - (head + n));
        out_text(out, text + head, n);
    } else {
        out_padded_text(out, spec, text, head + n);
    }
    /* LAB 1: STUB
    if (spec->zero && !spec->left && spec->width > head + n)
        LAB_TODO(1, "out_number: zero padding between the prefix and the digits");
    out_padded_text(out, spec, text, head + n);
    LAB 1: END */
}

/*@ assigns \nothing;
    ensures digit: \result != 0 <==> '0' <= c <= '9'; */
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Parses flags and a decimal width starting at fmt[i]; returns the index
 * after them. A width of '*' is left at fmt[result] for the caller. */
/*@ requires valid_fmt: FmtValid(fmt, end);
    requires start: i <= end;
    requires valid_spec: \valid(spec) && \separated(spec, fmt + (0 .. end));
    assigns spec->left, spec->zero, spec->alt, spec->width;
    ensures advanced: i <= \result <= end;
    ensures width: spec->width <= FORMAT_WIDTH_MAX; */
static size_t parse_flags_width(const char *fmt, size_t end, size_t i,
                                struct format_spec *spec)
{
    spec->left = spec->zero = spec->alt = false;
    spec->width = 0;
    /*@ loop invariant bound: \at(i, Pre) <= i <= end;
        loop assigns i, spec->left, spec->zero, spec->alt;
        loop variant end - i; */
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
    /*@ loop invariant bound: \at(i, Pre) <= i <= end;
        loop invariant width: spec->width <= FORMAT_WIDTH_MAX;
        loop assigns i, spec->width;
        loop variant end - i; */
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
/*@ requires valid_fmt: FmtValid(fmt, end);
    requires start: i <= end;
    requires valid_spec: \valid(spec) && \separated(spec, fmt + (0 .. end));
    assigns spec->length;
    ensures advanced: i <= \result <= end; */
static size_t parse_length(const char *fmt, size_t end, size_t i,
                           struct format_spec *spec)
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
/*@ requires valid_spec: \valid(spec);
    assigns spec->left, spec->width;
    ensures width: spec->width <= FORMAT_WIDTH_MAX; */
static void apply_star_width(struct format_spec *spec, int width)
{
    if (width < 0) {
        spec->left = true;
        spec->width = width < -FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX : (size_t)-width;
    } else {
        spec->width = width > FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX : (size_t)width;
    }
}

/*@ requires valid_out: OutValid(out);
    requires valid_spec: \valid_read(spec) && \separated(spec, out);
    requires width: spec->width <= FORMAT_WIDTH_MAX;
    requires valid_ap: \valid(ap) && \separated(ap, out, spec);
    assigns out->len, out->buf[0 .. out->size - 1], *ap;
    ensures valid_out: OutValid(out); */
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
            out_padded_text(out, spec, "(null)", 6);
        else
            out_padded_text(out, spec, arg.text, str_length(arg.text));
        break;
    default:
        out_number(out, spec, &arg);
        break;
    }
}

/*@ assigns \nothing;
    ensures not_nul: \result != 0 ==> c != '\0'; */
static bool is_conversion(char c)
{
    return c == 'c' || c == 's' || c == 'd' || c == 'i' || c == 'u' ||
           c == 'x' || c == 'X' || c == 'p';
}

/* Formats the directive whose '%' is fmt[start]; returns the index of
 * the first character after it. */
/*@ requires valid_out: OutValid(out);
    requires valid_fmt: FmtValid(fmt, end);
    requires at_percent: start < end;
    requires disjoint_fmt: \separated(out->buf + (0 .. out->size - 1), fmt + (0 .. end));
    requires valid_ap: \valid(ap) && \separated(ap, out);
    assigns out->len, out->buf[0 .. out->size - 1], *ap;
    ensures valid_out: OutValid(out);
    ensures advanced: start < \result <= end; */
static size_t out_directive(struct format_out *out, const char *fmt, size_t end,
                            size_t start, va_list *ap)
{
    struct format_spec spec;
    size_t i = parse_flags_width(fmt, end, start + 1, &spec);

    if (fmt[i] == '*') {
        apply_star_width(&spec, format_fetch_width(ap));
        i++;
    }
    i = parse_length(fmt, end, i, &spec);
    if (i == end) {
        /* Cut short by the end of fmt: copy it through as written. */
        out_text(out, fmt + start, i - start);
        return i;
    }
    spec.conversion = fmt[i];
    if (spec.conversion == '%' && i == start + 1)
        out_char(out, '%');
    else if (is_conversion(spec.conversion))
        out_conversion(out, &spec, ap);
    else
        out_text(out, fmt + start, i + 1 - start);  /* unknown: copy through */
    return i + 1;
}

size_t format_string(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct format_out out = { buf, size, 0 };
    size_t end = str_length(fmt);
    va_list args;
    size_t i = 0, len;

    va_copy(args, ap);
    /*@ loop invariant bound: 0 <= i <= end;
        loop invariant valid_fmt: FmtValid(fmt, end);
        loop invariant valid_out: OutValid(&out);
        loop invariant fixed: out.buf == buf && out.size == size;
        loop assigns i, out.len, buf[0 .. size - 1], args;
        loop variant end - i; */
    while (i < end) {
        if (fmt[i] == '%') {
            i = out_directive(&out, fmt, end, i, &args);
        } else {
            out_char(&out, fmt[i]);
            i++;
        }
    }
    va_end(args);
    len = out.len;
    if (size > 0)
        buf[len < size ? len : size - 1] = '\0';
    return len;
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
