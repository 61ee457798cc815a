#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""grade.py - build a tree and grade one lab: each test with its points.

Usage: labs/tools/grade.py --lab N [--tree DIR] [--build DIR] [--no-build]

A lab folder labs/NN-topic/ declares its tests in grade.txt, one a line:

    <points> unit  <binary>:<test>    one case of a host unit test binary
                                      (tests/unit, run as test_<binary> <test>)
    <points> ctest <name>             any CTest test by exact name (boot.pv ...)
    <points> wp    <file> <function> [<goal>...]
                                      Frama-C WP on that one function
                                      (-wp-rte -wp-fct): every goal proved,
                                      and a goal named like each <goal> exists
    <points> proof <module>           ci/wp.sh --module <module> (baseline)
    build <target>...                 extra CMake targets the tests need

'#' starts a comment. Only the targets the rubric needs are built (the
test_<binary> of each unit line, strata.elf for boot.* tests). Prints
every test with its points, the tests that failed, and the total; exits
0 only with full marks. --expect-fail inverts that for CI: exit 0 only
when every test of the lab failed (a fresh hand-out).
"""
import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ('unit', 'ctest', 'wp', 'proof')
WP_PROVERS = 'z3,cvc4'


class RubricError(Exception):
    pass


def lab_folder(root, lab):
    found = glob.glob(os.path.join(root, 'labs', f'{lab:02d}-*'))
    if len(found) != 1:
        raise RubricError(f'no single folder labs/{lab:02d}-* in {root}')
    return found[0]


def read_rubric(folder):
    """Returns (items, extra targets); items are (points, kind, args)."""
    items, targets = [], []
    path = os.path.join(folder, 'grade.txt')
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            words = line.split('#', 1)[0].split()
            if not words:
                continue
            if words[0] == 'build':
                targets += words[1:]
                continue
            if (len(words) < 3 or not words[0].isdigit() or words[1] not in KINDS or
                    (words[1] == 'wp' and len(words) < 4) or
                    (words[1] == 'unit' and ':' not in words[2])):
                raise RubricError(f'{path}:{number}: bad line: {line.strip()}')
            items.append((int(words[0]), words[1], words[2:]))
    if not items:
        raise RubricError(f'{path}: no tests')
    return items, targets


def item_name(kind, args):
    return ' '.join([kind] + args)


def build_targets(items, extra):
    targets = list(extra)
    for _, kind, args in items:
        if kind == 'unit':
            targets.append('test_' + args[0].partition(':')[0])
        elif kind == 'ctest' and args[0].startswith('boot.'):
            targets.append('strata.elf')
    return sorted(set(targets))


def run(cmd, cwd=None, timeout=None):
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, 'timed out'
    return r.returncode, r.stdout + r.stderr


def configure(root, build_dir):
    if os.path.exists(os.path.join(build_dir, 'CMakeCache.txt')):
        return 0, ''
    return run(['cmake', '-S', root, '-B', build_dir, '-DCMAKE_BUILD_TYPE=Debug',
                '-DSTRATA_PROOFS=OFF'])


def build(root, build_dir, targets):
    """Configure (once) and build the targets; returns (ok, log tail)."""
    rc, out = configure(root, build_dir)
    if rc == 0 and targets:
        cmd = ['cmake', '--build', build_dir, '-j2', '--target'] + targets
        rc, out = run(cmd)
    return rc == 0, '\n'.join(out.strip().splitlines()[-15:])


def find_binary(build_dir, name):
    hits = glob.glob(os.path.join(build_dir, 'tests', '**', f'test_{name}'), recursive=True)
    return hits[0] if hits else None


def summary_line(out):
    """The most telling line of a failed test's output."""
    lines = [l.strip() for l in out.strip().splitlines() if l.strip()]
    for pattern in (r'LAB \d+ TODO', r'check failed', r'PANIC', r'FAIL', r'ERROR'):
        hit = [l for l in lines if re.search(pattern, l)]
        if hit:
            return hit[0]
    return lines[-1] if lines else '(no output)'


def run_unit(build_dir, args, timeout):
    binary, _, test = args[0].partition(':')
    path = find_binary(build_dir, binary)
    if not path:
        return False, f'no test binary test_{binary} (does it build?)'
    rc, out = run([path, test], cwd=os.path.dirname(path), timeout=timeout)
    if rc == 0 and f'ok   {test}' not in out:
        return False, f'test {test} not found in test_{binary}'
    return rc == 0, '' if rc == 0 else summary_line(out)


def run_ctest(build_dir, args, timeout):
    rc, out = run(['ctest', '--test-dir', build_dir, '-R', f'^{re.escape(args[0])}$',
                   '--no-tests=error', '--output-on-failure'], timeout=timeout)
    return rc == 0, '' if rc == 0 else summary_line(out)


def run_wp(root, args, timeout):
    source, function, wanted = args[0], args[1], args[2:]
    cmd = ['frama-c', '-machdep', 'x86_64',
           f'-cpp-extra-args=-I{root}/include -I{root}/src -I{root}/spec -DSTRATA_PROOF',
           '-wp', '-wp-rte', '-wp-prover', WP_PROVERS, '-wp-timeout', '10',
           '-wp-par', '2', '-wp-fct', function, os.path.join(root, source)]
    rc, out = run(cmd, cwd=root, timeout=timeout)
    counts = re.findall(r'^\[wp\] Proved goals:\s*(\d+)\s*/\s*(\d+)', out, re.M)
    if rc != 0 or not counts:
        return False, 'frama-c failed: ' + summary_line(out)
    proved, total = map(int, counts[-1])
    goals = re.findall(r'^\[wp\] \[[^]]*\] Goal (\S+) : (\S+)', out, re.M)
    open_goals = [g for g, status in goals if status != 'Valid']
    missing = [w for w in wanted if not any(w in g for g, _ in goals)]
    if proved == total and total > 0 and not missing:
        return True, f'{proved}/{total} goals proved'
    why = f'{proved}/{total} goals proved'
    if open_goals:
        why += '; open: ' + ', '.join(open_goals[:4]) + (' ...' if len(open_goals) > 4 else '')
    if missing:
        why += '; no goal for: ' + ', '.join(missing)
    return False, why


def run_proof(root, args, timeout):
    rc, out = run([os.path.join(root, 'ci', 'wp.sh'), '--module', args[0]],
                  cwd=root, timeout=timeout)
    return rc == 0, '' if rc == 0 else summary_line(out)


def run_item(root, build_dir, kind, args, timeout):
    if kind == 'unit':
        return run_unit(build_dir, args, timeout)
    if kind == 'ctest':
        return run_ctest(build_dir, args, timeout)
    if kind == 'wp':
        return run_wp(root, args, timeout)
    return run_proof(root, args, timeout)


def grade(root, lab, build_dir, do_build=True, timeout=600, out=sys.stdout):
    """Grade lab in the tree root; returns (got, total, [failed names])."""
    folder = lab_folder(root, lab)
    items, extra = read_rubric(folder)
    total = sum(p for p, _, _ in items)
    print(f'Lab {lab} ({os.path.basename(folder)}) in {root}', file=out)
    if do_build:
        ok, log = build(root, build_dir, build_targets(items, extra))
        if not ok:
            print(log, file=out)
            print(f'Lab {lab}: the tree does not build. Score: 0/{total}', file=out)
            return 0, total, [item_name(k, a) for _, k, a in items]
    got, failed = 0, []
    for points, kind, args in items:
        ok, detail = run_item(root, build_dir, kind, args, timeout)
        got += points if ok else 0
        mark = 'PASS' if ok else 'FAIL'
        print(f'  [{mark}] {points if ok else 0:3d}/{points:<3d} {item_name(kind, args)}', file=out)
        if not ok:
            failed.append(item_name(kind, args))
            print(f'           {detail}', file=out)
    if failed:
        print(f'Missing ({len(failed)}): ' + '; '.join(failed), file=out)
    print(f'Lab {lab} score: {got}/{total}', file=out)
    return got, total, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lab', type=int, required=True)
    ap.add_argument('--tree', default=os.path.normpath(os.path.join(HERE, '..', '..')))
    ap.add_argument('--build', help='build folder (default: <tree>/build/grade)')
    ap.add_argument('--no-build', action='store_true', help='use what is already built')
    ap.add_argument('--timeout', type=int, default=600, help='seconds per test')
    ap.add_argument('--expect-fail', action='store_true',
                    help='CI: succeed only if every test of the lab fails')
    args = ap.parse_args()
    root = os.path.abspath(args.tree)
    build_dir = os.path.abspath(args.build or os.path.join(root, 'build', 'grade'))
    try:
        got, total, failed = grade(root, args.lab, build_dir, not args.no_build, args.timeout)
    except RubricError as e:
        print(f'grade: {e}', file=sys.stderr)
        return 2
    if args.expect_fail:
        items, _ = read_rubric(lab_folder(root, args.lab))
        return 0 if len(failed) == len(items) else 1
    return 0 if got == total else 1


if __name__ == '__main__':
    sys.exit(main())
