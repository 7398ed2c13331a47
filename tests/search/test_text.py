"""The Spanish text rules of the search: no database."""

import pytest

from search.text import clean_for_display, has_control_characters, snippet, stem, terms


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("licencias", "licencia"),
        ("licencia", "licencia"),
        ("tramites", "tramit"),
        ("tramite", "tramite"),
        ("planes", "plan"),
        ("actas", "acta"),
        ("mes", "mes"),
        ("gas", "gas"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_terms_fold_stem_and_drop_stop_words():
    assert terms("Trámites de LICENCIAS") == ["tramit", "licencia"]
    assert terms("de la") == ["de", "la"]
    assert terms("") == []
    assert terms("%_\\ '\" 😀") == []
    assert terms("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10") == [
        "a1",
        "b2",
        "c3",
        "d4",
        "e5",
        "f6",
        "g7",
        "h8",
    ]


def test_terms_remove_sql_like_wildcards():
    assert terms("50%_off") == ["50", "off"]


def test_control_characters():
    assert has_control_characters("hola\x00") is True
    assert has_control_characters("hola\tmundo\n") is False
    assert clean_for_display("ho\x00la" + "x" * 300) == "hola" + "x" * 196


def test_snippet_marks_the_matches_in_the_original_text():
    assert snippet("Requisitos del trámite de licencia", ["tramit"], width=60) == [
        ("Requisitos del ", False),
        ("trámit", True),
        ("e de licencia", False),
    ]


def test_snippet_centres_on_a_late_match_and_cuts_at_words():
    text = "palabra " * 100 + "Licencia de construcción " + "final " * 100
    segments = snippet(text, ["construccion"], width=80)
    joined = "".join(s for s, _ in segments)
    assert joined.startswith("… palabra")
    assert joined.endswith(" …")
    assert ("construcción", True) in segments
    assert len(joined) < 90


def test_snippet_of_empty_text_and_no_match():
    assert snippet("", ["x"]) == []
    assert snippet("Texto corto", ["nada"]) == [("Texto corto", False)]
