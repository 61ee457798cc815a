/* SPDX-License-Identifier: MIT */
/* hvm_image.c - test tool: an HVM guest built by hvm_build on the host, written out for QEMU. */
/*
 *   hvm_image BZIMAGE INITRD CMDLINE MIB VCPUS STUB_TEMPLATE OUTDIR
 * Writes OUTDIR/low.bin (guest-physical 0 .. 0xf0000: the part of the
 * BIOS area a 64 KiB firmware leaves as RAM), OUTDIR/high.bin (1 MiB to
 * the end of RAM) and OUTDIR/stub.bin (the template with vCPU 0's
 * registers in its parameter block at offset 0xff00, see stub.S).
 * QEMU then runs the kernel on exactly the builder's memory image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../mm/mm_test.h"
#include "core/domain.h"
#include "core/mm_port.h"
#include "guest/hvm/hvm_build.h"
#include "mm/p2m.h"

#define LOW_END_PAGE   0xf0       /* 0xf0000: a 64 KiB firmware sits above */
#define HIGH_PAGE      0x100      /* 1 MiB */
#define STUB_SIZE      0x10000
#define PARAMS_OFF     0xff00

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        perror(path);
        exit(2);
    }
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    return f;
}

static struct domain *new_domain(uint64_t pages, uint32_t vcpus)
{
    struct domain_config cfg = {
        .limits = { .max_pages = pages, .max_vcpus = vcpus, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = vcpus,
        .hvm = true,
    };
    struct domain *d;
    mfn_t shared;

    mm_test_machine(pages + 4096, 1);
    domain_table_reset();
    mm_port_use_mm();
    if (page_alloc_frames(0, &shared) != STATUS_OK)
        exit(2);
    cfg.shared_info = arch_frame_to_virt(shared);
    if (domain_create(1, &cfg, &d) != STATUS_OK)
        exit(2);
    return d;
}

static void write_ram(struct domain *d, uint64_t pages, const char *dir)
{
    FILE *low = open_out(dir, "low.bin"), *high = open_out(dir, "high.bin");

    for (uint64_t gfn = 0; gfn < pages; gfn++) {
        enum p2m_type type;
        mfn_t mfn;

        if (gfn >= LOW_END_PAGE && gfn < HIGH_PAGE)
            continue;
        if (p2m_get(&d->mm, gfn, &mfn, &type) != STATUS_OK)
            exit(3);
        fwrite(arch_frame_to_virt(mfn), 1, 4096, gfn < LOW_END_PAGE ? low : high);
    }
    fclose(low);
    fclose(high);
}

static void put(uint8_t *p, uint64_t v, unsigned int bytes)
{
    for (unsigned int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The parameter block of stub.S. */
static void write_stub(const char *template, const struct hvm_initial_state *s, const char *dir)
{
    size_t len;
    uint8_t *stub = read_file(template, &len), *p = stub + PARAMS_OFF;
    FILE *f;

    if (len != STUB_SIZE)
        exit(2);
    put(p + 0x00, s->rip, 8);
    put(p + 0x08, s->rsi, 8);
    put(p + 0x10, s->rsp, 8);
    put(p + 0x18, s->cr0, 8);
    put(p + 0x20, s->cr3, 8);
    put(p + 0x28, s->cr4, 8);
    put(p + 0x30, s->efer, 8);
    put(p + 0x38, s->cs.sel, 2);
    put(p + 0x3a, s->ds.sel, 2);
    put(p + 0x3c, s->gdtr_limit, 2);
    put(p + 0x3e, s->gdtr_base, 4);
    f = open_out(dir, "stub.bin");
    fwrite(stub, 1, len, f);
    fclose(f);
    free(stub);
}

int main(int argc, char **argv)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;
    struct domain *d;
    uint64_t pages;
    char err[200];

    if (argc != 8) {
        fprintf(stderr, "usage: hvm_image BZIMAGE INITRD CMDLINE MIB VCPUS STUB_TEMPLATE OUTDIR\n");
        return 2;
    }
    memset(&rq, 0, sizeof(rq));
    rq.kernel = read_file(argv[1], &rq.kernel_len);
    rq.ramdisk = read_file(argv[2], &rq.ramdisk_len);
    rq.cmdline = argv[3];
    pages = strtoull(argv[4], NULL, 0) * 256;
    rq.nr_pages = pages;
    rq.nr_vcpus = (uint32_t)strtoul(argv[5], NULL, 0);
    d = new_domain(pages, rq.nr_vcpus);
    if (hvm_build(d, &rq, &res, err, sizeof(err)) != STATUS_OK) {
        fprintf(stderr, "hvm_image: %s\n", err);
        return 1;
    }
    write_ram(d, pages, argv[7]);
    write_stub(argv[6], &res.vcpu0, argv[7]);
    printf("hvm_image: kernel %#llx..%#llx, initrd %#llx, entry %#llx, RSDP %#llx\n",
           (unsigned long long)res.kernel_gpa, (unsigned long long)res.kernel_end_gpa,
           (unsigned long long)res.initrd_gpa, (unsigned long long)res.vcpu0.rip,
           (unsigned long long)res.rsdp_gpa);
    free((void *)rq.kernel);
    free((void *)rq.ramdisk);
    return 0;
}
