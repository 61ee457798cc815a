#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""test_labgen.py - the marker transformation keeps earlier labs and
stubs the lab handed out and every later one."""
import os
import subprocess
import tempfile
import unittest

import labgen

SOURCE = """int f(void)
{
    /* LAB 2: BEGIN */
    return 2;
    /* LAB 2: STUB
    LAB_TODO(2, "f");
    LAB 2: END */
}
int g(void)
{
    /* LAB 3: BEGIN */
    return 3;
    /* LAB 3: STUB
    LAB_TODO(3, "g");
    LAB 3: END */
}""".split('\n')


class Transform(unittest.TestCase):
    def test_handout_keeps_earlier_and_stubs_own_and_later(self):
        out = '\n'.join(labgen.transform(SOURCE, 3, 'x.c'))
        self.assertIn('return 2;', out)
        self.assertIn('LAB_TODO(3, "g");', out)
        self.assertNotIn('return 3;', out)
        self.assertNotIn('LAB_TODO(2', out)
        out = '\n'.join(labgen.transform(SOURCE, 2, 'x.c'))
        self.assertIn('LAB_TODO(2, "f");', out)
        self.assertIn('LAB_TODO(3, "g");', out)

    def test_full_tree_is_unchanged_by_the_markers(self):
        out = labgen.transform(SOURCE, 99, 'x.c')
        self.assertNotIn('LAB_TODO', '\n'.join(out))
        self.assertIn('    return 3;', out)

    def test_unclosed_region_is_an_error(self):
        with self.assertRaises(labgen.MarkerError):
            labgen.transform(SOURCE[:5], 1, 'x.c')

    def test_mismatched_end_is_an_error(self):
        bad = [l.replace('LAB 3: END', 'LAB 4: END') for l in SOURCE]
        with self.assertRaises(labgen.MarkerError):
            labgen.transform(bad, 1, 'x.c')

    def test_region_without_stub_is_an_error(self):
        bad = [l for l in SOURCE if 'STUB' not in l and 'LAB_TODO' not in l]
        with self.assertRaises(labgen.MarkerError):
            labgen.transform(bad, 1, 'x.c')


class Handout(unittest.TestCase):
    def test_stubbed_file_includes_the_todo_header_once(self):
        lines = ['/* x.c */', '#include "x.h"', '#include "y.h"'] + SOURCE
        out = labgen.with_todo_include(labgen.transform(lines, 3, 'x.c'))
        self.assertEqual(out[2], labgen.TODO_INCLUDE)
        self.assertEqual(out.count(labgen.TODO_INCLUDE), 1)
        full = labgen.with_todo_include(labgen.transform(lines, 99, 'x.c'))
        self.assertNotIn(labgen.TODO_INCLUDE, full)

    def test_update_keeps_unchanged_files_and_drops_stale_ones(self):
        with tempfile.TemporaryDirectory() as tmp:
            root, out = os.path.join(tmp, 'root'), os.path.join(tmp, 'out')
            os.makedirs(os.path.join(root, 'src'))
            with open(os.path.join(root, 'src', 'x.c'), 'w') as f:
                f.write('\n'.join(['#include "x.h"'] + SOURCE))
            with open(os.path.join(root, 'plain.txt'), 'w') as f:
                f.write('text')
            subprocess.run(['git', 'init', '-q', root], check=True)
            labgen.generate(root, 3, out)
            plain = os.path.join(out, 'plain.txt')
            os.utime(plain, (1, 1))
            open(os.path.join(out, 'stale.c'), 'w').close()
            labgen.generate(root, 2, out, update=True)
            self.assertEqual(os.stat(plain).st_mtime, 1)
            self.assertFalse(os.path.exists(os.path.join(out, 'stale.c')))
            with open(os.path.join(out, 'src', 'x.c')) as f:
                text = f.read()
            self.assertIn('LAB_TODO(2', text)
            self.assertTrue(os.path.exists(os.path.join(out, 'src', 'lab_todo.h')))


if __name__ == '__main__':
    unittest.main()
