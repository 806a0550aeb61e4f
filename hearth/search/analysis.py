"""How text becomes search terms, the same way on SQLite and PostgreSQL.

Each document is analysed once, when it is indexed, in its own language (detected then):
words are case-folded, stemmed with that language's Snowball stemmer, and stripped of accents
(Latin, Greek, Cyrillic and Arabic marks; Devanagari keeps its vowel signs, which are letters).
Chinese and Japanese have no spaces between words, so every run of their characters becomes
overlapping pairs ("仓库系统" gives 仓库 库系 系统): a word of two characters or more is then
found anywhere inside a text, as a phrase of pairs. A term outside a-z and 0-9 is written as
"zz" and its UTF-8 bytes in hex, so both engines' tokenizers (FTS5's unicode61, PostgreSQL's
'simple' configuration) see plain words and split nothing differently.

A query's language is unknown (a word or two), so each of its words matches any of its stems
in the languages Hearth reads; the last word also matches as a prefix (it may be being typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from hearth.core.languages import CJK, WORD, detect, fold, pairs, pieces, stemmer, stemmers

PLAIN = regex.compile(r"[a-z0-9]+")


def encode(term: str) -> str:
    return term if PLAIN.fullmatch(term) else "zz" + term.encode().hex()


def word_term(word: str, language: str) -> str:
    found = stemmer(language)
    lowered = word.casefold()
    return encode(fold(found.stemWord(lowered) if found is not None else lowered))


def terms(text: str, language: str) -> str:
    """The indexed terms of a text in `language`, separated by spaces."""
    out: list[str] = []
    for piece, cjk in pieces(text):
        if cjk:
            out.extend(encode(pair) for pair in pairs(piece))
        else:
            out.append(word_term(piece, language))
    return " ".join(out)


def analyse(title: str, body: str) -> tuple[str, str, str]:
    """(language, title terms, body terms) of a document."""
    language = detect(f"{title}\n{body}")
    return language, terms(title, language), terms(body, language)


@dataclass
class QueryWord:
    """One word of a query: it matches a document holding any of `variants`, or a term
    starting with `prefix` (the last word), or, for Chinese and Japanese, the `phrase`."""

    variants: set[str] = field(default_factory=set)
    prefix: str = ""
    phrase: list[str] = field(default_factory=list)


def query_words(words: list[str]) -> list[QueryWord]:
    """The query's words (already split by the caller) as terms; words with no letter drop."""
    out: list[QueryWord] = []
    for number, word in enumerate(words):
        last = number == len(words) - 1
        for piece, cjk in pieces(word):
            if cjk:
                run = pairs(piece)
                if len(piece) == 1:  # one character: any pair that starts with it
                    out.append(QueryWord(prefix=encode(piece)))
                else:
                    out.append(QueryWord(phrase=[encode(p) for p in run]))
                continue
            lowered = piece.casefold()
            variants = {encode(fold(s.stemWord(lowered))) for s in stemmers()}
            variants.add(encode(fold(lowered)))
            out.append(QueryWord(variants=variants, prefix=encode(fold(lowered)) if last else ""))
    return out


def fts5_query(words: list[QueryWord], any_word: bool) -> str:
    parts = []
    for word in words:
        if word.phrase:
            parts.append('"' + " ".join(word.phrase) + '"')
            continue
        options = [f'"{v}"' for v in sorted(word.variants)]
        if word.prefix:
            options.append(f'"{word.prefix}"*')
        parts.append("(" + " OR ".join(options) + ")")
    return (" OR " if any_word else " AND ").join(parts)


def tsquery(words: list[QueryWord], any_word: bool) -> str:
    parts = []
    for word in words:
        if word.phrase:
            parts.append("(" + " <-> ".join(word.phrase) + ")")
            continue
        options = sorted(word.variants)
        if word.prefix:
            options.append(f"{word.prefix}:*")
        parts.append("(" + " | ".join(options) + ")")
    return (" | " if any_word else " & ").join(parts)


def marks(text: str, language: str, words: list[QueryWord]) -> list[tuple[int, int]]:
    """Where the query's words are in `text` (start, end), for highlighting."""
    text = text or ""
    wanted: set[str] = set().union(*(w.variants for w in words))
    prefixes = [w.prefix for w in words if w.prefix and not w.prefix.startswith("zz")]
    found: list[tuple[int, int]] = []
    for match in WORD.finditer(text):
        word = match.group()
        if CJK.search(word):
            continue
        surface = encode(fold(word))
        stemmed = word_term(word, language)
        if stemmed in wanted or surface in wanted or any(map(surface.startswith, prefixes)):
            found.append(match.span())
    for word in words:
        if not word.phrase:
            continue
        run = [bytes.fromhex(pair[2:]).decode() for pair in word.phrase]
        literal = run[0] + "".join(pair[-1] for pair in run[1:])
        start = text.find(literal)
        while start >= 0:
            found.append((start, start + len(literal)))
            start = text.find(literal, start + len(literal))
    return sorted(found)
