#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# linux_boot.py - boot-to-init time of Debian's cloud kernel: QEMU alone, PV on Strata, HVM on Strata.
"""Usage: linux_boot.py [--runs N] [--modes direct,pv,hvm] [--timeout S] [--cache DIR] STRATA_IMAGE

For each mode, N times (default 3): the host's monotonic clock from just
before QEMU (direct) or tests/guest/run.py (which starts QEMU at once)
is started to the moment the workload's "STRATA-CHECK begin" line
appears in the serial output (polled every 20 ms). The run is then
ended (its process group, which this script started) and the next one
begins. Prints each run, the median per mode and the ratios
Strata/direct against the 1.5x target. Figures only: the exit status is
0 whatever the ratios (1 if a run never reached the line, 77 without
QEMU). Guest-side timestamps are not used: the guests' clocks do not
share an origin with the host's. Same kernel, initramfs, QEMU CPU model
(TCG) and 256 MiB / 1 vCPU guest in every mode; Strata's machine has 2
CPUs and 1 GiB.
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "linux"))
import linux_test  # noqa: E402

MARK = "STRATA-CHECK begin"
TARGET = 1.5
POLL_S = 0.02


def command(mode, files, opts, log):
    """The command of one run and whether its stdout is the serial log."""
    if mode == "direct":
        return linux_test.direct_command(files, opts), True
    opts.kinds = [mode]
    return linux_test.strata_command(files, opts, log), False


def seen_mark(log):
    try:
        with open(log, errors="replace") as f:
            return MARK in f.read()
    except FileNotFoundError:
        return False


def stop(proc):
    """End the run: its whole process group (QEMU under run.py)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def one_run(mode, files, opts):
    """Seconds from the start to the mark, or None (timeout, early exit)."""
    fd, log = tempfile.mkstemp(suffix=f".{mode}.log")
    os.close(fd)
    os.unlink(log)                      # run.py's QEMU creates it
    cmd, to_stdout = command(mode, files, opts, log)
    out = open(log, "w") if to_stdout else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    elapsed = None
    try:
        while time.monotonic() - start < opts.timeout:
            if seen_mark(log):
                elapsed = time.monotonic() - start
                break
            if proc.poll() is not None and not seen_mark(log):
                break
            time.sleep(POLL_S)
    finally:
        stop(proc)
        if to_stdout:
            out.close()
    if elapsed is None:
        print(f"linux_boot: {mode}: no '{MARK}' (log kept: {log})")
    else:
        os.unlink(log)
    return elapsed


def report(times):
    print("\nlinux_boot: boot-to-init (host wall time to 'STRATA-CHECK begin')")
    print(f"{'mode':8} {'runs (s)':30} {'median':>8} {'vs direct':>10}")
    base = statistics.median(times["direct"]) if times.get("direct") else None
    for mode, runs in times.items():
        med = statistics.median(runs)
        ratio = f"{med / base:9.2f}x" if base and mode != "direct" else ""
        shown = " ".join(f"{t:.2f}" for t in runs)
        print(f"{mode:8} {shown:30} {med:8.2f} {ratio:>10}")
    for mode in times:
        if base and mode != "direct":
            med = statistics.median(times[mode])
            state = "within" if med / base <= TARGET else "above"
            print(f"linux_boot: RATIO {mode}/direct = {med / base:.2f} "
                  f"({state} the {TARGET}x target; reported, not asserted)")


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("image")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("STRATA_BENCH_RUNS", "3")))
    ap.add_argument("--modes", default="direct,pv,hvm")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--cache")
    args = ap.parse_args()
    if not shutil.which(os.environ.get("QEMU", "qemu-system-x86_64")):
        print("linux_boot: SKIP: no QEMU")
        return 77
    files = linux_test.fetch(args.cache)
    opts = argparse.Namespace(image=args.image, guest_mem="256M", vcpus=1, smp=2,
                              mem="1G", timeout=args.timeout, extra=[], kinds=[])
    times = {}
    for mode in args.modes.split(","):
        runs = []
        for i in range(args.runs):
            t = one_run(mode, files, opts)
            if t is None:
                return 1
            print(f"linux_boot: {mode} run {i + 1}: {t:.2f} s", flush=True)
            runs.append(t)
        times[mode] = runs
    report(times)
    return 0


if __name__ == "__main__":
    sys.exit(main())
