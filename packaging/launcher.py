"""Entry script of the PyInstaller bundle (the same as `python -m hospital_sec_desk`).

hospital_sec_desk/__main__.py uses a relative import, so it cannot be the bundle's
top-level script; this file imports the package absolutely instead.
"""

import multiprocessing
import sys

from hospital_sec_desk.cli import main

if __name__ == "__main__":
    # The print preview's report is built in a worker process (app/report_job.py): started
    # as this same executable, it must run the worker here, not the CLI or a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
