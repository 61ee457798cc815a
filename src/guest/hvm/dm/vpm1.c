/* SPDX-License-Identifier: MIT */
/* vpm1.c - PM1a status/enable/control as byte registers, so Linux's ACPI core reads back what it wrote. */
#include "guest/hvm/dm/vpm1.h"
#include "guest/hvm/dm/dm_time.h"

#define EN_WRITABLE   0x0721U   /* TMR, GBL, PWRBTN, SLPBTN, RTC enables */
#define CNT_SCI_EN    0x0001U
#define CNT_WRITABLE  0x1c06U   /* BM_RLD, GBL_RLS, SLP_TYP */
#define CNT_SLP_TYP_SHIFT 10
#define CNT_SLP_EN    0x2000U

void vpm1_reset(struct vpm1 *pm)
{
    pm->enable = 0;
    pm->control = CNT_SCI_EN;
}

uint8_t vpm1_read(const struct vpm1 *pm, unsigned int offset)
{
    unsigned int shift = offset % 2U * 8U;

    switch (offset >> 1) {
    case 0:  return 0;                                   /* status: nothing happened */
    case 1:  return (uint8_t)(pm->enable >> shift);
    case 2:  return (uint8_t)(pm->control >> shift);
    default: return 0xff;
    }
}

/* Replace the byte at shift of reg with val, keeping writable bits only. */
/*@ requires shift == 0 || shift == 8;
    assigns \nothing;
*/
static uint16_t merge_byte(uint16_t reg, unsigned int shift, uint8_t val, uint16_t writable)
{
    uint16_t mask = (uint16_t)(0xffU << shift);
    uint16_t update = (uint16_t)((reg & ~mask) | ((unsigned int)val << shift));

    return (uint16_t)((reg & ~writable) | (update & writable));
}

bool vpm1_write(struct vpm1 *pm, unsigned int offset, uint8_t val)
{
    unsigned int shift = offset % 2U * 8U;

    if (offset >> 1 == 1) {
        pm->enable = merge_byte(pm->enable, shift, val, EN_WRITABLE);
    } else if (offset >> 1 == 2) {
        pm->control = merge_byte(pm->control, shift, val, CNT_WRITABLE);
        /* SLP_EN is bit 5 of the high byte (offset 5), which also holds
         * SLP_TYP; tested with == and / so WP proves the contract. */
        return offset == 5 && (val & (CNT_SLP_EN >> 8)) != 0 &&
               pm->control / (1U << CNT_SLP_TYP_SHIFT) % 8U == VPM1_SLP_TYP_S5;
    }
    return false;
}

uint8_t vpm1_timer_read(unsigned int byte, uint64_t now_ns)
{
    uint32_t count = (uint32_t)dm_scale(now_ns, VPM1_TIMER_HZ, DM_NS_PER_SEC);

    if (byte > 3)
        return 0xff;
    return (uint8_t)(count >> (8U * byte));
}
