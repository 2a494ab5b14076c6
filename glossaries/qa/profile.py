"""Per-project QA profile: which checks run, at what severity, custom regex rules, suppressions.

A profile is a TOML or JSON file::

    [checks]
    disable = ["length-ratio", "double-space"]     # check ids or whole families ("tags")
    [checks.severity]
    glued-words = "error"

    [language]
    allow = ["fentanyl", "online"]                 # never reported as another language's words

    [[rules]]                                      # custom regex rules → check "custom:NAME"
    name = "no-jeshi"
    pattern = "\\bJeshi la Polisi\\b"
    message = "the State Police is 'Polisi ya Taifa'"
    severity = "error"
    suggestion = "Polisi ya Taifa"
    ignore_case = false
    lang = "sw"                                    # optional: only for this target language

    [[suppressions]]                               # a finding accepted by a reviewer
    fingerprint = "3f1c0a9e5b7d2c44"
    who = "amina"
    why = "the client's own spelling"
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mkutano.tmx.lang import language_match

from .catalog import CHECKS, FAMILIES, check_info
from .errors import ProfileError
from .finding import Finding, Severity, TextSpan

__all__ = ["Profile", "RegexRule", "Suppression", "load_profile", "record_suppression"]


@dataclass(frozen=True)
class RegexRule:
    """A custom rule: a finding wherever ``pattern`` matches the target text."""

    name: str
    pattern: re.Pattern[str]
    message: str
    severity: Severity = Severity.WARNING
    suggestion: str | None = None
    lang: str | None = None

    @property
    def check_id(self) -> str:
        return f"custom:{self.name}"

    def run(self, text: str, lang: str, pair_id: str | None) -> list[Finding]:
        if self.lang and not _lang_ok(self.lang, lang):
            return []
        return [
            Finding(
                check=self.check_id,
                severity=self.severity,
                message=f"{self.message}: '{m.group()}'",
                span=TextSpan(m.start(), m.end()),
                family="custom",
                suggestion=self.suggestion,
                id=pair_id,
                lang=lang,
            )
            for m in self.pattern.finditer(text)
            if m.end() > m.start()
        ]


def _lang_ok(wanted: str, lang: str) -> bool:
    try:
        return language_match(wanted, lang) > 0
    except ValueError:
        return False


@dataclass(frozen=True)
class Suppression:
    """A finding a reviewer accepted, by its fingerprint, with who accepted it and why."""

    fingerprint: str
    who: str
    why: str


@dataclass
class Profile:
    """What a project runs: disabled checks/families, severities, rules, suppressions, allowed words."""

    disabled: set[str] = field(default_factory=set)
    severities: dict[str, Severity] = field(default_factory=dict)
    rules: list[RegexRule] = field(default_factory=list)
    suppressions: dict[str, Suppression] = field(default_factory=dict)
    allowed_words: set[str] = field(default_factory=set)
    name: str = "default"

    def enabled(self, check_id: str) -> bool:
        """Whether a check runs (neither it nor its family is disabled)."""
        if check_id in self.disabled:
            return False
        try:
            family = check_info(check_id).family
        except KeyError:
            return True
        return family not in self.disabled

    def family_enabled(self, family: str) -> bool:
        """Whether at least one check of ``family`` runs."""
        if family in self.disabled:
            return False
        ids = [c.id for c in CHECKS.values() if c.family == family]
        return any(self.enabled(i) for i in ids) if ids else True

    def apply(self, findings: Iterable[Finding], *, keep_suppressed: bool = False) -> list[Finding]:
        """Drop disabled checks, set the profile's severities, mark (or drop) suppressed ones."""
        out: list[Finding] = []
        for f in findings:
            if not self.enabled(f.check):
                continue
            if f.check in self.severities:
                f = replace(f, severity=self.severities[f.check])
            s = self.suppressions.get(f.fingerprint)
            if s is not None:
                if not keep_suppressed:
                    continue
                f = replace(f, suppressed_by=f"{s.who}: {s.why}")
            out.append(f)
        return out

    def suppress(self, fingerprint: str, who: str, why: str) -> Suppression:
        """Record that ``who`` accepted the finding ``fingerprint`` because ``why``."""
        if not who.strip() or not why.strip():
            raise ProfileError("a suppression needs who accepted the finding and why")
        s = Suppression(fingerprint, who.strip(), why.strip())
        self.suppressions[fingerprint] = s
        return s

    def to_dict(self) -> dict[str, Any]:
        """The profile as JSON-ready data (``load_profile`` reads it back)."""
        return {
            "checks": {
                "disable": sorted(self.disabled),
                "severity": {k: str(v) for k, v in sorted(self.severities.items())},
            },
            "language": {"allow": sorted(self.allowed_words)},
            "rules": [
                {
                    "name": r.name,
                    "pattern": r.pattern.pattern,
                    "message": r.message,
                    "severity": str(r.severity),
                    "suggestion": r.suggestion,
                    "ignore_case": bool(r.pattern.flags & re.IGNORECASE),
                    "lang": r.lang,
                }
                for r in self.rules
            ],
            "suppressions": [
                {"fingerprint": s.fingerprint, "who": s.who, "why": s.why}
                for s in self.suppressions.values()
            ],
        }

    def save(self, path: str | Path) -> None:
        """Write the profile as JSON (suppressions included)."""
        Path(path).write_text(
            json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, name: str = "<profile>") -> Profile:
        """Build a profile from parsed TOML/JSON; :class:`ProfileError` names what is wrong."""
        if not isinstance(data, Mapping):
            raise ProfileError(f"{name}: a profile is a table/object at the top level")
        known = set(CHECKS) | set(FAMILIES)
        checks = data.get("checks", {}) or {}
        disabled = set(checks.get("disable", []) or [])
        for c in disabled:
            if c not in known:
                raise ProfileError(
                    f"{name}: [checks] disable: unknown check or family {c!r} "
                    f"(known: {', '.join(sorted(known))})"
                )
        severities: dict[str, Severity] = {}
        for k, v in (checks.get("severity", {}) or {}).items():
            if k not in CHECKS and not k.startswith("custom:"):
                raise ProfileError(f"{name}: [checks.severity]: unknown check {k!r}")
            severities[k] = _severity(v, name, f"[checks.severity] {k}")
        rules: list[RegexRule] = []
        for i, r in enumerate(data.get("rules", []) or [], start=1):
            where = f"{name}: rule {i}"
            if not isinstance(r, Mapping) or not r.get("name") or not r.get("pattern"):
                raise ProfileError(f"{where}: a rule needs at least 'name' and 'pattern'")
            try:
                pattern = re.compile(
                    str(r["pattern"]), re.IGNORECASE if r.get("ignore_case") else 0
                )
            except re.error as exc:
                raise ProfileError(
                    f"{where} ({r['name']}): bad regular expression: {exc}"
                ) from None
            rules.append(
                RegexRule(
                    name=str(r["name"]),
                    pattern=pattern,
                    message=str(r.get("message") or f"rule {r['name']} matched"),
                    severity=_severity(r.get("severity", "warning"), name, f"rule {r['name']}"),
                    suggestion=r.get("suggestion"),
                    lang=r.get("lang"),
                )
            )
        suppressions: dict[str, Suppression] = {}
        for i, s in enumerate(data.get("suppressions", []) or [], start=1):
            if not isinstance(s, Mapping) or not all(
                s.get(k) for k in ("fingerprint", "who", "why")
            ):
                raise ProfileError(f"{name}: suppression {i}: needs 'fingerprint', 'who' and 'why'")
            suppressions[str(s["fingerprint"])] = Suppression(
                str(s["fingerprint"]), str(s["who"]), str(s["why"])
            )
        allowed = {str(w).lower() for w in (data.get("language", {}) or {}).get("allow", [])}
        return cls(disabled, severities, rules, suppressions, allowed, name=name)


def _severity(value: Any, name: str, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ProfileError(
            f"{name}: {where}: severity {value!r} is not one of error, warning, info"
        ) from None


def load_profile(path: str | Path) -> Profile:
    """Read a profile from a ``.toml`` or ``.json`` file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{p}: cannot read the profile: {exc.strerror or exc}") from None
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProfileError(
            f"{p}: not valid {'JSON' if p.suffix == '.json' else 'TOML'}: {exc}"
        ) from None
    return Profile.from_dict(data, name=str(p))


def _toml_string(value: str) -> str:
    # a JSON string with non-ASCII escaped is a valid TOML basic string
    return json.dumps(value, ensure_ascii=True)


def record_suppression(
    path: str | Path,
    fingerprint: str,
    who: str,
    why: str,
    *,
    known: Iterable[str] | None = None,
) -> Suppression:
    """Add a suppression to the profile file at ``path`` (created when missing).

    A TOML profile gets a ``[[suppressions]]`` table appended (its comments and layout stay); a
    JSON profile is rewritten. The file is read back to make sure it is still a valid profile.
    With ``known`` (the fingerprints of a report), a fingerprint that is not among them is
    rejected: a mistyped one would otherwise suppress nothing, silently.
    """
    p = Path(path)
    if not re.fullmatch(r"[0-9a-f]{16}", fingerprint):
        raise ProfileError(f"{fingerprint!r} is not a finding fingerprint (16 hex digits)")
    if known is not None and fingerprint not in set(known):
        raise ProfileError(
            f"{fingerprint}: no finding of the report has this fingerprint "
            "(copy it from the report's 'fingerprint' field)"
        )
    profile = load_profile(p) if p.exists() else Profile(name=str(p))
    s = profile.suppress(fingerprint, who, why)
    if p.suffix.lower() == ".json":
        profile.save(p)
    else:
        block = (
            "\n[[suppressions]]\n"
            f"fingerprint = {_toml_string(s.fingerprint)}\n"
            f"who = {_toml_string(s.who)}\n"
            f"why = {_toml_string(s.why)}\n"
        )
        try:
            with p.open("a", encoding="utf-8") as fh:
                fh.write(block)
        except OSError as exc:
            raise ProfileError(f"{p}: cannot write the profile: {exc.strerror or exc}") from None
    load_profile(p)
    return s
