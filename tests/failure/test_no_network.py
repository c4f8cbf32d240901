"""A full run with the network made unusable: nothing anywhere tries to use it.

socket.socket, socket.create_connection, socket.getaddrinfo (and gethostbyname) are replaced
by versions that record the call and raise. The run: setup (facility), answers by keyboard in
the wizard opened from the main window, contacts, the contacts/print/history screens, the
report, the poster, and the export, print, poster, csv and backup commands. Afterwards no call
was recorded, and neither Qt's networking module nor an HTTP client library was imported.
"""

from __future__ import annotations

import json
import socket
import sys

import pytest

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.cli import main as cli
from tests.failure.helpers import has_module, keyboard_walk

# Qt's own networking would bypass the socket module. (urllib.request and ssl are not listed:
# the standard library's xml.sax.saxutils imports them, which uses no network.)
NETWORK_MODULES = ("PySide6.QtNetwork", "requests", "httpx", "urllib3")


@pytest.fixture
def no_network(monkeypatch):
    calls: list[tuple[str, tuple]] = []

    def refuse(name):
        def fn(*args, **kwargs):
            calls.append((name, args[:2]))
            raise OSError(f"network use during a test: socket.{name}{args[:2]}")

        return fn

    class NoSocket(socket.socket):  # a class still, so isinstance(x, socket.socket) keeps working
        def __init__(self, *args, **kwargs):
            calls.append(("socket", args[:2]))
            raise OSError("network use during a test: socket.socket")

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    return calls


def test_full_run_uses_no_network(qtbot, data_dir, tmp_path, no_network, capsys):
    before = set(sys.modules)
    skipped: list[str] = []
    ctx = AppContext.open(data_dir)
    try:
        ctx.store.save_facility(name="通信なし病院", corporation="医療法人オフライン会", beds=40, prefecture="長野県",
                                phone="0263-00-0000", respondent_name="点検 花子")
        year = ctx.current_year()
        ctx.ensure_year(year)
        vendor = ctx.store.save_contact(category="vendor", organization="オフライン電算", name="保守 一郎",
                                        systems="電子カルテ", phone="03-0000-0000",
                                        phone_after_hours="090-0000-0000", on_poster=1)
        ctx.store.save_contact(category="inhouse", role="医療情報システム安全管理責任者", name="点検 花子",
                               extension="123", mobile="080-0000-0000")
        from hospital_sec_desk.ui.main_window import MainWindow

        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        win.activateWindow()
        assert win.screen_key == "home"
        for questionnaire in ctx.registry.questionnaires():
            win.open_wizard(questionnaire, "restart")
            answered = keyboard_walk(qtbot, win.wizard, number=2)  # 2 = いいえ: action items, branches
            assert answered
            win.show_home()
        survey = ctx.store.find_assessment(year, "survey")
        assert ctx.store.answers(survey["id"])["respondent"].value["fields"]["name"] == "walk-name"
        flagged = ctx.store.answers(survey["id"])
        first_no = next(k for k, r in flagged.items() if r.value.get("choice") == "no")
        ctx.store.save_answer(survey["id"], first_no, flagged[first_no].with_(vendor_flag=True, vendor_id=vendor))
        for key, module in (("contacts", "contacts_screen"), ("print", "print_screen"), ("history", "history_screen")):
            if not has_module(f"hospital_sec_desk.ui.{module}"):
                skipped.append(f"{key} screen")
                continue
            win.open_screen(key)
            assert win.screen_key == key
            qtbot.wait(300)  # previews are built on timers
            win.grab()
            win.show_home()

        from hospital_sec_desk.reports.context import load_context
        from hospital_sec_desk.reports.poster import build_poster
        from hospital_sec_desk.reports.report import PARTS, build_report

        report_ctx = load_context(ctx.store, ctx.registry, year, with_history=True)
        pdf = build_report(report_ctx, list(PARTS))
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert build_poster(report_ctx).startswith(b"%PDF")
        win.close()
    finally:
        ctx.close()

    out = tmp_path / "out"
    out.mkdir()
    assert cli(["--data-dir", str(data_dir), "export", str(out / "all.json")]) == 0
    exported = json.loads((out / "all.json").read_text(encoding="utf-8"))
    assert exported["facility"]["name"] == "通信なし病院"
    assert cli(["--data-dir", str(data_dir), "backup", "create"]) == 0
    for command, module, args in (("print", "cli.output", ["--out", str(out / "report.pdf")]),
                                  ("csv", "cli.output", ["--out", str(out / "answers.csv")]),
                                  ("poster", "cli.output", ["--out", str(out / "poster.pdf"), "--size", "A3"])):
        if not has_module(f"hospital_sec_desk.{module}"):
            skipped.append(f"{command} command")
            continue
        assert cli(["--data-dir", str(data_dir), command, *args]) == 0, capsys.readouterr().err
        target = out / args[1].split("/")[-1]
        assert target.stat().st_size > 0
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF") or "print command" in skipped

    assert no_network == [], f"network use: {no_network}"
    loaded = set(sys.modules) - before
    assert not loaded & set(NETWORK_MODULES), sorted(loaded & set(NETWORK_MODULES))
    with pytest.raises(OSError):  # the guard itself is in place (so the checks above mean something)
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    assert no_network and no_network[0][0] == "create_connection"
    if skipped:
        pytest.skip(f"ran everything else; modules not there yet: {', '.join(skipped)}")
