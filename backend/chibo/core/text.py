"""Vietnamese text: diacritic-free folding for search, and the Vietnamese collation for names.

Both are computed in Python and stored, so that SQLite and PostgreSQL search and sort alike
without database extensions (unaccent, ICU collations).
"""

import unicodedata

_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # ă/â ê ô/ơ ư

# The Vietnamese alphabet, with the Latin letters it borrows put in their Latin places.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_DIGITS = "0123456789"
# Ranks become single ASCII characters that sort byte-wise ('0' = 0x30 upwards).
_RANK = {d: chr(0x30 + i) for i, d in enumerate(_DIGITS)}
_RANK.update({letter: chr(0x30 + len(_DIGITS) + i) for i, letter in enumerate(_ALPHABET)})
_OTHER = chr(0x7A)  # any other character sorts after the letters
_WORD_SEP = "!"  # below every rank: "an" sorts before "anh"
_SECTION_SEP = " "  # below everything


def fold(text: str) -> str:
    """'Nguyễn Văn  Đức' -> 'nguyen van duc': lower case, no diacritics, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def normalize_name(text: str) -> str:
    """NFC and single spaces: one spelling of a name whatever the keyboard produced."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _letters_and_tones(word: str) -> tuple[str, str]:
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
        letter = "đ" if ch == "đ" else unicodedata.normalize("NFC", letter)
        tone = next((_TONE_MARKS[m] for m in marks if m in _TONE_MARKS), 0)
        primary.append(_RANK.get(letter, _OTHER))
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def name_sort_key(full_name: str) -> str:
    """Vietnamese name order: by given name (the last word), then family and middle names.

    Within a word letters decide first (a < ă < â < b …, d < đ) and tones break ties
    (none < huyền < hỏi < ngã < sắc < nặng); the whole given name, tone included, is
    compared before the family name is looked at.
    """
    words = normalize_name(full_name).split(" ")
    if not words or words == [""]:
        return ""
    given, *rest = [_letters_and_tones(w) for w in [words[-1], *words[:-1]]]
    rest_primary = _WORD_SEP.join(p for p, _ in rest)
    rest_tones = _WORD_SEP.join(t for _, t in rest)
    return _SECTION_SEP.join([given[0] + _WORD_SEP + given[1], rest_primary, rest_tones])


def like_escape(text: str) -> str:
    """Escape LIKE wildcards; use with escape='\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
