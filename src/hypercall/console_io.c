/* SPDX-License-Identifier: MIT */
/* console_io.c - console_io (18): guest text on the hypervisor console. */
#include "hypercall/hypercall.h"
#include "public/console_io.h"

/*
 * CONSOLEIO_write copies the guest's bytes in chunks through guest copy,
 * drops carriage returns, replaces the other control characters but
 * newline and tab by '.', and
 * starts every line with "(d<id>) ". A long write continues after
 * CONSOLE_WRITE_BUDGET bytes with (count, buffer) advanced.
 */
#define CONSOLE_CHUNK         128U
#define CONSOLE_WRITE_BUDGET  4096U
#define CONSOLE_PREFIX_MAX    16U

/* Write "(d<id>) " into out; returns its length. */
static size_t put_prefix(const struct domain *d, char *out)
{
    size_t n = 0;
    unsigned int id = d->id;
    char digits[6];
    size_t nd = 0;

    do {
        digits[nd++] = (char)('0' + id % 10);
        id /= 10;
    } while (id && nd < sizeof(digits));
    out[n++] = '(';
    out[n++] = 'd';
    while (nd)
        out[n++] = digits[--nd];
    out[n++] = ')';
    out[n++] = ' ';
    return n;
}

/* Print n bytes of buf for d, filtering and prefixing lines. Each line
 * goes out with its prefix in one console write, so lines of domains on
 * other CPUs (and Strata's own) never split it. */
void console_guest_output(struct domain *d, char *buf, size_t n)
{
    char out[CONSOLE_PREFIX_MAX + CONSOLE_CHUNK];
    size_t used = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (c == '\r')
            continue;       /* the serial line ends lines itself (Linux sends \r\n) */
        if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f)
            buf[i] = '.';
        if (!d->console_mid_line) {
            used = put_prefix(d, out);
            d->console_mid_line = true;
        }
        out[used++] = buf[i];
        if (buf[i] == '\n')
            d->console_mid_line = false;
        if (buf[i] == '\n' || used == sizeof(out)) {
            arch_console_write(out, used);
            used = 0;
        }
    }
    if (used > 0)
        arch_console_write(out, used);
}

static long console_write(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t count = (uint32_t)f->args[1], buffer = f->args[2];
    char chunk[CONSOLE_CHUNK];
    uint64_t done = 0;

    while (done < count) {
        size_t n = count - done < CONSOLE_CHUNK ? count - done : CONSOLE_CHUNK;

        if (done >= CONSOLE_WRITE_BUDGET || (done > 0 && hypercall_preempt_check())) {
            f->args[1] = count - done;
            f->args[2] = buffer + done;
            return hypercall_continue(f);
        }
        if (hypercall_copy_from_guest(v, chunk, buffer + done, n) != STATUS_OK)
            return STATUS_EFAULT;
        console_guest_output(v->domain, chunk, n);
        done += n;
    }
    return STATUS_OK;
}

long do_console_io(struct vcpu *v, struct hypercall_frame *f)
{
    switch (f->args[0]) {
    case CONSOLEIO_write:
        return console_write(v, f);
    case CONSOLEIO_read:
        return 0;   /* no console input is routed to domains yet */
    default:
        return STATUS_ENOSYS;
    }
}
