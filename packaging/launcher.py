"""Entry script of the PyInstaller bundle (the same as `python -m hospital_sec_desk`).

hospital_sec_desk/__main__.py uses a relative import, so it cannot be the bundle's
top-level script; this file imports the package absolutely instead.
"""

import sys

from hospital_sec_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
