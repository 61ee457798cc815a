#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""test_labgen.py - the marker transformation keeps earlier labs and
stubs the lab handed out and every later one."""
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


if __name__ == '__main__':
    unittest.main()
