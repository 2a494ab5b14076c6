"""SRX 2.0 reading: cascade, exceptions, language maps, Java regex translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tmx.srx import SRXError, java_to_python_regex, read_srx

_SRX = b"""<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="%s"/>
<body><languagerules>
<languagerule languagerulename="English">
<rule break="no"><beforebreak>\\bMr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
</languagerule>
<languagerule languagerulename="Default">
<rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
</languagerule>
</languagerules>
<maprules>
<languagemap languagepattern="EN.*" languagerulename="English"/>
<languagemap languagepattern=".*" languagerulename="Default"/>
</maprules></body></srx>"""


def test_cascade_applies_exceptions_then_default_breaks() -> None:
    rules = read_srx(_SRX % b"yes")
    text = "Mr. Smith came. He left."
    assert rules.breaks(text, "en") == [15]


def test_without_cascade_only_the_first_matching_map_is_used() -> None:
    rules = read_srx(_SRX % b"no")
    # English rules only: the exception, no break rule at all.
    assert rules.breaks("Mr. Smith came. He left.", "en-GB") == []
    assert rules.breaks("Mr. Smith came. He left.", "it") == [3, 15]


def test_bad_regex_is_reported_with_its_line() -> None:
    bad = _SRX.replace(b"\\bMr\\.", b"(unclosed") % b"yes"
    with pytest.raises(SRXError, match=r"line 6"):
        read_srx(bad)


def test_not_srx_is_rejected() -> None:
    with pytest.raises(SRXError, match="not <srx>"):
        read_srx(b"<tmx/>")


def test_java_quoting_and_classes_are_translated() -> None:
    assert java_to_python_regex(r"\Qa.b\E") == r"a\.b"
    assert java_to_python_regex(r"\p{javaLowerCase}") == r"\p{Lowercase}"
    assert java_to_python_regex(r"\x{41}") == r"\U00000041"


@pytest.mark.parametrize(
    "name",
    [
        "okapi/defaultSegmentation.srx",
        "okapi/okapi_default_icu4j.srx",
        "omegat/defaultRules.srx",
        "languagetool-segment/SrxTest_copy_of_LanguageTool_segment_2017.srx",
        "maxprograms-openxliff/default.srx",
    ],
)
def test_real_srx_files_load_and_segment(corpus: Path, name: str) -> None:
    rules = read_srx(corpus / "srx" / name)
    assert rules.language_rules
    breaks = rules.breaks("This is one sentence. This is another one.", "en")
    assert 21 in breaks or 22 in breaks


def test_format_handles_are_read_with_srx_defaults() -> None:
    rules = read_srx(_SRX % b"yes")
    assert rules.format_handles == {"start": False, "end": True, "isolated": False}
    custom = _SRX.replace(
        b'cascade="%s"/>', b'cascade="%s"><formathandle type="start" include="yes"/></header>'
    )
    assert read_srx(custom % b"yes").format_handles["start"] is True
