"""Prometheus metrics in the text exposition format (version 0.0.4), written without a client lib.

Counted per process: requests by route template, method and status; request latency histograms
by route; lookups by kind (suggest, concordance, terms, qa). Units per memory are read from the
store when ``/metrics`` is scraped, so they are right whichever worker served the writes.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["CONTENT_TYPE", "Metrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(pairs: Iterable[tuple[str, str]]) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in pairs)
    return "{" + inner + "}" if inner else ""


def _num(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(_BUCKETS))
    total: float = 0.0
    n: int = 0

    def observe(self, value: float) -> None:
        i = bisect.bisect_left(_BUCKETS, value)
        if i < len(self.counts):
            self.counts[i] += 1
        self.total += value
        self.n += 1


class Metrics:
    """Thread-safe counters and histograms of one server process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, str], int] = {}
        self._latency: dict[tuple[str, str], _Histogram] = {}
        self._lookups: dict[str, int] = {}

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            key = (method, route, str(status))
            self._requests[key] = self._requests.get(key, 0) + 1
            hist = self._latency.setdefault((method, route), _Histogram())
            hist.observe(seconds)

    def count_lookup(self, kind: str, n: int = 1) -> None:
        with self._lock:
            self._lookups[kind] = self._lookups.get(kind, 0) + n

    def request_count(self, method: str, route: str, status: int) -> int:
        with self._lock:
            return self._requests.get((method, route, str(status)), 0)

    def render(self, memory_units: Mapping[str, int] | None = None) -> str:
        """Return every metric in the Prometheus text format."""
        out: list[str] = []
        with self._lock:
            out.append("# HELP mkutano_http_requests_total HTTP requests by route and status.")
            out.append("# TYPE mkutano_http_requests_total counter")
            for (method, route, status), n in sorted(self._requests.items()):
                lbl = _labels([("method", method), ("route", route), ("status", status)])
                out.append(f"mkutano_http_requests_total{lbl} {n}")
            out.append("# HELP mkutano_http_request_duration_seconds Request latency by route.")
            out.append("# TYPE mkutano_http_request_duration_seconds histogram")
            for (method, route), h in sorted(self._latency.items()):
                base = [("method", method), ("route", route)]
                cumulative = 0
                for bound, c in zip(_BUCKETS, h.counts, strict=True):
                    cumulative += c
                    lbl = _labels([*base, ("le", _num(bound))])
                    out.append(f"mkutano_http_request_duration_seconds_bucket{lbl} {cumulative}")
                lbl = _labels([*base, ("le", "+Inf")])
                out.append(f"mkutano_http_request_duration_seconds_bucket{lbl} {h.n}")
                out.append(f"mkutano_http_request_duration_seconds_sum{_labels(base)} {h.total!r}")
                out.append(f"mkutano_http_request_duration_seconds_count{_labels(base)} {h.n}")
            out.append("# HELP mkutano_lookups_total Lookups served, by kind.")
            out.append("# TYPE mkutano_lookups_total counter")
            for kind, n in sorted(self._lookups.items()):
                out.append(f"mkutano_lookups_total{_labels([('kind', kind)])} {n}")
        if memory_units is not None:
            out.append("# HELP mkutano_memory_units Translation units stored, per memory.")
            out.append("# TYPE mkutano_memory_units gauge")
            for name, n in sorted(memory_units.items()):
                out.append(f"mkutano_memory_units{_labels([('memory', name)])} {n}")
        return "\n".join(out) + "\n"
