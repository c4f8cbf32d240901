"""The glossary: the bundled file validates, seed definitions are verbatim, find_terms links terms."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hospital_sec_desk.domain.edition_parse import load_edition
from hospital_sec_desk.domain.glossary import (
    APP_SOURCE,
    GlossaryError,
    bundled_glossary,
    find_terms,
    load_glossary,
    parse_glossary,
)
from hospital_sec_desk.paths import resource
from tests.conftest import SEEDS

REQUIRED = ["医療情報システム", "電子カルテ", "MDS/SDS", "CSIRT", "BCP", "UTM", "EOS", "二要素認証",
            "オフラインバックアップ", "世代管理", "アクセスログ", "接続元制限", "リモートメンテナンス", "G-MIS",
            "ランサムウェア", "脆弱性", "セキュリティパッチ", "責任分界", "VPN", "ファームウェア"]
MINIMAL = {"format_version": 1, "sources": {"000_ab.txt": "資料"},
           "terms": [{"key": "bcp", "term": "BCP", "text": "計画", "source": APP_SOURCE},
                     {"key": "vpn", "term": "VPN", "text": "通り道", "source": "000_ab.txt", "plain": "説明"}]}


@pytest.fixture(scope="module")
def g():
    return bundled_glossary()


def test_required_terms_are_present(g):
    for word in REQUIRED:
        matches = find_terms(word, g)
        assert len(matches) == 1 and (matches[0].start, matches[0].end) == (0, len(word)), word


def test_every_term_says_where_its_text_comes_from(g):
    for t in g.terms:
        if t.from_seed:
            assert t.plain, f"{t.key}: a quoted definition needs a plain explanation too"
            assert t.source_label == g.sources[t.source] and t.source_label != APP_SOURCE
        else:
            assert t.source == t.source_label == APP_SOURCE and not t.plain
    assert sum(t.from_seed for t in g.terms) >= 10


def test_seed_definitions_are_verbatim(g):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not available")
    for t in g.terms:
        if t.from_seed:
            text = re.sub(r"\s+", "", (SEEDS / t.source).read_text(encoding="utf-8"))
            assert re.sub(r"\s+", "", t.text) in text, f"{t.key} is not verbatim in {t.source}"


def test_longest_match_wins_and_matches_do_not_overlap(g):
    text = "「医療情報システムの安全管理に関するガイドライン」と医療情報システム安全管理責任者、オフラインバックアップ。"
    found = [(text[s:e], t.key) for s, e, t in find_terms(text, g)]
    assert found == [("医療情報システムの安全管理に関するガイドライン", "guideline"),
                     ("医療情報システム安全管理責任者", "security_officer"),
                     ("オフラインバックアップ", "offline_backup")]


def test_aliases_ascii_boundaries_and_first_only(g):
    text = "電子カルテシステムと電子カルテ、IT-BCPとBCPs、VPN装置"
    found = [(text[s:e], t.key) for s, e, t in find_terms(text, g)]
    assert found == [("電子カルテシステム", "ehr"), ("電子カルテ", "ehr"), ("BCP", "bcp"), ("VPN", "vpn")]
    assert [t.key for _, _, t in find_terms(text, g, first_only=True)] == ["ehr", "bcp", "vpn"]
    assert find_terms("", g) == [] and find_terms("関係のない文です。", g) == []


def test_segments_reassemble_the_text(g):
    text = "サイバー攻撃を想定した事業継続計画（BCP）を策定している。"
    parts = g.segments(text)
    assert "".join(p for p, _ in parts) == text
    assert [(p, t.key) for p, t in parts if t] == [("事業継続計画", "bcp"), ("BCP", "bcp")]


@given(st.lists(st.one_of(st.sampled_from(["医療情報システム", "BCP", "VPN", "オフライン", "電子カルテシステム",
                                           "世代管理", "MDS/SDS", "ランサムウェア"]),
                          st.text(alphabet="あいうabcXYZ-（）", max_size=4)), max_size=12))
def test_find_terms_properties(pieces):
    g = bundled_glossary()
    text = "".join(pieces)
    matches = find_terms(text, g)
    for (s1, e1, _), (s2, _e2, _) in zip(matches, matches[1:], strict=False):
        assert s1 < e1 <= s2, "matches overlap or are out of order"
    for s, e, term in matches:
        assert text[s:e] in term.surfaces


def test_question_texts_of_every_edition_link_terms(g):
    linked = set()
    for name in ("survey_r6", "survey_r8", "checklist_r6", "bcp_r6"):
        for item in load_edition(resource("questionnaires", f"{name}.toml")).items:
            linked |= {t.key for _, _, t in find_terms(item.title, g)}
    assert {"mds_sds", "csirt", "two_factor", "bcp", "access_log", "connection_restriction",
            "remote_maintenance", "security_patch", "offline_backup", "ehr"} <= linked


def test_minimal_glossary_parses():
    g = parse_glossary(MINIMAL)
    assert [t.key for t in g.terms] == ["bcp", "vpn"] and g.get("vpn").source_label == "資料"


def broken(change) -> dict:
    raw = {"format_version": 1, "sources": dict(MINIMAL["sources"]), "terms": [dict(t) for t in MINIMAL["terms"]]}
    change(raw)
    return raw


@pytest.mark.parametrize("change,key", [
    (lambda r: r["terms"][1].update(key="bcp"), "terms.bcp"),
    (lambda r: r["terms"][1].update(aliases=["BCP"]), "terms.vpn"),
    (lambda r: r["terms"][1].update(source="999_ff.txt"), "terms.vpn.source"),
    (lambda r: r["terms"][0].update(plain="x"), "terms.bcp.plain"),
    (lambda r: r["terms"][0].update(defn="x"), "terms.bcp.defn"),
    (lambda r: r["terms"][0].update(see=["nope"]), "terms.bcp.see"),
    (lambda r: r["terms"][0].update(text=" "), "terms.bcp.text"),
    (lambda r: r["terms"][0].update(key="Bad Key"), "terms[0].key"),
    (lambda r: r.update(format_version=2), "format_version"),
    (lambda r: r.update(terms=[]), "terms"),
    (lambda r: r["sources"].update({"notes.txt": "x"}), "sources.notes.txt"),
])
def test_bad_glossary_names_the_key(change, key):
    with pytest.raises(GlossaryError) as info:
        parse_glossary(broken(change), "my_glossary.toml")
    assert info.value.key == key
    assert str(info.value).startswith("my_glossary.toml: ")


def test_unreadable_file_is_reported_by_name(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text("[[terms]\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert info.value.key == "(file)" and "glossary.toml" in str(info.value)
