"""Japanese phone numbers: NFKC, dash unification, plausibility, Japanese messages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hospital_sec_desk.domain.phone import normalize_phone


@pytest.mark.parametrize(("typed", "expected"), [
    ("03-3595-2430", "03-3595-2430"),
    ("０３－３５９５－２４３０", "03-3595-2430"),           # full-width digits and hyphen-minus
    ("03ー3595ー2430", "03-3595-2430"),                     # katakana long vowel from the IME
    ("03‐3595—2430", "03-3595-2430"),                       # hyphen and em dash
    ("03−3595ｰ2430", "03-3595-2430"),                       # minus sign, half-width long vowel
    ("03(3595)2430", "03-3595-2430"),
    ("（０３）３５９５－２４３０", "03-3595-2430"),
    (" 03 3595 2430 ", "03-3595-2430"),
    ("0335952430", "03-3595-2430"),                         # digits only: Tokyo grouping added
    ("06 1111 2222", "06-1111-2222"),
    ("045-123-4567", "045-123-4567"),                       # the user's grouping is kept
    ("0451234567", "0451234567"),                           # ambiguous area code: left ungrouped
    ("09012345678", "090-1234-5678"),
    ("０８０１２３４５６７８", "080-1234-5678"),
    ("070-1234-5678", "070-1234-5678"),
    ("05012345678", "050-1234-5678"),
    ("0120179066", "0120-179-066"),
    ("０１２０－１７９－０６６", "0120-179-066"),
    ("08001234567", "0800-123-4567"),
    ("0570000111", "0570-000-111"),
    ("+81 3-3595-2430", "03-3595-2430"),
    ("110", "110"),
    ("１１９", "119"),
    ("＃９１１０", "#9110"),
    ("#7119", "#7119"),
    ("", ""),
    ("   ", ""),
])
def test_plausible_numbers_are_normalised(typed, expected):
    assert normalize_phone(typed) == (expected, None)


@pytest.mark.parametrize(("typed", "fragment"), [
    ("03-1234-567", "10桁"),                 # a digit short
    ("03-1234-56789", "10桁"),
    ("090-1234-567", "11桁"),
    ("0120-179-0666", "10桁"),
    ("050-123-4567", "11桁"),
    ("1234-5678", "0から始まる"),            # no area code
    ("0012-3456-7890", "国内の番号"),
    ("03-1234-5678 内線12", "内線"),
    ("電話してください", "数字とハイフン"),
    ("03-1234-5678（代表）", "数字とハイフン"),
    ("#91", "#9110"),
])
def test_doubtful_numbers_get_a_japanese_message_and_keep_the_text(typed, fragment):
    normalised, message = normalize_phone(typed)
    assert message is not None and fragment in message
    assert sum(ord(ch) > 0x3000 for ch in message) > len(message) // 2, message  # Japanese
    # nothing is lost: the digits the user typed are all still there
    assert [c for c in normalised if c.isdigit()] == [c for c in typed if c.isdigit()]


@given(st.text(max_size=40))
def test_never_raises_and_always_returns_text(text):
    normalised, message = normalize_phone(text)
    assert isinstance(normalised, str)
    assert message is None or isinstance(message, str)


@given(st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True))
def test_every_ten_digit_fixed_line_is_accepted_with_its_digits(number):
    if number.startswith(("0120", "0570", "050", "070", "080", "090", "020", "0800")):
        return
    normalised, message = normalize_phone(number)
    assert message is None
    assert normalised.replace("-", "") == number


@given(st.sampled_from(["070", "080", "090"]), st.from_regex(r"[1-9][0-9]{7}", fullmatch=True))
def test_every_mobile_number_is_grouped_3_4_4(prefix, rest):
    # (080-0… does not exist: 0800 is free dial, see the next test)
    assert normalize_phone(prefix + rest) == (f"{prefix}-{rest[:4]}-{rest[4:]}", None)


def test_0800_is_free_dial_not_a_mobile():
    assert normalize_phone("08001234567") == ("0800-123-4567", None)
    assert "0800" in normalize_phone("0800123456")[1]
