"""The app's log file (app/errors.py): private, rotated at its size limit, never failing the app."""

from __future__ import annotations

import logging
import os
import stat

from hospital_sec_desk.app import errors


def _log(n: int, size: int = 200) -> None:
    logger = logging.getLogger(errors.ROOT_LOGGER + ".test")
    for i in range(n):
        logger.warning("%05d %s", i, "あ" * size)


def test_rotates_into_two_older_files_and_stays_private(tmp_path, monkeypatch):
    monkeypatch.setattr(errors, "LOG_MAX_BYTES", 4096)
    errors.setup_logging(tmp_path)
    _log(100)  # ~60 KB of text: many rotations
    logs = tmp_path / errors.LOG_DIR
    names = sorted(p.name for p in logs.iterdir())
    assert names == ["app.log", "app.log.1", "app.log.2"]
    for p in logs.iterdir():
        assert p.stat().st_size <= 4096
        if os.name == "posix":
            assert stat.S_IMODE(p.stat().st_mode) == 0o600
    if os.name == "posix":
        assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    # the newest record is in app.log, the ones before it in .1 then .2, none lost in between
    newest = int((logs / "app.log").read_text(encoding="utf-8").splitlines()[-1].split(": ")[1][:5])
    first_of_current = int((logs / "app.log").read_text(encoding="utf-8").splitlines()[0].split(": ")[1][:5])
    last_of_previous = int((logs / "app.log.1").read_text(encoding="utf-8").splitlines()[-1].split(": ")[1][:5])
    assert newest == 99 and last_of_previous == first_of_current - 1


def test_nothing_is_created_until_something_is_logged(tmp_path):
    errors.setup_logging(tmp_path)
    assert not (tmp_path / errors.LOG_DIR).exists()


def test_an_unwritable_folder_gets_no_log_and_no_error(tmp_path, capsys):
    gone = tmp_path / "gone"  # the data folder does not exist: the log folder cannot be made
    errors.setup_logging(gone)
    _log(3)
    assert not gone.exists()
    assert capsys.readouterr().err == ""
