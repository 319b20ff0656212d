"""Locate the parts of the report text: foreword, numbered paragraphs and boxes.

Build-time and test-time helper; it is not shipped in the wheel.  The text is
the PDF conversion pinned in :mod:`tools.source`, so the rules below are tuned
to it: a paragraph starts with ``N.`` at the start of a line, a box with
``Box N.`` or ``Box N:``; a box runs until the next numbered paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_PARA = re.compile(r"^\s?(\d{1,3})\.\s")
_BOX = re.compile(r"^\s?Box (\d{1,2})[.:]")
_ANNEX_I = re.compile(r"^\s?Annex I\s*$")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_FRACTIONS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}


@dataclass(frozen=True)
class Segment:
    """One citable unit of the report: ``foreword``, ``paragraph`` or ``box``."""

    kind: str
    number: int | None
    text: str


def normalise(text: str) -> str:
    """Fold runs of white space (line breaks included) into one space."""
    return re.sub(r"\s+", " ", text).strip()


def segments(path: Path) -> dict[tuple[str, int | None], Segment]:
    """Split the report (up to Annex I) into foreword, paragraphs and boxes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: dict[tuple[str, int | None], list[str]] = {("foreword", None): []}
    current: tuple[str, int | None] = ("foreword", None)
    expected = 1
    for line in lines:
        if _ANNEX_I.match(line):
            break
        para = _PARA.match(line)
        box = _BOX.match(line)
        if para and int(para.group(1)) == expected:
            current = ("paragraph", expected)
            expected += 1
            found[current] = []
        elif box:
            current = ("box", int(box.group(1)))
            found[current] = []
        found[current].append(line)
    return {
        key: Segment(key[0], key[1], normalise("\n".join(body)))
        for key, body in found.items()
    }


def parse_number(token: str) -> float:
    """Read a printed number: ``13.3 million``, ``2,549.5``, ``49 per cent``,
    ``52%``, ``Forty-six``, ``One hundred``, ``nine``, ``one third``."""
    text = normalise(token).lower()
    text = re.sub(r"\s*(per ?cent|%)$", "", text)
    scale = 1
    for word, factor in _SCALE.items():
        if text.endswith(" " + word):
            text = text[: -len(word) - 1]
            scale = factor
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", text):
        return float(text.replace(",", "")) * scale
    words = text.split()
    if len(words) == 2 and words[0] in _NUMBER_WORDS and words[1] in _FRACTIONS:
        return _NUMBER_WORDS[words[0]] / _FRACTIONS[words[1]]  # "one third"
    total = 0
    for part in re.split(r"[\s-]+", text):
        if part == "hundred":
            total = max(total, 1) * 100
        elif part in _NUMBER_WORDS:
            total += _NUMBER_WORDS[part]
        else:
            raise ValueError(f"not a printed number: {token!r}")
    return float(total * scale)
