"""What we write, we read back: chapter starts at the format's precision, and titles."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clipper.chapterformats import CHAPTER_FORMATS, parse_chapters, render
from clipper.chapterformats._common import clean_title
from clipper.chapterformats.cue import FPS, QUOTE
from clipper.chapterformats.youtube import youtube_fixups
from clipper.errors import ClipperError
from clipper.model import Chapter, ChapterList

# Printable titles, already trimmed; no control or surrogate characters (no format carries them).
_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff"),
    min_size=1,
    max_size=40,
).map(clean_title).filter(bool)
# Titles full of the characters formats must quote or escape: quotes (CUE has no escape for '"'), markup, entities.
_QUOTED = st.text(st.sampled_from(list('Compost "gold" \'tis <b>&amp; “x” ; # \\ =')), min_size=1, max_size=30) \
    .map(clean_title).filter(bool)
_TITLES = st.one_of(_TEXT, _QUOTED)
# YouTube lines read "0:00 - Title" as a separator: a title cannot itself start with one.
_YT_TEXT = _TEXT.filter(lambda t: not (t[:1] in "-\u2013\u2014|:" and t[1:2] == " "))


@st.composite
def chapter_lists(draw, titles=_TITLES):
    n = draw(st.integers(1, 12))
    gaps = draw(st.lists(st.integers(0, 2_000_000), min_size=n, max_size=n))
    starts, t = [], draw(st.integers(0, 5_000))
    for g in gaps:
        starts.append(t)
        t += g
    duration = draw(st.one_of(st.none(), st.just(t)))
    chs = []
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < n else (duration if duration is not None else s)
        chs.append(Chapter(s, end, draw(titles)))
    return ChapterList(tuple(chs), title=draw(st.one_of(st.none(), _TEXT)), duration=duration)


def _frames(ms: int) -> int:
    return (ms * FPS + 500) // 1000


PRECISION = {  # start as the format keeps it
    "json": lambda ms: ms,
    "vtt": lambda ms: ms,
    "ffmetadata": lambda ms: ms,
    "psc": lambda ms: ms,
    "mkvxml": lambda ms: ms,
    "audacity": lambda ms: ms,
    "mp4chaps": lambda ms: ms,
    "cue": _frames,
}
# CUE writes '"' as QUOTE (it has no escape) and reads it back: only a title holding QUOTE itself changes.
NOT_CARRIED = {"cue": QUOTE}


def test_every_readable_format_has_a_round_trip_test():
    assert set(CHAPTER_FORMATS.names(readable=True)) == set(PRECISION) | {"youtube"}


@pytest.mark.parametrize("name", sorted(PRECISION))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cl=chapter_lists())
def test_read_write_round_trip(name, cl):
    bad = NOT_CARRIED.get(name)
    assume(not bad or not any(bad in c.title for c in cl) and bad not in (cl.title or ""))
    back = parse_chapters(render(cl, name), format=name)
    keep = PRECISION[name]
    assert [keep(c.start) for c in back] == [keep(c.start) for c in cl]
    assert [c.title for c in back] == [c.title for c in cl]
    if name == "cue":  # the sheet's own TITLE is the episode's
        assert back.title == cl.title


@settings(max_examples=100, deadline=None)
@given(cl=chapter_lists(titles=_YT_TEXT))
def test_youtube_round_trip_in_whole_seconds(cl):
    try:
        fixed, _ = youtube_fixups(cl)
    except ClipperError:
        return  # fewer than 3 chapters of 10 s: nothing to write
    assert youtube_fixups(fixed) == (fixed, [])  # fixing twice changes nothing (the CLI and writer both fix)
    back = parse_chapters(render(cl, "youtube"), format="youtube")
    assert [c.start for c in back] == [c.start // 1000 * 1000 for c in fixed]
    assert [c.title for c in back] == [c.title for c in fixed]
    assert back[0].start == 0 and len(back) >= 3
    assert all(b.start // 1000 - a.start // 1000 >= 10 for a, b in zip(back, back.chapters[1:]))
