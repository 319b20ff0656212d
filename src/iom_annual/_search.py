"""Full-text search over the figures, datasets, columns, themes and countries.

The index is built on the first :func:`search` from the bundled data and the
registry, once per process and under a lock; later searches only read it.

Matching works on words.  A query word matches an indexed word that is the
same, another form of it (a shared stem: *vaccine* / *vaccination*; a
demonym: *Afghan* / *Afghanistan*, *Syrian* / *Syria*) or one typing slip away
(*vacination*); everyday words also match the report's words for the same
thing, less strongly, through the ``search_thesaurus`` dataset (*jabs*:
vaccination, *dues*: assessed contributions, *headcount*: staff), curated for
every theme with a reason per word.  Each query word weighs its rarity
(inverse document frequency) as typed, so that a rarer form never outweighs
the word asked for; a record gets that weight times the quality of its match
times a BM25 weight that counts the field the word is in (a figure's own
metric, description and countries fully, the title and section of its theme
only in part) and is less in a longer record.  So a figure that says what was
asked comes before one that merely shares its theme or one word.  A figure
that restates another (the foreword or introduction repeating the body, see
``restatements()``) comes after it, and ties never fall to the order of
the files.  Fillers ("how", "many", "does", "the", single letters) carry no
weight, and a query of nothing else is an error; "US" in capitals or after a
preposition is the United States.

Countries are keys, not words: a figure is indexed by the ISO3 codes of the
places it is about (``key_figures.iso3``), and a country a query names (any
printed name or alias, or a word or demonym that only its names hold:
"Bosnia", "Libyan") is read as its code.  So "Libya" finds a figure about Libya
whose description does not name it, "Sudan" does not find South Sudan and
"Niger" does not find Nigeria.  A name the package's country resolver knows
(the one :func:`iom_annual.country` uses) is read the same way, and a query
naming a country also gets the staff datasets filtered to it.  Words that
frame a question ("what does the report say about", "tell me about", "show
the figures on") count little.  A query that matches nothing gets the nearest
themes, marked as such.

`rapidfuzz <https://rapidfuzz.github.io/RapidFuzz/>`_, when installed, finds
slips of up to two letters in long words, in C; without it a pure-Python check
finds slips of one letter.  The package is not on PyPI: install rapidfuzz with
``python -m pip install rapidfuzz``, or the ``search`` extra from a source
checkout with ``python -m pip install ".[search]"``.
"""

from __future__ import annotations

import math
import numbers
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from iom_annual._core.cache import Once, Recent
from iom_annual._core.errors import InvalidSearchError, UnknownKindError
from iom_annual._core.folding import fold

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    import polars as pl

__all__ = ["KINDS", "MATCHES", "InvalidSearchError", "Kind", "Match", "UnknownKindError", "search"]

Kind = Literal["figure", "dataset", "column", "theme", "country"]
"""What a search result is."""
Match = Literal["name", "words", "related", "country", "nearest"]
"""How a search result matched: the query is its name, code or id (``name``);
it holds the query's words as typed or their forms or slips (``words``); only
the report's words for everyday ones (``related``, through the thesaurus); it
is a staff dataset filtered to the country the query names (``country``); or
nothing matched and it is one of the nearest themes (``nearest``)."""
MATCHES: tuple[Match, ...] = get_args(Match)
KINDS: tuple[Kind, ...] = get_args(Kind)
"""Every kind of search result, in the order ties are broken."""


# Field weights: what a record says about itself counts fully; the context it
# inherits (a figure's theme and section, a column's dataset) only in part.
_OWN = 1.0
_CONTEXT = 0.35
_GROUPING = 0.25  # a country's region: a match, but rarely the one meant

# Match qualities of a query word against an indexed word.
_EXACT = 1.0
_FORM = 0.85  # another form of the word (shared stem, demonym)
_SLIP = 0.7  # a typing slip

# Words that carry no meaning in a question.  Rarity weighting would shrink
# them anyway; dropping them keeps "how many ... in" from matching by chance.
_STOP = frozenset((
    "a", "among", "an", "and", "any", "are", "as", "at", "be", "been", "by", "can", "could", "did", "do",
    "does", "for", "get", "got",
    "from", "had", "has", "have", "how", "i", "in", "into", "is", "it", "its", "many", "me", "much", "my",
    "number", "of", "on", "or", "per", "please", "the", "their", "there", "these", "this", "those", "to",
    "total", "us", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with", "would",
    "you",
))

# Words that frame a question rather than name its subject: how people ask
# ("tell me about", "what does the report say", "show the figures on") and the
# kinds of answer they expect (data, figures, statistics).  They can also be
# content ("data protection", "World Migration Report"), so they are not
# dropped: they count with a fifth of their weight, enough to order records that
# match the rest of the question equally, too little to outweigh its subject.
_FRAME = frozenset((
    "about", "concerning", "data", "describe", "describes", "detail", "details", "fact", "facts",
    "figure", "figures", "find", "give", "info", "information", "know", "list", "look", "mention",
    "mentioned", "mentions", "regarding", "report", "reports", "said", "say", "says", "see", "show",
    "shown", "shows", "statistic", "statistics", "stats", "tell", "tells", "told",
))
_FRAME_WEIGHT = 0.2
_MEMO_SIZE = 4096  # query words remembered, with what they match

# Everyday words and the report's words for the same thing (someone asks what
# IOM "spent" or how many "employees" it has; the report says expenditure and
# staff) are data: the ``search_thesaurus`` dataset, curated in
# ``tools/curated/search_thesaurus.csv`` with the themes each word serves and
# why, and bundled and checked like every dataset.  A query word also matches
# the report's words it stands for, as a weaker match than the word itself or
# its forms.


def thesaurus() -> dict[str, tuple[str, ...]]:
    """The bundled thesaurus: everyday word -> the report's words it stands for."""
    from iom_annual._data.loader import frame

    rows = frame("search_thesaurus").select("word", "means").iter_rows()
    return {word: tuple(w.strip() for w in means.split(";") if w.strip()) for word, means in rows}


_EVERYDAY_QUALITY = 0.75  # below a form of the word itself (_FORM)
_RESTATED = 0.9  # a restatement's share of its score: the body's figure first
# A column's description is short and general ("Female staff"), a dataset's
# covers many things: each shares a word with many questions that a figure
# answers in its own words.  They count a little less.
_KIND_WEIGHT: dict[str, float] = {"column": 0.8, "dataset": 0.9}

# "US" is a country when typed in capitals or after a preposition ("to the
# US", "in the us"); elsewhere "us" is a pronoun ("tell us about").
_US_CAPITALS = re.compile(r"\bU\.?S\.?(?:A\.?)?(?![A-Za-z])|\bUSA\b")
_US_AFTER = re.compile(r"\b((?:to|in|into|from|across|within|inside|the)\s+(?:the\s+)?)us\b", re.IGNORECASE)


def read_us(query: str) -> str:
    """``query`` with "US" written "USA" where it names the United States."""
    return _US_AFTER.sub(r"\1USA", _US_CAPITALS.sub("USA", query))


def meaningless(word: str) -> bool:
    """A word that carries no weight in a search: a filler or a single letter."""
    return word in _STOP or (len(word) == 1 and not word.isdigit())


# BM25's usual constants: how fast repeats of a word stop counting, and how
# much a record's length does.
_K1 = 1.2
_B = 0.75


def _bm25(frequency: float, relative_length: float) -> float:
    return frequency * (_K1 + 1) / (frequency + _K1 * (1 - _B + _B * relative_length)) / (_K1 + 1)


_WORD = re.compile(r"[a-z0-9]+(?:-[0-9]+[a-z]?)?")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")


def words(text: str) -> list[str]:
    """The words of ``text`` as the index sees them: folded as place names are
    (:func:`iom_annual._core.folding.fold`: case, accents, apostrophe and dash styles),
    split on anything but letters and digits, a grade such as "P-5" or "D–1"
    kept whole (as "p5", "d1")."""
    folded = fold(text.replace("_", " "))
    found = _WORD.findall(folded)
    return [w.replace("-", "") for w in found] if "-" in folded else found


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _is_form(query: str, word: str) -> bool:
    """Whether two words are forms of one word: a long shared beginning
    (vaccin-e / vaccin-ation, afghan / afghan-istan, syria / syria-n)."""
    shorter = min(len(query), len(word))
    if shorter < 4 or query.isdigit() or word.isdigit():
        return False
    shared = _common_prefix(query, word)
    return shared >= 4 and shared >= 0.7 * shorter


def _one_slip_keys(word: str) -> set[str]:
    """The word and every copy of it with one letter left out: two words share
    a key when one letter added, dropped, changed or swapped turns one into the other."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def _slips_builtin(vocabulary: Sequence[str]) -> Callable[[str], list[str]]:
    by_key: dict[str, list[str]] = {}
    for word in vocabulary:
        if len(word) >= 4 and not word.isdigit():
            for key in _one_slip_keys(word):
                by_key.setdefault(key, []).append(word)

    def slips(query: str) -> list[str]:
        found: dict[str, None] = {}
        for key in _one_slip_keys(query):
            for word in by_key.get(key, ()):
                found[word] = None
        return list(found)

    return slips


def _slips_rapidfuzz(vocabulary: Sequence[str]) -> Callable[[str], list[str]]:
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    candidates = [w for w in vocabulary if len(w) >= 4 and not w.isdigit()]

    def slips(query: str) -> list[str]:
        allowed = 2 if len(query) >= 8 else 1
        hits = process.extract(query, candidates, scorer=OSA.distance, score_cutoff=allowed, limit=None)
        return [word for word, _, _ in hits]

    return slips


def _slip_finder(vocabulary: Sequence[str]) -> Callable[[str], list[str]]:
    try:
        return _slips_rapidfuzz(vocabulary)
    except ImportError:  # the optional extra is not installed
        return _slips_builtin(vocabulary)


def _name_key(found: list[str]) -> str:
    """What a name or a query is looked up by: its words but those that frame
    or join ("tell me about Libya", "Bosnia and Herzegovina"), or all of them
    if nothing else is left."""
    content = [w for w in found if w not in _STOP and w not in _FRAME]
    return " ".join(content or found)


@dataclass
class _Entry:
    # One searchable thing while the index is built (fields grow as sources are read):
    # mutable and never served, so a plain dataclass rather than a Record.
    kind: Kind
    id: str
    title: str
    citation: str
    fields: list[tuple[str, float]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # besides id and title: codes, printed spellings
    restates: bool = False  # a figure that restates another (the foreword or introduction repeating the body)
    where: int = 0  # 0: the body (a paragraph or box), 1: the foreword; a tie goes to the body
    unit: str = ""  # a figure's unit: "how many staff" is answered by a count of staff


class _Places:
    """The countries a query names, read from the country records."""

    def __init__(self, records: Sequence[_Entry], postings: Mapping[str, Mapping[int, float]]) -> None:
        self.names: dict[str, frozenset[str]] = {}  # the words of every printed name: its ISO3 code(s)
        name_words: dict[str, set[str]] = {}
        whole: set[str] = set()  # names of one word: Niger, Congo
        regions: set[str] = set()
        for record in records:
            if record.kind != "country":
                continue
            regions.update(w for text, weight in record.fields if weight == _GROUPING for w in words(text))
            for name in (record.title, *record.names):
                found = words(name)
                if not found or found[0].isdigit():  # an M49 code
                    continue
                key = " ".join(found)
                self.names[key] = self.names.get(key, frozenset()) | {record.id}
                if len(found) == 1:
                    whole.add(key)
                for word in found:
                    name_words.setdefault(word, set()).add(record.id)
        regions_by_stem: dict[str, list[str]] = {}  # a form shares the first four letters
        for region in regions:
            regions_by_stem.setdefault(region[:4], []).append(region)

        def elsewhere(word: str) -> int:  # records other than countries that hold the word
            return sum(records[i].kind != "country" for i in postings.get(word, ()))

        def names_a_country(word: str, codes: set[str]) -> bool:
            if word in whole:  # Niger, Congo (two countries' names hold it)
                return len(codes) <= 2
            # A word only one country's names hold (Bosnia, Syrian, Korea) names it, unless
            # it is a region's word or a form of one (Africa, African, North, Northern) or the
            # report uses it more often than it speaks of the country (People, State).
            return (len(codes) == 1 and word not in regions
                    and not any(_is_form(word, r) for r in regions_by_stem.get(word[:4], ()))
                    and elsewhere(word) <= elsewhere(next(iter(codes)).lower()))

        self.word_codes = {
            word: frozenset(codes) for word, codes in name_words.items()
            if word not in _STOP and len(word) >= 4 and not word.isdigit() and names_a_country(word, codes)
        }
        self.by_stem: dict[str, list[str]] = {}
        for word in self.word_codes:
            self.by_stem.setdefault(word[:4], []).append(word)
        self.longest = max((len(key.split()) for key in self.names), default=1)
        self._words: dict[str, frozenset[str]] = {}
        self._resolved: dict[str, frozenset[str]] = {}

    def find(self, every: list[str], capitals: frozenset[str] = frozenset()
             ) -> list[tuple[list[str], frozenset[str]]]:
        """The words of a query in groups: a country's name with its codes, the
        longest first, or one other word with the codes it names, if any.

        A name is a printed one, or any the package's country resolver knows
        (the one :func:`iom_annual.country` uses, with its aliases and
        abbreviations); a word of three letters or fewer is read by the
        resolver only when typed in capitals (``capitals``: "UK", "DRC", not
        "can" or "per"), and fillers never are."""
        found: list[tuple[list[str], frozenset[str]]] = []
        i = 0
        while i < len(every):
            for size in range(min(max(self.longest, 4), len(every) - i), 0, -1):
                span = every[i:i + size]
                codes = self.names.get(" ".join(span)) or self.resolved(span, capitals)
                if codes and not (size == 1 and meaningless(every[i])):
                    found.append((every[i:i + size], codes))
                    i += size
                    break
            else:
                found.append(([every[i]], self.word(every[i])))
                i += 1
        return found

    def resolved(self, span: list[str], capitals: frozenset[str]) -> frozenset[str]:
        """The code the country resolver gives the words of ``span``, if any.

        A name neither begins nor ends with a filler or a frame word, nor
        holds a number; what the resolver said of a span is kept (a refusal
        costs it a search for close matches)."""
        first, last = span[0], span[-1]
        if (meaningless(first) or meaningless(last) or first in _FRAME or last in _FRAME
                or any(w.isdigit() for w in span)):
            return frozenset()
        if len(span) == 1 and len(first) <= 3 and first not in capitals:
            return frozenset()
        text = " ".join(span)
        codes = self._resolved.get(text)
        if codes is None:
            from iom_annual._countries import country_candidates

            # ISO and M49 codes count only when typed in capitals ("US", "KEN"): in lower
            # case "in", "us" and "can" are words.  An ambiguous name is read as words.
            found = country_candidates(text, codes=len(span) == 1 and first in capitals)
            codes = frozenset(found) if len(found) == 1 else frozenset()
            if len(self._resolved) < 10_000:  # bounded: queries are open-ended
                self._resolved[text] = codes
        return codes

    def word(self, word: str) -> frozenset[str]:
        """The countries one word names: its own, or for a demonym those of the
        name word it shares the longest beginning with (Nigerian: Nigeria, not Niger)."""
        codes = self._words.get(word)
        if codes is not None:
            return codes
        codes = self.word_codes.get(word)
        if codes is None:
            best = 0
            codes = frozenset()
            for name_word in self.by_stem.get(word[:4], ()):
                if _is_form(word, name_word):
                    shared = _common_prefix(word, name_word)
                    if shared > best:
                        best, codes = shared, self.word_codes[name_word]
                    elif shared == best:
                        codes |= self.word_codes[name_word]
            if len(codes) > 2:
                codes = frozenset()
        self._words[word] = codes
        return codes

    def other_country(self, query_word: str, word: str) -> bool:
        """Whether two words name different countries (Niger and Nigeria,
        Austria and Australia, Nigerian and Niger): then they are not forms of one word."""
        theirs = self.word_codes.get(word)
        if not theirs:
            return False
        ours = self.word(query_word)
        return bool(ours) and not ours & theirs


class _Index:
    """Postings of every word: for each, the records it is in with the field weight."""

    def __init__(self, records: list[_Entry]) -> None:
        self.records = records
        # Theme titles, sections and dataset titles recur in many records: split each once.
        split: dict[str, list[str]] = {}

        def words_of(text: str) -> list[str]:
            found = split.get(text)
            if found is None:
                found = split[text] = words(text)
            return found

        # Records by each of their names (id, title, codes, spellings), as the words a query is read as.
        self.by_name: dict[str, list[int]] = {}
        for i, record in enumerate(records):
            keys = (_name_key(words_of(name)) for name in (record.id, record.title, *record.names))
            for key in dict.fromkeys(keys):
                self.by_name.setdefault(key, []).append(i)
        postings: dict[str, dict[int, float]] = {}
        lengths: list[float] = []
        own_text: list[str] = []
        ranges: list[tuple[int, int, int, float]] = []
        for i, record in enumerate(records):
            own: list[str] = []
            best: dict[str, float] = {}
            length = 0.0
            for text, weight in record.fields:
                found = words_of(text)
                length += weight * len(found)
                for word in found:
                    # A word counts once, in its best field (the metric repeats the description).
                    if best.get(word, 0.0) < weight:
                        best[word] = weight
                if weight == _OWN:
                    own.append(" ".join(found))
                if "-" in text or "–" in text:
                    ranges.extend((int(a), int(b), i, weight) for a, b in _RANGE.findall(text))
            for word, weight in best.items():
                postings.setdefault(word, {})[i] = weight
            lengths.append(length)
            own_text.append(" | ".join(own))
        # BM25 (Robertson and Zaragoza 2009) with field weights: a word's
        # frequency is the weight of the best field it is in (its posting), and a record
        # longer than the average of its kind counts each word less.  The value
        # is divided by k1 + 1, so that it stays below 1: about 0.45 for one
        # word in a record of average length, more in a shorter one.
        average: dict[str, float] = {}
        for kind in KINDS:
            sizes = [n for r, n in zip(records, lengths, strict=True) if r.kind == kind]
            average[kind] = (sum(sizes) / len(sizes)) if sizes else 1.0
        self._relative = [n / (average[r.kind] or 1.0) for r, n in zip(records, lengths, strict=True)]
        self._saturation: dict[str, dict[int, float]] = {}  # made per word when first asked
        self.postings = postings
        self._places = _Places(records, postings)
        self.own_text = own_text
        self.ranges = ranges
        self.vocabulary = sorted(postings)
        total = len(records)
        self.idf = {w: math.log(1 + total / len(hits)) for w, hits in postings.items()}
        self.thesaurus = thesaurus()
        # Entries of several words are phrases, looked for in the query as a whole.
        self.phrases = [(words(key), meant) for key, meant in self.thesaurus.items() if " " in key]
        self.theme_trigrams: list[tuple[_Entry, set[str]]] = []  # nearest themes: made when first asked
        self.code_words = frozenset(r.id.lower() for r in records if r.kind == "country")
        self.staffed: set[str] = set()  # ISO3 codes with staff rows: read when a query first names a country
        self._slips: Callable[[str], list[str]] | None = None
        # Memos of query words, bounded: a long-running service asked random words stays small.
        self._matches: Recent[str, list[tuple[str, float]]] = Recent(_MEMO_SIZE)
        self._as_written: Recent[str, list[tuple[str, float]]] = Recent(_MEMO_SIZE)
        self._lock = threading.Lock()

    def _phrases(self, every: list[str]) -> tuple[list[str], list[str]]:
        """The query's words without the thesaurus phrases they hold, and the
        report's words those phrases stand for."""
        meant: list[str] = []
        for phrase, words_meant in self.phrases:
            n = len(phrase)
            for start in range(len(every) - n + 1):
                if every[start:start + n] == phrase:
                    every = every[:start] + every[start + n:]
                    meant.extend(w for w in words_meant if w not in meant)
                    break
        return every, meant

    def saturation(self, word: str) -> dict[int, float]:
        """BM25 weight of ``word`` in each record that holds it."""
        found = self._saturation.get(word)
        if found is None:
            relative = self._relative
            found = {i: _bm25(weight, relative[i]) for i, weight in self.postings[word].items()}
            self._saturation[word] = found  # the same for every thread: a race only repeats the work
        return found

    def matches(self, query_word: str) -> list[tuple[str, float]]:
        """Indexed words that ``query_word`` matches, with the match quality:
        the word as written, its forms and slips, and the report's words for
        an everyday word ("spent": expenditure)."""
        found = self._matches.get(query_word)
        if found is not None:
            return found
        quality = dict(self._written(query_word))
        for meant in self.thesaurus.get(query_word, ()):
            for word, value in self._written(meant):
                quality[word] = max(quality.get(word, 0.0), value * _EVERYDAY_QUALITY)
        found = sorted(quality.items())
        self._matches.put(query_word, found)
        return found

    def _written(self, query_word: str) -> list[tuple[str, float]]:
        """Indexed words that are ``query_word``, a form of it, or (when none is) a slip."""
        found = self._as_written.get(query_word)
        if found is not None:
            return found
        other_country = self._places.other_country
        quality: dict[str, float] = {}
        if query_word in self.postings:
            quality[query_word] = _EXACT
        if len(query_word) >= 4 and not query_word.isdigit():
            # Words sharing the first four letters sit together in the sorted vocabulary.
            from bisect import bisect_left

            stem = query_word[:4]
            start = bisect_left(self.vocabulary, stem)
            for word in self.vocabulary[start:]:
                if not word.startswith(stem):
                    break
                if word not in quality and _is_form(query_word, word) and not other_country(query_word, word):
                    quality[word] = _FORM
            if not quality:  # only a word with no better match is looked at as a slip
                with self._lock:
                    if self._slips is None:
                        self._slips = _slip_finder(self.vocabulary)
                for slip in self._slips(query_word):
                    quality.setdefault(slip, _SLIP)
                    # and the other forms of the word meant (vacination: vaccine, vaccinated)
                    for word, _ in self._written(slip):
                        quality.setdefault(word, _SLIP)
        found = sorted(quality.items())
        self._as_written.put(query_word, found)
        return found

    def terms(self, every: list[str], capitals: frozenset[str] = frozenset()
              ) -> list[tuple[str, list[tuple[str, float]], float, frozenset[str]]]:
        """The terms of a query: each with the indexed words it matches (and
        their quality) and its weight in the query.

        A country the query names (by any printed name, or a word or demonym
        only that country's names hold: "Libyan", "Bosnia") is one term that
        matches the country's ISO3 code, with which every figure about it is
        indexed, besides the words as written.  Frame words count less;
        fillers and single letters not at all.  The last item of each term is
        the set of words it matches as typed (or as a form, slip or code of
        what was typed), not through the thesaurus.
        """
        terms: list[tuple[str, list[tuple[str, float]], float, frozenset[str]]] = []
        seen: set[str] = set()
        for group, codes in self._places.find(every, capitals):
            content = [w for w in group if not meaningless(w)] or group
            key = " ".join(content)
            if key in seen:
                continue
            seen.add(key)
            if codes:
                quality = {code.lower(): _EXACT for code in codes if code.lower() in self.postings}
                # The words as written find what names the country without its code (a theme,
                # a column); one word of a longer name ("South" of "South Sudan") only in part.
                part = 1.0 if len(content) == 1 else _CONTEXT
                typed = set(quality)
                for word in content:
                    typed.update(w for w, _ in self._written(word))
                    for match, value in self.matches(word):
                        quality[match] = max(quality.get(match, 0.0), value * part)
                terms.append((key, sorted(quality.items()), 1.0, frozenset(typed)))
            elif not meaningless(key):
                terms.append((key, self.matches(key), _FRAME_WEIGHT if key in _FRAME else 1.0,
                              frozenset(w for w, _ in self._written(key))))
        return terms

    def scores(self, query: str) -> dict[int, float]:
        """Score of every matching record (see :meth:`scored`)."""
        return self.scored(query)[0]

    def scored(self, query: str) -> tuple[dict[int, float], dict[int, Match]]:
        """Score of every matching record, and how it matched.

        Each term of the query weighs the rarity (inverse document frequency)
        of the word as typed, or, for a word the index lacks, of the best word
        it matches; a record gets that weight times the quality of its best
        match (the word as typed 1, a form 0.85, a slip 0.7, a word the
        thesaurus gives 0.75 of those) times its BM25 saturation.  The sum is
        divided by the query's weight.  A figure that restates another counts
        0.9 of its score, so that the body's figure comes first.
        """
        query = read_us(query)
        every = words(query)
        capitals = frozenset(w.casefold() for w in re.findall(r"\b[A-Z]{2,3}\b", query))
        total_weight = 0.0
        scores: dict[int, float] = {}
        how: dict[int, Match] = {}
        every, meant = self._phrases(every)
        terms = self.terms(every, capitals) if every else []
        # A phrase of the thesaurus ("gender parity") stands for the report's words
        # ("women", "share"): each one a term, weighing what a thesaurus match does.
        terms += [(word, self._written(word), _EVERYDAY_QUALITY, frozenset()) for word in meant
                  if word not in every]
        for term, matches, term_weight, typed in terms:
            best: dict[int, float] = {}
            if term in self.idf:
                weight = self.idf[term]
            else:
                weight = max((self.idf[w] for w, q in matches if q >= _EXACT), default=0.0) or max(
                    (self.idf[w] * q for w, q in matches), default=0.0)
            weight *= term_weight
            as_typed: set[int] = set()
            for word, quality in matches:
                for i, saturation in self.saturation(word).items():
                    value = weight * quality * saturation
                    if value > best.get(i, 0.0):
                        best[i] = value
                    if word in typed:
                        as_typed.add(i)
            # A figure's places were reviewed by hand: for a country the query names, they say
            # how much the figure is about it (alone, or among six), not a mention in passing.
            for code, quality in matches:
                if code in self.code_words:
                    for i, saturation in self.saturation(code).items():
                        if self.records[i].kind == "figure":
                            best[i] = weight * quality * saturation
            if term.isdigit() and len(term) == 4:
                year = int(term)
                for first, last, i, field_weight in self.ranges:
                    if first <= year <= last:
                        weight = max(weight, 1.0)
                        best[i] = max(best.get(i, 0.0), weight * _FORM * _bm25(field_weight, 1.0))
                        as_typed.add(i)
            # An unknown word still counts: the query asked for something the index lacks.
            total_weight += weight or term_weight * math.log(1 + len(self.records))
            for i, value in best.items():
                scores[i] = scores.get(i, 0.0) + value
                if i in as_typed:
                    how[i] = "words"
                else:
                    how.setdefault(i, "related")
        if not scores:
            return scores, how
        phrase = " ".join(every)
        for i in scores:
            scores[i] /= total_weight
            scores[i] *= _KIND_WEIGHT.get(self.records[i].kind, 1.0)
            if self.records[i].restates:
                scores[i] *= _RESTATED
            if len(every) > 1 and phrase in self.own_text[i]:
                scores[i] += 0.1  # the words in the order asked
            if self.records[i].unit and any(w == self.records[i].unit or _is_form(w, self.records[i].unit)
                                            for w in every):
                scores[i] += 0.1  # a count of what was asked: "how many staff" and a figure in staff
        # A query that is the name of a record (a country, a theme, an ISO3 or M49 code, an id) puts it first.
        for hit in self.by_name.get(_name_key(every), ()):
            scores[hit] = max(scores.get(hit, 0.0), 1.0) + 0.5
            how[hit] = "name"
        return scores, how


# -- What is indexed.  Country rows and the places of a figure are read by the
# two functions below only, so that a change in the shape of ``countries`` or
# ``key_figures`` is met in one place.

def country_records(countries: pl.DataFrame, citation: str) -> list[_Entry]:
    """One record per ISO3 code, with every printed name of the country.

    Reads either shape of the ``countries`` dataset: one row per printed
    nationality (``nationality``), or one row per country (``name``,
    ``aliases`` and, if there, ``demonyms``, each "; "-separated).  A demonym
    counts as a name: "Filipino" is read as the Philippines.  Rows without a
    code (the annexes' "Other") are no country and are left out.
    """
    by_code: dict[str, _Entry] = {}
    for row in countries.iter_rows(named=True):
        code = row.get("iso3")
        if not code:
            continue
        names = [row.get("name") or row.get("nationality") or code]
        names += [a for key in ("aliases", "demonyms") for a in _listed(row.get(key))]  # text or a list
        record = by_code.get(code)
        if record is None:
            m49 = row.get("m49")
            m49_text = f"{int(m49):03d}" if isinstance(m49, int) else str(m49 or "")
            record = by_code[code] = _Entry("country", code, names[0], citation,
                                             [(code, _OWN), (m49_text, _OWN)], [m49_text])
            record.fields += [(str(row.get(k) or ""), _GROUPING) for k in ("region", "subregion")]
        record.fields += [(name, _OWN) for name in names]
        record.names += names
    return list(by_code.values())


def _listed(value: object) -> list[str]:
    """A list cell: a list (``List(String)`` column, a record's tuple) or "; "-joined text."""
    if isinstance(value, (list, tuple)):
        return [str(part).strip() for part in value if str(part).strip()]
    if value is not None and not isinstance(value, str) and hasattr(value, "to_list"):  # a polars Series
        return _listed(value.to_list())
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


_RESTATING = ("_foreword", "_intro", "_restated")


def restatements(rows: Sequence[Mapping[str, object]]) -> set[str]:
    """Ids of the figures that restate another figure of the report.

    A figure restates another when both are of one theme and give one value
    in one unit, and it is the one in the foreword or introduction, or says it
    repeats (its metric ends in ``_foreword``, ``_intro`` or ``_restated``),
    or links (``linked_to``) to the other.  So the introduction's 17,761 staff
    restate paragraph 139's, and search puts paragraph 139 first.
    """
    by_fact: dict[tuple[object, object, object], list[Mapping[str, object]]] = {}
    for row in rows:
        by_fact.setdefault((row["theme"], row["value"], row["unit"]), []).append(row)
    found: set[str] = set()
    for same in by_fact.values():
        if len(same) < 2:
            continue
        ids = {str(r["id"]) for r in same}
        for row in same:
            if (row["location"] == "foreword" or str(row["metric"]).endswith(_RESTATING)
                    or row.get("linked_to") in ids):
                found.add(str(row["id"]))
        if found >= ids:  # every copy says it restates: none is the body's
            found -= ids
    return found


def figure_places(row: Mapping[str, object]) -> tuple[str, float]:
    """The places a figure is about, as text to index, and the weight of that text.

    Countries are indexed by their ISO3 codes (``iso3``), which a query naming
    a country is read as: a figure about Libya is found by "Libya" or "Libyan"
    even when its description does not name it, and a figure about South
    Sudan is not found by "Sudan".  Regions (``regions``) are indexed by name;
    the printed ``countries`` only where the row has neither.  The weight
    falls slowly with the number of places (one over its fourth root, down to a
    region's weight): a figure about one country answers a question about it
    better than one that names it among five, and that better than one that
    lists it among twenty-five.
    """
    places = [*_listed(row.get("iso3")), *_listed(row.get("regions"))] or _listed(row.get("countries"))
    return "; ".join(places), max(_GROUPING, len(places) ** -0.25) if places else _OWN


def _build() -> _Index:
    from iom_annual._core.display import shorten
    from iom_annual._data.loader import frame
    from iom_annual._data.registry import dataset, datasets, edition, themes
    from iom_annual._figures.figure import where_printed

    symbol = edition().symbol
    records: list[_Entry] = []
    countries = country_records(frame("countries"), dataset("countries").citation)
    theme_titles = {t.name: t.title for t in themes()}
    theme_places: dict[str, list[str]] = {}
    figures = frame("key_figures")
    wanted = ["id", "theme", "metric", "description", "section", "year", "location", "paragraph", "box",
              "value", "unit", "linked_to",
              *(c for c in ("countries", "iso3", "regions") if c in figures.columns)]
    rows = list(figures.select(wanted).iter_rows(named=True))
    restated = restatements(rows)
    for row in rows:
        where = where_printed(row["location"], row["paragraph"], row["box"])
        theme_places.setdefault(row["theme"], []).append(where)
        records.append(_Entry("figure", row["id"], shorten(row["description"], 100), f"{symbol}, {where}", [
            (row["metric"], _OWN), (row["description"], _OWN), figure_places(row),
            (row["theme"], _CONTEXT), (theme_titles.get(row["theme"], ""), _CONTEXT),
            (row["section"], _CONTEXT), (str(row["year"]), _CONTEXT),
        ], restates=row["id"] in restated, where=int(row["location"] == "foreword"), unit=row["unit"]))
    for meta in datasets():
        records.append(_Entry("dataset", meta.name, meta.title, meta.citation, [
            (meta.name, _OWN), (meta.title, _OWN), (meta.description, _OWN), (meta.source, _CONTEXT),
        ]))
        for column in meta.columns:
            records.append(_Entry("column", f"{meta.name}.{column.name}",
                                   f"{meta.title}: {shorten(column.description, 80)}", meta.citation, [
                (column.name, _OWN), (column.description, _OWN), (column.unit or "", _CONTEXT),
                (meta.name, _CONTEXT), (meta.title, _CONTEXT),
            ]))
    for theme in themes():
        places = list(dict.fromkeys(theme_places.get(theme.name, [])))
        shown = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
        records.append(_Entry("theme", theme.name, theme.title, f"{symbol}, {shown}" if places else symbol, [
            (theme.name, _OWN), (theme.title, _OWN), (theme.description, _OWN), (theme.namespace, _CONTEXT),
        ]))
    records.extend(countries)
    return _Index(records)


_index: Once[_Index] = Once(_build)


def _check(query: object, kind: object, limit: object) -> tuple[str, tuple[Kind, ...]]:
    if not isinstance(query, str):
        raise InvalidSearchError(f"the query must be text (str), not {type(query).__name__}")
    shown = repr(query if len(query) <= 80 else query[:79] + "…")  # 1 MB of input is not echoed
    if not any(ch.isalnum() for ch in query):  # any script: "שלום" is a word, found or not
        raise InvalidSearchError(
            f"the query {shown} has no letters or digits to search for; ask for a word, a code or an id")
    if not isinstance(limit, bool) and isinstance(limit, numbers.Integral):
        limit = int(limit)  # numpy's integers too
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidSearchError(f"limit must be a positive integer, not {str(limit)[:80]}")
    asked_words = words(read_us(query))  # Latin letters and digits: other scripts are searched as they are
    if asked_words and all(meaningless(w) for w in asked_words):
        raise InvalidSearchError(
            f"the query {shown} has only words that carry no meaning in a search "
            f"({', '.join(dict.fromkeys(asked_words))[:80]}); ask for a subject: a word, a code or an id")
    if kind is None:
        return query, KINDS
    asked: list[object]
    if isinstance(kind, (set, frozenset)):
        asked = sorted(kind, key=str)
    elif isinstance(kind, (list, tuple)):
        asked = list(kind)
    else:
        asked = [kind]
    if not asked:  # an empty list would silently find nothing
        raise InvalidSearchError(f"kind is empty: give one or more of {', '.join(KINDS)}, "
                                 "or None for every kind")
    found: list[Kind] = []
    for one in asked:
        folded = one.strip().casefold() if isinstance(one, str) else None
        match = next((k for k in KINDS if folded in (k, f"{k}s")), None)
        if match is None:
            raise UnknownKindError(one, KINDS)
        found.append(match)
    return query, tuple(found)


def search(query: str, *, kind: Kind | Iterable[Kind] | None = None, limit: int = 20) -> pl.DataFrame:
    """Find figures, datasets, columns, themes and countries by what they are about.

    Parameters
    ----------
    query : str
        Words, in any case and form ("vaccinated", "Afghan refugees"), a
        question ("how many staff does IOM have", "what does the report say
        about Libya"), a code (ISO3 "KEN", M49 "404") or an id
        ("wash.people_supported", "staff_by_grade"). Fillers ("how", "many",
        "does", "the", single letters) carry no weight; "US" in capitals or
        after a preposition ("resettlement to the US") is the United States.
        A word one typing slip away from an indexed word still matches, and
        so do everyday words ("jabs", "dues", "headcount") through the
        report's own, by the ``search_thesaurus`` dataset.
    kind : str or list of str, optional
        Only results of this kind or these kinds: "figure", "dataset",
        "column", "theme" or "country" (a plural such as "figures" is accepted).
    limit : int, default 20
        At most this many results.

    Returns
    -------
    polars.DataFrame
        Best first, with the columns ``kind``; ``id`` (a figure id, a dataset
        name, ``dataset.column``, a theme name or an ISO3 code, each usable
        with :func:`iom_annual.figure`, :func:`iom_annual.load` and the
        like); ``title``; ``score``; ``match`` and ``citation``.

        The score sums, over the query's words, the word's rarity times the
        quality of the record's best match (the word as typed 1, another form
        0.85, a slip 0.7, a thesaurus word three quarters of that) times a
        BM25 weight that is less in a longer record, divided by the query's
        weight (so below 1); a figure that restates another (the foreword or
        introduction repeating the body) counts 0.9 of it; 0.1 is added when
        the words stand in the order asked and 0.1 when a figure counts what
        was asked ("how many staff" and a figure in staff); a query that is
        the result's name, code or id makes it at least 1.5. Scores are below
        1.7. Ties go to the kind listed first (figure, dataset, column,
        theme, country), then to the body over a restatement and the
        foreword, then to the shorter title, then to the id.

        ``match`` says how a result matched (one of ``MATCHES``): ``name`` (the
        query is its name, code or id), ``words`` (it holds the query's words
        as typed, or their forms or slips), ``related`` (only through the
        thesaurus), ``country`` (a staff dataset filtered to the country the
        query names: its title says how to get the rows, e.g.
        ``iom_annual.staff_by_nationality(nationality='KEN')``) or
        ``nearest``: nothing matched, and these are the nearest themes by
        spelling, with a score of at most 0.1. When nothing matches and
        themes are not among the kinds asked for, the frame has no rows.

    Raises
    ------
    InvalidSearchError
        If ``query`` is not a string, has no letter or digit, or has only
        fillers ("the", "s", "how many"), or ``limit`` is not a positive
        integer.
    UnknownKindError
        If ``kind`` is not one of the kinds above; the message names them.

    Examples
    --------
    >>> import iom_annual
    >>> hits = iom_annual.search("vaccinated", kind="figure", limit=3)
    >>> hits.columns
    ['kind', 'id', 'title', 'score', 'match', 'citation']
    >>> hits["id"][0]
    'emergency_health.people_vaccinated'
    >>> iom_annual.search("how many staff does IOM have", limit=1)["id"].item()
    'human_resources.staff_total'
    >>> iom_annual.search("vacination", kind="theme", limit=1)["id"].item()
    'covid19_vaccination'
    >>> iom_annual.search("jabs", kind="theme", limit=1).select("id", "match").row(0)
    ('covid19_vaccination', 'related')
    >>> for row in iom_annual.search("Kenyan", limit=3).select("id", "match").iter_rows():
    ...     print(*row)
    KEN words
    staff_by_nationality country
    staff_by_grade country
    >>> iom_annual.search("xylophone", limit=1)["match"].item()
    'nearest'
    >>> try:
    ...     iom_annual.search("the")
    ... except iom_annual.InvalidSearchError as exc:
    ...     print(str(exc).split(";")[0])
    the query 'the' has only words that carry no meaning in a search (the)
    """
    query, kinds = _check(query, kind, limit)
    import polars as pl

    index = _index()
    scores, how = index.scored(query)
    records = index.records
    rows: list[tuple[float, _Entry, Match]] = [
        (score, records[i], how[i]) for i, score in scores.items() if records[i].kind in kinds]
    if "dataset" in kinds:
        countries = [(score, records[i]) for i, score in scores.items() if records[i].kind == "country"]
        rows = _with_staff(index, rows, countries, query)
    if not rows and "theme" in kinds:
        rows = _nearest_themes(index, query)
    # Ties go to the kind listed first in KINDS, then to the body over a
    # restatement and over the foreword, then to the shorter record (fewer
    # words besides the match), then to the id: never to the order of the files.
    rows.sort(key=lambda row: (-round(row[0], 9), KINDS.index(row[1].kind), row[1].restates, row[1].where,
                               len(row[1].title), row[1].id))
    rows = rows[:limit]
    return pl.DataFrame(
        {
            "kind": [r.kind for _, r, _ in rows],
            "id": [r.id for _, r, _ in rows],
            "title": [r.title for _, r, _ in rows],
            "score": [round(score, 3) for score, _, _ in rows],
            "match": [m for _, _, m in rows],
            "citation": [r.citation for _, r, _ in rows],
        },
        schema={"kind": pl.String, "id": pl.String, "title": pl.String, "score": pl.Float64,
                "match": pl.String, "citation": pl.String},
    )


_STAFF_DATASETS = ("staff_by_nationality", "staff_by_grade")


def _with_staff(index: _Index, rows: list[tuple[float, _Entry, Match]],
                countries: list[tuple[float, _Entry]], query: str) -> list[tuple[float, _Entry, Match]]:
    """``rows`` with, when the query names a country, the staff datasets filtered to it.

    They come after the country and after its two best other results (or
    as many as there are), or first of all when the query asks about staff
    ("how many Kenyans work for IOM"); they replace the unfiltered datasets
    and say in their title how to get the rows."""
    query = read_us(query)
    capitals = frozenset(w.casefold() for w in re.findall(r"\b[A-Z]{2,3}\b", query))
    codes = [next(iter(c)) for _, c in index._places.find(words(query), capitals) if len(c) == 1]
    named = [(score, r) for score, r in countries if r.id in codes]
    if not named:
        return rows
    score, country = max(named, key=lambda pair: pair[0])
    # After the two best figures (what the report says of the country), but before a
    # dataset that only mentions such a name in passing, and never before the country.
    others = sorted((s for s, r, _ in rows if r.kind == "figure"), reverse=True)[:2]
    if others:
        score = min(score, others[-1])
    every, meant = index._phrases(words(query))
    if "staff" in meant or any(w == "staff" or "staff" in index.thesaurus.get(w, ()) for w in every):
        score = max([score, *(s for s, _, _ in rows)]) + 0.01  # the staff of that country is the answer
    from iom_annual._data.loader import frame
    from iom_annual._data.registry import find_dataset

    if not index.staffed:  # the codes with staff in the annexes, read once
        staffed = frame("staff_by_nationality")["iso3"].drop_nulls().unique().to_list()
        with index._lock:  # filled once, whole: a second thread finds it full or fills it
            if not index.staffed:
                index.staffed.update(staffed)
    if country.id not in index.staffed:
        return rows
    kept = [row for row in rows if not (row[1].kind == "dataset" and row[1].id in _STAFF_DATASETS)]
    for step, name in enumerate(_STAFF_DATASETS, start=1):
        meta = find_dataset(name)
        title = (f"Staff from {country.title} ({country.id}), {meta.title.lower()}: "
                 f"iom_annual.{name}(nationality={country.id!r})")
        kept.append((score - 0.001 * step, _Entry("dataset", name, title, meta.citation), "country"))
    return kept


def _trigrams(text: str) -> set[str]:
    return {f" {w} "[i:i + 3] for w in words(text) if not meaningless(w) for i in range(len(w))}


def _nearest_themes(index: _Index, query: str, count: int = 3) -> list[tuple[float, _Entry, Match]]:
    """The themes whose words share the most three-letter pieces with the query's.

    What a query that matches nothing gets instead of nothing: the score is
    that likeness (Dice's coefficient) over ten, so at most 0.1, and below
    any real match's order of magnitude; the ``match`` column says ``nearest``."""
    asked = _trigrams(query)
    ranked: list[tuple[float, _Entry, Match]] = []
    if not index.theme_trigrams:
        made = [(record, _trigrams(" ".join(text for text, _ in record.fields)))
                for record in index.records if record.kind == "theme"]
        with index._lock:  # filled once, whole: a second thread never sees half of it or twice it
            if not index.theme_trigrams:
                index.theme_trigrams.extend(made)
    for record, theirs in index.theme_trigrams:
        likeness = 2 * len(asked & theirs) / (len(asked) + len(theirs) or 1)
        ranked.append((round(likeness / 10, 3) or 0.001, record, "nearest"))
    ranked.sort(key=lambda row: (-row[0], row[1].id))
    return ranked[:count]
