"""Rendering findings: a terminal report, JSON, JUnit XML, SARIF 2.1.0 and a standalone HTML page.

Every renderer takes the findings and a :class:`ReportContext` saying what was checked (the
target file and its text when there is one, so spans can be shown as ``file:line:column`` and
highlighted). The JSON shape is the command-line contract::

    {"findings": [{"check", "severity", "message", "id", "span": {"start", "end"},
                   "source_span", "suggestion", "fingerprint", "lang", "family"}, ...],
     "summary": {"error": 0, "warning": 3, "info": 1, "total": 4}}
"""

from __future__ import annotations

import bisect
import html
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .catalog import CHECKS, check_info
from .errors import QAInputError
from .finding import Finding, Severity

__all__ = [
    "FORMATS",
    "ReportContext",
    "render",
    "render_html",
    "render_json",
    "render_junit",
    "render_sarif",
    "render_text",
    "report_fingerprints",
    "summary",
]

FORMATS = ("text", "json", "junit", "sarif")


@dataclass
class ReportContext:
    """What was checked: the target file's name and text (for line/column and excerpts)."""

    target_path: str | None = None
    target_text: str | None = None
    source_path: str | None = None
    title: str = "mkutano QA report"
    pair_texts: dict[str, str] | None = None  # pair id → target text (pairs input)
    skipped: dict[str, str] = field(default_factory=dict)  # check → why it did not run
    _starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int] | None:
        """1-based line and column of a character offset of the target text."""
        if self.target_text is None:
            return None
        if self._starts is None:
            self._starts = [0] + [i + 1 for i, c in enumerate(self.target_text) if c == "\n"]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def excerpt(self, f: Finding, width: int = 30) -> str:
        text = self.target_text
        start, end = f.span.start, f.span.end
        if text is None and self.pair_texts is not None and f.id is not None:
            text = self.pair_texts.get(f.id)
        if text is None:
            return ""
        if end - start > 2 * width:  # a whole segment: show its beginning
            head = text[start : start + 2 * width].replace("\n", " ")
            return f"⟦{head}…⟧"
        a, b = max(0, start - width), min(len(text), end + width)
        return (
            ("…" if a > 0 else "")
            + text[a:start].replace("\n", " ")
            + "⟦"
            + text[start:end].replace("\n", " ")
            + "⟧"
            + text[end:b].replace("\n", " ")
            + ("…" if b < len(text) else "")
        )


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Counts per severity and in total."""
    c = Counter(str(f.severity) for f in findings)
    return {
        "error": c.get("error", 0),
        "warning": c.get("warning", 0),
        "info": c.get("info", 0),
        "total": len(findings),
    }


def _where(f: Finding, ctx: ReportContext) -> str:
    lc = ctx.line_col(f.span.start)
    if ctx.target_path and lc:
        return f"{ctx.target_path}:{lc[0]}:{lc[1]}"
    if f.id is not None:
        return f"{ctx.target_path or 'pair'} {f.id}" if ctx.target_path else f"pair {f.id}"
    return ctx.target_path or "-"


def render_text(findings: Sequence[Finding], ctx: ReportContext | None = None) -> str:
    """A readable terminal report: one block per finding, then the counts."""
    ctx = ctx or ReportContext()
    lines: list[str] = []
    for f in findings:
        sugg = f"  → {f.suggestion}" if f.suggestion else ""
        lines.append(f"{_where(f, ctx)}: {f.severity} [{f.check}] {f.message}{sugg}")
        ex = ctx.excerpt(f)
        if ex:
            lines.append(f"    {ex}")
    s = summary(findings)
    lines.append(
        f"{s['total']} finding{'s' if s['total'] != 1 else ''}: {s['error']} error(s), "
        f"{s['warning']} warning(s), {s['info']} info"
    )
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[Finding], ctx: ReportContext | None = None) -> str:
    """``{"findings": [...], "summary": {...}}`` as one line of JSON."""
    return json.dumps(
        {"findings": [f.as_dict() for f in findings], "summary": summary(findings)},
        ensure_ascii=False,
    )


def report_fingerprints(data: bytes | str) -> set[str]:
    """The fingerprints of the findings of a JSON report (:func:`render_json`'s output)."""
    try:
        doc = json.loads(data)
        return {str(f["fingerprint"]) for f in doc["findings"] if f.get("fingerprint")}
    except (ValueError, KeyError, TypeError) as exc:
        raise QAInputError(f"not a JSON QA report (mkutano qa --format json): {exc}") from None


def render_junit(findings: Sequence[Finding], ctx: ReportContext | None = None) -> str:
    """JUnit XML: one test case per check; errors/warnings fail it, a check that did not run
    (``ctx.skipped``) is skipped with its reason."""
    ctx = ctx or ReportContext()
    by_check: dict[str, list[Finding]] = {c: [] for c in CHECKS}
    for f in findings:
        by_check.setdefault(f.check, []).append(f)
    suites = etree.Element("testsuites", name="mkutano-qa")
    failures_total = 0
    suite_of: dict[str, Any] = {}
    for check, found in by_check.items():
        family = check_info(check).family
        if family not in suite_of:
            suite_of[family] = etree.SubElement(suites, "testsuite", name=f"qa.{family}")
        case = etree.SubElement(suite_of[family], "testcase", classname=f"qa.{family}", name=check)
        if check in ctx.skipped and not found:
            etree.SubElement(case, "skipped", message=ctx.skipped[check])
            continue
        failing = [f for f in found if f.severity is not Severity.INFO]
        if failing:
            failures_total += 1
            worst = max(failing, key=lambda f: f.severity.rank)
            fail = etree.SubElement(
                case,
                "failure",
                message=f"{len(failing)} finding(s): {worst.message}",
                type=str(worst.severity),
            )
            fail.text = "\n".join(f"{_where(f, ctx)}: {f.message}" for f in failing)
        infos = [f for f in found if f.severity is Severity.INFO]
        if infos:
            out = etree.SubElement(case, "system-out")
            out.text = "\n".join(f"{_where(f, ctx)}: {f.message}" for f in infos)
    for suite in suite_of.values():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    suites.set("tests", str(len(by_check)))
    suites.set("failures", str(failures_total))
    suites.set(
        "skipped", str(sum(1 for c in suites.iter("testcase") if c.find("skipped") is not None))
    )
    return etree.tostring(suites, encoding="unicode", pretty_print=True)


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(findings: Sequence[Finding], ctx: ReportContext | None = None) -> str:
    """SARIF 2.1.0: one run, the check catalogue as rules, one result per finding."""
    ctx = ctx or ReportContext()
    rule_ids = sorted({f.check for f in findings} | set(CHECKS))
    index = {r: i for i, r in enumerate(rule_ids)}
    rules = []
    for r in rule_ids:
        info = check_info(r)
        rules.append(
            {
                "id": r,
                "name": r.replace("-", " ").replace(":", " "),
                "shortDescription": {"text": info.summary},
                "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]},
                "properties": {"family": info.family},
            }
        )
    results = []
    for f in findings:
        region: dict[str, Any] = {
            "charOffset": f.span.start,
            "charLength": max(0, f.span.end - f.span.start),
        }
        lc = ctx.line_col(f.span.start)
        if lc:
            region["startLine"], region["startColumn"] = lc
            end = ctx.line_col(f.span.end)
            if end:
                region["endLine"], region["endColumn"] = end
        result: dict[str, Any] = {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": ctx.target_path or "pairs"},
                        "region": region,
                    },
                    **(
                        {"logicalLocations": [{"name": f.id, "kind": "segment"}]}
                        if f.id is not None
                        else {}
                    ),
                }
            ],
            "partialFingerprints": {"mkutanoFinding/v1": f.fingerprint},
        }
        if f.suggestion is not None:
            result["properties"] = {"suggestion": f.suggestion}
        if f.suppressed_by:
            result["suppressions"] = [{"kind": "external", "justification": f.suppressed_by}]
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mkutano-qa",
                        "informationUri": "https://example.invalid/mkutano/docs/qa.md",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;
vertical-align:top;text-align:left}th{background:#f3f3f3}.error{background:#fdd}
.warning{background:#ffe9b3}.info{background:#e3f0ff}mark.error{background:#f99}
mark.warning{background:#fd6}mark.info{background:#bdf}pre.doc{white-space:pre-wrap;
border:1px solid #ccc;padding:1em;background:#fafafa}code{font-size:90%}
"""


def render_html(findings: Sequence[Finding], ctx: ReportContext | None = None) -> str:
    """A standalone HTML page for a reviewer: counts, the highlighted text, a findings table."""
    ctx = ctx or ReportContext()
    esc = html.escape
    s = summary(findings)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{esc(ctx.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(ctx.title)}</h1>",
        f"<p>{esc(ctx.target_path or '')} — <b>{s['error']}</b> error(s), "
        f"<b>{s['warning']}</b> warning(s), <b>{s['info']}</b> info.</p>",
    ]
    if ctx.target_text is not None:
        parts.append("<h2>Target text</h2><pre class='doc'>")
        pos = 0
        text = ctx.target_text
        numbered = sorted(enumerate(findings, start=1), key=lambda nf: nf[1].span.start)
        for n, f in numbered:
            if f.span.start < pos:
                continue  # overlapping spans are listed in the table only
            parts.append(esc(text[pos : f.span.start]))
            pos = f.span.start
            title = esc(f"{f.check}: {f.message}")
            if f.span.end - f.span.start > 200 or f.span.end <= f.span.start:
                # a whole segment (or a point): a numbered flag, not a highlight
                parts.append(
                    f"<sup class='{f.severity}' title='{title}'><a href='#f{n}'>[{n}]</a></sup>"
                )
                continue
            parts.append(
                f"<mark class='{f.severity}' title='{title}'>"
                f"{esc(text[f.span.start : f.span.end])}</mark>"
                f"<sup><a href='#f{n}'>{n}</a></sup>"
            )
            pos = f.span.end
        parts.append(esc(text[pos:]) + "</pre>")
    parts.append(
        "<h2>Findings</h2><table><tr><th>#</th><th>Where</th><th>Severity</th><th>Check</th>"
        "<th>Message</th><th>Suggestion</th><th>Context</th></tr>"
    )
    for n, f in enumerate(findings, start=1):
        parts.append(
            f"<tr class='{f.severity}' id='f{n}'><td>{n}</td><td>{esc(_where(f, ctx))}</td>"
            f"<td>{f.severity}</td><td><code>{esc(f.check)}</code></td>"
            f"<td>{esc(f.message)}</td><td>{esc(f.suggestion or '')}</td>"
            f"<td>{esc(ctx.excerpt(f))}<br><small>fingerprint {esc(f.fingerprint)}</small>"
            "</td></tr>"
        )
    parts.append("</table></body></html>\n")
    return "".join(parts)


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext | None = None) -> str:
    """Render in one of :data:`FORMATS` (or ``html``)."""
    renderers = {
        "text": render_text,
        "json": render_json,
        "junit": render_junit,
        "sarif": render_sarif,
        "html": render_html,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(renderers)}")
    return renderers[fmt](findings, ctx)
