/* SPDX-License-Identifier: MIT */
/* hvm-smp: INIT/SIPI start vCPU 1 in real mode; its exits work there. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-smp: INIT/SIPI start an AP in real mode, CPUID and OUT from 16-bit code";

#define AP_PAGE        0x70000UL        /* below 640 KiB: SIPI vector 0x70 */
#define AP_DONE        0x1234
#define LAPIC_ICR_LOW  0x300
#define LAPIC_ICR_HIGH 0x310
#define ICR_INIT       0x4500U          /* INIT, level assert */
#define ICR_SIPI       0x4600U
#define ICR_PENDING    (1U << 12)

extern const char ap_start[], ap_end[];
extern const uint32_t ap_result_offset;

static void send_ipi(uint32_t apic_id, uint32_t low)
{
    lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
    lapic_write(LAPIC_ICR_LOW, low);
    for (int i = 0; i < 1000 && (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING); i++)
        ;
}

void test_main(void)
{
    volatile uint16_t *flag = (volatile uint16_t *)(AP_PAGE + ap_result_offset);
    volatile uint32_t *sig = (volatile uint32_t *)(AP_PAGE + ap_result_offset + 4);
    uint32_t r[4];
    int spins = 0;

    memcpy((void *)AP_PAGE, ap_start, (size_t)(ap_end - ap_start));
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
    send_ipi(1, ICR_INIT);
    send_ipi(1, ICR_SIPI | (AP_PAGE >> 12));
    send_ipi(1, ICR_SIPI | (AP_PAGE >> 12));   /* the second one is ignored */
    while (*flag != AP_DONE && spins++ < 200000)
        cpuid(0, 0, r);                         /* exits: let the AP run */
    check_eq(*flag, (uint16_t)AP_DONE, "AP's flag");
    check_eq(*sig, 0x61727453U, "CPUID signature seen by the AP in real mode");
    printk("hvm-smp: AP done after %d spins\n", spins);
    report_success();
}
