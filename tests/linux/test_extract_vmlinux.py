#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_extract_vmlinux.py - the bzImage extractor on synthetic images.
import gzip
import lzma
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_vmlinux as ex  # noqa: E402

ELF = b"\x7fELF\x02\x01\x01" + bytes(57) + b"kernel body " * 300


def bzimage(payload, setup_sects=1, version=0x020f, offset=16, length=None):
    """A minimal bzImage: setup sectors with the header, then the payload."""
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1f1] = setup_sects
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, version)
    struct.pack_into("<II", setup, 0x248, offset,
                     len(payload) if length is None else length)
    return bytes(setup) + bytes(offset) + payload + b"\0\0\0\0"


def lz4_literals_block(data):
    """An LZ4 block of one literal-only sequence."""
    n = len(data) - 15
    token = bytes([0xf0]) + b"\xff" * (n // 255) + bytes([n % 255])
    return token + data


def lz4_match_block():
    """Literal "ab", then a 10-byte match at offset 2: "ab" six times."""
    return bytes([0x26]) + b"ab" + struct.pack("<H", 2)


class Extract(unittest.TestCase):
    def test_xz(self):
        self.assertEqual(ex.extract(bzimage(lzma.compress(ELF))), ELF)

    def test_gzip(self):
        self.assertEqual(ex.extract(bzimage(gzip.compress(ELF))), ELF)

    def test_lz4_legacy_literals(self):
        block = lz4_literals_block(ELF)
        frame = ex.LZ4_LEGACY_MAGIC + struct.pack("<I", len(block)) + block
        self.assertEqual(ex.extract(bzimage(frame)), ELF)

    def test_lz4_overlapping_match(self):
        out = bytearray()
        ex.lz4_block(lz4_match_block(), out)
        self.assertEqual(bytes(out), b"ab" * 6)

    def test_lz4_bad_offset(self):
        with self.assertRaises(ex.ImageError):
            ex.lz4_block(bytes([0x10]) + b"a" + struct.pack("<H", 5), bytearray())

    def test_not_bzimage(self):
        with self.assertRaisesRegex(ex.ImageError, "no HdrS"):
            ex.extract(bytes(4096))

    def test_old_protocol(self):
        with self.assertRaisesRegex(ex.ImageError, "payload fields"):
            ex.extract(bzimage(lzma.compress(ELF), version=0x0206))

    def test_payload_outside(self):
        with self.assertRaisesRegex(ex.ImageError, "outside"):
            ex.extract(bzimage(lzma.compress(ELF), length=1 << 30))

    def test_unknown_compression(self):
        with self.assertRaisesRegex(ex.ImageError, "unsupported"):
            ex.extract(bzimage(b"BZh9" + bytes(100)))

    def test_not_elf(self):
        with self.assertRaisesRegex(ex.ImageError, "not an ELF64"):
            ex.extract(bzimage(lzma.compress(b"plain data" * 10)))


if __name__ == "__main__":
    unittest.main()
