"""Property: write → read returns the same units (inline markup and metadata included)."""

from __future__ import annotations

import html
import io
import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.tmx import Header, Note, Prop, Segment, Tag, Unit, Variant, read_tmx, write_tmx
from mkutano.tmx.xmlsafe import is_xml_char_legal

# any character XML 1.0 allows, \r and \t included
xml_chars = st.characters(codec="utf-8").filter(is_xml_char_legal)
text = st.text(xml_chars, max_size=20)
nonempty_text = st.text(xml_chars, min_size=1, max_size=20)
name = st.from_regex(r"[a-z][a-z0-9-]{0,7}", fullmatch=True)
lang = st.sampled_from(["en", "it", "sw", "en-GB", "sw-KE", "it-IT", "fr-CA", "EN-US", "swh"])


def attr_dict(exclude: frozenset[str] = frozenset()) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(name.filter(lambda n: n not in exclude), text, max_size=3)


def _escape(t: str) -> str:
    return html.escape(t, quote=False).replace("\r", "&#13;")


def _sub(t: str) -> str:
    # the canonical form the reader produces (lxml serialisation): an empty sub is <sub/>
    return f"<sub>{_escape(t)}</sub>" if t else "<sub/>"


# a tag's code is XML text: escaped native code, possibly with <sub> elements
code = st.lists(st.one_of(text.map(_escape), text.map(_sub)), max_size=3).map("".join)


def _attrs_tuple(d: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(d.items())


def _code_tag(kind: str, attrs: dict[str, str], body: str) -> Tag:
    if kind == "it":
        pos = attrs.get("pos")
        role = "open" if pos == "begin" else "close" if pos == "end" else "empty"
    else:
        role = {"bpt": "open", "ept": "close"}.get(kind, "empty")
    return Tag(kind, role, _attrs_tuple(attrs), body)  # type: ignore[arg-type]


it_attrs = st.tuples(st.sampled_from(["begin", "end"]), attr_dict(frozenset({"pos"}))).map(
    lambda t: {"pos": t[0], **t[1]}
)
code_tag = st.one_of(
    st.builds(_code_tag, st.sampled_from(["bpt", "ept", "ph", "ut"]), attr_dict(), code),
    st.builds(_code_tag, st.just("it"), it_attrs, code),
)


def parts(depth: int) -> st.SearchStrategy[list[str | Tag]]:
    leaf: st.SearchStrategy[list[str | Tag]] = st.one_of(
        nonempty_text.map(lambda t: [t]), code_tag.map(lambda t: [t])
    )
    if depth > 0:
        hi = st.builds(
            lambda a, inner: [Tag("hi", "open", _attrs_tuple(a)), *inner, Tag("hi", "close")],
            attr_dict(),
            parts(depth - 1),
        )
        leaf = st.one_of(leaf, hi)
    return st.lists(leaf, max_size=4).map(lambda groups: [p for g in groups for p in g])


def _normalise(items: list[str | Tag]) -> Segment:
    out: list[str | Tag] = []
    for p in items:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return Segment(tuple(out))


segment = parts(2).map(_normalise)
prop = st.builds(Prop, text, text, attr_dict(frozenset({"type"})))
note = st.builds(Note, text, attr_dict())
variant = st.builds(
    Variant,
    lang,
    segment,
    attr_dict(frozenset({"lang"})),
    st.lists(prop, max_size=2),
    st.lists(note, max_size=2),
)
unit = st.builds(
    Unit,
    st.lists(variant, min_size=1, max_size=3),
    attr_dict(),
    st.lists(prop, max_size=2),
    st.lists(note, max_size=2),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(unit, max_size=3), attr_dict(), st.lists(prop, max_size=2))
def test_write_then_read_returns_the_same_units(
    units: list[Unit], header_attrs: dict[str, str], header_props: list[Prop]
) -> None:
    buf = io.BytesIO()
    header = Header(attrs=header_attrs, props=header_props)
    assert write_tmx(buf, header, units) == len(units)
    buf.seek(0)
    with read_tmx(buf, strict=True) as doc:
        assert list(doc) == units
        assert doc.header.props == header_props
        for key, value in header_attrs.items():
            assert doc.header.attrs[key] == value
    assert doc.units_read == len(units)
    assert doc.units_skipped == 0


@settings(max_examples=60, deadline=None)
@given(segment)
def test_written_segments_read_back_with_the_same_placeholders(seg: Segment) -> None:
    buf = io.BytesIO()
    write_tmx(buf, Header(), [Unit([Variant("sw", seg)])])
    buf.seek(0)
    with read_tmx(buf) as doc:
        (u,) = list(doc)
    assert u.variants[0].segment.with_placeholders() == seg.with_placeholders()
    assert u.variants[0].segment.plain == seg.plain


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit, st.none() | st.integers(1, 10**6), st.none() | st.integers(1, 10**6))
def test_units_pickle_to_the_same_units_with_their_lines(
    u: Unit, line: int | None, vline: int | None
) -> None:
    # imports send units to worker processes pickled; ``line`` does not take part in ==
    u.line = line
    u.variants[0].line = vline
    back = pickle.loads(pickle.dumps(u, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == u
    assert back.line == line
    assert back.variants[0].line == vline
    assert [type(p) for v in back.variants for p in v.segment.parts] == [
        type(p) for v in u.variants for p in v.segment.parts
    ]
