/* SPDX-License-Identifier: MIT */
/* vpci.c - the configuration address latch and the read-only host bridge at 00:00.0. */
#include "guest/hvm/dm/vpci.h"

#define CLASS_HOST_BRIDGE 0x06000000U   /* class 06 subclass 00 prog-if 00 */
#define BRIDGE_REVISION   0x02U

void vpci_reset(struct vpci *pci)
{
    pci->address = 0;
}

uint32_t vpci_address_read(const struct vpci *pci)
{
    return pci->address;
}

void vpci_address_write(struct vpci *pci, uint32_t val)
{
    pci->address = val & 0x80fffffcU;   /* reserved bits 24-30 and 0-1 read 0 */
}

/* The bridge's dword at register reg (BARs, subsystem ids and the rest
 * read 0: nothing to size, no interrupt). */
/*@ assigns \nothing; */
static uint32_t bridge_dword(unsigned int reg)
{
    switch (reg) {
    case 0x00: return VPCI_BRIDGE_DEVICE << 16 | VPCI_BRIDGE_VENDOR;
    case 0x08: return CLASS_HOST_BRIDGE | BRIDGE_REVISION;
    default:   return 0;                 /* command, status, header type 0, BARs */
    }
}

uint32_t vpci_data_read(const struct vpci *pci, unsigned int offset, unsigned int size)
{
    uint32_t ones = size >= 4 ? 0xffffffffU : (1U << (8 * size)) - 1U;
    uint32_t bdf = (pci->address >> 8) & 0xffffU;
    uint32_t dword;

    if (!(pci->address & VPCI_ENABLE) || bdf != 0 || offset > 3 || offset + size > 4)
        return ones;
    dword = bridge_dword(pci->address & 0xfcU);
    return (dword >> (8 * offset)) & ones;
}
