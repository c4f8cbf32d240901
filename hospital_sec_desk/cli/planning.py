"""`bcp` and `xlsx`, on the planning use cases (app/planning.py).

    hospital-sec-desk --data-dir D bcp --year 2026 --out BCP.docx     (Word; `--out BCP.pdf`: PDF)
    hospital-sec-desk --data-dir D xlsx --year 2026 --out 計画.xlsx

The target is checked before the data is opened (exit code 2); the 年度 defaults to the newest.
"""

from __future__ import annotations

from pathlib import Path

from ..app import output, planning
from ..app.folder import opened
from .errors import guarded


def _saved(path: Path, what: str) -> str:
    return output.Saved(path, path.stat().st_size, what).text()


@guarded
def cmd_bcp(args, folder: Path) -> int:
    target = output.check_out(args.out, ".docx", folder)
    as_pdf = target.suffix.lower() == ".pdf"
    with opened(folder, seed=True) as ctx:
        year = output.pick_year(ctx, getattr(args, "year", None))
        if as_pdf:
            print(_saved(planning.write_bcp_pdf(ctx, year, target), "BCP（PDF）"))
        else:
            print(_saved(planning.write_bcp_docx(ctx, year, target), "BCP（Word）"))
    return 0


@guarded
def cmd_xlsx(args, folder: Path) -> int:
    target = output.check_out(args.out, ".xlsx", folder)
    with opened(folder, seed=True) as ctx:
        year = output.pick_year(ctx, getattr(args, "year", None))
        print(_saved(planning.write_workbook(ctx, year, target), "Excelファイル"))
    return 0
