# SPDX-License-Identifier: MIT
# workload.py - the values init.sh must print, computed on the host.
"""The checked workload of the Linux tests: tests/linux/init.sh prints
`STRATA-CHECK key=value` lines; expected() computes each value here, on the
host, from the same definitions, and compare() judges a guest's lines."""
import hashlib
import re

MEM_BYTES = 64 << 20
MEM_PATTERN = b"strata-memory-pattern\n"
FORKS = 100
CHECK = re.compile(r"STRATA-CHECK ([a-z0-9-]+)=(\S*)")


def seq_md5(n=200000):
    """md5 of `seq 1 n`."""
    text = "".join(f"{i}\n" for i in range(1, n + 1))
    return hashlib.md5(text.encode()).hexdigest()


def mem_md5():
    """md5 of `yes strata-memory-pattern | head -c 64MiB`."""
    reps = MEM_BYTES // len(MEM_PATTERN) + 1
    return hashlib.md5((MEM_PATTERN * reps)[:MEM_BYTES]).hexdigest()


def expected(release, cpus):
    return {
        "release": release,
        "cpus": str(cpus),
        "seq-md5": seq_md5(),
        "forks": str(FORKS),
        "mem-md5": mem_md5(),
    }


def parse(lines):
    """The key=value pairs of the STRATA-CHECK lines in `lines`."""
    found = {}
    for line in lines:
        m = CHECK.search(line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def compare(want, lines):
    """A list of mismatch descriptions (empty: the workload checked out)."""
    got = parse(lines)
    problems = [f"{k}: expected {v!r}, got {got.get(k)!r}"
                for k, v in want.items() if got.get(k) != v]
    if not any("STRATA-CHECK end" in line for line in lines):
        problems.append("the workload did not reach its end")
    return problems
