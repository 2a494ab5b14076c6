"""Function words of the languages mkutano knows best (it, en, sw), by base language.

Phrases that start or end with one are not offered as terms (:mod:`glossaries.candidates`) nor as
sub-segment phrases (:mod:`tm.subsegment`), and they do not count as content words.
"""

from __future__ import annotations

__all__ = ["STOP_WORDS"]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Case-folded function words by base language (elided Italian forms without their ').
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _wordset(
        "a an the of in on at to for from by with and or but as is are was were be been being "
        "this that these those it its their his her our your we they he she i you not no "
        "which who whom whose what when where how than then also has have had do does did will "
        "would can could may might shall should must into over under about between against "
        "during within without through all any each other such some more most very one two"
    ),
    "it": _wordset(
        "il lo la i gli le un uno una di del dello della dei degli delle a al allo alla ai agli "
        "alle da dal dallo dalla dai dagli dalle in nel nello nella nei negli nelle su sul sullo "
        "sulla sui sugli sulle con per tra fra e ed o od ma che chi cui non è sono era erano "
        "essere stato stata stati state ha hanno aveva questo questa questi queste quello quella "
        "quelli quelle suo sua suoi sue loro si ci ne anche come più dell all dall nell sull "
        "l un d"
    ),
    "sw": _wordset(
        "na kwa ya wa la za cha vya katika kati ni si au lakini pia kama hii huu hiyo hayo "
        "hizo yake wake zake lake chake vyake yao wao zao kuwa ili kwamba ambayo ambao ambapo "
        "ambaye ambazo ambalo ambacho hadi mpaka baada kabla juu chini zaidi sana pamoja "
        "moja mbili kila hata tu bado huo hilo hicho hao yeye wote yote zote kuhusu dhidi mwa"
    ),
}
