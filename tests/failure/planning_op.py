"""One planning write, run under strace by test_planning_faults.py (kill -9 or ENOSPC injected).

    python tests/failure/planning_op.py FOLDER

Opens the data folder as the app does, saves one drill record, then one BCP text edit, and
prints `SAVED drill` / `SAVED edit` after each is stored. A refused write prints
`REFUSED <Japanese message>` and exits 2; anything else unexpected exits 3 with a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hospital_sec_desk.app import planning
from hospital_sec_desk.app.context import AppContext

NEW_DRILL = {"held_on": "2026-11-05", "kind": "机上演習", "topic": "障害時の紙運用の確認", "participants": "9",
             "findings": "伝票の場所が分からない職員がいた", "improvements": "伝票の保管場所を掲示する"}
NEW_EDIT = "停電とサイバー攻撃が重なった場合も、この計画に沿って対応します。"
YEAR = 2026


def main(folder: Path) -> int:
    try:
        ctx = AppContext.open(folder)
    except planning.USER_ERRORS as exc:
        print(f"REFUSED {exc}", flush=True)
        return 2
    print("OPENED", flush=True)   # the test counts only the system calls after this line
    try:
        planning.save_drill(ctx, NEW_DRILL)
        print("SAVED drill", flush=True)
        planning.save_bcp_text(ctx, YEAR, "scope", NEW_EDIT)
        print("SAVED edit", flush=True)
    except planning.USER_ERRORS as exc:
        print(f"REFUSED {exc}", flush=True)
        return 2
    finally:
        try:
            ctx.close()
        except planning.USER_ERRORS:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
