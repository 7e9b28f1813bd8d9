"""`clipper inspect` in process, against exact output."""
from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

from typer.testing import CliRunner

from clipper.cli import app

runner = CliRunner()
BACKWARDS = Path(__file__).resolve().parents[1] / "data" / "stamped" / "backwards_stamp.txt"


def test_transcript_page(lex_page):
    r = runner.invoke(app, ["inspect", str(lex_page)])
    assert r.exit_code == 0, r.output
    assert r.stdout == dedent(f"""\
        file:     {lex_page}
        kind:     transcript
        format:   stamped
        segments: 780
        words:    54,764
        timing:   timed
        duration: 5:14:26
        speakers: 4: Dario Amodei, Lex Fridman, Amanda, Chris Olah
        """)


def test_summary_page(seed_summary):
    r = runner.invoke(app, ["inspect", str(seed_summary)])
    assert r.exit_code == 0, r.output
    assert r.stdout == dedent(f"""\
        file:     {seed_summary}
        kind:     summary
        format:   page
        title:    Dario Amodei: Anthropic CEO on Claude, AGI & the Future of AI & Humanity | Lex Fridman Podcast #452
        sections: 37 (37 with text)
        words:    2,264
        timing:   untimed
           1. Introduction
           2. Scaling laws
        """) + "".join(r.stdout.splitlines(keepends=True)[9:])
    headings = r.stdout.splitlines()[7:]
    assert len(headings) == 37 and headings[-1] == "  37. Beauty of neural networks"
    assert headings.count("  12. Post-training") == 1 and sum("Post-training" in h for h in headings) == 2



def test_page_chrome_between_sections_is_named_on_stderr(tmp_path):
    page = tmp_path / "notes.txt"
    page.write_text(dedent("""\
        Episode 9

        Brief Summary

        A talk about many things in the world and the way they change over the years.

        Intro

        The host welcomes the guest and they talk about how they met in the city many years ago and what happened since then.

        Advertisement

        Music

        They talk about music they love and how it shaped them, from records in their childhood to concerts they played together.

        Share this page
        """))
    r = runner.invoke(app, ["inspect", str(page)])
    assert r.exit_code == 0, r.output
    assert r.stdout.endswith("  1. Intro\n  2. Music\n")
    assert r.stderr == f"warning: {page}:11: left out 'Advertisement' between sections (page chrome)\n"

def test_untimed_captions(seed_human):
    r = runner.invoke(app, ["inspect", str(seed_human)])
    assert r.exit_code == 0, r.output
    assert "format:   plaintext\nsegments: 528\nwords:    59,420\ntiming:   untimed\nspeakers: none named\n" in r.stdout


def test_chapter_list_as_json(lex_official):
    r = runner.invoke(app, ["inspect", "--json", str(lex_official)])
    assert r.exit_code == 0, r.output
    facts = json.loads(r.stdout)
    assert facts["kind"] == "summary" and facts["format"] == "chapterlist"
    assert facts["sections"] == 40 and facts["timing"] == "timed (chapter times given)"
    assert facts["last_start"] == "5:11:50"
    assert facts["headings"][:2] == ["Introduction", "Scaling laws"]


def test_transcript_as_json_has_ms(lex_page):
    facts = json.loads(runner.invoke(app, ["inspect", "--json", str(lex_page)]).stdout)
    # the last paragraph's end is the stamped reader's estimate: only its second is this test's business
    assert facts["duration"] == "5:14:26" and 18_866_000 <= facts["duration_ms"] < 18_867_000
    assert facts["segments"] == 780
    assert facts["speakers"] == ["Dario Amodei", "Lex Fridman", "Amanda", "Chris Olah"]


def test_kind_and_format_can_be_forced(seed_summary):
    r = runner.invoke(app, ["inspect", "--kind", "transcript", str(seed_summary)])
    assert r.exit_code == 0 and "kind:     transcript\nformat:   plaintext\n" in r.stdout
    r = runner.invoke(app, ["inspect", "--format", "headings", str(seed_summary)])
    assert r.exit_code == 0 and "format:   headings\n" in r.stdout


def test_backwards_stamp_is_an_error_with_file_and_line():
    r = runner.invoke(app, ["inspect", str(BACKWARDS)])
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == (
        f"error: {BACKWARDS}:5: timestamp goes backwards (after 00:00:20) "
        "(got 'Ann (00:00:15): So tell me how you started, was it a fami...')\n"
    )


def test_lenient_reports_what_it_skipped():
    r = runner.invoke(app, ["inspect", "--lenient", str(BACKWARDS)])
    assert r.exit_code == 0, r.output
    assert "segments: 3\n" in r.stdout and r.stdout.endswith("skipped:  1 malformed block\n")


def test_unknown_format_and_missing_file(tmp_path):
    r = runner.invoke(app, ["inspect", "--format", "nope", str(tmp_path / "x.txt")])
    assert r.exit_code == 2 and r.stderr.startswith(f"error: {tmp_path / 'x.txt'}: no such file")
    p = tmp_path / "x.txt"
    p.write_text("hello\n", encoding="utf-8")
    r = runner.invoke(app, ["inspect", "--format", "nope", str(p)])
    assert r.exit_code == 2 and r.stderr.startswith("error: unknown format 'nope'; known: ")


def test_clippers_own_chapter_files_are_summaries(tmp_path):
    from clipper.chapterformats import render
    from clipper.model import Chapter, ChapterList
    chapters = ChapterList((Chapter(0, 194_000, "Introduction"), Chapter(194_000, 750_000, "Scaling laws")),
                           title="Episode 452")
    for fmt, name in [("cue", "chapters.cue"), ("json", "chapters.json"), ("psc", "chapters.psc.xml"),
                      ("mkvxml", "chapters.mkv.xml"), ("ffmetadata", "chapters.ffmetadata"),
                      ("audacity", "chapters.audacity.txt")]:
        p = tmp_path / name
        p.write_text(render(chapters, fmt), encoding="utf-8")
        r = runner.invoke(app, ["inspect", "--json", str(p)])
        assert r.exit_code == 0, r.output
        facts = json.loads(r.stdout)
        assert (facts["kind"], facts["format"], facts["headings"]) == (
            "summary", fmt, ["Introduction", "Scaling laws"]), name
        assert facts["last_start"] == "0:03:14"
