"""
The words of a search in Python: the folded, lightly stemmed terms of a query (what the SQLite
fallback matches and what excerpts mark on both databases), an excerpt around a match, and the
spelling correction of a query from a title that PostgreSQL found alike.
"""

import re

from portal.text import fold

MAX_TERMS = 8
# Words too common to narrow a search; dropped unless the query has nothing else.
STOP_WORDS = {
    "a", "al", "ante", "con", "de", "del", "desde", "e", "el", "en", "entre", "la", "las", "lo",
    "los", "o", "para", "por", "que", "se", "sin", "su", "sus", "u", "un", "una", "unas", "unos",
    "y",
}  # fmt: skip
WORD = re.compile(r"\w+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def stem(word: str) -> str:
    """
    A light Spanish singular: "licencias" -> "licencia", "trámites" -> "tramit", "planes" ->
    "plan". Short words are kept whole. Used as a substring, so the stem finds both forms.
    """
    if len(word) > 4 and word.endswith("es"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s"):
        return word[:-1]
    return word


def terms(query: str) -> list[str]:
    """The folded, stemmed words of a query, without stop words, at most MAX_TERMS."""
    words = WORD.findall(fold(query).replace("_", " "))
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    return list(dict.fromkeys(stem(w) for w in meaningful))[:MAX_TERMS]


def trigrams(word: str) -> set[str]:
    """The trigrams of a word as pg_trgm counts them: two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """pg_trgm's similarity() of two words: their shared trigrams over all of them."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a | b else 0.0


def words_to_correct(query: str) -> list[str]:
    """The folded words of a query a suggestion looks for: no stop words, at most MAX_TERMS."""
    words = [w for w in WORD.findall(fold(query).replace("_", " ")) if w not in STOP_WORDS]
    return list(dict.fromkeys(w[:40] for w in words))[:MAX_TERMS]


def correct(query: str, title: str, minimum: float = 0.25) -> str | None:
    """
    The query with each word that is not in `title` replaced by the title's most alike word
    ("impuesto predail", "Impuesto predial 2026" -> "impuesto predial"), in lower case and
    with the title's accents ("alcadia" -> "alcaldía"); None if nothing changed.
    """
    title_words = [w.lower() for w in WORD.findall(title) if not w.isdigit()]
    folded_title = {fold(w) for w in title_words}
    corrected, changed = [], False
    for word in WORD.findall(query):
        folded = fold(word)
        if folded in folded_title or folded in STOP_WORDS or folded.isdigit():
            corrected.append(word)
            continue
        score, best = max(((similarity(folded, fold(w)), w) for w in title_words), default=(0, ""))
        if score >= minimum:
            corrected.append(best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def has_control_characters(text: str) -> bool:
    """True if the text carries NUL or other control characters (tabs and newlines aside)."""
    return bool(CONTROL.search(text))


def clean_for_display(text: str, limit: int = 200) -> str:
    """What the user typed, safe to show again in the search box."""
    return CONTROL.sub("", text or "")[:limit]


def snippet(text: str, query_terms: list[str], width: int = 180) -> list[tuple[str, bool]]:
    """
    A short excerpt of `text` around the first matching term, as (segment, is_match) pairs so
    a template can mark the matches without marking HTML safe.
    """
    text = " ".join((text or "").split())
    if not text:
        return []
    # Fold character by character so positions in the folded text map back to the original.
    folded_chars, origin = [], []
    for index, char in enumerate(text):
        for folded in fold(char):
            folded_chars.append(folded)
            origin.append(index)
    folded_text = "".join(folded_chars)
    matches = sorted(
        (origin[found.start()], origin[found.end() - 1] + 1)
        for term in query_terms
        if term
        for found in re.finditer(re.escape(term), folded_text)
    )
    first = matches[0][0] if matches else 0
    begin = first - width // 3
    if begin < width // 4:
        begin = 0
    else:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    finish = min(len(text), begin + width)
    if finish < len(text):
        space = text.rfind(" ", begin, finish)
        finish = space if space > first else finish
    segments, cursor = [], begin
    for start, end in matches:
        if start < cursor or end > finish:
            continue
        if start > cursor:
            segments.append((text[cursor:start], False))
        segments.append((text[start:end], True))
        cursor = end
    if cursor < finish:
        segments.append((text[cursor:finish], False))
    if begin > 0:
        segments.insert(0, ("… ", False))
    if finish < len(text):
        segments.append((" …", False))
    return segments
