"""The Prometheus text rendering: counters, cumulative histogram buckets, escaped labels."""

from __future__ import annotations

from mkutano.api.metrics import Metrics


def _lines(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


def test_histogram_buckets_are_cumulative() -> None:
    m = Metrics()
    for seconds in (0.001, 0.02, 0.02, 3.0, 60.0):
        m.observe_request("POST", "/v1/suggest", 200, seconds)
    text = m.render()
    buckets = _lines(text, "mkutano_http_request_duration_seconds_bucket")
    counts = [int(b.rsplit(" ", 1)[1]) for b in buckets]
    assert counts == sorted(counts)
    assert counts[-1] == 5
    assert 'le="0.005"} 1' in buckets[0]
    assert any('le="0.025"} 3' in b for b in buckets)
    assert buckets[-1].endswith('le="+Inf"} 5')
    assert (
        'mkutano_http_request_duration_seconds_count{method="POST",route="/v1/suggest"} 5' in text
    )
    assert m.request_count("POST", "/v1/suggest", 200) == 5


def test_labels_are_escaped_and_units_reported() -> None:
    m = Metrics()
    m.count_lookup("suggest", 3)
    text = m.render({'we"ird\\name\n': 7, "g7": 60})
    assert 'mkutano_memory_units{memory="we\\"ird\\\\name\\n"} 7' in text
    assert 'mkutano_memory_units{memory="g7"} 60' in text
    assert 'mkutano_lookups_total{kind="suggest"} 3' in text
    for family in ("http_requests_total", "http_request_duration_seconds", "lookups_total"):
        assert f"# TYPE mkutano_{family} " in text
