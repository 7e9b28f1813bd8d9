"""`clipper retime` in process, on seed 001 and the page, cut and reordered as QA did."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from clipper.cli import app
from clipper.transcripts import load_transcript

runner = CliRunner()
STAMP = re.compile(r"\[\((\d\d):(\d\d):(\d\d)\)\]")


def test_an_hour_cut_from_the_page_is_named_and_its_words_are_spread_over_it(seed_human, lex_page, tmp_path):
    lines = lex_page.read_text(encoding="utf-8").split("\n")

    def hour_two(line: str) -> bool:
        m = STAMP.search(line)
        return bool(m) and m.group(1) == "01"

    holed = tmp_path / "page_nohour2.md"
    holed.write_text("\n".join(line for line in lines if not hour_two(line)), encoding="utf-8")
    out = tmp_path / "out.vtt"
    r = runner.invoke(app, ["retime", str(seed_human), str(holed), "-o", str(out)])
    assert r.exit_code == 0, r.output
    warning, wrote = r.stderr.splitlines()
    assert re.fullmatch(r"warning: a stretch of 10,7\d\d words did not match the timed transcript \(.*\); times from "
                        r"01:00:\d\d to 02:00:36 are guesses \(the timed transcript lacks that part\)", warning), warning
    assert wrote.startswith(f"wrote {out}: ")
    cues = load_transcript(out)
    assert not [c for c in cues if c.end == c.start]
    assert {c.speaker for c in cues if 3630_000 < c.start and c.end < 7200_000} == {None}


def test_seed_001_in_another_order_is_an_error_on_one_line(seed_human, lex_page, tmp_path):
    lines = seed_human.read_text(encoding="utf-8").rstrip("\n").split("\n")
    third = 2 * len(lines) // 3
    moved = tmp_path / "s001_reordered.txt"
    moved.write_text("\n".join(lines[third:] + lines[:third]) + "\n", encoding="utf-8")
    out = tmp_path / "out.vtt"
    r = runner.invoke(app, ["retime", str(moved), str(lex_page), "-o", str(out)])
    line = len(lines) - third + 1
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr == (f"error: {moved}:{line}: the text from line {line} on matches the timed transcript at 00:00:00, "
                        "before text above it: is it in another order?\n")
    assert not out.exists()


def test_seed_001_without_its_middle_warns_which_part_it_skips_and_seed_001_does_not(seed_human, lex_page, tmp_path):
    lines = seed_human.read_text(encoding="utf-8").rstrip("\n").split("\n")
    n = len(lines)
    cut = tmp_path / "s001_nomiddle.txt"
    cut.write_text("\n".join(lines[:n // 3] + lines[2 * n // 3:]) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["retime", str(cut), str(lex_page), "-o", str(tmp_path / "cut.srt")])
    assert r.exit_code == 0, r.output
    assert re.match(r"warning: the text skips \d\d:\d\d:\d\d-\d\d:\d\d:\d\d of the timed transcript \(.*transcript_page"
                    r"\.md\): is part of it missing\?\n", r.stderr), r.stderr
    full = runner.invoke(app, ["retime", str(seed_human), str(lex_page), "-o", str(tmp_path / "full.srt")])
    assert full.exit_code == 0 and "warning" not in full.stderr


def test_a_block_of_300_lines_moved_down_is_an_error_and_nothing_is_written(seed_human, lex_page, tmp_path):
    """QA (s001_mv2): lines 5000-5299 moved after line 6000 were retimed to 02:56:33.818-.826 with a false
    warning that the page lacks them."""
    lines = seed_human.read_text(encoding="utf-8").rstrip("\n").split("\n")
    moved = tmp_path / "s001_mv2.txt"
    moved.write_text("\n".join(lines[:4999] + lines[5299:6000] + lines[4999:5299] + lines[6000:]) + "\n",
                     encoding="utf-8")
    out = tmp_path / "out.vtt"
    r = runner.invoke(app, ["retime", str(moved), str(lex_page), "-o", str(out)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr == (f"error: {moved}:5698: the text from “work on the research side. And” on (in the passage "
                        "from line 5698) matches the timed transcript at 02:28:04, before text above it: is it in "
                        "another order?\n")
    assert not out.exists()


def test_a_text_none_of_whose_words_match_is_an_error_naming_both_files(lex_page, tmp_path):
    """QA: "Yeah." alone was written as one cue lasting 00:00:00-05:14:26."""
    short = tmp_path / "short2.txt"
    short.write_text("Yeah.\n", encoding="utf-8")
    out = tmp_path / "y.vtt"
    r = runner.invoke(app, ["retime", str(short), str(lex_page), "-o", str(out)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr == f"error: {short}: none of its words match {lex_page}: is it the same episode?\n"
    assert not out.exists()
