#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# linux_test.py - boot Debian's cloud kernel (PV or HVM on Strata, or directly) and check its workload.
"""Usage:
  linux_test.py [options] STRATA_IMAGE      Linux as PV domU(s) on Strata
  linux_test.py --hvm [options] STRATA_IMAGE   Linux as HVM guest(s) on Strata
  linux_test.py --direct [options]          the same kernel booted by QEMU alone

Options:
  --guests N       Linux domains (default 1), each running the workload
  --hvm            the domains are HVM guests (the bzImage, type=hvm)
  --kinds K,K,...  one Linux domain per entry, pv or hvm, in domain order
                   (e.g. pv,hvm: a PV and an HVM Linux at once); replaces
                   --guests and --hvm
  --vcpus N        vCPUs per Linux domain (default 1)
  --guest-mem M    memory per Linux domain (default 256M)
  --extra SPEC     one more domain for tests/guest/run.py --guest (e.g. a
                   hostile test guest); its verdict must be SUCCESS
  --smp N --mem M  the machine QEMU emulates (defaults 2, 1G)
  --timeout S      wall-clock limit (default 600)
  --log FILE       keep the serial log there
  --cache DIR      where tests/linux/fetch.sh keeps the downloads

The kernel and busybox come from Debian's packages (fetch.sh), never from
the tree.  Each Linux domain prints STRATA-CHECK lines (init.sh) that are
compared with values computed here (workload.py); each must then power off.
Exit status: 0 pass, 1 fail, 77 skip (no QEMU, or Strata cannot run guests).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(ROOT, "tests", "guest", "run.py")
sys.path.insert(0, HERE)
import workload  # noqa: E402

QEMU_BASE = ["-accel", "tcg", "-cpu", "qemu64,+svm,+npt", "-M", "pc",
             "-nographic", "-no-reboot"]
KERNEL_ARGS = "console=hvc0 quiet"
# HVM Linux talks to the emulated 16550; panic=-1 makes a panic end the
# domain (a reset) instead of hanging until the timeout.
HVM_KERNEL_ARGS = "console=ttyS0 quiet panic=-1"


def fetch(cache):
    args = [os.path.join(HERE, "fetch.sh")] + ([cache] if cache else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def direct_command(files, opts):
    """QEMU booting the bzImage itself (its serial output on stdout)."""
    return [os.environ.get("QEMU", "qemu-system-x86_64")] + QEMU_BASE + [
        "-m", opts.guest_mem, "-smp", str(opts.vcpus),
        "-kernel", files["BZIMAGE"], "-initrd", files["INITRAMFS"],
        "-append", "console=ttyS0 panic=-1 quiet"]


def run_direct(files, opts, log):
    """QEMU boots the bzImage itself: the reference run."""
    cmd = direct_command(files, opts)
    with open(log, "w") as out:
        try:
            subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=opts.timeout)
        except subprocess.TimeoutExpired:
            return ["timeout"]
    return []


def linux_module(files, opts, index, kind):
    if kind == "hvm":
        return (f"{files['BZIMAGE']} name=linux{index} type=hvm mem={opts.guest_mem} "
                f"vcpus={opts.vcpus} -- {HVM_KERNEL_ARGS}")
    return (f"{files['VMLINUX']} name=linux{index} mem={opts.guest_mem} "
            f"vcpus={opts.vcpus} -- {KERNEL_ARGS}")


def strata_command(files, opts, log):
    """tests/guest/run.py booting Strata with each Linux domain (kernel +
    ramdisk module) and any extra domain; the serial output goes to log."""
    cmd = [sys.executable, RUNNER, "--quiet", "--timeout", str(opts.timeout),
           "--smp", str(opts.smp), "--mem", opts.mem, "--log", log]
    domid = 0
    for i, kind in enumerate(opts.kinds, 1):
        domid += 1
        cmd += ["--guest", linux_module(files, opts, i, kind),
                "--guest", f"{files['INITRAMFS']} ramdisk",
                "--expect", f"{domid}=shutdown:poweroff"]
    for spec in opts.extra:
        domid += 1
        cmd += ["--guest", spec, "--expect", f"{domid}=SUCCESS"]
    return cmd + [opts.image]


def run_strata(files, opts, log):
    """Strata boots with each Linux domain (kernel + ramdisk module)."""
    rc = subprocess.run(strata_command(files, opts, log)).returncode
    if rc == 77:
        raise SystemExit(77)
    return [] if rc == 0 else [f"tests/guest/run.py judged the run a failure ({rc})"]


def domain_lines(lines, domid):
    """Lines domain `domid` printed (Strata prefixes them "(d<id>) ")."""
    prefix = re.compile(rf"\(d{domid}\) ")
    return [line for line in lines if prefix.search(line)]


def check(files, opts, log, problems):
    with open(log, errors="replace") as f:
        lines = f.read().splitlines()
    want = workload.expected(files["RELEASE"], opts.vcpus)
    domains = [None] if opts.direct else range(1, len(opts.kinds) + 1)
    for d in domains:
        mine = lines if d is None else domain_lines(lines, d)
        problems += [f"d{d}: {p}" if d else p for p in workload.compare(want, mine)]
    return problems


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("image", nargs="?")
    ap.add_argument("--direct", action="store_true")
    ap.add_argument("--guests", type=int, default=1)
    ap.add_argument("--hvm", action="store_true")
    ap.add_argument("--kinds")
    ap.add_argument("--vcpus", type=int, default=1)
    ap.add_argument("--guest-mem", default="256M")
    ap.add_argument("--extra", action="append", default=[])
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--log")
    ap.add_argument("--cache")
    opts = ap.parse_args()
    if opts.kinds:
        opts.kinds = opts.kinds.split(",")
        if not all(k in ("pv", "hvm") for k in opts.kinds):
            ap.error("--kinds takes pv and hvm only")
    else:
        opts.kinds = ["hvm" if opts.hvm else "pv"] * opts.guests
    if not shutil.which(os.environ.get("QEMU", "qemu-system-x86_64")):
        print("linux_test: SKIP: no QEMU")
        return 77
    if not opts.direct and not opts.image:
        ap.error("STRATA_IMAGE is required unless --direct")
    files = fetch(opts.cache)
    log = opts.log or tempfile.mkstemp(suffix=".log")[1]
    problems = (run_direct if opts.direct else run_strata)(files, opts, log)
    problems = check(files, opts, log, problems)
    for p in problems:
        print(f"linux_test: FAIL: {p}")
    print(f"linux_test: {'FAIL' if problems else 'PASS'} (log {log})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
