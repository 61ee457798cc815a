/* SPDX-License-Identifier: MIT */
/* test_vpci_vi8042.c - configuration mechanism 1 with one host bridge, and the reset lines. */
#include "unit.h"
#include "guest/hvm/dm/vi8042.h"
#include "guest/hvm/dm/vpci.h"
#include "guest/hvm/dm/vpm1.h"

UNIT_TEST(vpci_host_bridge_only)
{
    struct vpci pci;

    vpci_reset(&pci);
    CHECK_EQ(vpci_data_read(&pci, 0, 4), 0xffffffffU);     /* enable bit clear */
    /* Linux's pci_check_type1: 0x80000000 reads back. */
    vpci_address_write(&pci, 0x80000000U);
    CHECK_EQ(vpci_address_read(&pci), 0x80000000U);
    vpci_address_write(&pci, 0xffffffffU);
    CHECK_EQ(vpci_address_read(&pci), 0x80fffffcU);
    vpci_address_write(&pci, 0x80000000U);
    CHECK_EQ(vpci_data_read(&pci, 0, 4), 0x12378086U);
    CHECK_EQ(vpci_data_read(&pci, 2, 2), 0x1237);
    CHECK_EQ(vpci_data_read(&pci, 1, 1), 0x80);
    CHECK_EQ(vpci_data_read(&pci, 3, 2), 0xffff);          /* crosses the dword */
    CHECK_EQ(vpci_data_read(&pci, 4, 1), 0xff);
    vpci_address_write(&pci, 0x80000008U);
    CHECK_EQ(vpci_data_read(&pci, 0, 4), 0x06000002U);      /* host bridge class */
    CHECK_EQ(vpci_data_read(&pci, 3, 1), 0x06);
    vpci_address_write(&pci, 0x80000010U);                  /* BAR0: unimplemented */
    CHECK_EQ(vpci_data_read(&pci, 0, 4), 0);
    vpci_address_write(&pci, 0x80000800U);                  /* 00:01.0: empty */
    CHECK_EQ(vpci_data_read(&pci, 0, 4), 0xffffffffU);
    vpci_address_write(&pci, 0x80010000U);                  /* bus 1: empty */
    CHECK_EQ(vpci_data_read(&pci, 0, 2), 0xffff);
}

UNIT_TEST(vi8042_probe_and_resets)
{
    struct vi8042 k;

    vi8042_reset(&k);
    CHECK_EQ(vi8042_read(&k, 0x64), 0x14);                  /* input buffer empty */
    CHECK(!vi8042_write(&k, 0x64, 0x20));                   /* read CTR */
    CHECK_EQ(vi8042_read(&k, 0x64) & 0x01, 0x01);
    CHECK_EQ(vi8042_read(&k, 0x60), 0x45);
    CHECK_EQ(vi8042_read(&k, 0x64) & 0x01, 0);
    CHECK(!vi8042_write(&k, 0x64, 0x60));                   /* write CTR */
    CHECK_EQ(vi8042_read(&k, 0x64) & 0x08, 0x08);
    CHECK(!vi8042_write(&k, 0x60, 0x47));
    vi8042_write(&k, 0x64, 0x20);
    CHECK_EQ(vi8042_read(&k, 0x60), 0x47);
    vi8042_write(&k, 0x64, 0xaa);
    CHECK_EQ(vi8042_read(&k, 0x60), 0x55);
    vi8042_write(&k, 0x64, 0xab);
    CHECK_EQ(vi8042_read(&k, 0x60), 0x00);
    CHECK(!vi8042_write(&k, 0x64, 0xad));                   /* disable keyboard: nothing */
    CHECK(!vi8042_write(&k, 0x60, 0xf2));                   /* to the keyboard: nobody */
    /* Output port with bit 0 clear pulls reset; set does not. */
    CHECK(!vi8042_write(&k, 0x64, 0xd1));
    CHECK(!vi8042_write(&k, 0x60, 0x03));
    CHECK(!vi8042_write(&k, 0x64, 0xd1));
    CHECK(vi8042_write(&k, 0x60, 0x02));
    CHECK(vi8042_write(&k, 0x64, 0xfe));                    /* Linux reboot=kbd */
    /* 0xcf9: bit 1 alone arms, bit 2 resets (Linux reboot=pci writes 2 then 6). */
    CHECK(!vi8042_write(&k, 0xcf9, 0x02));
    CHECK_EQ(vi8042_read(&k, 0xcf9), 0x02);
    CHECK(vi8042_write(&k, 0xcf9, 0x06));
    /* Port 92: bit 0 is a fast reset, A20 (bit 1) kept. */
    CHECK(!vi8042_write(&k, 0x92, 0x02));
    CHECK_EQ(vi8042_read(&k, 0x92), 0x02);
    CHECK(vi8042_write(&k, 0x92, 0x03));
    CHECK_EQ(vi8042_read(&k, 0x99), 0xff);
    CHECK(!vi8042_write(&k, 0x99, 0xfe));
}

UNIT_TEST(vpm1_reads_back_what_acpi_wrote)
{
    struct vpm1 pm;

    vpm1_reset(&pm);
    CHECK_EQ(vpm1_read(&pm, 4), 0x01);                      /* SCI_EN: ACPI mode */
    CHECK_EQ(vpm1_read(&pm, 0) | vpm1_read(&pm, 1), 0);     /* no status */
    vpm1_write(&pm, 0, 0xff);                               /* W1C of nothing */
    vpm1_write(&pm, 1, 0xff);
    CHECK_EQ(vpm1_read(&pm, 1), 0);
    vpm1_write(&pm, 3, 0xff);                               /* enables: RTC, buttons */
    CHECK_EQ(vpm1_read(&pm, 3), 0x07);
    vpm1_write(&pm, 2, 0xff);
    CHECK_EQ(vpm1_read(&pm, 2), 0x21);
    vpm1_write(&pm, 3, 0x00);                               /* Linux disables RTC events */
    CHECK_EQ(vpm1_read(&pm, 3), 0x00);
    vpm1_write(&pm, 4, 0x00);                               /* SCI_EN cannot be cleared */
    CHECK_EQ(vpm1_read(&pm, 4), 0x01);
    vpm1_write(&pm, 5, 0x3c);                               /* SLP_TYP 7, SLP_EN: not stored */
    CHECK_EQ(vpm1_read(&pm, 5), 0x1c);
    CHECK_EQ(vpm1_read(&pm, 6), 0xff);
    vpm1_write(&pm, 7, 0xff);
}

UNIT_TEST(vpm1_slp_en_with_s5_asks_for_poweroff)
{
    struct vpm1 pm;

    vpm1_reset(&pm);
    CHECK(!vpm1_write(&pm, 5, 0x14));                       /* SLP_TYP 5 without SLP_EN */
    CHECK_EQ(vpm1_read(&pm, 5), 0x14);
    CHECK(vpm1_write(&pm, 5, 0x34));                        /* then SLP_EN: S5 */
    CHECK_EQ(vpm1_read(&pm, 5), 0x14);                      /* SLP_EN reads 0 */
    CHECK(!vpm1_write(&pm, 5, 0x24));                       /* SLP_TYP 1 (S1): no */
    CHECK(!vpm1_write(&pm, 5, 0x3c));                       /* SLP_TYP 7: no */
    CHECK(!vpm1_write(&pm, 4, 0xff));                       /* low byte: no SLP_EN there */
    CHECK(!vpm1_write(&pm, 3, 0xff));                       /* PM1a_EN */
    CHECK(!vpm1_write(&pm, 1, 0x20));                       /* PM1a_STS */
    CHECK(!vpm1_write(&pm, 7, 0x34));                       /* outside the block */
}

UNIT_TEST(vpm1_timer_counts_at_3_58_mhz)
{
    CHECK_EQ(vpm1_timer_read(0, 0), 0);
    /* 1 s = 3579545 = 0x369e99 counts. */
    CHECK_EQ(vpm1_timer_read(0, 1000000000ULL), 0x99);
    CHECK_EQ(vpm1_timer_read(1, 1000000000ULL), 0x9e);
    CHECK_EQ(vpm1_timer_read(2, 1000000000ULL), 0x36);
    CHECK_EQ(vpm1_timer_read(3, 1000000000ULL), 0x00);
    CHECK_EQ(vpm1_timer_read(4, 1000000000ULL), 0xff);
    /* 32 bits wrap after 2^32 / 3579545 s = 1199.86 s. */
    CHECK_EQ(vpm1_timer_read(3, 1199000000000ULL), 0xff);
    CHECK_EQ(vpm1_timer_read(3, 1200000000000ULL), 0x00);
}
