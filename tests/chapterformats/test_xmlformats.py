from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.errors import ParseError


def test_writes_podlove_simple_chapters(episode):
    assert render(episode, "psc") == dedent(
        """\
        <?xml version="1.0" encoding="UTF-8"?>
        <psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">
          <psc:chapter start="00:00:00.000" title="Intro &amp; &lt;welcome&gt;"/>
          <psc:chapter start="00:01:05.000" title="Middle: a=b; #x \\ &#34;y&#34;"/>
          <psc:chapter start="01:01:40.500" title="End" href="https://example.com/end"/>
        </psc:chapters>
        """
    )


def test_reads_psc_inside_a_feed_with_short_npt_times():
    text = dedent(
        """\
        <rss xmlns:psc="http://podlove.org/simple-chapters"><channel><item>
        <psc:chapters version="1.2">
          <psc:chapter start="0" title="Welcome"/>
          <psc:chapter start="3:07.5" title="Intro &amp; more" image="http://e.com/i.jpg"/>
          <psc:chapter start="1:03:07" title="Late"/>
        </psc:chapters></item></channel></rss>
        """
    )
    got = parse_chapters(text, path="feed.xml")
    assert [(c.start, c.title) for c in got] == [(0, "Welcome"), (187_500, "Intro & more"), (3_787_000, "Late")]
    assert got[1].img == "http://e.com/i.jpg"


def test_psc_bad_time_names_the_element_line():
    text = '<psc:chapters version="1.2" xmlns:psc="http://podlove.org/simple-chapters">\n' \
           '<psc:chapter start="0" title="A"/>\n<psc:chapter start="soon" title="B"/>\n</psc:chapters>\n'
    with pytest.raises(ParseError) as e:
        parse_chapters(text, format="psc", path="c.xml")
    assert (e.value.line, e.value.text) == (3, "soon")


def test_writes_matroska_chapters_for_mkvmerge(episode):
    short = episode.__class__(episode.chapters[1:2], duration=None)
    assert render(short, "mkvxml") == dedent(
        """\
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE Chapters SYSTEM "matroskachapters.dtd">
        <Chapters>
          <EditionEntry>
            <ChapterAtom>
              <ChapterTimeStart>00:01:05.000000000</ChapterTimeStart>
              <ChapterTimeEnd>01:01:40.500000000</ChapterTimeEnd>
              <ChapterDisplay>
                <ChapterString>Middle: a=b; #x \\ &#34;y&#34;</ChapterString>
                <ChapterLanguage>eng</ChapterLanguage>
              </ChapterDisplay>
            </ChapterAtom>
          </EditionEntry>
        </Chapters>
        """
    )


def test_reads_matroska_chapters_and_reports_malformed_xml():
    got = parse_chapters(
        "<Chapters><EditionEntry><ChapterAtom><ChapterTimeStart>00:00:01.123456789</ChapterTimeStart>"
        "<ChapterDisplay><ChapterString>A</ChapterString></ChapterDisplay></ChapterAtom></EditionEntry></Chapters>",
        format="mkvxml",
    )
    assert [(c.start, c.title) for c in got] == [(1_123, "A")]
    with pytest.raises(ParseError) as e:
        parse_chapters("<Chapters>\n<EditionEntry>\n</Chapters>\n", format="mkvxml", path="c.xml")
    assert e.value.line == 3 and "mismatched tag" in e.value.message
