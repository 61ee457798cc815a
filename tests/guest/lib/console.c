/* SPDX-License-Identifier: MIT */
/* console.c - console_io output, the console ring, printk. */
#include "guest.h"
#include "public/io/console.h"

long console_write(const char *buf, size_t n)
{
    return hypercall_console_io(CONSOLEIO_write, (unsigned int)n, buf);
}

static struct xencons_interface *console_ring(void)
{
    if (start_info == NULL || start_info->console.domU.mfn == 0 ||
        (start_info->flags & SIF_INITDOMAIN))
        return NULL;
    return mfn_to_virt(start_info->console.domU.mfn);
}

static void console_kick(void)
{
    (void)evtchn_send(start_info->console.domU.evtchn);
}

int console_ring_write(const char *buf, size_t n)
{
    struct xencons_interface *ring = console_ring();
    size_t done = 0;

    if (ring == NULL)
        return -1;
    while (done < n) {
        uint32_t cons = *(volatile uint32_t *)&ring->out_cons;
        uint32_t prod = ring->out_prod;

        if (prod - cons >= sizeof(ring->out)) {
            console_kick();
            (void)hypercall_sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        ring->out[prod % sizeof(ring->out)] = buf[done++];
        barrier();              /* the byte before the index (x86: TSO) */
        ring->out_prod = prod + 1;
    }
    console_kick();
    return 0;
}

size_t console_ring_input(char *buf, size_t n)
{
    struct xencons_interface *ring = console_ring();
    size_t got = 0;

    if (ring == NULL)
        return 0;
    while (got < n) {
        uint32_t cons = ring->in_cons;
        uint32_t prod = *(volatile uint32_t *)&ring->in_prod;

        if (cons == prod)
            break;
        barrier();
        buf[got++] = ring->in[cons % sizeof(ring->in)];
        ring->in_cons = cons + 1;
    }
    return got;
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    size_t n = vformat(buf, sizeof(buf), fmt, ap);

    (void)console_write(buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
