/* SPDX-License-Identifier: MIT */
/* test_hvm_build.c - host tests of the HVM domain builder on synthetic bzImages. */
#include "unit.h"
#include "bzimage_gen.h"
#include "hvm_test.h"

#include <stdio.h>
#include <string.h>

#include "guest/hvm/acpi_tables.h"
#include "guest/hvm/boot_params.h"
#include "guest/hvm/bzimage.h"
#include "guest/hvm/dm/vpm1.h"
#include "guest/hvm/guest_pt.h"
#include "guest/hvm/hvm_layout.h"
#include "mm/nested.h"
#include "mm/p2m.h"

#define MACHINE_FRAMES 8192
#define MAX_PAGES      6000
#define GUEST_PAGES    5120            /* 20 MiB */
#define GUEST_END      (GUEST_PAGES * 4096ULL)
#define INITRD_LEN     10000
#define CMDLINE        "console=ttyS0 panic=1"

static struct bzimage_gen gen;
static uint8_t initrd[INITRD_LEN];

static void setup(void)
{
    hvm_test_setup(MACHINE_FRAMES, MAX_PAGES, 4, 0);
    bzg_default(&gen);
    for (size_t i = 0; i < sizeof(initrd); i++)
        initrd[i] = (uint8_t)(i * 13 + 5);
}

static struct hvm_build_request request(void)
{
    struct hvm_build_request rq = {
        .kernel = gen.image, .kernel_len = gen.len,
        .ramdisk = initrd, .ramdisk_len = sizeof(initrd),
        .cmdline = CMDLINE, .nr_pages = GUEST_PAGES, .nr_vcpus = 2,
    };
    return rq;
}

/* The build fails with rc and msg in err; the domain holds nothing. */
static void expect_refused(const struct hvm_build_request *rq, status_t rc, const char *msg)
{
    struct hvm_build_result res;

    CHECK_EQ(hvm_test_build(rq, &res), rc);
    if (strstr(hvm_err, msg) == NULL) {
        fprintf(stderr, "err '%s' lacks '%s'\n", hvm_err, msg);
        CHECK(false);
    }
    CHECK(strchr(hvm_err, '\n') == NULL);
    CHECK_EQ(hvm_dom->mm.account.pages, 0);
    CHECK_EQ(p2m_entries(&hvm_dom->mm), 0);
    CHECK_EQ(page_alloc_free_count(), hvm_free_before);
}

/* --- the successful build ------------------------------------------------ */

static bool disjoint(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
    return a_end <= b || b_end <= a;
}

/* [start, end) lies inside one e820 entry of type. */
static bool in_e820(const uint8_t *zp, uint64_t start, uint64_t end, uint32_t type)
{
    for (unsigned int i = 0; i < zp[BP_E820_ENTRIES]; i++) {
        const uint8_t *e = zp + BP_E820_TABLE + i * 20;
        uint64_t addr = bzg_get64(e), size = bzg_get64(e + 8);

        if (start >= addr && end <= addr + size)
            return bzg_get32(e + 16) == type;
    }
    return false;
}

static void check_e820(const uint8_t *zp)
{
    static const uint64_t want[][3] = {
        { 0, 0x1000, 1 }, { 0x1000, 0x7000, 2 }, { 0x8000, 0x98000, 1 },
        { 0xa0000, 0x60000, 2 }, { 0x100000, GUEST_END - 0x100000, 1 },
    };

    CHECK_EQ(zp[BP_E820_ENTRIES], 5);
    for (unsigned int i = 0; i < 5; i++) {
        const uint8_t *e = zp + BP_E820_TABLE + i * 20;

        CHECK_EQ(bzg_get64(e), want[i][0]);
        CHECK_EQ(bzg_get64(e + 8), want[i][1]);
        CHECK_EQ(bzg_get32(e + 16), want[i][2]);
        if (i > 0)    /* sorted, disjoint */
            CHECK(bzg_get64(e) >= bzg_get64(e - 20) + bzg_get64(e - 12));
    }
    CHECK_EQ(bzg_get64(zp + BP_E820_TABLE + 5 * 20), 0);
}

static void check_zero_page(const struct hvm_build_result *res)
{
    const uint8_t *zp = hvm_test_gpa(res->zero_page_gpa);

    /* the setup header as in the image, up to its end (0x26c) */
    CHECK_EQ(zp[0x1f1], BZG_SETUP_SECTS);
    CHECK_EQ(memcmp(zp + 0x1f1, gen.image + 0x1f1, 0x210 - 0x1f1), 0);
    CHECK_EQ(memcmp(zp + 0x211, gen.image + 0x211, 0x218 - 0x211), 0);
    CHECK_EQ(memcmp(zp + 0x22c, gen.image + 0x22c, 0x26c - 0x22c), 0);
    CHECK_EQ(bzg_get32(zp + 0x268), 0x12345);
    for (unsigned int i = 0x26c; i < 0x2d0; i++)
        CHECK_EQ(zp[i], 0);
    CHECK_EQ(zp[0x1f0], 0);
    CHECK_EQ(zp[BP_SENTINEL], 0);
    CHECK_EQ(memcmp(zp + 0x202, "HdrS", 4), 0);
    /* what the loader fills */
    CHECK_EQ(zp[0x210], 0xff);
    CHECK_EQ(zp[0x211], 0x01);
    CHECK_EQ(bzg_get32(zp + 0x218), res->initrd_gpa);
    CHECK_EQ(bzg_get32(zp + 0x21c), INITRD_LEN);
    CHECK_EQ(bzg_get32(zp + 0x228), res->cmdline_gpa);
    CHECK_EQ(bzg_get32(zp + BP_EXT_RAMDISK_IMAGE), 0);
    CHECK_EQ(bzg_get32(zp + BP_EXT_RAMDISK_SIZE), 0);
    CHECK_EQ(bzg_get32(zp + BP_EXT_CMD_LINE_PTR), 0);
    CHECK_EQ(bzg_get64(zp + BP_ACPI_RSDP_ADDR), res->rsdp_gpa);
    check_e820(zp);
    /* where things are, by type */
    CHECK(in_e820(zp, res->kernel_gpa, res->kernel_end_gpa, HVM_E820_RAM));
    CHECK(in_e820(zp, res->initrd_gpa, res->initrd_gpa + INITRD_LEN, HVM_E820_RAM));
    CHECK(in_e820(zp, res->zero_page_gpa, res->zero_page_gpa + 4096, HVM_E820_RAM));
    CHECK(in_e820(zp, res->cmdline_gpa, res->cmdline_gpa + 2048, HVM_E820_RAM));
    CHECK(in_e820(zp, HVM_GDT_GPA, HVM_GDT_GPA + 4096, HVM_E820_RESERVED));
    CHECK(in_e820(zp, HVM_PML4_GPA, HVM_PD_GPA + 4 * 4096, HVM_E820_RESERVED));
    CHECK(in_e820(zp, res->rsdp_gpa, res->rsdp_gpa + HVM_ACPI_SIZE, HVM_E820_RESERVED));
}

/* Nothing the builder placed overlaps anything else. */
static void check_no_overlap(const struct hvm_build_result *res)
{
    uint64_t r[][2] = {
        { HVM_GDT_GPA, HVM_GDT_GPA + 4096 }, { HVM_PML4_GPA, HVM_PD_GPA + 4 * 4096 },
        { HVM_STACK_TOP - 4096, HVM_STACK_TOP }, { res->zero_page_gpa, res->zero_page_gpa + 4096 },
        { res->cmdline_gpa, res->cmdline_gpa + sizeof(CMDLINE) },
        { res->rsdp_gpa, res->rsdp_gpa + HVM_ACPI_SIZE },
        { res->kernel_gpa, res->kernel_end_gpa }, { res->initrd_gpa, res->initrd_gpa + INITRD_LEN },
    };
    unsigned int n = sizeof(r) / sizeof(r[0]);

    for (unsigned int i = 0; i < n; i++) {
        CHECK(r[i][1] <= res->ram_end_gpa);
        for (unsigned int j = i + 1; j < n; j++)
            CHECK(disjoint(r[i][0], r[i][1], r[j][0], r[j][1]));
    }
}

/* Every byte range the kernel needs at entry is identity-mapped. */
static void check_page_tables(const struct hvm_build_result *res)
{
    uint64_t cr3 = res->vcpu0.cr3;
    uint64_t va[] = {
        res->kernel_gpa, res->vcpu0.rip, res->kernel_end_gpa - 1, res->zero_page_gpa,
        res->zero_page_gpa + 4095, res->cmdline_gpa, res->initrd_gpa,
        res->initrd_gpa + INITRD_LEN - 1, HVM_GDT_GPA, res->vcpu0.rsp - 8, res->rsdp_gpa,
        HVM_HOLE_START - 1, 0xfee00000, 0xffffffff,
    };

    for (unsigned int i = 0; i < sizeof(va) / sizeof(va[0]); i++)
        CHECK_EQ(hvm_test_translate(cr3, va[i]), va[i]);
    CHECK_EQ(hvm_test_translate(cr3, 0x100000000ULL), ~0ULL);
    CHECK_EQ(hvm_test_translate(cr3, 0x8000000000ULL), ~0ULL);
}

static void check_gdt_and_state(const struct hvm_build_result *res)
{
    const struct hvm_initial_state *s = &res->vcpu0;
    const uint8_t *gdt = hvm_test_gpa(s->gdtr_base);
    uint64_t code = bzg_get64(gdt + 0x10), data = bzg_get64(gdt + 0x18);

    CHECK_EQ(s->gdtr_base, HVM_GDT_GPA);
    CHECK_EQ(s->gdtr_limit, 31);
    CHECK_EQ(bzg_get64(gdt), 0);
    /* code: present, DPL 0, code exec/read, L = 1, D = 0 */
    CHECK_EQ((code >> 47) & 1, 1);
    CHECK_EQ((code >> 45) & 3, 0);
    CHECK_EQ((code >> 43) & 3, 3);
    CHECK_EQ((code >> 41) & 1, 1);
    CHECK_EQ((code >> 53) & 3, 1);
    /* data: present, writable, flat 4 GiB */
    CHECK_EQ((data >> 47) & 1, 1);
    CHECK_EQ((data >> 43) & 3, 2);
    CHECK_EQ((data >> 41) & 1, 1);
    CHECK_EQ((data & 0xffff) | ((data >> 32) & 0xf0000), 0xfffff);
    CHECK_EQ((data >> 55) & 1, 1);
    CHECK_EQ(s->rip, res->kernel_gpa + 0x200);
    CHECK_EQ(s->rsi, res->zero_page_gpa);
    CHECK_EQ(s->rsp, HVM_STACK_TOP);
    CHECK_EQ(s->rflags, 0x2);
    CHECK_EQ(s->cr0, 0x80000031);           /* PG NE ET PE */
    CHECK_EQ(s->cr3, HVM_PML4_GPA);
    CHECK_EQ(s->cr4, 0x20);                 /* PAE */
    CHECK_EQ(s->efer, 0x500);               /* LMA LME */
    CHECK_EQ(s->cs.sel, 0x10);
    CHECK_EQ(s->cs.attr, 0xa9b);            /* G L P S code exec/read accessed */
    CHECK_EQ(s->cs.limit, 0xffffffffU);
    CHECK_EQ(s->cs.base, 0);
    CHECK_EQ(s->ds.sel, 0x18);
    CHECK_EQ(s->ds.attr, 0xc93);            /* G D/B P S data read/write accessed */
    CHECK_EQ(s->ds.limit, 0xffffffffU);
}

static void check_contents(const struct hvm_build_result *res)
{
    for (uint64_t off = 0; off < BZG_KERNEL_LEN; off += 512)
        CHECK_EQ(memcmp(hvm_test_gpa(res->kernel_gpa + off), gen.image + BZG_SETUP_BYTES + off,
                        512), 0);
    CHECK_EQ(*hvm_test_gpa(res->kernel_gpa + BZG_KERNEL_LEN), 0);      /* rest of init_size */
    for (uint64_t off = 0; off < INITRD_LEN; off += 8) {
        uint64_t n = INITRD_LEN - off < 8 ? INITRD_LEN - off : 8;

        CHECK_EQ(memcmp(hvm_test_gpa(res->initrd_gpa + off), initrd + off, n), 0);
    }
    CHECK(strcmp((const char *)hvm_test_gpa(res->cmdline_gpa), CMDLINE) == 0);
}

UNIT_TEST(builds_kernel_initrd_zero_page_tables_and_state)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;

    setup();
    rq = request();
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(hvm_dom->mm.account.pages, GUEST_PAGES);
    CHECK_EQ(p2m_entries(&hvm_dom->mm), GUEST_PAGES);
    CHECK_EQ(res.ram_end_gpa, GUEST_END);
    CHECK_EQ(res.kernel_gpa, BZG_PREF);
    CHECK_EQ(res.kernel_end_gpa, BZG_PREF + BZG_INIT_SIZE);
    CHECK_EQ(res.initrd_gpa, (GUEST_END - INITRD_LEN) & ~4095ULL);
    CHECK_EQ(res.zero_page_gpa, 0x9000);
    CHECK_EQ(res.cmdline_gpa, 0x20000);
    CHECK_EQ(res.rsdp_gpa, 0xe0000);
    check_contents(&res);
    check_zero_page(&res);
    check_no_overlap(&res);
    check_page_tables(&res);
    check_gdt_and_state(&res);
}

/* --- ACPI ------------------------------------------------------------------ */

static const uint8_t *table_at(uint64_t gpa, const char *sig)
{
    const uint8_t *t = hvm_test_gpa(gpa);

    CHECK_EQ(memcmp(t, sig, 4), 0);
    CHECK_EQ(hvm_acpi_sum(t, bzg_get32(t + 4)), 0);
    return t;
}

static void check_madt(const uint8_t *m, uint32_t nr_vcpus)
{
    uint32_t len = bzg_get32(m + 4), off = 44, lapics = 0, isos = 0, nmis = 0, ioapics = 0;

    CHECK_EQ(bzg_get32(m + 36), 0xfee00000U);
    CHECK_EQ(bzg_get32(m + 40), 1);                   /* PCAT_COMPAT */
    CHECK_EQ(len, 44 + 8 * nr_vcpus + 12 + 10 + 10 + 6);
    while (off < len) {
        const uint8_t *e = m + off;

        CHECK(e[1] >= 2);
        if (e[0] == 0) {
            CHECK_EQ(e[1], 8);
            CHECK_EQ(e[2], lapics);                       /* UID */
            CHECK_EQ(e[3], lapics);                       /* APIC id */
            CHECK_EQ(bzg_get32(e + 4), 1);                /* enabled */
            lapics++;
        } else if (e[0] == 1) {
            CHECK_EQ(e[1], 12);
            CHECK_EQ(e[2], nr_vcpus);
            CHECK_EQ(bzg_get32(e + 4), 0xfec00000U);
            CHECK_EQ(bzg_get32(e + 8), 0);
            ioapics++;
        } else if (e[0] == 2) {
            CHECK_EQ(e[1], 10);
            CHECK_EQ(e[2], 0);                            /* ISA */
            if (isos++ == 0) {
                CHECK_EQ(e[3], 0);
                CHECK_EQ(bzg_get32(e + 4), 2);
                CHECK_EQ(bzg_get16(e + 8), 0);
            } else {
                CHECK_EQ(e[3], 9);
                CHECK_EQ(bzg_get32(e + 4), 9);
                CHECK_EQ(bzg_get16(e + 8), 0xd);          /* level, active high */
            }
        } else {
            CHECK_EQ(e[0], 4);
            CHECK_EQ(e[1], 6);
            CHECK_EQ(e[2], 0xff);
            CHECK_EQ(e[5], 1);                            /* LINT1 */
            nmis++;
        }
        off += e[1];
    }
    CHECK_EQ(off, len);
    CHECK_EQ(lapics, nr_vcpus);
    CHECK_EQ(ioapics, 1);
    CHECK_EQ(isos, 2);
    CHECK_EQ(nmis, 1);
}

/* The DSDT holds Name (_S5, Package () { 5, 5, 0, 0 }) and nothing else:
 * SLP_TYP 5 is what the device models power off on. */
static void check_dsdt(const uint8_t *t)
{
    static const uint8_t s5[] = {
        0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 5, 0x0a, 5, 0x00, 0x00,
    };

    CHECK_EQ(bzg_get32(t + 4), 36 + sizeof(s5));
    CHECK_EQ(memcmp(t + 36, s5, sizeof(s5)), 0);
    CHECK_EQ(s5[9], VPM1_SLP_TYP_S5);
    CHECK_EQ(hvm_acpi_sum(t, bzg_get32(t + 4)), 0);
    CHECK(HVM_ACPI_DSDT_OFF + bzg_get32(t + 4) <= HVM_ACPI_MADT_OFF);
}

static void check_fadt(const uint8_t *f)
{
    const uint8_t *facs = hvm_test_gpa(bzg_get32(f + 36));

    CHECK_EQ(bzg_get32(f + 4), 276);
    CHECK_EQ(f[8], 6);
    CHECK_EQ(bzg_get32(f + 40), bzg_get64(f + 140));  /* DSDT == X_DSDT */
    CHECK_EQ(bzg_get64(f + 132), 0);                  /* FACS by FIRMWARE_CTRL only */
    CHECK_EQ(bzg_get32(f + 36) % 64, 0);
    CHECK_EQ(memcmp(facs, "FACS", 4), 0);
    CHECK_EQ(bzg_get32(facs + 4), 64);
    check_dsdt(table_at(bzg_get64(f + 140), "DSDT"));
    CHECK_EQ(bzg_get16(f + 46), 9);                   /* SCI */
    CHECK_EQ(bzg_get32(f + 48), 0);                   /* no SMI_CMD: always ACPI mode */
    CHECK_EQ(bzg_get32(f + 56), HVM_ACPI_PM1A_EVT);
    CHECK_EQ(bzg_get32(f + 64), HVM_ACPI_PM1A_CNT);
    CHECK_EQ(bzg_get32(f + 76), 0);                   /* no PM timer */
    CHECK_EQ(f[88], 4);
    CHECK_EQ(f[89], 2);
    CHECK_EQ(bzg_get64(f + 148 + 4), HVM_ACPI_PM1A_EVT);
    CHECK_EQ(f[148], 1);
    CHECK_EQ(bzg_get64(f + 172 + 4), HVM_ACPI_PM1A_CNT);
    CHECK_EQ(bzg_get16(f + 109), 7);                  /* legacy, 8042, no VGA */
    CHECK_EQ(bzg_get32(f + 112) & (1U << 20), 0);     /* not hardware-reduced */
    CHECK_EQ(bzg_get32(f + 112) & (1U << 10), 0);     /* no reset register */
}

static void check_acpi(uint64_t rsdp_gpa, uint32_t nr_vcpus)
{
    const uint8_t *rsdp = hvm_test_gpa(rsdp_gpa), *xsdt, *rsdt;

    CHECK_EQ(rsdp_gpa % 16, 0);
    CHECK_EQ(memcmp(rsdp, "RSD PTR ", 8), 0);
    CHECK_EQ(hvm_acpi_sum(rsdp, 20), 0);
    CHECK_EQ(hvm_acpi_sum(rsdp, 36), 0);
    CHECK_EQ(rsdp[15], 2);
    CHECK_EQ(bzg_get32(rsdp + 20), 36);
    xsdt = table_at(bzg_get64(rsdp + 24), "XSDT");
    rsdt = table_at(bzg_get32(rsdp + 16), "RSDT");
    CHECK_EQ(bzg_get32(xsdt + 4), 36 + 16);
    CHECK_EQ(bzg_get32(rsdt + 4), 36 + 8);
    CHECK_EQ(bzg_get64(xsdt + 36), bzg_get32(rsdt + 36));
    CHECK_EQ(bzg_get64(xsdt + 44), bzg_get32(rsdt + 40));
    check_fadt(table_at(bzg_get64(xsdt + 36), "FACP"));
    check_madt(table_at(bzg_get64(xsdt + 44), "APIC"), nr_vcpus);
}

UNIT_TEST(acpi_describes_each_vcpu_ioapic_and_overrides)
{
    static const uint32_t counts[] = { 1, 2, 4 };

    for (unsigned int i = 0; i < 3; i++) {
        struct hvm_build_request rq;
        struct hvm_build_result res;

        setup();
        rq = request();
        rq.nr_vcpus = counts[i];
        CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
        check_acpi(res.rsdp_gpa, counts[i]);
    }
}

UNIT_TEST(acpi_tables_fit_for_32_vcpus)
{
    static uint8_t page[4096];

    memset(page, 0x5a, sizeof(page));
    memset(page, 0, HVM_ACPI_SIZE);
    CHECK_EQ(hvm_acpi_build(page, 0xe0000, 32), 0xe0000 + HVM_ACPI_RSDP_OFF);
    CHECK_EQ(bzg_get32(page + HVM_ACPI_MADT_OFF + 4), 44 + 8 * 32 + 38);
    CHECK(HVM_ACPI_MADT_OFF + 44 + 8 * 32 + 38 <= HVM_ACPI_SIZE);
    CHECK_EQ(hvm_acpi_sum(page + HVM_ACPI_MADT_OFF, 44 + 8 * 32 + 38), 0);
    CHECK_EQ(page[HVM_ACPI_MADT_OFF + 44 + 31 * 8 + 3], 31);          /* last APIC id */
    CHECK_EQ(page[HVM_ACPI_MADT_OFF + 44 + 32 * 8 + 2], 32);          /* IOAPIC id */
    CHECK_EQ(page[HVM_ACPI_SIZE], 0x5a);                              /* nothing past */
}

/* --- placement --------------------------------------------------------------- */

UNIT_TEST(initrd_goes_below_initrd_addr_max)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;

    setup();
    bzg_put32(&gen, 0x22c, 0x12fffff);      /* highest initrd byte: 19 MiB - 1 */
    rq = request();
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(res.initrd_gpa, (0x1300000 - INITRD_LEN) & ~4095ULL);
    CHECK_EQ(memcmp(hvm_test_gpa(res.initrd_gpa), initrd, 100), 0);
}

UNIT_TEST(no_initrd_no_cmdline)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;
    const uint8_t *zp;

    setup();
    rq = request();
    rq.ramdisk = NULL;
    rq.ramdisk_len = 0;
    rq.cmdline = NULL;
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    zp = hvm_test_gpa(res.zero_page_gpa);
    CHECK_EQ(res.initrd_gpa, 0);
    CHECK_EQ(bzg_get32(zp + 0x218), 0);
    CHECK_EQ(bzg_get32(zp + 0x21c), 0);
    CHECK_EQ(*hvm_test_gpa(res.cmdline_gpa), 0);
    CHECK_EQ(bzg_get32(zp + 0x228), res.cmdline_gpa);
}

UNIT_TEST(misaligned_or_low_pref_address_relocates_to_16_mib)
{
    static const uint64_t prefs[] = { 0x1100000, 0, 0x80000 };

    for (unsigned int i = 0; i < 3; i++) {
        struct hvm_build_request rq;
        struct hvm_build_result res;

        setup();
        bzg_put64(&gen, 0x258, prefs[i]);
        rq = request();
        CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
        CHECK_EQ(res.kernel_gpa, 0x1000000);
        CHECK_EQ(res.vcpu0.rip, 0x1000200);
    }
}

UNIT_TEST(non_relocatable_kernel_at_its_pref_address)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;

    setup();
    bzg_put8(&gen, 0x234, 0);
    bzg_put32(&gen, 0x230, 3);              /* ignored when not relocatable */
    bzg_put64(&gen, 0x258, 0x100000);
    rq = request();
    rq.nr_pages = 1024;                     /* 4 MiB is enough at 1 MiB */
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(res.kernel_gpa, 0x100000);
    CHECK_EQ(res.kernel_end_gpa, 0x200000);
    CHECK_EQ(res.initrd_gpa, (0x400000 - INITRD_LEN) & ~4095ULL);
    CHECK_EQ(res.ram_end_gpa, 0x400000);
    CHECK_EQ(hvm_test_translate(res.vcpu0.cr3, res.vcpu0.rip), 0x100200);
}

UNIT_TEST(e820_splits_ram_around_the_hole)
{
    struct hvm_layout lay = { .low_end = HVM_HOLE_START, .high_end = 0x140000000ULL };
    struct hvm_e820_entry map[HVM_E820_MAX];

    CHECK_EQ(hvm_e820_build(&lay, map), 6);
    CHECK_EQ(map[4].addr, 0x100000);
    CHECK_EQ(map[4].size, HVM_HOLE_START - 0x100000);
    CHECK_EQ(map[5].addr, 0x100000000ULL);
    CHECK_EQ(map[5].size, 0x40000000ULL);
    CHECK_EQ(map[5].type, HVM_E820_RAM);
    lay.high_end = 0;
    lay.low_end = 0x800000;
    CHECK_EQ(hvm_e820_build(&lay, map), 5);
    CHECK_EQ(map[4].size, 0x700000);
}

/* --- refusals ---------------------------------------------------------------- */

static void refuse_image(const char *msg)
{
    struct hvm_build_request rq = request();

    expect_refused(&rq, STATUS_ENOEXEC, msg);
}

UNIT_TEST(refuses_what_is_not_a_bzimage)
{
    struct hvm_build_request rq;

    setup();
    rq = request();
    rq.kernel_len = 0x263;
    expect_refused(&rq, STATUS_ENOEXEC, "too short for a setup header");
    bzg_put16(&gen, 0x1fe, 0x55aa);
    refuse_image("not a bzImage");
    bzg_default(&gen);
    memcpy(gen.image + 0x202, "HdrT", 4);
    refuse_image("not a bzImage");
    bzg_default(&gen);
    bzg_put8(&gen, 0x211, 0);
    refuse_image("LOADED_HIGH clear");
}

UNIT_TEST(refuses_old_protocol_and_32_bit_kernels)
{
    setup();
    bzg_put16(&gen, 0x206, 0x020b);
    refuse_image("boot protocol 2.11 too old (2.12 needed)");
    bzg_default(&gen);
    bzg_put16(&gen, 0x236, 0x0002);
    refuse_image("not 64-bit capable (XLF_KERNEL_64 clear)");
}

UNIT_TEST(refuses_setup_and_kernel_outside_the_file)
{
    setup();
    bzg_put8(&gen, 0x1f1, 0x30);             /* 49 sectors > the file */
    refuse_image("setup_sects 48: setup (0x6200 bytes) beyond the file (0x3800 bytes)");
    bzg_default(&gen);
    bzg_put8(&gen, 0x1f1, 0);                /* 0 means 4: 5 sectors */
    bzg_put32(&gen, 0x1f4, (BZG_KERNEL_LEN - 0x200) / 16 + 1);
    refuse_image("syssize: kernel (0x2e10 bytes at 0xa00) beyond the file");
    bzg_default(&gen);
    bzg_put32(&gen, 0x1f4, BZG_KERNEL_LEN / 16 + 1);
    refuse_image("syssize: kernel (0x3010 bytes at 0x800) beyond the file (0x3800 bytes)");
    bzg_default(&gen);
    bzg_put32(&gen, 0x1f4, 0x20);
    refuse_image("kernel of 0x200 bytes has no 64-bit entry");
    bzg_default(&gen);
    bzg_put32(&gen, 0x1f4, 0xffffffff);      /* no overflow */
    refuse_image("beyond the file");
    bzg_default(&gen);
    bzg_put8(&gen, 0x201, 0x5f);             /* header ends at 0x261 */
    refuse_image("setup header ends at 0x261, before init_size");
}

UNIT_TEST(setup_sects_zero_means_four)
{
    struct bzimage_info bi;
    char err[80];

    bzg_default(&gen);
    bzg_put8(&gen, 0x1f1, 0);
    gen.len += 512;                          /* the kernel now starts a sector later */
    CHECK_EQ(bzimage_parse(gen.image, gen.len, &bi, err, sizeof(err)), STATUS_OK);
    CHECK_EQ(bi.kernel_offset, 5 * 512);
    CHECK_EQ(bi.kernel_len, BZG_KERNEL_LEN);
    CHECK_EQ(bi.header_end, 0x26c);
    CHECK_EQ(bi.version, 0x020f);
    CHECK_EQ(bi.init_size, BZG_INIT_SIZE);
    CHECK_EQ(bi.pref_address, BZG_PREF);
    CHECK_EQ(bi.cmdline_size, BZG_CMDLINE_SIZE);
    CHECK_EQ(bi.initrd_addr_max, 0x7fffffff);
    CHECK(bi.relocatable);
    /* no error buffer at all: still refused, nothing written */
    bzg_put16(&gen, 0x206, 0x0200);
    CHECK_EQ(bzimage_parse(gen.image, gen.len, &bi, NULL, 0), STATUS_ENOEXEC);
}

UNIT_TEST(refuses_bad_load_constraints)
{
    struct hvm_build_request rq;

    setup();
    bzg_put32(&gen, 0x260, BZG_KERNEL_LEN - 16);
    refuse_image("init_size 0x2ff0 smaller than the kernel (0x3000 bytes)");
    bzg_default(&gen);
    bzg_put32(&gen, 0x230, 0x300000);
    refuse_image("kernel_alignment 0x300000 not a power of two");
    bzg_put32(&gen, 0x230, 0x800);
    refuse_image("kernel_alignment 0x800 not a power of two");
    bzg_put32(&gen, 0x230, 0x80000000);
    refuse_image("kernel_alignment 0x80000000 not a power of two");
    bzg_default(&gen);
    bzg_put8(&gen, 0x234, 0);
    bzg_put64(&gen, 0x258, 0x80000);
    refuse_image("not relocatable and pref_address 0x80000 below 1 MiB");
    bzg_default(&gen);
    bzg_put32(&gen, 0x260, 0x500000);        /* 16 MiB + 5 MiB > 20 MiB */
    rq = request();
    expect_refused(&rq, STATUS_ENOMEM,
                   "init_size 0x500000 at 0x1000000 larger than RAM (ends at 0x1400000)");
    bzg_default(&gen);
    bzg_put8(&gen, 0x234, 0);
    bzg_put64(&gen, 0x258, 0x2000000);       /* 32 MiB: past the RAM */
    rq = request();
    expect_refused(&rq, STATUS_ENOMEM, "larger than RAM");
}

UNIT_TEST(refuses_long_command_lines)
{
    static char line[0x10010];
    struct hvm_build_request rq;
    struct hvm_build_result res;

    setup();
    memset(line, 'a', BZG_CMDLINE_SIZE + 1);
    line[BZG_CMDLINE_SIZE + 1] = 0;
    rq = request();
    rq.cmdline = line;
    expect_refused(&rq, STATUS_EINVAL, "command line longer than cmdline_size 2047");
    /* exactly cmdline_size bytes fit */
    line[BZG_CMDLINE_SIZE] = 0;
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(strlen((const char *)hvm_test_gpa(res.cmdline_gpa)), BZG_CMDLINE_SIZE);
    /* a huge cmdline_size is capped by the builder's 64 KiB buffer */
    setup();
    bzg_put32(&gen, 0x238, 0x7fffffff);
    memset(line, 'b', sizeof(line) - 1);
    line[sizeof(line) - 1] = 0;
    rq = request();
    rq.cmdline = line;
    expect_refused(&rq, STATUS_EINVAL, "command line longer than cmdline_size 65535");
}

UNIT_TEST(refuses_initrds_that_do_not_fit)
{
    static uint8_t big[0x400000];
    struct hvm_build_request rq;

    setup();
    rq = request();
    rq.ramdisk = big;
    rq.ramdisk_len = sizeof(big);            /* 20 MiB - 4 MiB < kernel end 17 MiB */
    expect_refused(&rq, STATUS_ENOMEM, "initrd of 4194304 bytes does not fit between"
                   " the kernel end 0x1100000 and 0x1400000");
    rq.ramdisk_len = 0x100000000ULL;         /* larger than all RAM below 4 GiB */
    expect_refused(&rq, STATUS_ENOMEM, "does not fit");
    bzg_put32(&gen, 0x22c, 0x10fffff);       /* initrd_addr_max inside the kernel */
    rq = request();
    expect_refused(&rq, STATUS_ENOMEM,
                   "does not fit between the kernel end 0x1100000 and 0x1100000");
    rq.ramdisk = NULL;
    expect_refused(&rq, STATUS_EINVAL, "initrd of 10000 bytes without data");
}

UNIT_TEST(refuses_bad_vcpu_counts_and_ram_sizes)
{
    struct hvm_build_request rq;

    setup();
    rq = request();
    rq.nr_vcpus = 0;
    expect_refused(&rq, STATUS_EINVAL, "nr_vcpus 0 outside 1..4");
    rq.nr_vcpus = 5;                         /* above the domain's max_vcpus */
    expect_refused(&rq, STATUS_EINVAL, "nr_vcpus 5 outside 1..4");
    rq.nr_vcpus = 1;
    rq.nr_pages = 1023;
    expect_refused(&rq, STATUS_EINVAL, "RAM of 1023 pages too small");
    rq.nr_pages = (16ULL << 20) + 1;
    expect_refused(&rq, STATUS_EINVAL, "above the builder's");
    rq.nr_pages = MAX_PAGES + 1;
    expect_refused(&rq, STATUS_ENOMEM, "RAM of 6001 pages above the domain's limit 6000");
    rq.nr_pages = GUEST_PAGES;
    rq.kernel = NULL;
    expect_refused(&rq, STATUS_EINVAL, "no kernel image");
    /* without an error buffer: refused all the same */
    {
        struct hvm_build_result res;

        CHECK_EQ(hvm_build(hvm_dom, &rq, &res, NULL, 0), STATUS_EINVAL);
    }
    /* a domain with 32+ vCPUs allowed: the tables stop at 32 */
    hvm_test_setup(MACHINE_FRAMES, MAX_PAGES, 32, 0);
    rq = request();
    rq.nr_vcpus = 33;
    expect_refused(&rq, STATUS_EINVAL, "nr_vcpus 33 outside 1..32");
}

UNIT_TEST(refuses_ram_beyond_the_p2m_and_used_domains)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;

    hvm_test_setup(MACHINE_FRAMES, MAX_PAGES, 4, 4096);     /* 16 MiB of gfns */
    bzg_default(&gen);
    rq = request();
    expect_refused(&rq, STATUS_EINVAL, "RAM ends at gfn 0x1400, beyond the P2M limit 0x1000");
    /* a second build of a built domain */
    setup();
    rq = request();
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_EINVAL);
    CHECK(strstr(hvm_err, "domain 1 is not a new HVM domain") != NULL);
    CHECK_EQ(hvm_dom->mm.account.pages, GUEST_PAGES);
    /* a PV domain */
    setup();
    hvm_dom->hvm = false;
    rq = request();
    expect_refused(&rq, STATUS_EINVAL, "not a new HVM domain");
}

/* --- memory: blocks, fallback, release ----------------------------------------- */

UNIT_TEST(ram_comes_in_2mib_blocks_the_npt_maps_as_superpages)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;
    mfn_t mfn;
    bool writable = false, super = false;

    setup();
    CHECK_EQ(nested_enable(&hvm_dom->mm, NESTED_NPT, 7), STATUS_OK);
    rq = request();
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(hvm_dom->mm.p2m.nested.superpages, GUEST_PAGES / 512);
    CHECK_EQ(nested_translate(&hvm_dom->mm, BZG_PREF >> 12, &mfn, &writable, &super), STATUS_OK);
    CHECK(writable && super);
    CHECK_EQ(mfn % 512, 0);
}

/* Take every free frame; give back those for which keep(mfn) is false. */
static mfn_t taken[MACHINE_FRAMES];
static unsigned int nr_taken;

static void exhaust_then_free(bool (*give_back)(mfn_t))
{
    mfn_t m;

    nr_taken = 0;
    while (page_alloc_frames(0, &m) == STATUS_OK)
        taken[nr_taken++] = m;
    for (unsigned int i = 0; i < nr_taken; i++)
        if (give_back(taken[i]))
            CHECK_EQ(page_free_frames(taken[i], 0), STATUS_OK);
    hvm_free_before = page_alloc_free_count();
}

static bool odd_frames(mfn_t m)
{
    return m % 2 == 1;
}

/* The mfn behind gfn. */
static mfn_t mfn_at(gfn_t gfn)
{
    enum p2m_type type;
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(p2m_get(&hvm_dom->mm, gfn, &mfn, &type), STATUS_OK);
    return mfn;
}

UNIT_TEST(fragmented_heap_falls_back_to_4k_pages)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;

    setup();
    exhaust_then_free(odd_frames);
    CHECK(page_alloc_free_count() > 4000);
    bzg_put8(&gen, 0x234, 0);
    bzg_put64(&gen, 0x258, 0x100000);
    rq = request();
    rq.nr_pages = 1024;
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(hvm_dom->mm.account.pages, 1024);
    CHECK_EQ(p2m_entries(&hvm_dom->mm), 1024);
    CHECK_EQ(mfn_at(0) % 2, 1);                  /* single odd frames, no blocks */
    CHECK_EQ(mfn_at(1023) % 2, 1);
    CHECK_EQ(memcmp(hvm_test_gpa(0x100000), gen.image + BZG_SETUP_BYTES, 512), 0);
    check_acpi(res.rsdp_gpa, 2);
}

UNIT_TEST(out_of_memory_releases_4k_pages)
{
    struct hvm_build_request rq;

    setup();
    exhaust_then_free(odd_frames);
    rq = request();                          /* 5120 pages, about 4095 free */
    expect_refused(&rq, STATUS_ENOMEM, "build: out of memory after");
}

UNIT_TEST(out_of_memory_releases_blocks_and_pages)
{
    struct hvm_build_request rq;

    hvm_test_setup(MACHINE_FRAMES, 9000, 4, 0);
    bzg_default(&gen);
    rq = request();
    rq.nr_pages = 8300;                      /* 15 blocks, then 4 KiB pages, then none */
    expect_refused(&rq, STATUS_ENOMEM, "");
    CHECK(strstr(hvm_err, "out of memory") != NULL || strstr(hvm_err, "P2M refused") != NULL);
}

/* Free frames: the block [512, 1024) and those with keep_single true. */
static unsigned int singles_left;

static bool block_and_singles(mfn_t m)
{
    if (m >= 512 && m < 1024)
        return true;
    if (singles_left > 0 && m >= 2001 && m % 2 == 1) {
        singles_left--;
        return true;
    }
    return false;
}

UNIT_TEST(p2m_without_nodes_for_a_block_releases_it)
{
    struct hvm_build_request rq;

    setup();
    singles_left = 3;                        /* the P2M needs four nodes for gfn 0 */
    exhaust_then_free(block_and_singles);
    rq = request();
    expect_refused(&rq, STATUS_ENOMEM, "build: P2M refused gfn 0");
}

static bool singles_only(mfn_t m)
{
    if (singles_left > 0 && m >= 2001 && m % 2 == 1) {
        singles_left--;
        return true;
    }
    return false;
}

UNIT_TEST(p2m_without_nodes_for_a_page_releases_it)
{
    struct hvm_build_request rq;

    setup();
    singles_left = 4;                        /* one page + three of the four nodes */
    exhaust_then_free(singles_only);
    rq = request();
    expect_refused(&rq, STATUS_ENOMEM, "build: P2M refused gfn 0");
}

UNIT_TEST(failure_with_a_nested_table_keeps_its_nodes)
{
    struct hvm_build_request rq;
    struct hvm_build_result res;
    uint64_t tables;

    setup();
    CHECK_EQ(nested_enable(&hvm_dom->mm, NESTED_NPT, 7), STATUS_OK);
    tables = hvm_dom->mm.p2m.nested.tables;
    exhaust_then_free(odd_frames);
    rq = request();
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_ENOMEM);
    CHECK_EQ(hvm_dom->mm.account.pages, 0);
    CHECK_EQ(p2m_entries(&hvm_dom->mm), 0);
    CHECK(nested_root(&hvm_dom->mm) != INVALID_MFN);
    /* the domain's teardown returns the rest */
    p2m_destroy(&hvm_dom->mm);
    CHECK_EQ(page_alloc_free_count(), hvm_free_before + tables);
}
