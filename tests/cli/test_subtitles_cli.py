"""`clipper subtitles` and `clipper retime` in process, on the real page and seed 001."""
from __future__ import annotations

import shutil

import pytest
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


def test_subtitles_say_what_they_wrote_unless_quiet(lex_page, tmp_path):
    out = tmp_path / "ep.vtt"
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(out)])
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr == f"wrote {out} ({len(load_transcript(out)):,} cues)\n"
    quiet = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "q.srt"), "-q"])
    assert quiet.exit_code == 0 and quiet.output == "" and (tmp_path / "q.srt").exists()
    by_chapter = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "subs"), "--quiet",
                                     "--by-chapter", str(lex_page.parent / "chapters_official.tsv")])
    assert by_chapter.exit_code == 0 and by_chapter.output == "" and len(list((tmp_path / "subs").iterdir())) == 40


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


def test_an_unknown_format_lists_only_the_formats_clipper_writes(lex_page, tmp_path):
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "x.srt"), "--format", "docx"])
    assert r.exit_code == 2
    assert r.stderr == ("error: --format: not a subtitle format clipper writes; use one of: "
                        "vtt, srt, whisper-json, podcast-json (got 'docx')\n")
    assert not (tmp_path / "x.srt").exists()


def test_format_and_file_name_must_agree(lex_page, tmp_path):
    out = tmp_path / "x.srt"
    r = runner.invoke(app, ["subtitles", str(lex_page), "-f", "vtt", "-o", str(out)])
    assert r.exit_code == 2
    assert r.stderr == f"error: {out}: the file name says srt but --format says vtt; name it .vtt or leave out --format\n"
    assert not out.exists()
    r = runner.invoke(app, ["subtitles", str(lex_page), "-f", "SRT", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("1\n00:00:00,000 --> ")


def test_without_format_the_extension_decides(lex_page, tmp_path):
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "ep.vtt")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "ep.vtt").read_text().startswith("WEBVTT")
    # .json fits two writers: without -f the first, with -f the one named
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "ep.json"), "-f", "podcast-json"])
    assert r.exit_code == 0, r.output
    assert load_transcript(tmp_path / "ep.json").format == "podcast-json"


def test_a_by_chapter_folder_with_a_dot_in_its_name_gets_srt(lex_page, lex_official, tmp_path):
    out = tmp_path / "lex.452"
    r = runner.invoke(app, ["subtitles", str(lex_page), "--by-chapter", str(lex_official), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(out.iterdir())[0].name == "01-introduction.srt"


def test_retime_refuses_a_format_the_file_name_contradicts(seed_human, lex_page, tmp_path):
    out = tmp_path / "001.srt"
    r = runner.invoke(app, ["retime", str(seed_human), str(lex_page), "-o", str(out), "-f", "vtt"])
    assert r.exit_code == 2 and "the file name says srt but --format says vtt" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("extra, message", [
    (["--min-duration", "nan"], "error: --min-duration: must be a number above 0, at most 60 (got 'nan')"),
    (["--max-duration", "inf"], "error: --max-duration: must be a number above 0, at most 60 (got 'inf')"),
    (["--cps", "0"], "error: --cps: must be a number above 0, at most 100 (got '0')"),
    (["--max-cps", "-inf"], "error: --max-cps: must be a number above 0, at most 100 (got '-inf')"),
    (["--max-chars", "0"], "error: --max-chars: must be a whole number from 1 to 1000 (got '0')"),
])
def test_number_options_out_of_range_are_usage_errors(lex_page, tmp_path, extra, message):
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "x.srt"), *extra])
    assert r.exit_code == 2 and r.stderr == f"{message}\nTry 'clipper subtitles --help'.\n"
    assert "Traceback" not in r.output and "convert" not in r.output
    assert not (tmp_path / "x.srt").exists()


@pytest.mark.parametrize("extra, message", [
    (["--min-duration", "8"], "error: --min-duration is longer than --max-duration (got '8 > 7')\n"),
    (["--cps", "25", "--max-cps", "20"], "error: --cps is faster than --max-cps (got '25 > 20')\n"),
])
def test_options_that_contradict_each_other_say_which(lex_page, tmp_path, extra, message):
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "x.srt"), *extra])
    assert r.exit_code == 2 and r.stderr == message


@pytest.mark.parametrize("extra, message", [
    (["--cps", "abc"], "error: --cps: must be a number above 0, at most 100 (got 'abc')"),
    (["--min-duration", "1_0"], "error: --min-duration: must be a number above 0, at most 60 (got '1_0')"),
    (["--max-chars", "99999999999999999999"],
     "error: --max-chars: must be a whole number from 1 to 1000 (got '99999999999999999999')"),
    (["--max-chars", "4.2"], "error: --max-chars: must be a whole number from 1 to 1000 (got '4.2')"),
    (["--max-lines", "11"], "error: --max-lines: must be a whole number from 1 to 10 (got '11')"),
    (["--max-lines", "two"], "error: --max-lines: must be a whole number from 1 to 10 (got 'two')"),
])
def test_values_that_are_not_numbers_or_too_large_are_usage_errors(lex_page, tmp_path, extra, message):
    """QA: "--cps abc" was refused in pydantic's words and "--max-chars 99999999999999999999" was taken."""
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(tmp_path / "x.srt"), *extra])
    assert r.exit_code == 2 and r.stderr == f"{message}\nTry 'clipper subtitles --help'.\n"
    assert not (tmp_path / "x.srt").exists()


def test_help_states_the_line_and_cue_bounds():
    r = runner.invoke(app, ["subtitles", "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "Characters per line (from 1 to 1000)." in r.stdout
    assert "Lines per cue (from 1 to 10)." in r.stdout


def test_the_largest_line_and_cue_bounds_are_taken(lex_page, tmp_path):
    out = tmp_path / "x.srt"
    r = runner.invoke(app, ["subtitles", str(lex_page), "-o", str(out), "--max-chars", "1000", "--max-lines", "10",
                            "-q"])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("1\n00:00:00,")


def test_by_chapter_into_a_file_name_is_refused_with_the_folder_to_give(lex_page, lex_official, tmp_path):
    """QA: `--by-chapter -o x.srt` quietly made a folder called x.srt. A folder of that name made on purpose
    still takes the files (in its format)."""
    out = tmp_path / "x.srt"
    r = runner.invoke(app, ["subtitles", str(lex_page), "--by-chapter", str(lex_official), "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()
    assert r.stderr == (f"error: {out}: --by-chapter writes a folder of files, one per chapter, and x.srt looks "
                        f"like a file name: give a folder (-o {tmp_path / 'x'}) and the format with --format srt\n")
    out.mkdir()
    r = runner.invoke(app, ["subtitles", str(lex_page), "--by-chapter", str(lex_official), "-o", str(out), "-q"])
    assert r.exit_code == 0 and sorted(out.iterdir())[0].name == "01-introduction.srt"


def test_the_pages_srt_reads_back_with_the_pages_words_and_speakers(lex_page, tmp_path):
    out = tmp_path / "page.srt"
    assert runner.invoke(app, ["subtitles", str(lex_page), "-o", str(out)]).exit_code == 0
    page, back = load_transcript(lex_page), load_transcript(out)
    assert " ".join(s.text for s in back).split() == " ".join(s.text for s in page).split()  # "Zoom In:" stays text
    assert {s.speaker for s in back} == {s.speaker for s in page} == {"Lex Fridman", "Dario Amodei", "Amanda", "Chris Olah"}


def test_by_chapter_srt_lines_fit_with_the_label_a_chapter_opens_with(lex_page, lex_official, tmp_path):
    """A chapter file opening mid-turn names the speaker on its first cue: that label has its room too."""
    out = tmp_path / "subs"
    r = runner.invoke(app, ["subtitles", str(lex_page), "--by-chapter", str(lex_official), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    lines = [ln for f in sorted(out.iterdir()) for ln in f.read_text(encoding="utf-8").splitlines()
             if ln and "-->" not in ln and not ln.isdigit()]
    assert len(lines) > 9_000 and max(len(ln) for ln in lines) <= 42
