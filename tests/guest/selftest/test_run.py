#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""test_run.py - guest.runner.selftest: run.py judges canned logs as docs/guest-tests.md says."""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "..", "run.py")
sys.path.insert(0, os.path.join(HERE, ".."))
import run  # noqa: E402

G = "--guest"
ONE = [G, "guest-x.elf name=x -- domid=1 guests=1"]
THREE = ONE + [G, "guest-x.elf -- domid=2 guests=3", G, "guest-x.elf -- domid=3 guests=3"]
TWO = ONE + [G, "guest-y.elf name=y -- domid=2 guests=2"]
# d1 with an initrd, then d2: the ramdisk module takes no domain ID.
RAMDISK = [G, "guest-x.elf name=x -- domid=1 guests=2", G, "initramfs.cpio ramdisk",
           G, "guest-y.elf name=y -- domid=2 guests=2"]

# (log, exit status, extra options, run.py exit code)
CASES = [
    ("one-success.log", "33", ONE, 0),
    ("one-success.log", "35", ONE, 1),                       # status disagrees
    ("one-success.log", "timeout", ONE, 1),
    ("one-success.log", "33", ONE + ["--expect", "1=FAILURE"], 1),
    ("one-success.log", "33", ONE + ["--expect", "1=any"], 0),
    ("one-success.log", "33", ONE + ["--expect", "1=shutdown:poweroff"], 0),
    ("one-success.log", "33", ONE + ["--log-expect", r"^\(d1\) syscall: Xen ABI 4\.17"], 0),
    ("one-success.log", "33", ONE + ["--log-expect", "no such line"], 1),
    ("one-success.log", "33", ONE + ["--log-forbid", "Test result: SUCCESS"], 1),
    ("one-success.log", "33", TWO, 1),                       # d2 never ended
    ("no-guests.log", "33", ONE, 77),
    ("no-guests.log", "33", ONE + ["--expect", "1=crashed"], 77),
    ("one-failure.log", "35", ONE, 1),
    ("one-failure.log", "35", ONE + ["--expect", "1=FAILURE"], 0),
    ("one-failure.log", "35", ONE + ["--expect", "1=ERROR"], 1),
    ("one-failure.log", "33", ONE + ["--expect", "1=FAILURE"], 1),
    ("one-crashed.log", "35", ONE + ["--expect", "1=crashed"], 0),
    ("one-crashed.log", "35", ONE, 1),
    ("one-crashed.log", "35", ONE + ["--expect", "1=shutdown:crash"], 1),
    ("one-skip.log", "33", ONE, 77),
    ("one-skip.log", "33", ONE + ["--expect", "1=SKIP"], 0),
    ("one-skip.log", "35", ONE, 1),
    ("three-reasons.log", "35", THREE + ["--expect", "1=shutdown:reboot", "--expect",
                                         "2=shutdown:soft_reset", "--expect", "3=crashed"], 0),
    ("three-reasons.log", "35", THREE + ["--expect", "1=shutdown:reboot", "--expect",
                                         "2=shutdown:suspend", "--expect", "3=crashed"], 1),
    ("three-reasons.log", "33", THREE + ["--expect", "1=shutdown:reboot", "--expect",
                                         "2=shutdown:soft_reset", "--expect", "3=crashed"], 1),
    ("panic.log", "33", ONE, 1),
    ("two-verdicts.log", "33", ONE, 1),
    ("never-ended.log", "timeout", ONE, 1),
    ("pingpong.log", "33", TWO, 0),                           # d3 is not ours
    ("ramdisk.log", "33", RAMDISK, 0),                        # 2 domains, not 3
    ("ramdisk.log", "33", RAMDISK + ["--expect", "2=SUCCESS"], 0),
    ("ramdisk.log", "33", RAMDISK + ["--expect", "2=FAILURE"], 1),
    ("ramdisk.log", "33", [G, "guest-x.elf name=x -- domid=1 guests=2",
                           G, "initramfs.cpio -- ramdisk",   # a guest argument:
                           G, "guest-y.elf name=y -- domid=2 guests=2"], 1),  # d3
]


class Judge(unittest.TestCase):
    def test_cases(self):
        for log, status, opts, want in CASES:
            with self.subTest(log=log, status=status, opts=opts):
                p = subprocess.run([sys.executable, RUN, "--judge-log", os.path.join(HERE, "logs", log),
                                    "--exit-status", status, "--quiet"] + opts,
                                   capture_output=True, text=True)
                self.assertEqual(p.returncode, want, p.stdout + p.stderr)

    def test_bad_options(self):
        for opts in (["--expect", "1=MAYBE"], ["--expect", "9=SUCCESS"], ["--expect", "x"],
                     ["--guest", " -- x"], [G, "initrd.cpio ramdisk", "--expect", "2=SUCCESS"]):
            with self.subTest(opts=opts):
                p = subprocess.run([sys.executable, RUN, "--judge-log", "/dev/null"] + ONE + opts,
                                   capture_output=True, text=True)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)

    def test_table_shows_each_domain(self):
        p = subprocess.run([sys.executable, RUN, "--judge-log",
                            os.path.join(HERE, "logs", "three-reasons.log"), "--exit-status", "35",
                            "--quiet"] + THREE, capture_output=True, text=True)
        self.assertRegex(p.stdout, r"d1 +shutdown-reasons +SUCCESS +- +shutdown:reboot +bad")
        self.assertRegex(p.stdout, r"d3 +shutdown-reasons +SUCCESS +- +crashed +bad")
        self.assertIn("run.py: FAIL", p.stdout)


class Helpers(unittest.TestCase):
    def test_split_guest(self):
        self.assertEqual(run.split_guest("a.elf name=x mem=8M -- domid=1 guests=2"),
                         ("a.elf", "name=x mem=8M -- domid=1 guests=2"))
        self.assertEqual(run.split_guest("a.elf"), ("a.elf", ""))
        self.assertEqual(run.split_guest("a.elf --"), ("a.elf", "--"))

    def test_ramdisk_modules_are_not_domains(self):
        self.assertTrue(run.is_ramdisk("ramdisk"))
        self.assertTrue(run.is_ramdisk("mem=8M ramdisk"))
        self.assertFalse(run.is_ramdisk("name=ramdisk"))
        self.assertFalse(run.is_ramdisk("name=a -- ramdisk"))
        self.assertFalse(run.is_ramdisk("-- ramdisk"))
        self.assertFalse(run.is_ramdisk(""))
        guests = [run.split_guest(g) for g in RAMDISK[1::2]]
        self.assertEqual(run.count_domains(guests), 2)

    def test_initrd_commas_doubled(self):
        arg = run.initrd_arg([("a.elf", "-- list=1,2"), ("b.elf", "")])
        self.assertEqual(arg, "a.elf -- list=1,,2,b.elf")

    def test_expected_status(self):
        doms = {1: run.Domain(1, "SUCCESS"), 2: run.Domain(2, "shutdown:reboot")}
        self.assertEqual(run.expected_status(doms), run.QEMU_OTHERWISE)
        doms = {1: run.Domain(1, "SUCCESS"), 2: run.Domain(2, "SKIP")}
        self.assertEqual(run.expected_status(doms), run.QEMU_ALL_POWEROFF)


if __name__ == "__main__":
    unittest.main(verbosity=1)
