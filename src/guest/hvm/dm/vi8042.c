/* SPDX-License-Identifier: MIT */
/* vi8042.c - enough of the keyboard controller to answer probes and take a reset command. */
#include "guest/hvm/dm/vi8042.h"

#define STATUS_OBF        0x01U
#define STATUS_SYSTEM     0x04U
#define STATUS_COMMAND    0x08U
#define STATUS_UNLOCKED   0x10U
#define CMD_READ_CTR      0x20U
#define CMD_WRITE_CTR     0x60U
#define CMD_SELF_TEST     0xaaU
#define CMD_TEST_KBD      0xabU
#define CMD_WRITE_OUTPUT  0xd1U
#define CMD_PULSE_RESET   0xfeU
#define CF9_RESET         0x04U

void vi8042_reset(struct vi8042 *k)
{
    *k = (struct vi8042){ .ctr = 0x45 };   /* keyboard IRQ, system flag, translation */
}

/*@ requires Vi8042Valid(k);
    assigns k->out, k->out_full;
*/
static void reply(struct vi8042 *k, uint8_t byte)
{
    k->out = byte;
    k->out_full = true;
}

/* A command byte at 0x64; true if it resets. */
/*@ requires Vi8042Valid(k);
    assigns *k;
*/
static bool command(struct vi8042 *k, uint8_t val)
{
    k->command = 0;
    switch (val) {
    case CMD_READ_CTR:     reply(k, k->ctr); return false;
    case CMD_SELF_TEST:    reply(k, 0x55); return false;
    case CMD_TEST_KBD:     reply(k, 0x00); return false;
    case CMD_WRITE_CTR:
    case CMD_WRITE_OUTPUT: k->command = val; return false;
    case CMD_PULSE_RESET:  return true;
    default:               return false;  /* port enables, LEDs: nothing attached */
    }
}

/* A data byte at 0x60; true if it resets (output port bit 0 low). */
/*@ requires Vi8042Valid(k);
    assigns *k;
*/
static bool data(struct vi8042 *k, uint8_t val)
{
    uint8_t cmd = k->command;

    k->command = 0;
    if (cmd == CMD_WRITE_CTR)
        k->ctr = val;
    return cmd == CMD_WRITE_OUTPUT && !(val & 0x01U);
}

uint8_t vi8042_read(struct vi8042 *k, uint16_t port)
{
    switch (port) {
    case VI8042_PORT_STATUS:
        return (uint8_t)(STATUS_SYSTEM | STATUS_UNLOCKED | (k->out_full ? STATUS_OBF : 0) |
                         (k->command ? STATUS_COMMAND : 0));
    case VI8042_PORT_DATA:
        k->out_full = false;
        return k->out;
    case VI8042_PORT_92:
        return k->port92;
    case VI8042_PORT_CF9:
        return k->cf9;
    default:
        return 0xff;
    }
}

bool vi8042_write(struct vi8042 *k, uint16_t port, uint8_t val)
{
    switch (port) {
    case VI8042_PORT_STATUS:
        return command(k, val);
    case VI8042_PORT_DATA:
        return data(k, val);
    case VI8042_PORT_92:
        k->port92 = val & 0x02U;           /* A20 kept; bit 0 is a pulse */
        return (val & 0x01U) != 0;
    case VI8042_PORT_CF9:
        k->cf9 = val & 0x0aU;              /* full-reset and system-reset bits kept */
        return (val & CF9_RESET) != 0;
    default:
        return false;
    }
}
