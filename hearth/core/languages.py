"""The languages people write in at Tell All, and what Hearth knows of each.

- Which language a text is in: lingua (lingua-language-detector), limited to the languages
  below and in its low-accuracy mode (trigram models only: tens of MB rather than a gigabyte,
  loaded on the first text, about a millisecond a post after that).
- Each language's filler words ("the", "und", "de", "的"...): the stopwords-iso lists
  (stopwordsiso), so themes and expert matching go by the words that carry meaning.
- Each language's stemmer (PyStemmer, the Snowball algorithms): "reuniones" meets "reunión".
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from typing import Any

import regex

# Codes (ISO 639-1) of the languages Hearth reads and searches, with lingua's and Snowball's names.
CONTENT_LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("ENGLISH", "english"),
    "es": ("SPANISH", "spanish"),
    "pt": ("PORTUGUESE", "portuguese"),
    "fr": ("FRENCH", "french"),
    "de": ("GERMAN", "german"),
    "it": ("ITALIAN", "italian"),
    "nl": ("DUTCH", "dutch"),
    "pl": ("POLISH", "polish"),
    "tr": ("TURKISH", "turkish"),
    "ar": ("ARABIC", "arabic"),
    "hi": ("HINDI", "hindi"),
    "ja": ("JAPANESE", ""),  # no stemmer: Chinese and Japanese are searched by character pairs
    "zh": ("CHINESE", ""),
}
SAMPLE = 2000  # characters of a text the detector reads: enough to tell, cheap on long posts
WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]+")
_INDIC = regex.compile(r"[\p{Devanagari}\p{Bengali}\p{Tamil}\p{Telugu}\p{Gujarati}]")


def pieces(text: str) -> Iterator[tuple[str, bool]]:
    """The words of `text`, with Chinese and Japanese runs apart: (piece, is it CJK)."""
    for word in WORD.findall(text or ""):
        start = 0
        for run in CJK.finditer(word):
            if run.start() > start:
                yield word[start : run.start()], False
            yield run.group(), True
            start = run.end()
        if start < len(word):
            yield word[start:], False


def pairs(run: str) -> list[str]:
    """Chinese and Japanese have no spaces between words: overlapping pairs of characters stand
    for them ("仓库系统": 仓库 库系 系统), so a word of two characters or more is found inside."""
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def fold(word: str) -> str:
    """Case-folded, without accents (Latin, Greek, Cyrillic, Arabic marks); Indic scripts keep
    their vowel signs, which are letters."""
    word = word.casefold()
    if _INDIC.search(word):
        return unicodedata.normalize("NFC", word)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def content_words(text: str) -> list[str]:
    """The words of `text` that carry meaning, case-folded: no filler word of any language,
    nothing shorter than two letters, Chinese and Japanese as pairs of characters."""
    fillers = filler_words()
    out: list[str] = []
    for piece, cjk in pieces(text):
        for word in pairs(piece) if cjk else [piece.casefold()]:
            if len(word) >= 2 and word not in fillers and not word.isdigit():
                out.append(word)
    return out


@functools.cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name, _stemmer in CONTENT_LANGUAGES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect(text: str) -> str:
    """The language `text` is written in, as a code of CONTENT_LANGUAGES; "" when unsure."""
    sample = (text or "")[:SAMPLE]
    if sum(ch.isalpha() for ch in sample) < 3:
        return ""
    found = _detector().detect_language_of(sample)
    if found is None:
        return ""
    code = str(found.iso_code_639_1.name).lower()
    return code if code in CONTENT_LANGUAGES else ""


@functools.cache
def stemmer(code: str) -> Any:
    """The Snowball stemmer of a language, or None (Chinese, Japanese, unknown)."""
    name = CONTENT_LANGUAGES.get(code, ("", ""))[1]
    if not name:
        return None
    import Stemmer

    return Stemmer.Stemmer(name)


@functools.cache
def stemmers() -> tuple[Any, ...]:
    return tuple(s for s in (stemmer(code) for code in CONTENT_LANGUAGES) if s is not None)


@functools.cache
def filler_words(code: str = "") -> frozenset[str]:
    """A language's filler words, lower case; without a code, those of every language."""
    import stopwordsiso

    if code:
        return frozenset(w.casefold() for w in stopwordsiso.stopwords(code))
    return frozenset().union(*(filler_words(c) for c in CONTENT_LANGUAGES))
