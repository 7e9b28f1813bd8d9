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
