#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# extract_vmlinux.py - take the ELF vmlinux out of an x86 bzImage (host tool).
"""Usage: extract_vmlinux.py BZIMAGE OUT

A bzImage is the real-mode setup (setup_sects + 1 sectors of 512 bytes)
followed by the protected-mode part, which holds the compressed kernel at
payload_offset (setup header byte 0x248) for payload_length bytes (0x24c).
Debian 12's cloud kernel (6.1.0-57) compresses it with LZ4 (legacy frame
format), older ones with XZ; gzip is handled too.  The result is the ELF vmlinux with its
Xen notes, which Strata's PV builder loads.  Strata keeps decompressors out
of the hypervisor: this runs on the host.
"""
import gzip
import lzma
import struct
import sys

HDR_MAGIC = b"HdrS"
LZ4_LEGACY_MAGIC = b"\x02\x21\x4c\x18"
LZ4_LEGACY_BLOCK = 8 << 20     # uncompressed bytes per legacy block
MIN_PROTOCOL = 0x0208          # the first with payload_offset/length


class ImageError(Exception):
    pass


def payload_of(image):
    """Return the compressed payload bytes of bzImage `image`."""
    if len(image) < 0x250 or image[0x202:0x206] != HDR_MAGIC:
        raise ImageError("not a bzImage (no HdrS setup header)")
    version = struct.unpack_from("<H", image, 0x206)[0]
    if version < MIN_PROTOCOL:
        raise ImageError(f"boot protocol {version:#x} has no payload fields")
    setup_sects = image[0x1f1] or 4
    offset, length = struct.unpack_from("<II", image, 0x248)
    start = (setup_sects + 1) * 512 + offset
    if length == 0 or start + length > len(image):
        raise ImageError("payload lies outside the file")
    return image[start:start + length]


def lz4_block(src, out):
    """Append the LZ4 block `src` (sequences of literals + match) to `out`."""
    i, n = 0, len(src)
    while i < n:
        token = src[i]
        i += 1
        lit = token >> 4
        if lit == 15:
            while True:
                b = src[i]
                i += 1
                lit += b
                if b != 255:
                    break
        out += src[i:i + lit]
        i += lit
        if i >= n:                      # the last sequence has no match
            break
        offset = src[i] | (src[i + 1] << 8)
        i += 2
        if offset == 0 or offset > len(out):
            raise ImageError("corrupt LZ4 block (bad match offset)")
        mlen = token & 15
        if mlen == 15:
            while True:
                b = src[i]
                i += 1
                mlen += b
                if b != 255:
                    break
        mlen += 4
        start = len(out) - offset
        if mlen <= offset:
            out += out[start:start + mlen]
        else:                           # overlapping copy repeats the pattern
            pattern = out[start:]
            out += (pattern * (mlen // offset + 1))[:mlen]


def lz4_legacy(payload):
    """Decompress an LZ4 legacy frame: magic, then (u32 size, block)*."""
    out = bytearray()
    i = len(LZ4_LEGACY_MAGIC)
    while i + 4 <= len(payload):
        size = struct.unpack_from("<I", payload, i)[0]
        if size == struct.unpack("<I", LZ4_LEGACY_MAGIC)[0]:
            i += 4                      # a concatenated frame starts again
            continue
        i += 4
        if size > len(payload) - i:
            break                       # the kernel's trailing size field
        lz4_block(payload[i:i + size], out)
        i += size
    return bytes(out)


def decompress(payload):
    """Decompress `payload` by its magic number."""
    if payload.startswith(b"\xfd7zXZ\x00"):
        # The kernel appends the uncompressed size; stop at the stream end.
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    if payload.startswith(LZ4_LEGACY_MAGIC):
        return lz4_legacy(payload)
    if payload.startswith(b"\x1f\x8b"):
        return gzip.decompress(payload)
    raise ImageError(f"unsupported compression (magic {payload[:6].hex()})")


def extract(image):
    elf = decompress(payload_of(image))
    if not elf.startswith(b"\x7fELF\x02"):
        raise ImageError("payload is not an ELF64")
    return elf


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            elf = extract(f.read())
    except (OSError, ImageError, lzma.LZMAError) as e:
        print(f"extract_vmlinux: {argv[1]}: {e}", file=sys.stderr)
        return 1
    with open(argv[2], "wb") as f:
        f.write(elf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
