"""Clip lists (--clips FILE): YAML or CSV, every malformed row named by its line."""
from textwrap import dedent

import pytest

from clipper.clips.spec import ClipSpec, load_clips, parse_clips
from clipper.errors import InputError, ParseError


def test_yaml_list_of_quotes_ranges_and_chapters():
    text = dedent("""\
        # clips for episode 452
        - quote: "I am optimistic about meaning."
          title: Meaning
        - start: 00:01:03
          end: 74.5
        - chapter: 3
          title: Claude
        - Just a bare quote, said once
        - quote: the curves
          occurrence: 2
        """)
    specs = parse_clips(text, path="clips.yaml")
    assert specs == [
        ClipSpec(quote="I am optimistic about meaning.", title="Meaning"),
        ClipSpec(start=63_000, end=74_500),
        ClipSpec(chapter=3, title="Claude"),
        ClipSpec(quote="Just a bare quote, said once"),
        ClipSpec(quote="the curves", occurrence=2),
    ]
    assert [s.line for s in specs] == [2, 4, 6, 8, 9]
    assert [s.kind for s in specs] == ["quote", "range", "chapter", "quote", "quote"]


def test_yaml_mapping_with_clips_key_and_detection_by_content():
    specs = parse_clips("clips:\n  - quote: one\n  - {start: '1:00', end: '1:30.250'}\n", path="batch.txt")
    assert specs == [ClipSpec(quote="one"), ClipSpec(start=60_000, end=90_250)]


def test_csv_with_header_any_column_order():
    text = 'title,start,end,quote\nFirst,,,"Well, I don\'t know"\nSecond,0:10,0:20.5,\n'
    specs = parse_clips(text, path="clips.csv")
    assert specs == [ClipSpec(quote="Well, I don't know", title="First"), ClipSpec(start=10_000, end=20_500, title="Second")]
    assert [s.line for s in specs] == [2, 3]


@pytest.mark.parametrize(
    "name, text, line, words",
    [
        ("clips.yaml", "- quote: a\n- start: 10\n", 2, "range clip needs both"),
        ("clips.yaml", "- quote: a\n  start: 1\n  end: 2\n", 1, "one of"),
        ("clips.yaml", "- quote: a\n- qoute: b\n", 2, "unknown clip field 'qoute'"),
        ("clips.yaml", "- start: 20\n  end: 10\n", 1, "end must come after"),
        ("clips.yaml", "- start: 1:75\n  end: 2:00\n", 1, "bad clip"),
        ("clips.yaml", "- quote: a\n- [1, 2]\n", 2, "a clip is a mapping"),
        ("clips.yaml", "- quote: 'unclosed\n", 1, "not valid YAML"),
        ("clips.yaml", "- chapter: 0\n", 1, "numbered from 1"),
        ("clips.yaml", "- quote: a\n  occurrence: two\n", 1, "whole number"),
        ("clips.csv", "quote,start\nhello,\n,12\n", 3, "range clip needs both"),
        ("clips.csv", "hello world\n", 1, "first row must name the columns"),
        ("clips.csv", "quote\na,b\n", 2, "2 cells"),
    ],
)
def test_malformed_rows_name_file_and_line(name, text, line, words):
    with pytest.raises(ParseError) as e:
        parse_clips(text, path=name)
    assert e.value.path == name and e.value.line == line
    assert words in str(e.value)
    assert str(e.value).startswith(f"{name}:{line}: ")


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(ParseError, match="no clips"):
        parse_clips("[]\n", path="c.yaml")
    empty = tmp_path / "c.yaml"
    empty.write_text("\n")
    with pytest.raises(InputError, match="empty"):
        load_clips(empty)
    with pytest.raises(InputError, match="no such file"):
        load_clips(tmp_path / "missing.csv")


def test_load_reads_crlf_and_bom(tmp_path):
    p = tmp_path / "clips.csv"
    p.write_bytes(b"\xef\xbb\xbfquote,title\r\nhello there,Hi\r\n")
    assert load_clips(p) == [ClipSpec(quote="hello there", title="Hi")]
