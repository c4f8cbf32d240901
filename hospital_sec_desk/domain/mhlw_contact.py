"""Is the poster's 厚生労働省 entry still the one shipped from the 2018 poster, never reviewed?

The app ships the office and number printed on the 2018 院内掲示用 poster. That office was
reorganised, so the print screen, the poster preview and the CLI `poster` warn while the printed
entry is still exactly the shipped one: the same department and phone number, and the memo the
app shipped (a hospital that checked it and keeps it rewrites the memo, e.g. with the date it
checked — then the notice stops).
"""

from __future__ import annotations

NOTICE = ("ポスターの「厚生労働省」の連絡先は、2018年（平成30年）のポスターに載っていた部署と電話番号"
          "（{department}・{phone}）のままで、病院でまだ確認されていません。この部署はその後の組織改編で"
          "変わっています。厚生労働省のホームページ（医療分野のサイバーセキュリティ対策のページ）や最新の"
          "通知で、連絡先の部署と番号を確かめてください。変わっていれば「連絡先」画面で書き換え、"
          "確認してそのままにする場合は、その連絡先のメモを確認した日と結果に書き換えてください。")


def _same(a: dict, b: dict, key: str) -> bool:
    return (a.get(key) or "").strip() == (b.get(key) or "").strip()


def unconfirmed_shipped_entry(printed: dict | None, shipped: dict | None) -> bool:
    """True when the contact the poster prints is the shipped entry, untouched."""
    if not printed or not shipped:
        return False
    return all(_same(printed, shipped, k) for k in ("department", "phone", "memo"))


def mhlw_notice(printed: dict | None, shipped: dict | None) -> str:
    """The Japanese notice to show before printing the poster ('' when none is needed)."""
    if not unconfirmed_shipped_entry(printed, shipped):
        return ""
    return NOTICE.format(department=(shipped.get("department") or "").strip(),
                         phone=(shipped.get("phone") or "").strip())
