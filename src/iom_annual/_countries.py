"""One country at a glance: codes, groupings, staff, standing and the figures about it.

:func:`country` accepts any name people use for a country (the bundled
``country_names`` dataset, read by :func:`resolve_country_name`; names are
folded with :func:`iom_annual._core.folding.fold`), an ISO code or a UN M49 code, and returns a
:class:`CountryProfile` built from the bundled ``countries``,
``staff_by_nationality`` and ``key_figures`` datasets.  Only the name index and
the ranking table are cached; every profile gets frames of its own, so what
one caller does to them never reaches the next.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any, Literal

from iom_annual._core.cache import once
from iom_annual._core.display import html_record, html_table, number
from iom_annual._core.errors import AmbiguousCountryError, UnknownCategoryError, UnknownCountryError
from iom_annual._core.folding import fold
from iom_annual._core.records import Record
from iom_annual._data.loader import frame
from iom_annual._staff.tables import CATEGORIES, Category

if TYPE_CHECKING:
    import polars as pl

__all__ = ["CountryProfile", "Standing", "countries", "country", "country_candidates", "resolve_country_name"]

Standing = Literal[Category, "all"]  # a staff category, or both together
_STANDINGS: tuple[Standing, ...] = (*CATEGORIES, "all")


def countries() -> pl.DataFrame:
    """Every country of the staff annexes, one row per ISO3 code.

    Returns
    -------
    polars.DataFrame
        The ``countries`` dataset: ``iso3, m49, name, region, subregion,
        member_state, oecd_dac_2021, aliases, demonyms`` (a fresh copy).

    Examples
    --------
    >>> import iom_annual
    >>> c = iom_annual.countries()
    >>> c.height == c["iso3"].n_unique()
    True
    >>> c.filter(iso3="LAO").select("name", "aliases").row(0)
    ("Lao People's Democratic Republic", 'Lao People’s Democratic Republic')
    """
    return frame("countries").clone()


@once
def _names() -> tuple[dict[str, str], tuple[str, ...]]:
    """(folded spelling or code -> ISO3, sorted options)."""
    rows = frame("countries").select("iso3", "m49", "name", "aliases").rows()
    index: dict[str, str] = {}
    names: set[str] = set()
    for iso3, m49, name, aliases in rows:
        spellings = [name, *(aliases.split("; ") if aliases else ())]
        for key in (*spellings, iso3, m49):
            index[fold(key)] = iso3
        names.update(spellings)
    # Names first in the error message: they are what people type.
    codes = sorted({iso3 for iso3, *_ in rows})
    return index, (*sorted(names), *codes)


@once
def _alias_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], frozenset[str]]:
    """Folded name -> ISO3 codes, the same without codes (ISO2 "IN", "IS", "AT" are also words),
    and the folded demonyms."""
    table = frame("country_names")
    keys, codes, kinds = table["key"].to_list(), table["iso3"].to_list(), table["kind"].to_list()
    index: dict[str, tuple[str, ...]] = {}
    names: dict[str, tuple[str, ...]] = {}
    for key, iso3, kind in zip(keys, codes, kinds, strict=True):
        index[key] = (*index.get(key, ()), iso3)
        if kind not in _CODE_KINDS:
            names[key] = (*names.get(key, ()), iso3)
    demonyms = frozenset(k for k, kind in zip(keys, kinds, strict=True) if kind == "demonym")
    return index, names, demonyms


_CODE_KINDS = frozenset({"iso2", "iso3", "m49"})


def country_candidates(text: str, *, codes: bool = True) -> tuple[str, ...]:
    """The ISO3 codes of every country a name may mean, from the bundled name table.

    The one resolver of country names: :func:`country`, the ``nationality``
    arguments of the staff accessors and search all read it.

    Parameters
    ----------
    text : str
        A name, abbreviation, demonym (also in the plural: "Afghans"),
        former or local name, ISO 3166-1 alpha-2 or alpha-3 code or UN M49
        code ("4" or "004"), compared with :func:`iom_annual._core.folding.fold`.
    codes : bool, default True
        Whether ISO and M49 codes count.  Search reads words of free text,
        where "in", "is" or "at" are words, not India, Iceland or Austria:
        it passes ``codes=False`` (abbreviations such as "UK" or "DRC" are
        names and still count).

    Returns
    -------
    tuple of str
        Empty if no country has that name, one code if one has, several
        (sorted) if the name is ambiguous ("Congo", "Korea").

    Examples
    --------
    >>> from iom_annual._countries import country_candidates
    >>> country_candidates("DRC"), country_candidates("Afghans"), country_candidates("Korea")
    (('COD',), ('AFG',), ('KOR', 'PRK'))
    >>> country_candidates("in"), country_candidates("in", codes=False), country_candidates("Atlantis")
    (('IND',), (), ())
    """
    if not isinstance(text, str):  # callers pass what users typed: anything but text names nothing
        return ()
    index, names, demonyms = _alias_index()
    table = index if codes else names
    key = fold(text)
    found = table.get(key)
    if found is None and codes and key.isdigit():
        found = table.get(key.zfill(3))
    # A demonym in the plural ("Afghans", "Syrians") names the country as the singular does.
    if found is None and key.endswith("s") and key[:-1] in demonyms:
        found = table.get(key[:-1])
    return found or ()


def resolve_country_name(text: str) -> str | None:
    """The ISO3 code of the one country ``text`` names, None if it names none.

    Reads the bundled ``country_names`` dataset (see :func:`country_candidates`).

    Parameters
    ----------
    text : str
        Any name, abbreviation, demonym or code of a country.

    Returns
    -------
    str or None
        An ISO 3166-1 alpha-3 code (XKX for Kosovo), also for countries the
        report has no row for; None if no country has that name.

    Raises
    ------
    AmbiguousCountryError
        If the name means several countries; the message lists them.

    Examples
    --------
    >>> from iom_annual._countries import resolve_country_name
    >>> resolve_country_name("Burma"), resolve_country_name("U.S."), resolve_country_name("Deutschland")
    ('MMR', 'USA', 'DEU')
    >>> resolve_country_name("Atlantis") is None
    True
    """
    found = country_candidates(text)
    if len(found) > 1:
        raise AmbiguousCountryError(text, [f"{_display_name(c, avoid=fold(text))} ({c})" for c in found])
    return found[0] if found else None


def _display_name(iso3: str, avoid: str = "") -> str:
    """The report's name of a country, else the tables' short one; an official one if that is ``avoid``."""
    import polars as pl

    names = frame("country_names").filter(pl.col("iso3") == iso3)
    for kind in ("report", "short", "official"):
        for name in names.filter(pl.col("kind") == kind)["name"].to_list():
            if fold(name) != avoid:
                return str(name).removeprefix("the ")
    return str(names["name"][0])


def _resolve(name_or_code: object) -> str:
    if not isinstance(name_or_code, bool) and isinstance(name_or_code, numbers.Integral):
        name_or_code = int(name_or_code)  # numpy's integers are M49 codes too
    if isinstance(name_or_code, bool) or not isinstance(name_or_code, (str, int)):
        # A wrong type gets no close matches (None is no "Indonesia").
        raise TypeError(f"a country is a name, an ISO3 code or an M49 code (str or int), "
                        f"not {type(name_or_code).__name__}")
    index, options = _names()
    found: str | None = None
    if isinstance(name_or_code, str):
        found = resolve_country_name(name_or_code)
    elif isinstance(name_or_code, int) and not isinstance(name_or_code, bool):
        found = index.get(f"{name_or_code:03d}") if name_or_code >= 0 else None
    if found is None:
        raise UnknownCountryError(name_or_code, options)
    if found not in set(index.values()):
        raise UnknownCountryError(name_or_code, options, known_as=f"{_display_name(found)} ({found})")
    return found


@once
def _standings() -> pl.DataFrame:
    """Staff, rank and share of every country, per category and for both together."""
    import polars as pl

    staff = frame("staff_by_nationality")
    # Shares are of every staff member of the category, 'Other' included
    # (the annex totals); ranks are among named nationalities only.
    totals = staff.group_by("category").agg(pl.col("total").sum().alias("all_staff"))
    named = staff.filter(pl.col("iso3").is_not_null()).select("category", "iso3", "total")
    both = named.group_by("iso3").agg(pl.col("total").sum()).select(
        pl.lit("all").alias("category"), "iso3", "total")
    table = (
        pl.concat([named, both])
        .join(pl.concat([totals, totals.select(pl.lit("all").alias("category"),
                                                pl.col("all_staff").sum())]),
              on="category")
        .select(
            "iso3", "category", pl.col("total").alias("staff"),
            pl.col("total").rank("min", descending=True).over("category").cast(pl.Int64).alias("rank"),
            pl.len().over("category").cast(pl.Int64).alias("ranked"),
            (pl.col("total") * 100 / pl.col("all_staff")).alias("share_percent"),
        )
    )
    return table


class CountryProfile(Record):
    """Everything the report says about one country, with its codes and groupings.

    Build one with :func:`iom_annual.country`.

    Attributes
    ----------
    iso3, m49 : str
        ISO 3166-1 alpha-3 and UN M49 codes.
    name : str
        The name as the annexes print it.
    aliases : tuple of str
        The other spellings the report prints (annexes and narrative).
    region, sub_region : str
        UN M49 region and sub-region.
    member_state : bool
        An IOM Member State in 2021 (printed in the annexes' Member States block).
    oecd_dac_2021 : bool
        A member of the OECD Development Assistance Committee in 2021.
    staff : polars.DataFrame
        Its rows of ``staff_by_nationality``, same columns: one per staff
        category whose annex prints the country.
    standing : polars.DataFrame
        ``category`` (general_service, professional, all), ``staff``,
        ``rank`` (1 = most staff; ties share the best rank, so 1, 2, 2, 4),
        ``ranked`` (how many nationalities are ranked: those the annex
        prints by name, 'Other' left out) and ``share_percent`` (of all
        staff of the category, 'Other' included).  No row for a category
        whose annex does not print the country.
    figures : polars.DataFrame
        Every row of ``key_figures`` whose ``iso3`` lists the country, ``id`` first.

    Examples
    --------
    >>> import iom_annual
    >>> niger = iom_annual.country("the Niger")
    >>> niger.iso3, niger.name, niger.region
    ('NER', 'Niger', 'Africa')
    >>> "assisted_voluntary_return.avr_host_niger_share_pct" in niger.figures["id"].to_list()
    True
    """

    __slots__ = ()
    iso3: str
    m49: str
    name: str
    aliases: tuple[str, ...]
    region: str
    sub_region: str
    member_state: bool
    oecd_dac_2021: bool
    staff: pl.DataFrame
    standing: pl.DataFrame
    figures: pl.DataFrame

    def rank(self, category: Standing = "all") -> int | None:
        """Rank by headcount among nationalities (1 = most staff); None if not printed.

        Parameters
        ----------
        category : {"all", "general_service", "professional"}, default "all"
            Which staff to rank by; ``"all"`` adds both categories.

        Returns
        -------
        int or None
            Competition rank: tied nationalities share the best rank.

        Raises
        ------
        UnknownCategoryError
            If ``category`` is none of the three.

        Examples
        --------
        >>> import iom_annual
        >>> iom_annual.country("Philippines").rank("general_service")
        3
        """
        row = self._standing(category)
        return None if row is None else int(row["rank"])

    def share(self, category: Standing = "all") -> float | None:
        """Share of the category's staff (per cent, 'Other' included); None if not printed.

        Parameters
        ----------
        category : {"all", "general_service", "professional"}, default "all"
            Whose staff: as for :meth:`rank`.

        Returns
        -------
        float or None
            Per cent, unrounded.

        Raises
        ------
        UnknownCategoryError
            As :meth:`rank` does.

        Examples
        --------
        >>> import iom_annual
        >>> round(iom_annual.country("KEN").share("professional"), 2)
        4.87
        """
        row = self._standing(category)
        return None if row is None else float(row["share_percent"])

    # Every field is read from the bundled data by the country's code: two
    # profiles of one country are equal (the frames would make == ambiguous).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CountryProfile):
            return NotImplemented
        return self.iso3 == other.iso3

    def __hash__(self) -> int:
        return hash((CountryProfile, self.iso3))

    def _standing(self, category: object) -> dict[str, Any] | None:
        if category not in _STANDINGS:
            raise UnknownCategoryError(category, _STANDINGS)
        rows = self.standing.filter(category=category)
        return rows.row(0, named=True) if rows.height else None

    def __repr__(self) -> str:
        total = self.staff["total"].sum()
        rank = self.rank()
        standing = f", rank {rank}" if rank is not None else ""
        membership = "Member State" if self.member_state else "not a Member State"
        return (f"<CountryProfile {self.iso3} {self.name}: {self.sub_region}, {membership}; "
                f"{number(int(total))} staff{standing}; {self.figures.height} figures>")

    def _repr_html_(self) -> str:
        record = html_record(f"{self.name} ({self.iso3})", [
            ("ISO3 / M49", f"{self.iso3} / {self.m49}"),
            ("Also printed as", "; ".join(self.aliases) or "—"),
            ("Region", f"{self.region} / {self.sub_region}"),
            ("IOM Member State (2021)", "yes" if self.member_state else "no"),
            ("OECD DAC member (2021)", "yes" if self.oecd_dac_2021 else "no"),
            ("Figures about it", self.figures.height),
        ])
        standing = html_table(
            ["category", "staff", "rank", "of", "share (%)"],
            [(c, s, r, n, f"{p:.2f}") for c, s, r, n, p in
             self.standing.select("category", "staff", "rank", "ranked", "share_percent").rows()],
            caption="Staff by nationality (Annexes II and III)")
        return record + standing


def country(name_or_code: str | int) -> CountryProfile:
    """One country's profile, by any name people use for it, ISO or M49 code.

    Parameters
    ----------
    name_or_code : str or int
        A name as the report prints it anywhere ("Niger", "the Niger",
        "Democratic Republic of Congo"), or any other name of the bundled
        ``country_names`` dataset: official, short and common names
        ("Syria", "South Korea", "Ivory Coast"), former names ("Burma",
        "Swaziland"), abbreviations ("DRC", "UK", "US", "UAE"), demonyms
        ("Kenyan", "Afghans"), names in the UN languages and the country's
        own ("Deutschland"); case, accents, apostrophe and dash styles and a
        leading "the" are ignored.  Or an ISO 3166-1 alpha-3 or alpha-2 code
        ("KEN", "KE") or a UN M49 code ("404", "4" or 404).

    Returns
    -------
    CountryProfile
        A frozen record with fresh frames.

    Raises
    ------
    AmbiguousCountryError
        If the name means more than one country ("Congo", "Korea",
        "Dominican"); the message lists the candidates with their codes.
    UnknownCountryError
        If nothing matches (a negative integer included; the message names
        the closest spellings), or the name is of a country the annexes do
        not print ("North Korea"; the message says which).
    TypeError
        If ``name_or_code`` is neither a str nor an integer (numpy's
        integers are integers; a bool is not).

    Notes
    -----
    The annexes' 'Other' row is no country, and Kosovo (XKX in
    ``key_figures``) has no annex row, so neither has a profile.

    Examples
    --------
    >>> import iom_annual
    >>> kenya = iom_annual.country("kenya")
    >>> kenya.iso3, kenya.m49, kenya.sub_region, kenya.member_state
    ('KEN', '404', 'Sub-Saharan Africa', True)
    >>> kenya.staff.select("category", "total").rows()
    [('general_service', 324), ('professional', 115)]
    >>> iom_annual.country("Lao People’s Democratic Republic").iso3
    'LAO'
    >>> iom_annual.country("DRC").name, iom_annual.country("Burma").iso3
    ('Democratic Republic of the Congo', 'MMR')
    """
    import polars as pl

    iso3 = _resolve(name_or_code)
    row = frame("countries").filter(pl.col("iso3") == iso3).row(0, named=True)
    figures = frame("key_figures")
    return CountryProfile(
        iso3=iso3,
        m49=row["m49"],
        name=row["name"],
        aliases=tuple(row["aliases"].split("; ")) if row["aliases"] else (),
        region=row["region"],
        sub_region=row["subregion"],
        member_state=row["member_state"],
        oecd_dac_2021=row["oecd_dac_2021"],
        staff=frame("staff_by_nationality").filter(pl.col("iso3") == iso3),
        standing=_standings().filter(pl.col("iso3") == iso3).drop("iso3"),
        figures=figures.filter(pl.col("iso3").list.contains(iso3)),
    )
