#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""grade.py - build a tree and grade one lab: each test with its points.

A lab folder labs/NN-topic/ declares its tests in grade.txt, one a line:

    <points> unit  <binary>:<test>   host unit test (tests/unit harness)
    <points> proof <module>          WP proof of proofs/<module>
    <points> ctest <name>            any CTest test by exact name

Blank lines and lines starting with '#' are ignored. Exit status 0 only
with full marks.
"""
import argparse
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def lab_folder(root, lab):
    found = glob.glob(os.path.join(root, 'labs', f'{lab:02d}-*'))
    if len(found) != 1:
        raise SystemExit(f'grade: no single folder labs/{lab:02d}-* in {root}')
    return found[0]


def read_rubric(folder):
    items = []
    with open(os.path.join(folder, 'grade.txt'), encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) != 3 or parts[1] not in ('unit', 'proof', 'ctest'):
                raise SystemExit(f'grade: {folder}/grade.txt:{number}: bad line')
            items.append((int(parts[0]), parts[1], parts[2]))
    return items


def needs_image(items):
    return any(kind == 'ctest' and not target.startswith('unit.') for _, kind, target in items)


def build(root, build_dir, image):
    cfg = ['cmake', '-S', root, '-B', build_dir, '-DSTRATA_PROOFS=ON',
           f'-DSTRATA_IMAGE={"ON" if image else "OFF"}',
           f'-DSTRATA_QEMU={"ON" if image else "OFF"}']
    for cmd in (cfg, ['cmake', '--build', build_dir, '-j2']):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout[-3000:], r.stderr[-3000:])
            return False
    return True


def find_binary(build_dir, name):
    hits = glob.glob(os.path.join(build_dir, '**', f'test_{name}'), recursive=True)
    return hits[0] if hits else None


def run_one(root, build_dir, kind, target, timeout):
    if kind == 'unit':
        binary, _, test = target.partition(':')
        path = find_binary(build_dir, binary)
        if not path:
            return False, f'no test binary test_{binary} (does it build?)'
        cmd = [path, test]
    elif kind == 'proof':
        cmd = [os.path.join(root, 'ci', 'wp.sh'), '--module', target]
    else:
        cmd = ['ctest', '--test-dir', build_dir, '-R', f'^{target}$', '--no-tests=error']
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=root)
    except subprocess.TimeoutExpired:
        return False, 'timed out'
    tail = (r.stdout + r.stderr).strip().splitlines()[-3:]
    return r.returncode == 0, ' | '.join(tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lab', type=int, required=True)
    ap.add_argument('--tree', default=os.path.normpath(os.path.join(HERE, '..', '..')))
    ap.add_argument('--build', help='build folder (default: <tree>/build/grade)')
    ap.add_argument('--no-build', action='store_true')
    ap.add_argument('--timeout', type=int, default=600)
    args = ap.parse_args()
    root = os.path.abspath(args.tree)
    build_dir = os.path.abspath(args.build or os.path.join(root, 'build', 'grade'))
    items = read_rubric(lab_folder(root, args.lab))

    if not args.no_build and not build(root, build_dir, needs_image(items)):
        print(f'Lab {args.lab}: the tree does not build. Score: 0/{sum(p for p, _, _ in items)}')
        return 1
    got = total = 0
    for points, kind, target in items:
        ok, detail = run_one(root, build_dir, kind, target, args.timeout)
        total += points
        got += points if ok else 0
        mark = 'PASS' if ok else 'FAIL'
        print(f'  [{mark}] {points if ok else 0:3d}/{points:<3d} {kind:5s} {target}')
        if not ok:
            print(f'         {detail}')
    print(f'Lab {args.lab} score: {got}/{total}')
    return 0 if got == total else 1


if __name__ == '__main__':
    sys.exit(main())
