"""One way to compare place names, used at build time and at run time.

The report spells one country several ways: Annex II prints "Lao People's"
with a straight apostrophe and Annex III with a curly one, the narrative writes
"the Niger" where the annexes write "Niger", and callers type "cote d'ivoire"
for "Côte d'Ivoire".  :func:`fold` maps all of these to one key.  It only
removes differences of form (case, accents, apostrophe and dash styles, white
space, a leading "the"); it never shortens a name, so "Niger" and "Nigeria",
"Sudan" and "South Sudan" or "Guinea" and "Equatorial Guinea" keep distinct
keys.  Standard library only: ``tools/countries.py`` imports it too.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "fold_label"]

# Apostrophes and dashes that PDF conversions and keyboards produce for ' and -.
_PUNCTUATION = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


def fold(name: str) -> str:
    """The comparison key of a place name.

    Parameters
    ----------
    name : str
        A name as printed or typed.

    Returns
    -------
    str
        The name case-folded, without accents, with one apostrophe and one
        dash style, single spaces, and without a leading "the ".

    Examples
    --------
    >>> from iom_annual._core.folding import fold
    >>> fold("Lao People’s Democratic Republic") == fold("LAO PEOPLE'S DEMOCRATIC REPUBLIC")
    True
    >>> fold("the Niger"), fold("Côte d’Ivoire"), fold("Guinea–Bissau")
    ('niger', "cote d'ivoire", 'guinea-bissau')
    """
    if name.isascii():  # no accents, and one apostrophe to map: search folds thousands of texts
        plain = name.replace("`", "'") if "`" in name else name
    else:
        decomposed = unicodedata.normalize("NFKD", name.translate(_PUNCTUATION))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = " ".join(plain.casefold().split())
    return key[4:] if key.startswith("the ") else key


def fold_label(label: str) -> str:
    """The comparison key of a grade or a grade group: one dash style, upper case, no surrounding space.

    Annex I prints "D-1–D-2" with an en dash where a keyboard gives a
    hyphen; the library and the command line compare grades through this.

    Examples
    --------
    >>> from iom_annual._core.folding import fold_label
    >>> fold_label(" d-1–d-2 ") == fold_label("D-1-D-2")
    True
    """
    return label.translate(_PUNCTUATION).strip().upper()
