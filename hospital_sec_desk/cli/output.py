"""`print`, `csv` and `poster`, on the output use cases (app/output.py).

    hospital-sec-desk --data-dir D print --year 2026 --out 報告書.pdf [--parts cover,answers,gmis]
    hospital-sec-desk --data-dir D csv --year 2026 --out 回答.csv
    hospital-sec-desk --data-dir D poster --out ポスター.pdf [--size A3]

Arguments and the target are checked before the data is opened (exit code 2).
"""

from __future__ import annotations

from pathlib import Path

from ..app import output
from ..app.folder import opened
from .errors import guarded


@guarded
def cmd_print(args, folder: Path) -> int:
    chosen = output.parse_parts(getattr(args, "parts", None))
    output.check_out(args.out, ".pdf", folder)
    with opened(folder, seed=True) as ctx:
        print(output.write_report(ctx, args.out, getattr(args, "year", None), chosen).text())
    return 0


@guarded
def cmd_csv(args, folder: Path) -> int:
    output.check_out(args.out, ".csv", folder)
    with opened(folder, seed=True) as ctx:
        print(output.write_csv(ctx, args.out, getattr(args, "year", None)).text())
    return 0


@guarded
def cmd_poster(args, folder: Path) -> int:
    size = output.poster_size(getattr(args, "size", None))
    output.check_out(args.out, ".pdf", folder)
    with opened(folder, seed=True) as ctx:
        print(output.write_poster(ctx, args.out, size).text())
    return 0
