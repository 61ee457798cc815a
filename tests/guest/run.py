#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""run.py - boot Strata under QEMU with guest-test domains and judge each one.

    tests/guest/run.py [options] --guest "FILE [opts] -- [guest cmdline]" ... IMAGE
    tests/guest/run.py --judge-log LOG --exit-status N [--guest ...] [--expect ...]

Each --guest is one Multiboot module and so one domain (IDs from 1 in
order): the image file, module options (name= mem=<N>M vcpus= weight=),
then "--" and the guest's own command line; a module whose options hold
the word "ramdisk" is the preceding domain's initrd and takes no ID. --expect D=WORD per domain:
SUCCESS (default), SKIP, FAILURE, ERROR, crashed, shutdown:<reason>, any.
Exit status: 0 pass, 1 fail, 77 skip. See docs/guest-tests.md.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXIT_PASS, EXIT_SKIP, EXIT_FAIL = 0, 77, 1
QEMU_ALL_POWEROFF, QEMU_OTHERWISE = 33, 35   # isa-debug-exit: (0x10|0x11) << 1 | 1
WORDS = ("SUCCESS", "SKIP", "FAILURE", "ERROR", "crashed", "any")
REASONS = ("poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset")

RE_VERDICT = re.compile(r"^\(d(\d+)\) Test result: (SUCCESS|SKIP|ERROR|FAILURE)(?::\s*(.*))?$")
RE_SHUTDOWN = re.compile(r"^strata: d(\d+) \(([^)]*)\) shut down: (\S+)")
RE_CRASHED = re.compile(r"^strata: d(\d+) \(([^)]*)\) crashed: (.*)$")
RE_NO_GUESTS = re.compile(r"no guests to start")
RE_STARTED = re.compile(r"^(\(d\d+\) |strata: d\d+ )", re.M)


def parse_expect(text, n_domains):
    """'D=WORD' -> (D, WORD); raises ValueError on nonsense."""
    dom, sep, word = text.partition("=")
    if not sep or not dom.isdigit():
        raise ValueError(f"--expect {text!r}: want D=WORD")
    d = int(dom)
    if d < 1 or d > max(n_domains, 1):
        raise ValueError(f"--expect {text!r}: no domain {d} (there are {n_domains})")
    if word not in WORDS and not (word.startswith("shutdown:") and word[9:] in REASONS):
        raise ValueError(f"--expect {text!r}: unknown expectation {word!r}")
    return d, word


class Domain:
    """What the log says about one domain."""

    def __init__(self, dom_id, expect):
        self.id = dom_id
        self.expect = expect
        self.name = ""
        self.verdicts = []     # (word, detail)
        self.end = None        # "shutdown:<reason>" or "crashed"
        self.end_detail = ""

    @property
    def verdict(self):
        return self.verdicts[0][0] if self.verdicts else "-"

    def powers_off(self):
        """Whether the expectation means SHUTDOWN_poweroff (None: either)."""
        if self.expect in ("SUCCESS", "SKIP", "shutdown:poweroff"):
            return True
        if self.expect == "any":
            return None if self.end is None else self.end == "shutdown:poweroff"
        return False

    def judge(self):
        """('ok'|'skip'|'bad', reason or '')."""
        e, v, end = self.expect, self.verdict, self.end
        if len(self.verdicts) > 1:
            return "bad", f"d{self.id}: {len(self.verdicts)} verdict lines"
        if end is None:
            return "bad", f"d{self.id}: never ended (verdict {v})"
        if e == "any":
            return "ok", ""
        if e == "crashed":
            if end == "crashed" and v == "-":
                return "ok", ""
            return "bad", f"d{self.id}: want crashed with no verdict, got {v} / {end}"
        if e.startswith("shutdown:"):
            if end == e and v not in ("FAILURE", "ERROR"):
                return "ok", ""
            return "bad", f"d{self.id}: want {e}, got {v} / {end}"
        if e == "SUCCESS" and v == "SKIP" and end == "shutdown:poweroff":
            return "skip", f"d{self.id}: SKIP: {self.verdicts[0][1]}"
        want_end = "shutdown:poweroff" if e in ("SUCCESS", "SKIP") else "shutdown:crash"
        if v == e and end == want_end:
            return "ok", ""
        detail = f" ({self.verdicts[0][1]})" if self.verdicts and self.verdicts[0][1] else ""
        if end == "crashed":
            detail += f" [{self.end_detail}]"
        return "bad", f"d{self.id}: want {e}, got {v}{detail} / {end}"


def scan_log(text, domains):
    """Fill the domains from the log; returns the PANIC lines."""
    panics = []
    for line in text.splitlines():
        line = line.rstrip("\r")
        if "PANIC" in line:
            panics.append(line)
        m = RE_VERDICT.match(line)
        if m and int(m.group(1)) in domains:
            domains[int(m.group(1))].verdicts.append((m.group(2), m.group(3) or ""))
            continue
        m = RE_SHUTDOWN.match(line) or RE_CRASHED.match(line)
        if m and int(m.group(1)) in domains:
            d = domains[int(m.group(1))]
            d.name = m.group(2)
            if d.end is None:
                crashed = m.re is RE_CRASHED
                d.end = "crashed" if crashed else "shutdown:" + m.group(3)
                d.end_detail = m.group(3)
    return panics


def expected_status(domains):
    """33 when every domain powers off, 35 otherwise; None: cannot tell."""
    offs = [d.powers_off() for d in domains.values()]
    if None in offs:
        return None
    return QEMU_ALL_POWEROFF if all(offs) else QEMU_OTHERWISE


def judge(text, status, expects, n_domains, log_expect=(), log_forbid=()):
    """Judge a run. status: QEMU's exit status, or 'timeout'.
    Returns (exit code, domains, reasons)."""
    domains = {i: Domain(i, expects.get(i, "SUCCESS")) for i in range(1, n_domains + 1)}
    panics = scan_log(text, domains)
    reasons = [f"PANIC: {p.strip()}" for p in panics[:3]]
    if not reasons and RE_NO_GUESTS.search(text) and not RE_STARTED.search(text):
        return EXIT_SKIP, domains, ["Strata started no guests (\"no guests to start\")"]
    if status == "timeout":
        reasons.append("timeout: QEMU did not end")
    skips = []
    for d in domains.values():
        state, why = d.judge()
        if state == "bad":
            reasons.append(why)
        elif state == "skip":
            skips.append(why)
    want = expected_status(domains)
    if status != "timeout" and want is not None and status != want:
        reasons.append(f"QEMU exit status {status}, want {want}")
    elif status != "timeout" and want is None and status not in (QEMU_ALL_POWEROFF, QEMU_OTHERWISE):
        reasons.append(f"QEMU exit status {status}")
    for rx in log_expect:
        if not re.search(rx, text, re.M):
            reasons.append(f"log: missing /{rx}/")
    for rx in log_forbid:
        if re.search(rx, text, re.M):
            reasons.append(f"log: forbidden /{rx}/ present")
    if reasons:
        return EXIT_FAIL, domains, reasons
    if skips:
        return EXIT_SKIP, domains, skips
    return EXIT_PASS, domains, []


def print_table(domains, out):
    print(f"{'dom':<4} {'name':<20} {'expect':<18} {'verdict':<8} {'end':<20} result", file=out)
    for d in domains.values():
        state = d.judge()[0]
        print(f"d{d.id:<3} {d.name or '?':<20} {d.expect:<18} {d.verdict:<8} "
              f"{d.end or '-':<20} {state}", file=out)


def split_guest(spec):
    """'FILE opts -- cmdline' -> (file, module command line)."""
    head, sep, tail = spec.partition(" -- ")
    if not sep and spec.endswith(" --"):
        head, sep, tail = spec[:-3], " --", ""
    words = head.split()
    if not words:
        raise ValueError(f"--guest {spec!r}: no file")
    module_cmdline = " ".join(words[1:] + (["--", tail.strip()] if sep else []))
    return words[0], module_cmdline.strip()


def is_ramdisk(module_cmdline):
    """A module with the word 'ramdisk' among its options (before any
    '--') is the initrd of the domain module before it, not a domain
    (docs/boot.md)."""
    opts = module_cmdline.split(" -- ")[0].split()
    return "ramdisk" in opts and "--" not in opts[:opts.index("ramdisk")]


def count_domains(guests):
    """Domains the modules make: every module but the ramdisks."""
    return sum(1 for _, cmdline in guests if not is_ramdisk(cmdline))


def initrd_arg(guests):
    """QEMU's -initrd: modules separated by ',', a literal comma doubled."""
    parts = []
    for path, cmdline in guests:
        parts.append((path + (" " + cmdline if cmdline else "")).replace(",", ",,"))
    return ",".join(parts)


def run_qemu(args, guests, log_path):
    """Boot; returns QEMU's exit status or 'timeout'."""
    qemu = os.environ.get("QEMU", "qemu-system-x86_64")
    cmd = [qemu, "-accel", "tcg", "-cpu", "qemu64,+svm,+npt", "-m", args.mem,
           "-smp", str(args.smp), "-M", "pc", "-nographic", "-no-reboot", "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-kernel", args.image, "-append", args.cmdline, "-serial", f"file:{log_path}"]
    if guests:
        cmd += ["-initrd", initrd_arg(guests)]
    with open(log_path, "w"):
        pass
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return p.returncode, p.stderr.decode(errors="replace")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("image", nargs="?", help="strata.mb32")
    p.add_argument("--guest", action="append", default=[], help="'FILE [opts] -- [cmdline]'")
    p.add_argument("--expect", action="append", default=[], help="D=WORD")
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("--mem", default="256M")
    p.add_argument("--cmdline", default="", help="Strata's command line")
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--log", help="keep the serial log here")
    p.add_argument("--log-expect", action="append", default=[], metavar="RE")
    p.add_argument("--log-forbid", action="append", default=[], metavar="RE")
    p.add_argument("--judge-log", metavar="LOG", help="judge a recorded log, no QEMU")
    p.add_argument("--exit-status", help="with --judge-log: QEMU's status, or 'timeout'")
    p.add_argument("--quiet", action="store_true", help="print the log only on failure")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        guests = [split_guest(g) for g in args.guest]
        n = count_domains(guests)
        expects = dict(parse_expect(e, max(n, 1)) for e in args.expect)
        if not guests and expects:
            n = max(expects)
    except ValueError as e:
        print(f"run.py: {e}", file=sys.stderr)
        return 2
    if args.judge_log:
        with open(args.judge_log, errors="replace") as f:
            text = f.read()
        st = args.exit_status
        status = "timeout" if st == "timeout" else int(st) if st is not None else QEMU_ALL_POWEROFF
        qemu_err = ""
    else:
        if not args.image:
            print("run.py: no Strata image given", file=sys.stderr)
            return 2
        if shutil.which(os.environ.get("QEMU", "qemu-system-x86_64")) is None:
            print("run.py: SKIP: no QEMU", file=sys.stderr)
            return EXIT_SKIP
        for path, _ in guests:
            if not os.path.isfile(path):
                print(f"run.py: no guest image {path}", file=sys.stderr)
                return EXIT_FAIL
        log = args.log or tempfile.mkstemp(suffix=".log")[1]
        status, qemu_err = run_qemu(args, guests, log)
        with open(log, errors="replace") as f:
            text = f.read()
        if not args.log:
            os.unlink(log)
    code, domains, reasons = judge(text, status, expects, n, args.log_expect, args.log_forbid)
    out = sys.stdout
    if not args.quiet or code == EXIT_FAIL:
        print(text, end="" if text.endswith("\n") else "\n", file=out)
        if qemu_err.strip():
            print("----- qemu stderr -----\n" + qemu_err, file=out)
    if not (code == EXIT_SKIP and reasons and reasons[0].startswith("Strata started no guests")):
        print_table(domains, out)
    for r in reasons:
        print(f"  {r}", file=out)
    word = {EXIT_PASS: "PASS", EXIT_SKIP: "SKIP", EXIT_FAIL: "FAIL"}[code]
    print(f"run.py: {word} (QEMU status {status})", file=out)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
