"""The catalogue of QA checks: each check's id, family, default severity and documentation.

Check ids are stable (profiles, suppressions and scripts refer to them). The example of each
check is a (source, target) pair that triggers it; ``docs/qa.md`` is generated from the same
table in spirit and the tests assert that every example really triggers its check.
"""

from __future__ import annotations

from dataclasses import dataclass

from .finding import Finding, Severity, TextSpan

__all__ = ["CHECKS", "FAMILIES", "CheckInfo", "check_info", "new_finding"]


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """One check: its id, family, default severity, what it finds and an example pair."""

    id: str
    family: str
    severity: Severity
    summary: str
    example_source: str = ""
    example_target: str = ""
    needs_source: bool = True  # False: also runs on a target text checked alone


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_ALL = [
    # terminology -----------------------------------------------------------------------------
    CheckInfo(
        "term-missing",
        "terminology",
        E,
        "A glossary term of the source has no approved rendering in the target "
        "(inflected forms count).",
        "La criminalità organizzata è una minaccia.",
        "Uhalifu ni tishio.",
    ),
    CheckInfo(
        "term-forbidden",
        "terminology",
        E,
        "The target uses a term the glossary marks forbidden; the preferred one is suggested.",
        "La lotta contro la criminalità informatica.",
        "Mapambano dhidi ya it-brottslighet.",
        needs_source=False,
    ),
    CheckInfo(
        "term-deprecated",
        "terminology",
        W,
        "The target uses a deprecated or superseded term; the preferred one is suggested.",
        "Le criptovalute.",
        "Sarafu za siri.",
        needs_source=False,
    ),
    CheckInfo(
        "term-dnt",
        "terminology",
        E,
        "A do-not-translate term of the source is missing or altered in the target.",
        "Il Gruppo incontra l'INTERPOL.",
        "Kundi linakutana na Interpol.",
    ),
    CheckInfo(
        "acronym-missing",
        "terminology",
        W,
        "An acronym of the source is missing or changed in the target.",
        "La riunione dell'OSCE a Vienna.",
        "Mkutano wa OSC mjini Vienna.",
    ),
    CheckInfo(
        "acronym-full-form",
        "terminology",
        W,
        "An acronym and the full form written beside it belong to different glossary concepts.",
        "",
        "UNODC (Taasisi ya Utafiti ya Uhalifu na Haki ya Umoja wa Mataifa)",
        needs_source=False,
    ),
    # consistency -----------------------------------------------------------------------------
    CheckInfo(
        "inconsistent-translation",
        "consistency",
        W,
        "The same source is translated differently within the checked text (the example: the "
        "source twice, translated once each way).",
        "Il Gruppo Roma/Lione si è riunito.",
        "Kundi la Rome/Lyon lilikutana. ‖ Kikundi cha Roma/Lyon kilikutana.",
    ),
    CheckInfo(
        "inconsistent-source",
        "consistency",
        INFO,
        "The same target is used for different sources within the checked text.",
        "Il Gruppo si è riunito. ‖ Il Sottogruppo si è riunito.",
        "Kundi lilikutana.",
    ),
    CheckInfo(
        "memory-inconsistent",
        "consistency",
        W,
        "The memory holds another translation of the same source.",
        "Il Gruppo si è riunito a Roma.",
        "Kundi lilikutana Roma. (the memory has: Kundi lilikutana mjini Roma.)",
    ),
    # numbers ---------------------------------------------------------------------------------
    CheckInfo(
        "number-mismatch",
        "numbers",
        E,
        "A number of the source is missing in the target, or the target has an extra one "
        "(locale forms, ranges and spelled-out small numbers are tolerated).",
        "Si terrà dal 2 al 4 ottobre.",
        "Utafanyika tarehe 2 - 5 Oktoba.",
    ),
    CheckInfo(
        "number-format",
        "numbers",
        W,
        "A number of an English or Swahili text written with Italian separators (1.500, 2,5): "
        "those languages group thousands with a comma and write a decimal point.",
        "Costa 1.500 euro.",
        "Inagharimu euro 1.500.",
    ),
    CheckInfo(
        "date-mismatch",
        "numbers",
        E,
        "A month named in the source is missing or different in the target.",
        "Il 2 ottobre.",
        "Tarehe 2 Novemba.",
    ),
    CheckInfo(
        "url-mismatch",
        "numbers",
        E,
        "A URL of the source is missing or altered in the target.",
        "Vedi https://www.interno.gov.it.",
        "Tazama https://www.interno.gov.",
    ),
    CheckInfo(
        "email-mismatch",
        "numbers",
        E,
        "An e-mail address of the source is missing or altered in the target.",
        "Scrivere a info@g7.it.",
        "Andika kwa info@g7.com.",
    ),
    # language --------------------------------------------------------------------------------
    CheckInfo("empty-target", "language", E, "The target is empty.", "Roma.", ""),
    CheckInfo(
        "untranslated",
        "language",
        W,
        "The target equals the source (names, acronyms and numbers alone are not flagged).",
        "La riunione si è svolta a Roma.",
        "La riunione si è svolta a Roma.",
    ),
    CheckInfo(
        "foreign-fragment",
        "language",
        W,
        "Words of another language are left in the target (lingua's mixed-text detection).",
        "",
        "Juu ya somo la usalama kwa ukubwa it na kupigana it-brottslighet.",
        needs_source=False,
    ),
    # spelling --------------------------------------------------------------------------------
    CheckInfo(
        "spelling",
        "spelling",
        INFO,
        "A word that neither the target language's Hunspell dictionary, its morphology, the "
        "glossary nor the memory knows, one edit away from a word that is known.",
        "",
        "Ugonjwa huu huathiri binadaum wote.",
        needs_source=False,
    ),
    # typography ------------------------------------------------------------------------------
    CheckInfo(
        "glued-words",
        "typography",
        W,
        "Two words run together without a space (ugaidihuleta, INTERPOLUNODC).",
        "",
        "mapambano dhidi ya uhalifu na ugaidihuleta pamoja huduma",
        needs_source=False,
    ),
    CheckInfo(
        "double-space",
        "typography",
        INFO,
        "Two or more spaces between words.",
        "",
        "Kundi  la G7.",
        needs_source=False,
    ),
    CheckInfo(
        "repeated-word",
        "typography",
        W,
        "The same word twice in a row.",
        "",
        "Mkutano wa wa kwanza.",
        needs_source=False,
    ),
    CheckInfo(
        "stray-full-stop",
        "typography",
        W,
        "A full stop inside a sentence, followed by a lower-case word or by what the source "
        "keeps in the same sentence.",
        "",
        "Naibu Mkurugenzi Mkuu. wa Usalama wa Umma",
        needs_source=False,
    ),
    CheckInfo(
        "unpaired-bracket",
        "typography",
        W,
        "An opening bracket without its closing one, or the reverse.",
        "",
        "UNODC (Ofisi ya Umoja wa Mataifa",
        needs_source=False,
    ),
    CheckInfo(
        "unpaired-quote",
        "typography",
        W,
        "A quotation mark without its partner.",
        "",
        "kulingana na mantiki ya “kufuata fedha.",
        needs_source=False,
    ),
    CheckInfo(
        "end-punctuation",
        "typography",
        W,
        "The source and the target end with different punctuation.",
        "Si è riunito il Gruppo?",
        "Kundi lilikutana.",
    ),
    CheckInfo(
        "length-ratio",
        "typography",
        INFO,
        "The target is much shorter or longer than the source for this language pair.",
        "La riunione si è svolta a Roma presso il Ministero degli Affari Esteri.",
        "Roma.",
    ),
    # tags ------------------------------------------------------------------------------------
    CheckInfo(
        "tag-mismatch",
        "tags",
        E,
        "Inline tags (placeholders) of the source are missing, extra or reordered in the target.",
        "<1>Roma</1> e <2/>Lione",
        "<1>Roma</1> na Lyon",
    ),
]

CHECKS: dict[str, CheckInfo] = {c.id: c for c in _ALL}
FAMILIES: tuple[str, ...] = (
    "terminology",
    "consistency",
    "numbers",
    "language",
    "spelling",
    "typography",
    "tags",
    "custom",
)


def check_info(check_id: str) -> CheckInfo:
    """The catalogue entry of a check; custom rules (``custom:NAME``) get a generic one."""
    if check_id in CHECKS:
        return CHECKS[check_id]
    if check_id.startswith("custom:"):
        return CheckInfo(check_id, "custom", Severity.WARNING, "A custom regex rule.")
    raise KeyError(check_id)


def new_finding(
    check_id: str,
    message: str,
    start: int,
    end: int,
    *,
    lang: str = "",
    source_span: tuple[int, int] | None = None,
    suggestion: str | None = None,
    pair_id: str | None = None,
) -> Finding:
    """A finding of ``check_id`` with its catalogue family and default severity."""
    info = check_info(check_id)
    return Finding(
        check=check_id,
        severity=info.severity,
        message=message,
        span=TextSpan(start, end),
        family=info.family,
        source_span=TextSpan(*source_span) if source_span else None,
        suggestion=suggestion,
        id=pair_id,
        lang=lang,
    )
