#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_labs.py - CI for the labs (CTest label "lab"), one lab a call.

  --full N      the full tree earns full marks on lab N (built in --build,
                normally the CMake build folder ctest runs in)
  --handout N   the hand-out of lab N, generated into <--work>/tree, builds
                (image and host test binaries, -Werror), every test of lab N
                fails there, and every earlier lab still earns full marks

Hand-outs are refreshed in place (labgen --update) and built in one
folder, <--work>/build, so successive labs rebuild only the files whose
regions differ; CTest serialises the callers with a resource lock.
"""
import argparse
import os
import sys

import grade
import labgen

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))


def lab_numbers(root):
    found = []
    for name in sorted(os.listdir(os.path.join(root, 'labs'))):
        if name[:2].isdigit() and os.path.exists(os.path.join(root, 'labs', name, 'grade.txt')):
            found.append(int(name[:2]))
    return found


def check_full(root, lab, build_dir):
    got, total, _ = grade.grade(root, lab, build_dir)
    if got != total:
        print(f'check: the full tree must earn full marks on lab {lab}')
        return 1
    return 0


def handout_targets(tree, labs):
    """strata.elf and every target the graded labs need."""
    targets = {'strata.elf'}
    for lab in labs:
        items, extra = grade.read_rubric(grade.lab_folder(tree, lab))
        targets.update(grade.build_targets(items, extra))
    return sorted(targets)


def check_handout(root, lab, work):
    tree, build_dir = os.path.join(work, 'tree'), os.path.join(work, 'build')
    stubbed = labgen.generate(root, lab, tree, update=True)
    print(f'check: hand-out of lab {lab} in {tree} ({stubbed} region(s) stubbed)')
    earlier = [n for n in lab_numbers(tree) if n < lab]
    ok, log = grade.build(tree, build_dir, handout_targets(tree, earlier + [lab]))
    if not ok:
        print(log)
        print(f'check: the hand-out of lab {lab} does not build')
        return 1
    status = 0
    items, _ = grade.read_rubric(grade.lab_folder(tree, lab))
    _, _, failed = grade.grade(tree, lab, build_dir, do_build=False)
    passing = [grade.item_name(k, a) for _, k, a in items if grade.item_name(k, a) not in failed]
    if passing:
        print(f'check: in its own hand-out, lab {lab} must fail every test; passed: '
              + '; '.join(passing))
        status = 1
    for n in earlier:
        got, total, _ = grade.grade(tree, n, build_dir, do_build=False)
        if got != total:
            print(f'check: in the hand-out of lab {lab}, earlier lab {n} must earn full marks')
            status = 1
    print(f'check: hand-out of lab {lab}: {"ok" if status == 0 else "FAILED"}')
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument('--full', type=int, metavar='N')
    mode.add_argument('--handout', type=int, metavar='N')
    ap.add_argument('--root', default=ROOT)
    ap.add_argument('--build', help='build folder of the full tree (--full)')
    ap.add_argument('--work', help='folder for hand-out trees and their build (--handout)')
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    try:
        if args.full is not None:
            if not args.build:
                ap.error('--full needs --build')
            return check_full(root, args.full, os.path.abspath(args.build))
        if not args.work:
            ap.error('--handout needs --work')
        return check_handout(root, args.handout, os.path.abspath(args.work))
    except (grade.RubricError, labgen.MarkerError) as e:
        print(f'check: {e}')
        return 1


if __name__ == '__main__':
    sys.exit(main())
