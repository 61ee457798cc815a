#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make_seeds.py - writes the seed inputs of fuzz_hypercall (see its header
# for the step format) into seeds/: programs that reach deep states (a
# grant mapped and copied, channels bound and signalled, a multicall).
import struct, os, sys

GUEST = 0xFE << 56          # an argument with this top byte is a guest address

def mem(dom, off, data):
    assert len(data) < 64
    return bytes([0, dom]) + struct.pack('<H', off) + bytes([len(data)]) + data

def mems(dom, off, data):
    return b''.join(mem(dom, off + i, data[i:i + 32]) for i in range(0, len(data), 32))

def grant(dom, ref, flags, to, frame):
    return bytes([1, dom]) + struct.pack('<HH', ref, flags) + bytes([to, frame])

def call(dom, op, *args):
    args = list(args) + [0] * (6 - len(args))
    return bytes([2, dom, 0, op]) + b''.join(struct.pack('<Q', a) for a in args)

def recreate(dom):
    return bytes([3, dom])

MAP = struct.pack('<QIIHhIQ', 0x10000, 2, 0, 1, 0, 0, 0)          # map ref 0 of d1
UNMAP = struct.pack('<QQIhH', 0x10000, 0, 0, 0, 0)
COPY = (struct.pack('<IIHHI', 0, 0, 1, 0, 0) +                    # source: ref 0 of d1
        struct.pack('<QHHI', 3, 0x7FF0, 16, 0) +                   # dest: own gfn 3
        struct.pack('<HHhH', 32, 1, 0, 0))

seeds = {
    # d1 grants frame 69 (= its gfn 5) to d2 (HVM), d2 maps, copies, unmaps.
    'grant_map_copy_unmap': grant(1, 0, 1, 2, 69) + mems(2, 0x100, MAP) +
        call(2, 20, 0, GUEST | 0x100, 1) + mems(2, 0x200, COPY) +
        call(2, 20, 5, GUEST | 0x200, 1) + mem(2, 0x300, UNMAP) +
        call(2, 20, 1, GUEST | 0x300, 1) + recreate(1),
    # d1 alloc_unbound for d2; d2 binds to port 1 and sends on its port 1.
    'evtchn_bind_send_close': mem(1, 0x100, struct.pack('<HHI', 0x7FF0, 2, 0)) +
        call(1, 32, 6, GUEST | 0x100) +
        mem(2, 0x100, struct.pack('<HHII', 1, 0, 1, 0)) + call(2, 32, 0, GUEST | 0x100) +
        mem(2, 0x200, struct.pack('<I', 1)) + call(2, 32, 4, GUEST | 0x200) +
        call(1, 32, 3, GUEST | 0x200) + recreate(2),
    # A multicall of two xen_version calls and one sched_op yield.
    'multicall': mems(1, 0x400, struct.pack('<Qq6Q', 17, 0, 0, 0, 0, 0, 0, 0) +
                      struct.pack('<Qq6Q', 29, 0, 0, 0, 0, 0, 0, 0)) +
        call(1, 13, GUEST | 0x400, 2),
    # Console write and setup_table from the privileged domain for d1.
    'console_setup_table': mem(0, 0x100, b'hello strata\n') + call(0, 18, 0, 13, GUEST | 0x100) +
        mem(0, 0x200, struct.pack('<HHIhHHHQ', 1, 0, 2, 0, 0, 0, 0, 0x3000)) +
        call(0, 20, 2, GUEST | 0x200, 1),
}

out = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])), 'seeds')
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
