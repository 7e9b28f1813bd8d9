import json
from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.errors import ParseError


def test_writes_podcasting20_json_chapters_1_2(episode):
    assert render(episode, "json") == dedent(
        """\
        {
          "version": "1.2.0",
          "title": "Ep 1: Tests",
          "chapters": [
            {
              "startTime": 0,
              "endTime": 65,
              "title": "Intro & <welcome>"
            },
            {
              "startTime": 65,
              "endTime": 3700.5,
              "title": "Middle: a=b; #x \\\\ \\"y\\""
            },
            {
              "startTime": 3700.5,
              "endTime": 3800,
              "title": "End",
              "url": "https://example.com/end"
            }
          ]
        }
        """
    )


def test_whole_seconds_are_ints_and_fractions_floats(episode):
    doc = json.loads(render(episode, "json"))
    assert [type(c["startTime"]) for c in doc["chapters"]] == [int, int, float]


def test_reads_spec_example_with_silent_chapter():
    text = dedent(
        """\
        {"version": "1.2.0", "title": "Episode 7", "chapters": [
          {"startTime": 0, "title": "Intro"},
          {"startTime": 168, "title": "Hearing Aids", "img": "https://example.com/h.jpg"},
          {"startTime": 4826, "img": "https://example.com/paris.jpg", "toc": false},
          {"startTime": 5510.25, "title": "The Big Players", "url": "https://example.com"}
        ]}
        """
    )
    got = parse_chapters(text, path="c.json")
    assert got.title == "Episode 7"
    assert [(c.start, c.end, c.title) for c in got] == [
        (0, 168_000, "Intro"), (168_000, 5_510_250, "Hearing Aids"), (5_510_250, 5_510_250, "The Big Players")
    ]
    assert got[1].img == "https://example.com/h.jpg" and got[2].url == "https://example.com"
    assert got.warnings == ('c.json: left out 1 silent chapter(s) ("toc": false)',)


def test_bad_start_time_names_the_chapter_line():
    text = '{\n  "version": "1.2.0",\n  "chapters": [\n    {"startTime": 0, "title": "A"},\n    {"startTime": "1:00", "title": "B"}\n  ]\n}\n'
    with pytest.raises(ParseError) as e:
        parse_chapters(text, format="json", path="c.json")
    assert (e.value.line, e.value.text) == (5, '"1:00"')
    got = parse_chapters(text, format="json", lenient=True)
    assert [c.title for c in got] == ["A"] and "skipped 1" in got.warnings[0]


def test_broken_json_gives_decoder_line():
    with pytest.raises(ParseError) as e:
        parse_chapters('{"chapters": [\n{"startTime": 0,,}\n]}', format="json")
    assert e.value.line == 2
