"""`clipper subtitles` and `clipper retime` in process, on the real page and seed 001."""
from __future__ import annotations

import shutil

from typer.testing import CliRunner

from clipper.cli import app
from clipper.transcripts import load_transcript

runner = CliRunner()


def test_subtitles_from_the_page_write_readable_srt(lex_page, tmp_path):
    out = tmp_path / "ep.srt"
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(out)])
    assert r.exit_code == 0, r.output
    cues = load_transcript(out)
    assert cues.timed and len(cues) > 3_000
    assert all(len(line) <= 42 for c in cues for line in c.text.split("\n") if " " in line)
    again = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_subtitles_by_chapter_write_one_file_per_chapter_from_zero(lex_page, lex_official, tmp_path):
    out = tmp_path / "subs"
    r = runner.invoke(app, ["subtitles", str(lex_page), "--by-chapter", str(lex_official), "-o", str(out),
                            "--format", "vtt", "--max-chars", "32"])
    assert r.exit_code == 0, r.output
    files = sorted(out.iterdir())
    assert len(files) == 40 and files[0].name == "01-introduction.vtt" and files[1].name == "02-scaling-laws.vtt"
    for f in files:
        part = load_transcript(f)
        assert part.segments[0].start < 60_000
        assert all(len(line) <= 32 for c in part for line in c.text.split("\n") if " " in line)


def test_untimed_input_tells_the_user_to_retime(seed_human, tmp_path):
    r = runner.invoke(app, ["subtitles", str(seed_human), "-o", str(tmp_path / "x.srt")])
    assert r.exit_code == 2 and "clipper retime" in r.output
    assert not (tmp_path / "x.srt").exists()


def test_unknown_output_extension_is_a_clean_error(lex_page, tmp_path):
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and r.output.startswith("error: ")


def test_retime_writes_seed_text_with_page_times(seed_human, lex_page, tmp_path):
    src = tmp_path / "001.txt"
    shutil.copy(seed_human, src)
    before = src.read_bytes()
    out = tmp_path / "001.vtt"
    r = runner.invoke(app, ["retime", str(src), str(lex_page), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert src.read_bytes() == before
    t = load_transcript(out)
    assert t.timed and set(t.speakers) <= set(load_transcript(lex_page).speakers)
    r = runner.invoke(app, ["subtitles", str(out), "-o", str(tmp_path / "001.srt")])
    assert r.exit_code == 0, r.output
