#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""labgen.py - write the student hand-out of one lab from the full tree.

Solution regions in the sources look like this:

    /* LAB 3: BEGIN */
    ...solution...
    /* LAB 3: STUB
    LAB_TODO(3, "p2m_walk: walk the tree down to the leaf");
    LAB 3: END */

The hand-out of lab N keeps the solutions of labs below N, and replaces
each region of lab N or later with the stub text between STUB and END.
The full tree compiles the solution; the stub sits inside a comment, so
the markers never change behaviour. Stub text must not contain a C
comment opener or closer (use // comments inside a stub).

LAB_TODO(n, "what") is defined by labs/tools/lab_todo.h, which the
hand-out gets as src/lab_todo.h; every file whose stubs call LAB_TODO
gets an #include of it after its first #include. LAB_TODO prints
"LAB n TODO: what" and stops (abort on the host, panic in the image).

With --update the hand-out folder is refreshed in place: files whose
content did not change keep their timestamps, so one build folder can
be reused across hand-outs and only rebuilds what differs.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

BEGIN = re.compile(r'^\s*/\* LAB (\d+): BEGIN \*/\s*$')
STUB = re.compile(r'^\s*/\* LAB (\d+): STUB\s*$')
END = re.compile(r'^\s*LAB (\d+): END \*/\s*$')
SOURCE_SUFFIXES = ('.c', '.h', '.S')
TODO_HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lab_todo.h')
TODO_INCLUDE = '#include "lab_todo.h"'


class MarkerError(Exception):
    pass


def transform(lines, lab, path):
    """Return the lines of a file in the hand-out of lab `lab`."""
    out, state, region = [], 'code', None
    for number, line in enumerate(lines, 1):
        where = f'{path}:{number}'
        if state == 'code':
            m = BEGIN.match(line)
            if m:
                region, state = int(m.group(1)), 'solution'
                continue
            if STUB.match(line) or END.match(line):
                raise MarkerError(f'{where}: marker outside a LAB region')
            out.append(line)
        elif state == 'solution':
            m = STUB.match(line)
            if m:
                if int(m.group(1)) != region:
                    raise MarkerError(f'{where}: STUB of lab {m.group(1)} inside lab {region}')
                state = 'stub'
                continue
            if BEGIN.match(line) or END.match(line):
                raise MarkerError(f'{where}: lab {region} region has no STUB')
            if region < lab:
                out.append(line)
        else:  # stub
            m = END.match(line)
            if m:
                if int(m.group(1)) != region:
                    raise MarkerError(f'{where}: END of lab {m.group(1)} closes lab {region}')
                state = 'code'
                continue
            if region >= lab:
                out.append(line)
    if state != 'code':
        raise MarkerError(f'{path}: lab {region} region is not closed')
    return out


def regions(lines):
    """Lab numbers of the regions in a file."""
    return [int(m.group(1)) for m in map(BEGIN.match, lines) if m]


def tracked_files(root):
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files', '-co', '--exclude-standard'],
                             check=True, capture_output=True, text=True).stdout
        return [f for f in out.splitlines() if os.path.isfile(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        skip = {'.git', 'build'}
        found = []
        for top, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in skip and not d.startswith('build')]
            found += [os.path.relpath(os.path.join(top, f), root) for f in files]
        return found


def with_todo_include(lines):
    """Add the LAB_TODO header after the first #include of a file."""
    if not any('LAB_TODO(' in l for l in lines) or TODO_INCLUDE in lines:
        return lines
    at = next((i + 1 for i, l in enumerate(lines) if l.startswith('#include')), 0)
    return lines[:at] + [TODO_INCLUDE] + lines[at:]


def handout_files(root, lab):
    """{relative path: bytes} of the hand-out of lab `lab`; and the number
    of regions stubbed."""
    files, replaced = {}, 0
    for rel in tracked_files(root):
        src = os.path.join(root, rel)
        if rel.endswith(SOURCE_SUFFIXES):
            with open(src, encoding='utf-8') as f:
                lines = f.read().split('\n')
            stubbed = sum(1 for r in regions(lines) if r >= lab)
            replaced += stubbed
            out = transform(lines, lab, rel)
            if stubbed:
                out = with_todo_include(out)
            files[rel] = '\n'.join(out).encode('utf-8')
        else:
            files[rel] = None          # copied as is
    with open(TODO_HEADER, 'rb') as f:
        files[os.path.join('src', 'lab_todo.h')] = f.read()
    return files, replaced


def write_if_changed(path, data):
    try:
        with open(path, 'rb') as f:
            if f.read() == data:
                return
    except OSError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def generate(root, lab, dest, update=False):
    """Write the hand-out of lab into dest; return the regions stubbed."""
    if os.path.exists(dest) and not update:
        shutil.rmtree(dest)
    files, replaced = handout_files(root, lab)
    for rel, data in files.items():
        src, dst = os.path.join(root, rel), os.path.join(dest, rel)
        if data is None:
            with open(src, 'rb') as f:
                data = f.read()
        write_if_changed(dst, data)
        if os.path.exists(src):
            shutil.copymode(src, dst)
    if update:
        for top, dirs, names in os.walk(dest, topdown=True):
            dirs[:] = [d for d in dirs if d != '.git']
            for name in names:
                rel = os.path.relpath(os.path.join(top, name), dest)
                if rel not in files:
                    os.remove(os.path.join(top, name))
    return replaced


def check(root):
    """Validate every marker in the tree; return {lab: region count}."""
    counts = {}
    for rel in tracked_files(root):
        if not rel.endswith(SOURCE_SUFFIXES):
            continue
        with open(os.path.join(root, rel), encoding='utf-8') as f:
            lines = f.read().split('\n')
        transform(lines, 10**6, rel)
        for r in regions(lines):
            counts[r] = counts.get(r, 0) + 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--root', default=os.path.join(os.path.dirname(__file__), '..', '..'))
    ap.add_argument('--lab', type=int, help='lab number to hand out')
    ap.add_argument('--out', help='folder to write the hand-out into')
    ap.add_argument('--update', action='store_true',
                    help='refresh --out in place, keeping unchanged files untouched')
    ap.add_argument('--check', action='store_true', help='only validate the markers')
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    try:
        if args.check:
            for lab, n in sorted(check(root).items()):
                print(f'lab {lab}: {n} region(s)')
            return 0
        if args.lab is None or not args.out:
            ap.error('--lab and --out are required (or --check)')
        n = generate(root, args.lab, os.path.abspath(args.out), args.update)
        print(f'labgen: lab {args.lab} hand-out in {args.out} ({n} region(s) stubbed)')
        return 0
    except MarkerError as e:
        print(f'labgen: {e}', file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
