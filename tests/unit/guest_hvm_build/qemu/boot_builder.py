#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# boot_builder.py - Debian's kernel run by QEMU on the memory image hvm_build lays out.
"""Usage: boot_builder.py --hvm-image TOOL --stub TEMPLATE [--vcpus N] [--mem MIB]
                         [--timeout S] [--log FILE] [--cache DIR]

Checks the HVM domain builder on its own, before Strata's SVM backend
runs it: hvm_image (a host build of hvm_build) lays out the guest -
kernel, initrd, zero page with e820, command line, ACPI tables, GDT,
page tables - and QEMU (microvm: PIC, PIT, RTC, IOAPIC, UART; its own
ACPI off) loads that memory as is; stub.S only switches to long mode
with the builder's CR3/GDT/registers and jumps to the 64-bit entry. The
kernel must find the builder's e820 map and ACPI description (every
vCPU up through the MADT) and pass the workload of tests/linux/init.sh.
Exit status: 0 pass, 1 fail, 77 skip (no QEMU or no kernel).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
LINUX = os.path.join(ROOT, "tests", "linux")
sys.path.insert(0, LINUX)
import workload  # noqa: E402

CMDLINE = "console=ttyS0 panic=-1"
MACHINE = "microvm,acpi=off,pic=on,pit=on,rtc=on,isa-serial=on,ioapic2=off"
END_MARKS = ("reboot: System halted", "reboot: Power down", "Kernel panic")


def fetch(cache):
    args = [os.path.join(LINUX, "fetch.sh")] + ([cache] if cache else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def run_qemu(qemu, opts, out, log):
    """Boot until the kernel halts (the builder gives no ACPI S5) or time is up."""
    cmd = [qemu, "-accel", "tcg", "-M", MACHINE, "-cpu", "qemu64",
           "-smp", str(opts.vcpus), "-m", f"{opts.mem}M",
           "-bios", os.path.join(out, "stub.bin"),
           "-device", f"loader,file={os.path.join(out, 'low.bin')},addr=0,force-raw=on",
           "-device", f"loader,file={os.path.join(out, 'high.bin')},addr=0x100000,force-raw=on",
           "-display", "none", "-serial", "stdio", "-no-reboot"]
    lines = []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, errors="replace")
    deadline = time.monotonic() + opts.timeout
    try:
        for line in proc.stdout:
            log.write(line)
            lines.append(line.rstrip("\n"))
            if any(m in line for m in END_MARKS) or time.monotonic() > deadline:
                break
    finally:
        proc.kill()
        proc.wait()
    return lines


def check(lines, files, vcpus):
    text = "\n".join(lines)
    problems = list(workload.compare(workload.expected(files["RELEASE"], vcpus), lines))
    wanted = [
        "BIOS-e820: [mem 0x0000000000001000-0x0000000000007fff] reserved",
        "BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff] reserved",
        "ACPI: RSDP 0x00000000000E0000",
        "ACPI: Using ACPI (MADT) for SMP configuration information",
        f"IOAPIC[0]: apic_id {vcpus}, version",
        "ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)",
        f"smp: Brought up 1 node, {vcpus} CPU",
        "Run /init as init process",
    ]
    problems += [f"missing: {w}" for w in wanted if w not in text]
    if "Kernel panic" in text:
        problems.append("kernel panic")
    return problems


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--hvm-image", required=True)
    ap.add_argument("--stub", required=True)
    ap.add_argument("--vcpus", type=int, default=2)
    ap.add_argument("--mem", type=int, default=256)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--log")
    ap.add_argument("--cache")
    opts = ap.parse_args()
    qemu = shutil.which(os.environ.get("QEMU", "qemu-system-x86_64"))
    if qemu is None:
        print("SKIP: no qemu-system-x86_64")
        return 77
    try:
        files = fetch(opts.cache)
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"SKIP: tests/linux/fetch.sh failed ({e})")
        return 77
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([opts.hvm_image, files["BZIMAGE"], files["INITRAMFS"], CMDLINE,
                        str(opts.mem), str(opts.vcpus), opts.stub, out], check=True)
        log_path = opts.log or os.path.join(out, "serial.log")
        with open(log_path, "w") as log:
            lines = run_qemu(qemu, opts, out, log)
    problems = check(lines, files, opts.vcpus)
    for p in problems:
        print(f"FAIL: {p}")
    print("Test result: " + ("FAILURE" if problems else "SUCCESS"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
