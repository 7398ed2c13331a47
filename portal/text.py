"""Text rules shared by every app."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, so "construccion" finds "Licencia de construcción"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
