"""Vietnamese text: one normal form, one tone-mark placement, an accent-folded form for matching.

`normalize` is what we store; `fold` is what we match and search on ("giao duc" finds "giáo dục").
"""

import re
import unicodedata

# Combining tone marks (dấu thanh). Other diacritics (â, ă, ơ, ư, ê, ô) are letters, not tones.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"\w+", re.UNICODE)
# The only words _move_tone may change: an o/u followed by a toned a/e/y at the end (hoà, hoè, thuỷ), in NFC.
_TONE_ON_LAST = re.compile(r"\b\w*[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\w)", re.UNICODE)
# Its last two letters: a pattern that starts with a class of letters is scanned for in C, where `\b\w*` tried
# every word of the text. `_move_tones` then takes the word back to its start.
_TONE_ON_LAST_END = re.compile(r"[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\w)", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ỹ0-9\"“(])")


def _move_tone(word: str) -> str:
    """Place the tone of an open syllable ending in oa/oe/uy on its first vowel (hoà → hòa, thuỷ → thủy).

    This is the placement most Vietnamese newspapers and official documents use. Syllables with a final
    consonant (hoàng, huyền) and "qu" + y (quý) keep their mark where it is.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    lower = bare.lower()
    if len(lower) < 2 or lower[-2:] not in {"oa", "oe", "uy"}:
        return word
    if lower[-2:] == "uy" and lower[:-2].endswith("q"):
        return word
    # Where is the tone now? Only move it when it sits on the last vowel.
    last = unicodedata.normalize("NFD", word[-1])
    if not any(c in _TONES for c in last):
        return word
    first = bare[-2]
    return bare[:-2] + unicodedata.normalize("NFC", first + tones[0]) + bare[-1]


def normalize(text: str) -> str:
    """NFC, one tone-mark placement, whitespace collapsed. Safe to apply twice."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # str.split() and `\s` agree on what is whitespace (both ask Py_UNICODE_ISSPACE); splitting is C-fast
    # where re.sub(r"\s+", " ") called back for each of the text's hundreds of spaces.
    return " ".join(_move_tones(text).split())


def _move_tones(text: str) -> str:
    """`_move_tone` applied to every word of `text` that `_TONE_ON_LAST` matches."""
    parts: list[str] = []
    done = 0
    for found in _TONE_ON_LAST_END.finditer(text):
        start = found.start()
        while start > done and _WORD.match(text[start - 1]):
            start -= 1
        parts += [text[done:start], _move_tone(text[start:found.end()])]
        done = found.end()
    return "".join(parts) + text[done:] if parts else text


def _fold_slowly(text: str) -> str:
    """The definition of `fold`, one character after another."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


class _FoldTable(dict):
    """Code point → its folded form, filled on first sight: `str.translate` then folds a text in C. Per
    character folding equals folding the whole text because NFD only reorders combining marks among
    themselves (and they are dropped) and lower-casing is per character, except Greek final sigma."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_slowly(chr(code)) if not chr(code).isspace() else chr(code)
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, without diacritics, đ→d, whitespace collapsed: the form used for matching and search."""
    if not text:
        return ""
    if "Σ" in text:  # lower() of a capital sigma depends on its neighbours
        return _fold_slowly(text)
    return " ".join(text.translate(_FOLDED).split())


def words(text: str) -> list[str]:
    """Syllables/words of a text (Vietnamese writes one syllable per space-separated token)."""
    return _WORD.findall(normalize(text))


def sentences(text: str) -> list[str]:
    text = normalize(text)
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()] if text else []


_PHONE_DIGITS = re.compile(r"\D+")


def normalize_phone(value: str) -> str:
    """A Vietnamese phone number as 10 digits starting with 0 ("+84 912 345 678" → "0912345678").

    Returns "" for empty input; raises ValueError for a value that is not a Vietnamese number.
    """
    if not value or not str(value).strip():
        return ""
    digits = _PHONE_DIGITS.sub("", str(value))
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits  # Excel drops the leading zero of a number cell
    # Mobile numbers have 10 digits (03x, 05x, 07x, 08x, 09x); landlines 11 (02xx + 7 digits).
    if not (re.fullmatch(r"0[35789]\d{8}", digits) or re.fullmatch(r"02\d{9}", digits)):
        raise ValueError(value)
    return digits
