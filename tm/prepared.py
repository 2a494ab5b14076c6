"""A unit made ready for storage: validated, serialised, keyed, and tokenised for the index.

Both store backends go through :func:`prepare_unit`, so validation, the duplicate keys and what
the index holds per variant are the same everywhere. Tokenising is the expensive part of an
import; :class:`Preparer` runs it (with the serialising and keying) inline for small inputs and
on a process pool (both cores) once an import grows past one batch.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import re
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from mkutano.tmx import Unit, base_language, normalize_language

from .codec import content_key, decode_unit, encode_unit, source_key
from .errors import InvalidInputError
from .tokens import index_tokens

__all__ = [
    "PreparedUnit",
    "PreparedVariant",
    "Preparer",
    "check_memory_name",
    "collect_prepared",
    "count_usage",
    "date_bound",
    "prepare_many",
    "prepare_unit",
    "query_base",
    "utc_now",
    "validate_unit",
]


class PreparedVariant(NamedTuple):
    """What the index keeps for one variant.

    Compact, because it travels back from the worker processes: token lists are space-joined
    strings (tokens never contain whitespace), split only where they are used.
    """

    vidx: int  # position in unit.variants
    lang: str  # normalised full tag
    base: str  # base language
    joined: str  # index_tokens(), in order, space-separated (as the store keeps them)
    ntokens: int  # how many
    distinct: str  # the distinct tokens, in order of first use, space-separated: one posting each

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.joined.split())

    @property
    def distinct_tokens(self) -> list[str]:
        return self.distinct.split()


class PreparedUnit:
    """A unit ready for storage. ``unit`` may be left out (a unit prepared on the process that
    read the file): it is then decoded from ``data`` when first asked for, which only the
    duplicate policy does, for a unit whose content key is already stored."""

    __slots__ = ("_unit", "content", "data", "source", "variants")

    def __init__(
        self,
        unit: Unit | None,
        data: str,
        content: int,
        source: int,
        variants: tuple[PreparedVariant, ...],
    ) -> None:
        self._unit = unit
        self.data = data  # encode_unit(unit)
        self.content = content  # content_key
        self.source = source  # source_key
        self.variants = variants

    @property
    def unit(self) -> Unit:
        if self._unit is None:
            self._unit = decode_unit(self.data)
        return self._unit

    def with_unit(self, unit: Unit) -> PreparedUnit:
        """The same keys and index entries for ``unit`` (same content, merged metadata)."""
        return PreparedUnit(unit, encode_unit(unit), self.content, self.source, self.variants)


# What a worker process sends back for a unit: everything of PreparedUnit but the unit itself,
# the variants as plain tuples (a named tuple pickles through Python code, a plain one does not).
_Prepared = tuple[str, int, int, tuple[tuple[int, str, str, str, int, str], ...]]


def utc_now() -> str:
    """The store's timestamp format: UTC ISO-8601 with microseconds (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")


def date_bound(value: str | None, *, upper: bool) -> str | None:
    """Turn a user's date (``2026-11-27``, ``2026-11-27T10:00:00Z``, TMX ``20261127T100000Z``)
    into a bound comparable with stored timestamps; a bare upper date includes its whole day."""
    if value is None:
        return None
    v = value.strip()
    m = _TMX_DATE.match(v)
    if m:
        y, mo, d, hh, mm, ss = m.groups()
        v = f"{y}-{mo}-{d}" + (f"T{hh}:{mm}:{ss}Z" if hh else "")
    if not _ISO.match(v):
        raise InvalidInputError(f"invalid date {value!r}: use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
    v = v.replace(" ", "T").rstrip("Z")
    try:
        datetime.fromisoformat(v)
    except ValueError:
        raise InvalidInputError(
            f"invalid date {value!r}: no such day or time (use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"
        ) from None
    if len(v) == 10:
        return v + ("T23:59:59.999999Z" if upper else "T00:00:00.000000Z")
    if len(v) == 16:
        v += ":00"
    if len(v) == 19:
        v += ".999999" if upper else ".000000"
    return v + "Z"


def check_memory_name(name: str) -> str:
    """Return ``name`` stripped; :class:`InvalidInputError` if it is empty or too long."""
    clean = name.strip()
    if not clean or len(clean) > 200:
        raise InvalidInputError(
            f"invalid memory name {name!r}: use 1 to 200 characters, e.g. 'g7-rome-lyon'"
        )
    return clean


def count_usage(unit: Unit) -> None:
    """Count one use in the unit's TMX attributes: ``usagecount`` + 1, ``lastusagedate`` now."""
    try:
        count = int(unit.attrs.get("usagecount", "0"))
    except ValueError:
        count = 0
    unit.attrs["usagecount"] = str(count + 1)
    unit.attrs["lastusagedate"] = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def query_base(lang: str) -> str:
    """The base language of a tag given in a query; :class:`InvalidInputError` if it is bad."""
    try:
        return base_language(lang)
    except ValueError as exc:
        raise InvalidInputError(f"language {lang!r}: {exc}") from exc


def validate_unit(unit: Unit) -> list[tuple[str, str]]:
    """Check a unit can be stored; return each variant's (normalised tag, base language).

    Raises :class:`InvalidInputError` naming the problem (no variant, bad language tag).
    """
    if not unit.variants:
        raise InvalidInputError("unit has no variant (<tuv>); add at least one language")
    out: list[tuple[str, str]] = []
    for i, v in enumerate(unit.variants):
        try:
            lang = normalize_language(v.lang)
        except ValueError as exc:
            raise InvalidInputError(f"variant {i + 1}: {exc}") from exc
        out.append((lang, base_language(lang)))
    return out


def _prepare(unit: Unit, srclang: str | None, tokens: Sequence[Sequence[str]] | None) -> _Prepared:
    langs = validate_unit(unit)
    if tokens is None:
        tokens = [
            index_tokens(v.segment.plain, lang, cached=False)  # texts of an import are new
            for v, (lang, _) in zip(unit.variants, langs, strict=True)
        ]
    return (
        encode_unit(unit),
        content_key(unit),
        source_key(unit, srclang),
        tuple(
            (i, lang, base, " ".join(toks), len(toks), " ".join(dict.fromkeys(toks)))
            for i, ((lang, base), toks) in enumerate(zip(langs, tokens, strict=True))
        ),
    )


def _prepared(unit: Unit | None, done: _Prepared) -> PreparedUnit:
    data, content, source, variants = done
    return PreparedUnit(unit, data, content, source, tuple(map(PreparedVariant._make, variants)))


def prepare_unit(
    unit: Unit, srclang: str | None = None, tokens: Sequence[Sequence[str]] | None = None
) -> PreparedUnit:
    """Validate and key ``unit``; tokenise its variants unless ``tokens`` are given."""
    return _prepared(unit, _prepare(unit, srclang, tokens))


def prepare_many(units: list[Unit], srclang: str | None) -> list[_Prepared | str]:
    """Each unit prepared, or the reason it cannot be stored (it is then skipped)."""
    out: list[_Prepared | str] = []
    for u in units:
        try:
            out.append(_prepare(u, srclang, None))
        except InvalidInputError as exc:
            out.append(str(exc))
    return out


def collect_prepared(
    done: Sequence[_Prepared | str], units: Sequence[Unit | None], lines: Sequence[int | None]
) -> tuple[list[PreparedUnit], list[tuple[int | None, str]]]:
    """What :func:`prepare_many` returned, as prepared units (``units`` the parsed ones, or
    None to decode them when needed) and the (line, reason) of the units it could not store."""
    prepared: list[PreparedUnit] = []
    invalid: list[tuple[int | None, str]] = []
    for u, line, p in zip(units, lines, done, strict=True):
        if isinstance(p, str):
            invalid.append((line, p))
        else:
            prepared.append(_prepared(u, p))
    return prepared, invalid


class Preparer:
    """Prepare batches of units (tokenise, serialise, key), on worker processes when asked to.

    Used as a context manager; ``submit`` returns a future so the caller can write one batch
    while the next ones are being prepared.
    """

    def __init__(self, workers: int | None = None) -> None:
        if workers is None:
            workers = min(4, os.cpu_count() or 1)
        self.workers = workers
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def result(
        self,
        future: concurrent.futures.Future[list[_Prepared | str]],
        units: list[Unit],
        srclang: str | None,
    ) -> tuple[list[PreparedUnit], list[tuple[int | None, str]]]:
        """The prepared units of a submitted batch (prepared inline if the worker pool broke),
        and the (line, reason) of the units that cannot be stored."""
        try:
            done = future.result()
        except concurrent.futures.BrokenExecutor:
            self.workers = 1
            done = prepare_many(units, srclang)
        return collect_prepared(done, units, [u.line for u in units])

    def submit(
        self, units: list[Unit], srclang: str | None, *, parallel: bool
    ) -> concurrent.futures.Future[list[_Prepared | str]]:
        """Prepare ``units``: inline, or on the pool when ``parallel`` and workers > 1."""
        if parallel and self.workers > 1:
            if self._pool is None:
                # fork is cheapest, but forking a process that runs threads (the API server) can
                # deadlock the child: there, start workers from a clean forkserver instead.
                method = "fork" if threading.active_count() == 1 else "forkserver"
                ctx = multiprocessing.get_context(method)
                self._pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=ctx)
            try:
                return self._pool.submit(prepare_many, units, srclang)
            except concurrent.futures.BrokenExecutor:
                self.workers = 1  # the pool could not start (e.g. no fork here): go on inline
        fut: concurrent.futures.Future[list[_Prepared | str]] = concurrent.futures.Future()
        try:
            fut.set_result(prepare_many(units, srclang))
        except Exception as exc:
            fut.set_exception(exc)
        return fut
