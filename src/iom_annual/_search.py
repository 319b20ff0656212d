"""Full-text search over the figures, datasets, columns, themes and countries.

The index is built on the first :func:`search` from the bundled data and the
registry, once per process and under a lock; later searches only read it.

Matching works on words.  A query word matches an indexed word that is the
same, another form of it (a shared stem: *vaccine* / *vaccination*; a
demonym: *Afghan* / *Afghanistan*, *Syrian* / *Syria*) or one typing slip away
(*vacination*); a few everyday words also match the report's words for the
same thing, less strongly (*spend*: expenditure, *employees*: staff, *jobs*:
livelihoods).  Each match counts with the rarity of the word (inverse
document frequency) and the weight of the field it is in: a figure's own
metric, description and countries count fully, the title and section of its
theme only in part, so that a figure that says what was asked comes before one
that merely shares its theme.

Countries are keys, not words: a figure is indexed by the ISO3 codes of the
places it is about (``key_figures.iso3``), and a country a query names (any
printed name or alias, or a word or demonym that only its names hold:
"Bosnia", "Libyan") is read as its code.  So "Libya" finds a figure about Libya
whose description does not name it, "Sudan" does not find South Sudan and
"Niger" does not find Nigeria.  Words that frame a question ("what does the
report say about", "tell me about", "show the figures on") count little.

`rapidfuzz <https://rapidfuzz.github.io/RapidFuzz/>`_, when installed, finds
slips of up to two letters in long words, in C; without it a pure-Python check
finds slips of one letter.  The package is not on PyPI: install rapidfuzz with
``python -m pip install rapidfuzz``, or the ``search`` extra from a source
checkout with ``python -m pip install ".[search]"``.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from iom_annual._cache import Once, Recent
from iom_annual._errors import InvalidSearchError, UnknownKindError
from iom_annual._names import fold

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    import polars as pl

__all__ = ["KINDS", "InvalidSearchError", "Kind", "UnknownKindError", "search"]

Kind = Literal["figure", "dataset", "column", "theme", "country"]
"""What a search result is."""
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
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for",
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

# Everyday words and the report's words for the same thing: someone asks what
# IOM "spent" or how many "employees" it has; the report says expenditure and
# staff.  A query word also matches the report's words it stands for, as a
# weaker match than the word itself or its forms.  Only words the report does
# not use in another sense are listed ("work", "gave" and "countries" are not).
_EVERYDAY: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("spend", "spends", "spent", "spending", "expenses", "costs"), ("expenditure",)),
    **dict.fromkeys(("earn", "earned", "earns", "earnings"), ("revenue", "income")),
    "money": ("expenditure", "revenue", "budget", "funding", "funds"),
    **dict.fromkeys(("fund", "funded", "funding", "funders", "donations", "donated", "donating"),
                    ("contributions", "donors", "funding")),
    **dict.fromkeys(("employee", "employees", "workers", "worker", "workforce", "personnel"),
                    ("staff", "personnel", "workforce")),
    "female": ("women", "female"),
    "male": ("men", "male"),
    **dict.fromkeys(("housing", "homes", "house", "houses", "shelters"), ("shelter", "housing")),
    **dict.fromkeys(("toilet", "toilets", "latrines"), ("sanitation",)),
    **dict.fromkeys(("job", "jobs"), ("livelihoods", "livelihood")),
    **dict.fromkeys(("kids", "child"), ("children",)),
}
_EVERYDAY_QUALITY = 0.75  # below a form of the word itself (_FORM)

_WORD = re.compile(r"[a-z0-9]+(?:-[0-9]+[a-z]?)?")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")


def words(text: str) -> list[str]:
    """The words of ``text`` as the index sees them: folded as place names are
    (:func:`iom_annual._names.fold`: case, accents, apostrophe and dash styles),
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
class _Record:
    kind: Kind
    id: str
    title: str
    citation: str
    fields: list[tuple[str, float]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # besides id and title: codes, printed spellings


class _Places:
    """The countries a query names, read from the country records."""

    def __init__(self, records: Sequence[_Record], postings: Mapping[str, Mapping[int, float]]) -> None:
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

    def find(self, every: list[str]) -> list[tuple[list[str], frozenset[str]]]:
        """The words of a query in groups: a country's printed name with its
        codes, the longest first, or one other word with the codes it names, if any."""
        found: list[tuple[list[str], frozenset[str]]] = []
        i = 0
        while i < len(every):
            for size in range(min(self.longest, len(every) - i), 0, -1):
                codes = self.names.get(" ".join(every[i:i + size]))
                if codes and not (size == 1 and every[i] in _STOP):
                    found.append((every[i:i + size], codes))
                    i += size
                    break
            else:
                found.append(([every[i]], self.word(every[i])))
                i += 1
        return found

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

    def __init__(self, records: list[_Record]) -> None:
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
        own_text: list[str] = []
        ranges: list[tuple[int, int, int, float]] = []
        for i, record in enumerate(records):
            own: list[str] = []
            best: dict[str, float] = {}
            for text, weight in record.fields:
                found = words_of(text)
                for word in found:
                    if best.get(word, 0.0) < weight:
                        best[word] = weight
                if weight == _OWN:
                    own.append(" ".join(found))
                if "-" in text or "–" in text:
                    ranges.extend((int(a), int(b), i, weight) for a, b in _RANGE.findall(text))
            for word, weight in best.items():
                postings.setdefault(word, {})[i] = weight
            own_text.append(" | ".join(own))
        self.postings = postings
        self._places = _Places(records, postings)
        self.own_text = own_text
        self.ranges = ranges
        self.vocabulary = sorted(postings)
        total = len(records)
        self.idf = {w: math.log(1 + total / len(hits)) for w, hits in postings.items()}
        self._slips: Callable[[str], list[str]] | None = None
        # Memos of query words, bounded: a long-running service asked random words stays small.
        self._matches: Recent[str, list[tuple[str, float]]] = Recent(_MEMO_SIZE)
        self._as_written: Recent[str, list[tuple[str, float]]] = Recent(_MEMO_SIZE)
        self._lock = threading.Lock()

    def matches(self, query_word: str) -> list[tuple[str, float]]:
        """Indexed words that ``query_word`` matches, with the match quality:
        the word as written, its forms and slips, and the report's words for
        an everyday word ("spent": expenditure)."""
        found = self._matches.get(query_word)
        if found is not None:
            return found
        quality = dict(self._written(query_word))
        for meant in _EVERYDAY.get(query_word, ()):
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

    def terms(self, every: list[str]) -> list[tuple[str, list[tuple[str, float]], float]]:
        """The terms of a query: each with the indexed words it matches (and
        their quality) and its weight in the query.

        A country the query names (by any printed name, or a word or demonym
        only that country's names hold: "Libyan", "Bosnia") is one term that
        matches the country's ISO3 code, with which every figure about it is
        indexed, besides the words as written.  Frame words count less.
        """
        terms: list[tuple[str, list[tuple[str, float]], float]] = []
        seen: set[str] = set()
        for group, codes in self._places.find(every):
            content = [w for w in group if w not in _STOP] or group
            key = " ".join(content)
            if key in seen:
                continue
            seen.add(key)
            if codes:
                quality = {code.lower(): _EXACT for code in codes if code.lower() in self.postings}
                # The words as written find what names the country without its code (a theme,
                # a column); one word of a longer name ("South" of "South Sudan") only in part.
                part = 1.0 if len(content) == 1 else _CONTEXT
                for word in content:
                    for match, value in self.matches(word):
                        quality[match] = max(quality.get(match, 0.0), value * part)
                terms.append((key, sorted(quality.items()), 1.0))
            elif key not in _STOP or all(w in _STOP for w in every):
                terms.append((key, self.matches(key), _FRAME_WEIGHT if key in _FRAME else 1.0))
        return terms

    def scores(self, query: str) -> dict[int, float]:
        """Score of every matching record: the share of the query's weight it covers."""
        every = words(query)
        total_weight = 0.0
        scores: dict[int, float] = {}
        for term, matches, term_weight in self.terms(every):
            best: dict[int, float] = {}
            weight = 0.0
            for word, quality in matches:
                idf = self.idf[word] * term_weight
                weight = max(weight, idf * quality)
                for i, field_weight in self.postings[word].items():
                    value = idf * quality * field_weight
                    if value > best.get(i, 0.0):
                        best[i] = value
            if term.isdigit() and len(term) == 4:
                year = int(term)
                for first, last, i, field_weight in self.ranges:
                    if first <= year <= last:
                        weight = max(weight, 1.0)
                        best[i] = max(best.get(i, 0.0), _FORM * field_weight)
            # An unknown word still counts: the query asked for something the index lacks.
            total_weight += weight or term_weight * math.log(1 + len(self.records))
            for i, value in best.items():
                scores[i] = scores.get(i, 0.0) + value
        if not scores:
            return scores
        phrase = " ".join(every)
        for i in scores:
            scores[i] /= total_weight
            if len(every) > 1 and phrase in self.own_text[i]:
                scores[i] += 0.1  # the words in the order asked
        # A query that is the name of a record (a country, a theme, an ISO3 or M49 code, an id) puts it first.
        for hit in self.by_name.get(_name_key(every), ()):
            scores[hit] = max(scores.get(hit, 0.0), 1.0) + 0.5
        return scores


# -- What is indexed.  Country rows and the places of a figure are read by the
# two functions below only, so that a change in the shape of ``countries`` or
# ``key_figures`` is met in one place.

def country_records(countries: pl.DataFrame, citation: str) -> list[_Record]:
    """One record per ISO3 code, with every printed name of the country.

    Reads either shape of the ``countries`` dataset: one row per printed
    nationality (``nationality``), or one row per country (``name``,
    ``aliases`` and, if there, ``demonyms``, each "; "-separated).  A demonym
    counts as a name: "Filipino" is read as the Philippines.  Rows without a
    code (the annexes' "Other") are no country and are left out.
    """
    by_code: dict[str, _Record] = {}
    for row in countries.iter_rows(named=True):
        code = row.get("iso3")
        if not code:
            continue
        names = [row.get("name") or row.get("nationality") or code]
        names += [a.strip() for key in ("aliases", "demonyms") for a in (row.get(key) or "").split(";")
                  if a.strip()]
        record = by_code.get(code)
        if record is None:
            m49 = row.get("m49")
            m49_text = f"{int(m49):03d}" if isinstance(m49, int) else str(m49 or "")
            record = by_code[code] = _Record("country", code, names[0], citation,
                                             [(code, _OWN), (m49_text, _OWN)], [m49_text])
            record.fields += [(str(row.get(k) or ""), _GROUPING) for k in ("region", "subregion")]
        record.fields += [(name, _OWN) for name in names]
        record.names += names
    return list(by_code.values())


def _listed(value: object) -> list[str]:
    # A list column (key_figures.iso3, regions) or a "; "-joined cell (countries).
    parts = value if isinstance(value, (list, tuple)) else str(value or "").split(";")
    return [str(part).strip() for part in parts if str(part).strip()]


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
    from iom_annual._display import shorten
    from iom_annual._figure import where_printed
    from iom_annual._loader import frame
    from iom_annual._registry import dataset, datasets, edition, themes

    symbol = edition().symbol
    records: list[_Record] = []
    countries = country_records(frame("countries"), dataset("countries").citation)
    theme_titles = {t.name: t.title for t in themes()}
    theme_places: dict[str, list[str]] = {}
    figures = frame("key_figures")
    wanted = ["id", "theme", "metric", "description", "section", "year", "location", "paragraph", "box",
              *(c for c in ("countries", "iso3", "regions") if c in figures.columns)]
    for row in figures.select(wanted).iter_rows(named=True):
        where = where_printed(row["location"], row["paragraph"], row["box"])
        theme_places.setdefault(row["theme"], []).append(where)
        records.append(_Record("figure", row["id"], shorten(row["description"], 100), f"{symbol}, {where}", [
            (row["metric"], _OWN), (row["description"], _OWN), figure_places(row),
            (row["theme"], _CONTEXT), (theme_titles.get(row["theme"], ""), _CONTEXT),
            (row["section"], _CONTEXT), (str(row["year"]), _CONTEXT),
        ]))
    for meta in datasets():
        records.append(_Record("dataset", meta.name, meta.title, meta.citation, [
            (meta.name, _OWN), (meta.title, _OWN), (meta.description, _OWN), (meta.source, _CONTEXT),
        ]))
        for column in meta.columns:
            records.append(_Record("column", f"{meta.name}.{column.name}",
                                   f"{meta.title}: {shorten(column.description, 80)}", meta.citation, [
                (column.name, _OWN), (column.description, _OWN), (column.unit or "", _CONTEXT),
                (meta.name, _CONTEXT), (meta.title, _CONTEXT),
            ]))
    for theme in themes():
        places = list(dict.fromkeys(theme_places.get(theme.name, [])))
        shown = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
        records.append(_Record("theme", theme.name, theme.title, f"{symbol}, {shown}" if places else symbol, [
            (theme.name, _OWN), (theme.title, _OWN), (theme.description, _OWN), (theme.namespace, _CONTEXT),
        ]))
    records.extend(countries)
    return _Index(records)


_index: Once[_Index] = Once(_build)


def _check(query: object, kind: object, limit: object) -> tuple[str, tuple[Kind, ...]]:
    if not isinstance(query, str):
        raise InvalidSearchError(f"the query must be text (str), not {type(query).__name__}")
    if not words(query):
        raise InvalidSearchError(
            f"the query {query!r} has no letters or digits to search for; ask for a word, a code or an id")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidSearchError(f"limit must be a positive integer, not {limit!r}")
    if kind is None:
        return query, KINDS
    asked: list[object]
    if isinstance(kind, (set, frozenset)):
        asked = sorted(kind, key=str)
    elif isinstance(kind, (list, tuple)):
        asked = list(kind)
    else:
        asked = [kind]
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
        question ("what does the report say about Libya"), a code (ISO3
        "KEN", M49 "404") or an id ("wash.people_supported",
        "staff_by_grade"). A word one typing slip away from an indexed word
        still matches, and so do some everyday words ("spend", "earn",
        "employees", "jobs") through the report's own ("expenditure", ...).
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
        like); ``title``; ``score`` and ``citation``. The score is the share
        of the query's weight a result covers (0 to 1), plus 0.1 when its
        words stand in the order asked and 0.5 when the query is the result's
        name, code or id (a question's words that frame it aside). A valid
        query that matches nothing gives a frame with these columns and no rows.

    Raises
    ------
    InvalidSearchError
        If ``query`` is not a string or has no letter or digit, or ``limit``
        is not a positive integer.
    UnknownKindError
        If ``kind`` is not one of the kinds above; the message names them.

    Examples
    --------
    >>> import iom_annual
    >>> hits = iom_annual.search("vaccinated", kind="figure", limit=3)
    >>> hits.columns
    ['kind', 'id', 'title', 'score', 'citation']
    >>> hits["id"][0]
    'emergency_health.people_vaccinated'
    >>> iom_annual.search("vacination", kind="theme", limit=1)["id"].item()
    'covid19_vaccination'
    >>> iom_annual.search("Kenyan", kind="country", limit=1)["id"].item()
    'KEN'
    >>> for id_ in iom_annual.search("what does the report say about Libya", limit=3)["id"]:
    ...     print(id_)
    LBY
    assisted_voluntary_return.avr_host_libya_share_pct
    assisted_voluntary_return.vhr_migrants_returned
    """
    query, kinds = _check(query, kind, limit)
    import polars as pl

    index = _index()
    ranked = sorted(
        ((score, i) for i, score in index.scores(query).items() if index.records[i].kind in kinds),
        key=lambda pair: (-pair[0], KINDS.index(index.records[pair[1]].kind), pair[1]),
    )[:limit]
    chosen = [index.records[i] for _, i in ranked]
    return pl.DataFrame(
        {
            "kind": [r.kind for r in chosen],
            "id": [r.id for r in chosen],
            "title": [r.title for r in chosen],
            "score": [round(score, 3) for score, _ in ranked],
            "citation": [r.citation for r in chosen],
        },
        schema={"kind": pl.String, "id": pl.String, "title": pl.String, "score": pl.Float64,
                "citation": pl.String},
    )
