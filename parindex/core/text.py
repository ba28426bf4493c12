"""Text from files, made safe: one Unicode form (NFC) at reading, short echoes in messages, and
nothing a file wrote can act on a terminal, a table or a spreadsheet.

Every text input is normalised to NFC once, when it is read: Vietnamese typed with a "Unicode tổ
hợp" (NFD) keyboard setting then reads exactly like the precomposed form.
"""

from __future__ import annotations

import difflib
import unicodedata

ECHO_LIMIT = 80

# Bidirectional embedding, override and isolate controls: they reorder what a terminal or a
# spreadsheet shows (U+202E makes "gnp.exe" look like "exe.png").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def nfc(text: str) -> str:
    """The text in Unicode normal form C (precomposed Vietnamese letters)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# Letters of other scripts that look like Latin ones (Cyrillic, Greek): "sо-a" with a Cyrillic
# "о" must not pass for a second unit beside "so-a".
_LOOK_ALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "υ": "u", "ι": "i", "κ": "k", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


def skeleton(text: str) -> str:
    """The form two identifiers are compared in: NFKC (fullwidth and compatibility letters
    folded), then letters of other scripts that look like Latin ones replaced by those."""
    return unicodedata.normalize("NFKC", text).translate(_LOOK_ALIKE)


def unit_key(unit_id: str) -> str:
    """Two unit ids are the same unit when they are equal after NFC and after folding letters of
    other scripts that look like Latin ones ("sо-a" with a Cyrillic "о" is "so-a")."""
    return skeleton(nfc(unit_id))


def shorten(text: object, limit: int = ECHO_LIMIT) -> str:
    """A value echoed in a one-line message, cut to about `limit` characters and made printable:
    'abc…xyz (5001 ký tự)'."""
    shown = printable(str(text))
    if len(shown) <= limit:
        return shown
    head = max(limit - 24, 8)
    return f"{shown[:head]}…{shown[-8:]} ({len(shown)} ký tự)"


def is_unsafe(char: str) -> bool:
    """Control characters (C0, DEL, C1), lone surrogates and bidi controls."""
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in BIDI_CONTROLS


def unsafe_characters(text: str) -> list[str]:
    """The unsafe characters of a one-line text (tab and newline are unsafe there too), as U+XXXX."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(text) if is_unsafe(c)]


def printable(text: str) -> str:
    """Each unsafe character replaced by a visible escape (\\x1b, \\u202e, \\ud800); tab, newline
    and carriage return become \\t, \\n, \\r. Everything else, Vietnamese included, is unchanged."""
    if text.isprintable() and BIDI_CONTROLS.isdisjoint(text):
        return text
    out = []
    for char in text:
        if char == "\t":
            out.append("\\t")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif is_unsafe(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def fold_name(text: str) -> str:
    """Lower case without Vietnamese accents: 'Tỷ_lệ_Đúng_hạn' -> 'ty_le_dung_han'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()



def suggest(name: str, candidates: list[str]) -> str | None:
    """The closest candidate to `name`, comparing without case and accents; never `name` itself
    (a word that is already right has nothing to suggest)."""
    folded = {fold_name(c): c for c in candidates}
    key = fold_name(name)
    if key in folded:
        guess: str | None = folded[key]
    else:
        close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
        guess = folded[close[0]] if close else None
    return None if guess == name else guess



def did_you_mean(name: str, candidates: list[str]) -> str:
    guess = suggest(name, candidates)
    return f"; có phải là '{shorten(guess)}'?" if guess else ""
