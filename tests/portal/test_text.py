"""The text rules every app shares."""

from portal.text import fold


def test_fold_removes_accents_and_case():
    assert fold("TRÁMITE Ñandú ü") == "tramite nandu u"
    assert fold(None) == ""
