"""reportlab's number formatting (fp_str), remembered per argument list.

Every PDF operator reportlab writes formats its numbers with `reportlab.lib.rl_accel.fp_str`
(C: one sprintf per number, then trimming): 12,400 calls and 3.6 % of a cold 6-vendor print,
for 2,500 distinct argument lists (80 % repeat: the same colours, line widths, font sizes,
cell origins; 91 % for 70 vendors).

`install()` puts `fp_str` below in place of reportlab's: in `reportlab.lib.rl_accel` (so
modules imported later bind it) and in every reportlab module already imported that bound the
original by name (`from reportlab.lib.rl_accel import fp_str`). It returns the original's
result for an argument tuple seen before, else calls the original. That is exact because
fp_str is a pure function of the numbers' values (it converts each argument with float()):
equal argument tuples (Python's ==, element by element) give equal text. The only equal values
of different types or signs it meets print alike: 1, 1.0 and True print "1"; 0.0 and -0.0
print "0" (tests/reports/test_fast_numbers.py checks these against the original). Arguments
that cannot be a dict key (a list) go to the original every time. NaN never equals itself, so
it is never found (formatted each time).
"""

from __future__ import annotations

import sys
import types

from reportlab.lib import rl_accel

ORIGINAL = rl_accel.fp_str
_MAX = 50000  # argument lists kept (a 70-vendor report has 3,400 distinct ones)
_known: dict[tuple, str] = {}


def fp_str(*args):
    """reportlab's fp_str(*args), remembered (see the module docstring)."""
    try:
        return _known[args]
    except KeyError:
        pass
    except TypeError:  # a list among the arguments: not a key
        return ORIGINAL(*args)
    text = ORIGINAL(*args)
    if len(_known) < _MAX:
        _known[args] = text
    return text


def install() -> None:
    """Use `fp_str` wherever reportlab formats numbers (see the module docstring); again after
    more reportlab modules were imported is harmless."""
    rl_accel.fp_str = fp_str
    for name, module in list(sys.modules.items()):
        # (type: a module registered through LazyLoader, rl_import, is not run by looking)
        if (name.startswith("reportlab.") and type(module) is types.ModuleType
                and module.__dict__.get("fp_str") is ORIGINAL):
            module.fp_str = fp_str
