"""The library's own exceptions: every bad argument ends up as one of these."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the CLI imports this)
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "AmbiguousCountryError",
    "DataIntegrityError",
    "IncompatibleOptionsError",
    "InvalidArgumentError",
    "InvalidValueError",
    "InvalidSearchError",
    "IomAnnualError",
    "MissingDependencyError",
    "OutputExistsError",
    "UnknownCategoryError",
    "UnknownColumnError",
    "UnknownCountryError",
    "UnknownDatasetError",
    "UnknownFormatError",
    "UnknownGradeError",
    "UnknownKindError",
    "UnknownMetricError",
    "UnknownNationalityError",
    "UnknownQualifierError",
    "UnknownThemeError",
    "UnknownYearError",
    "close_matches",
    "hash_difference",
]


class IomAnnualError(Exception):
    """Base class of every error raised on purpose by ``iom_annual``.

    Every subclass survives pickling with its message and attributes, so an
    error raised in a ``multiprocessing`` or ``concurrent.futures`` worker
    reaches the parent intact.

    Examples
    --------
    >>> import pickle
    >>> import iom_annual
    >>> error = iom_annual.UnknownDatasetError("staf", ["staff_by_grade"])
    >>> pickle.loads(pickle.dumps(error)).suggestions
    ('staff_by_grade',)
    """

    def __reduce__(self) -> tuple[object, ...]:
        # The default rebuilds ``cls(*self.args)``, but subclasses take other
        # arguments than their message (and a caller may reword ``args``):
        # rebuild without calling ``__init__``, then restore args and attributes.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[IomAnnualError], args: tuple[object, ...], state: dict[str, object]) -> IomAnnualError:
    """Rebuild a pickled error (see :meth:`IomAnnualError.__reduce__`)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class InvalidArgumentError(IomAnnualError, ValueError):
    """An argument names something that does not exist.

    The message names the valid options (or as many as are useful) and the
    closest matches; both are also kept as attributes.

    Attributes
    ----------
    kind : str
        What was asked for ("dataset", "nationality", ...).
    value : object
        What the caller passed.
    options : tuple of str
        Every valid value.
    suggestions : tuple of str
        The closest valid values, best first (may be empty).

    Examples
    --------
    Every "unknown name" error of the package is one: catch this class to
    handle them all, and read what the caller could have meant.

    >>> import iom_annual
    >>> try:
    ...     iom_annual.staff_by_grade("professional", grade="P-6")
    ... except iom_annual.InvalidArgumentError as exc:
    ...     print(exc.kind, exc.value, exc.suggestions, len(exc.options))
    grade P-6 ('P-5', 'P-4', 'P-3') 12
    """

    kind = "value"

    def __init__(self, value: object, options: Iterable[str]) -> None:
        self.value = value
        self.options = tuple(options)
        self.suggestions = close_matches(str(value), self.options)
        super().__init__(self._message())

    def _message(self) -> str:
        quoted = repr(self.value)  # the caller's input, cut so that the message stays readable
        message = f"unknown {self.kind} {quoted if len(quoted) <= 80 else quoted[:79] + '…'}"
        if self.suggestions:
            message += f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?"
        else:
            message += "."
        shown = self.options if len(self.options) <= 12 else (*self.options[:12], "...")
        return f"{message} Valid options: {', '.join(shown)} ({len(self.options)} in all)."


class InvalidValueError(IomAnnualError, ValueError):
    """A number that cannot be used: not finite (NaN or infinite), say (also a ``ValueError``).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.value_phrase(float("nan"), "people")
    Traceback (most recent call last):
    ...
    iom_annual.InvalidValueError: value must be a finite number, not nan
    """


class UnknownDatasetError(InvalidArgumentError):
    """No bundled dataset has this name.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.load("staf_headcount")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iom_annual.UnknownDatasetError: unknown dataset 'staf_headcount'; did you mean 'staff_headcount'? ...
    """

    kind = "dataset"


class UnknownNationalityError(InvalidArgumentError):
    """Neither a nationality printed in the annexes nor its ISO 3166-1 alpha-3 code.

    Examples
    --------
    The closest names and codes are suggested ("KNA" is Saint Kitts and Nevis):

    >>> import iom_annual
    >>> try:
    ...     iom_annual.staff_by_nationality(nationality="Kenia")
    ... except iom_annual.UnknownNationalityError as exc:
    ...     print(exc.suggestions)
    ('Kenya', 'KNA', 'KEN')
    """

    kind = "nationality"


class UnknownCountryError(UnknownNationalityError):
    """No country of the report has this name, ISO3 or M49 code.

    A subclass of :class:`UnknownNationalityError`, which callers may already catch.

    Attributes
    ----------
    known_as : str or None
        For a name of a country the staff annexes do not print ("North
        Korea"), that country as "Name (ISO3)"; None when no country has the name.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.country("Atlantis")
    ... except iom_annual.UnknownNationalityError as exc:
    ...     print(type(exc).__name__, exc.kind)
    UnknownCountryError country
    """

    kind = "country"

    def __init__(self, value: object, options: Iterable[str], *, known_as: str | None = None) -> None:
        # A country the name table knows but the report has no row for ("North Korea").
        self.known_as = known_as
        super().__init__(value, options)

    def _message(self) -> str:
        if self.known_as is None:
            return super()._message()
        options = super()._message().split(" Valid options: ", 1)[-1]
        return (f"{self.value!r} is {self.known_as}, which the report's staff annexes do not print, "
                f"so it has no profile. Valid options: {options}")


class AmbiguousCountryError(UnknownCountryError):
    """A name that means more than one country ("Congo", "Korea", "Dominican").

    Never resolved to one of them: the message lists the candidates with
    their ISO3 codes.  A subclass of :class:`UnknownCountryError`.

    Attributes
    ----------
    candidates : tuple of str
        The countries the name may mean, as ``"Name (ISO3)"``.
    options : tuple of str
        Their ISO3 codes.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.country("Congo")
    ... except iom_annual.AmbiguousCountryError as exc:
    ...     print(exc.candidates)
    ('Democratic Republic of the Congo (COD)', 'Republic of the Congo (COG)')
    """

    def __init__(self, value: object, candidates: Iterable[str]) -> None:
        self.candidates = tuple(candidates)
        super().__init__(value, [c.rsplit("(", 1)[-1].rstrip(")") for c in self.candidates])

    def _message(self) -> str:
        *first, last = self.candidates
        return (f"ambiguous country {self.value!r}: it may mean {', '.join(first)} or {last}. "
                f"Valid options: {', '.join(self.options)} or any name of one of them.")


class UnknownCategoryError(InvalidArgumentError):
    """Not a staff category (``general_service`` or ``professional``).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.grades("prof")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    iom_annual.UnknownCategoryError: unknown category 'prof'; did you mean 'professional'?
    Valid options: general_service, professional (2 in all).
    """

    kind = "category"


class UnknownGradeError(InvalidArgumentError):
    """Not a grade printed in the annex of the requested category.

    Annex I, Table 2's grade groups (``"Ungraded"``, ``"D-1–D-2"``) are valid
    grades too, and listed among the options.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.staff_by_grade("professional", grade="P-6")
    ... except iom_annual.UnknownGradeError as exc:
    ...     print(exc.options)
    ('E-1', 'E-2', 'D-2', 'D-1', 'P-5', 'P-4', 'P-3', 'P-2', 'P-1', 'UG', 'Ungraded', 'D-1–D-2')
    """

    kind = "grade"


class UnknownColumnError(InvalidArgumentError, KeyError):
    """Not a column of the dataset asked for (also a ``KeyError``).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.dataset("staff_by_grade").column("staf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iom_annual.UnknownColumnError: unknown column 'staf'; did you mean 'staff'? ...
    """

    kind = "column"

    def __str__(self) -> str:
        # KeyError would show the message quoted, as if it were a missing key.
        return Exception.__str__(self)


class UnknownThemeError(InvalidArgumentError, AttributeError):
    """Not a theme of the narrative figures (also an ``AttributeError``).

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.operations.washh
    ... except AttributeError as exc:  # getattr(..., default) works as for any object
    ...     print(type(exc).__name__, exc.suggestions)
    UnknownThemeError ('wash',)
    """

    kind = "theme"


class UnknownMetricError(InvalidArgumentError, AttributeError):
    """Not a metric of the theme asked for (also an ``AttributeError``).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.operations.wash.people  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    iom_annual.UnknownMetricError: unknown metric 'people'; did you mean 'people_supported'?
    Valid options: operation_countries, people_supported (2 in all).
    """

    kind = "metric"


class UnknownQualifierError(InvalidArgumentError):
    """Not a qualifier of the narrative figures (the ``qualifier`` column of ``key_figures``).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.value_phrase(2_500, "people", "approx")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    iom_annual.UnknownQualifierError: unknown qualifier 'approx'; did you mean 'approximate'?
    Valid options: exact, approximate, lower_bound, upper_bound (4 in all).
    """

    kind = "qualifier"


# Finance

class UnknownYearError(InvalidArgumentError):
    """A year the finance series does not cover.

    Attributes
    ----------
    reason : str or None
        For a year the package leaves out on purpose or that is missing
        upstream, why (from ``finance_checks``); None for any other year.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.finance_donors(2012)
    ... except iom_annual.UnknownYearError as exc:
    ...     print(exc.options[0], exc.options[-1])
    2013 2024

    A year the package leaves out on purpose says why (``reason``, from the
    ``finance_checks`` dataset):

    >>> try:
    ...     iom_annual.finance_by_country(2015)
    ... except iom_annual.UnknownYearError as exc:
    ...     print(exc.reason)
    IOM's expenses by country in 2015 are left out of finance_by_country (see finance_checks)
    """

    kind = "year"

    def __init__(self, value: object, options: Iterable[str], reason: str | None = None) -> None:
        self.reason = reason  # read by _message(), which the base's __init__ calls
        super().__init__(value, options)

    def _message(self) -> str:
        if self.reason is None:
            asked = self.value
            if isinstance(asked, int) and self.options:  # the nearest year, not one spelt alike (2030: 2024)
                self.suggestions = (min(self.options, key=lambda y: (abs(int(y) - asked), y)),)
            return super()._message()
        # A year left out on purpose: why, and the years there are (no look-alike years).
        return f"no year {self.value!r}: {self.reason}. Years: {', '.join(self.options)}."


# Data files (raised by the loader and the registry)

class DataIntegrityError(IomAnnualError):
    """A bundled data file is missing, damaged or not the one the build recorded.

    Attributes
    ----------
    file : str
        The file's name inside ``iom_annual/data``.
    problem : str
        What is wrong with it.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     frame = iom_annual.load("staff_headcount")
    ... except iom_annual.DataIntegrityError as exc:  # a damaged installation
    ...     print(exc.file, exc.problem)
    ... else:
    ...     print("checked")
    checked
    """

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"data file {file} {problem}; the installed package is damaged: "
                         "run 'iom-annual verify' and reinstall iom-annual")


# Search

class UnknownKindError(InvalidArgumentError):
    """Not one of the kinds of thing :func:`iom_annual.search` finds.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.search("vaccination", kind="figures!")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    iom_annual.UnknownKindError: unknown kind 'figures!'; did you mean 'figure'?
    Valid options: figure, dataset, column, theme, country (5 in all).
    """

    kind = "kind"


class InvalidSearchError(IomAnnualError, ValueError):
    """A query that is not text or is blank, or a ``limit`` that is not a positive integer.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.search("vaccination", limit=0)
    ... except iom_annual.InvalidSearchError as exc:
    ...     print(type(exc).__name__)
    InvalidSearchError
    """


# Export

class UnknownFormatError(InvalidArgumentError):
    """Not a format this library writes (``export``) or gives (``cite``).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.export("staff_headcount", "xls")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    iom_annual.UnknownFormatError: unknown format 'xls'; did you mean 'xlsx'?
    Valid options: csv, parquet, json, xlsx (4 in all).
    """

    kind = "format"


class MissingDependencyError(IomAnnualError, ImportError):
    """An optional dependency is needed; the message gives the install command.

    Also an ``ImportError``.  Raised by :func:`to_pandas` and
    :func:`to_arrow` without pandas or pyarrow, and by :func:`export` to
    Excel without xlsxwriter.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     frame = iom_annual.to_pandas("staff_headcount")
    ... except iom_annual.MissingDependencyError as exc:  # without pandas or pyarrow
    ...     print(exc)
    ... else:
    ...     print(type(frame).__module__.split(".")[0], frame.shape)
    pandas (7, 5)
    """


class OutputExistsError(IomAnnualError, FileExistsError):
    """The output file exists and replacing it was not asked for.

    Attributes
    ----------
    path : str
        The file that would have been replaced.

    Examples
    --------
    >>> import iom_annual, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "headcount.csv"
    >>> iom_annual.export("staff_headcount", "csv", out)
    >>> try:
    ...     iom_annual.export("staff_headcount", "csv", out)
    ... except iom_annual.OutputExistsError as exc:
    ...     print(str(exc).split("; ")[1])
    pass overwrite=True (on the command line: --force) to replace it
    >>> iom_annual.export("staff_headcount", "csv", out, overwrite=True)
    """

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{quote(path)} exists; pass overwrite=True (on the command line: --force) "
                         "to replace it")


class IncompatibleOptionsError(IomAnnualError, ValueError):
    """Two arguments that cannot go together, or an output path that cannot be used.

    Examples
    --------
    >>> import iom_annual
    >>> try:
    ...     iom_annual.export("staff_headcount", "json", hxl=True)
    ... except iom_annual.IncompatibleOptionsError as exc:
    ...     print(exc)
    hxl=True (--hxl) needs format csv: json has no row for HXL hashtags
    """


def quote(text: str, limit: int = 80) -> str:
    """User input in a message: quoted, and cut so that a message stays one readable line."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")




def hash_difference(got: str, recorded: str) -> str:
    """Two hex digests shown far enough to see where they differ."""
    same = next((i for i, (a, b) in enumerate(zip(got, recorded, strict=False)) if a != b), len(got))
    width = max(12, same + 4)
    return f"sha256 {got[:width]}… differs from the recorded {recorded[:width]}…"


def close_matches(value: str, options: Iterable[str], n: int = 3) -> tuple[str, ...]:
    """The options closest to ``value``, compared without regard to case."""
    import difflib  # only once there is an error to explain

    by_folded: dict[str, str] = {}
    for option in options:
        by_folded.setdefault(option.casefold(), option)
    folded = value.strip().casefold()
    hits = difflib.get_close_matches(folded, list(by_folded), n=n, cutoff=0.6)
    starts = [k for k in by_folded if folded and k.startswith(folded) and k not in hits]
    return tuple(by_folded[k] for k in [*hits, *starts][:n])


# Shown as ``iom_annual.UnknownNationalityError`` in tracebacks: the public name.
# Every class of ``__all__``, so that a new error cannot be missed.
for _name in __all__:
    _cls = globals()[_name]
    if isinstance(_cls, type):
        _cls.__module__ = "iom_annual"
