import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clipper.chapterformats import CHAPTER_FORMATS
from clipper.cli import app

runner = CliRunner()


def test_youtube_block_for_the_real_episode(lex_page, seed_summary):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().split("\n")
    assert len(lines) == 37
    assert lines[0] == "0:00 Introduction"
    assert lines[-1].endswith("Beauty of neural networks")
    assert all(re.match(r"^(\d+:)?\d{1,2}:\d\d \S", ln) for ln in lines)
    assert re.match(r"^3:14 Scaling laws$", lines[1])


def test_json_chapters(lex_page, seed_summary, tmp_path):
    out = tmp_path / "c.json"
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text())
    assert doc["version"] == "1.2.0" and len(doc["chapters"]) == 37
    assert doc["chapters"][0]["startTime"] == 0 and doc["chapters"][0]["title"] == "Introduction"
    # never overwrite without --force
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--format", "json", "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr


def test_all_formats(lex_page, seed_summary, tmp_path):
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "--all", "-o", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "c").iterdir())
    assert names == sorted(["youtube.txt", "chapters.json", "chapters.vtt", "chapters.ffmetadata",
                            "chapters.psc.xml", "chapters.mkv.xml", "chapters.cue", "chapters.audacity.txt",
                            "chapters.mp4chaps.txt", "shownotes.md", "shownotes.html"])


def test_untimed_transcript_needs_timing(seed_human, seed_summary):
    r = runner.invoke(app, ["chapters", str(seed_human), str(seed_summary)])
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and "--timing-from" in r.stderr and "Traceback" not in r.output


def test_untimed_with_duration_says_estimates(seed_human, seed_summary):
    r = runner.invoke(app, ["chapters", str(seed_human), str(seed_summary), "--duration", "5:14:30"])
    assert r.exit_code == 0, r.output
    assert "estimates" in r.stderr
    assert r.stdout.startswith("0:00 Introduction")


def test_timing_from_a_timed_transcript(seed_human, seed_summary, lex_page, lex_official):
    from clipper.chapterformats import parse_chapters
    from clipper.evaluate import score
    from clipper.summaries import load_summary

    r = runner.invoke(app, ["chapters", str(seed_human), str(seed_summary), "--timing-from", str(lex_page),
                            "--format", "json"])
    assert r.exit_code == 0, r.output
    cl = parse_chapters(r.stdout, format="json")
    truth = [(s.start, s.heading) for s in load_summary(lex_official).sections]
    assert score(cl, truth).within(30) >= 0.8


def test_bad_summary_is_one_line_with_file_and_line(lex_page, tmp_path):
    bad = tmp_path / "summary.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    r = runner.invoke(app, ["chapters", str(lex_page), str(bad)])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and str(bad) in r.stderr


# --- output safety -----------------------------------------------------------------------------

HEAD = Path(__file__).resolve().parents[2] / "tests/data/episodes/lex-452-head"  # 23 minutes, 4 sections


@pytest.fixture
def head(tmp_path):
    d = tmp_path / "ep"
    shutil.copytree(HEAD, d)
    return d / "transcript.vtt", d / "summary.txt"


def one_error_line(r) -> str:
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.stderr.count("\n") == 1, r.stderr
    return r.stderr.rstrip("\n")


def test_never_writes_over_an_input_even_with_force(head, tmp_path):
    t, s = head
    timed = tmp_path / "timed.vtt"
    shutil.copy(t, timed)
    untouched = {p: p.read_bytes() for p in (t, s, timed)}
    cases = [
        (["-o", str(t)], t),
        (["-o", str(s), "-f", "json"], s),
        (["--timing-from", str(timed), "-o", str(timed)], timed),
    ]
    for extra, target in cases:
        r = runner.invoke(app, ["chapters", str(t), str(s), *extra, "--force"])
        assert one_error_line(r) == f"error: {target}: output would overwrite an input file"  # no "--force" hint
    # --all into the folder that holds an input under one of the fixed names
    folder = tmp_path / "chapters"
    folder.mkdir()
    shutil.copy(t, folder / "youtube.txt")
    untouched[folder / "youtube.txt"] = (folder / "youtube.txt").read_bytes()
    r = runner.invoke(app, ["chapters", str(folder / "youtube.txt"), str(s), "--all", "-o", str(folder), "--force"])
    assert one_error_line(r) == f"error: {folder / 'youtube.txt'}: output would overwrite an input file"
    assert sorted(p.name for p in folder.iterdir()) == ["youtube.txt"]  # nothing else written either
    assert {p: p.read_bytes() for p in untouched} == untouched


def test_a_file_on_the_output_path_is_one_line(head, tmp_path):
    t, s = head
    notes = tmp_path / "notes"
    notes.write_text("mine")
    r = runner.invoke(app, ["chapters", str(t), str(s), "--all", "-o", str(notes)])
    assert one_error_line(r) == f"error: {notes / 'youtube.txt'}: cannot write: {notes} is a file, not a folder"
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(notes / "x.txt")])
    assert one_error_line(r) == f"error: {notes / 'x.txt'}: cannot write: {notes} is a file, not a folder"
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(tmp_path)])
    assert one_error_line(r) == f"error: {tmp_path}: is a folder, not a file"
    assert notes.read_text() == "mine"


def test_a_read_only_output_folder_is_one_line(head, tmp_path):
    t, s = head
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = runner.invoke(app, ["chapters", str(t), str(s), "-q", "-o", str(ro / "youtube.txt")])
        if r.exit_code == 0 and os.geteuid() == 0:
            pytest.skip("running as root: the read-only folder was written anyway")
        assert one_error_line(r) == f"error: {ro / 'youtube.txt'}: cannot write: Permission denied"
        r = runner.invoke(app, ["chapters", str(t), str(s), "-q", "--all", "-o", str(ro / "all")])
        assert one_error_line(r) == f"error: {ro / 'all/youtube.txt'}: cannot write: Permission denied"
    finally:
        ro.chmod(0o755)


def test_an_unknown_format_is_refused_before_the_inputs_are_read(tmp_path):
    r = runner.invoke(app, ["chapters", "-f", "nope", str(tmp_path / "missing.vtt"), str(tmp_path / "missing.txt")])
    names = ", ".join(CHAPTER_FORMATS.names(writable=True))
    assert one_error_line(r) == f"error: --format: not a chapter format clipper writes; use one of: {names} (got 'nope')"
    assert "youtube, json" in names


def test_a_cut_off_timing_copy_and_page_chrome_in_the_summary_are_warned_about(seed_human, seed_summary, lex_page,
                                                                                 tmp_path):
    preview = tmp_path / "preview.md"
    preview.write_text("\n".join(lex_page.read_text(encoding="utf-8").split("\n")[:200]), encoding="utf-8")
    lines = seed_summary.read_text(encoding="utf-8").split("\n")
    at = lines.index("Limits of LLM scaling")
    summary = tmp_path / "summary.txt"
    summary.write_text("\n".join(lines[:at] + ["Advertisement", ""] + lines[at:]), encoding="utf-8")
    r = runner.invoke(app, ["chapters", str(seed_human), str(summary), "--timing-from", str(preview)])
    assert r.exit_code == 0, r.output
    assert "warning: only 8% of the words matched the timed transcript" in r.stderr
    assert f"warning: {summary}:{at + 1}: left out 'Advertisement' between sections (page chrome)" in r.stderr
    assert len(r.stdout.strip().split("\n")) == 37
    r = runner.invoke(app, ["chapters", str(seed_human), str(summary), "--timing-from", str(preview), "-q"])
    assert r.exit_code == 0 and r.stderr == ""


def test_a_summary_too_short_for_youtube(head, tmp_path):
    """QA: 1-2 sections made --all write nothing. --all leaves out youtube.txt alone with a warning; the
    YouTube format by itself is still an error, but it names the summary."""
    t, s = head
    text = s.read_text()
    s.write_text(text[: text.index("\nLimits of LLM scaling")] + "\n")
    why = "YouTube needs at least 3 chapters of at least 10 s; only 2 left after fixing"
    r = runner.invoke(app, ["chapters", str(t), str(s), "--all", "-o", str(tmp_path / "d")])
    assert r.exit_code == 0, r.output
    names = {f.filename for f in CHAPTER_FORMATS if f.write and f.filename} - {"youtube.txt"}
    assert {p.name for p in (tmp_path / "d").iterdir()} == names
    assert f"warning: {s}: youtube.txt not written: {why}\n" in r.stderr
    assert r.stderr.count("wrote ") == len(names)
    r = runner.invoke(app, ["chapters", str(t), str(s)])
    assert one_error_line(r) == f"error: {s}: {why}"
    r = runner.invoke(app, ["chapters", str(t), str(s), "-f", "json"])
    assert r.exit_code == 0 and [c["title"] for c in json.loads(r.stdout)["chapters"]] == ["Introduction",
                                                                                         "Scaling laws"]


def test_audio_and_duration_together_are_refused_before_reading(tmp_path):
    r = runner.invoke(app, ["chapters", str(tmp_path / "t.vtt"), str(tmp_path / "s.txt"), "--audio",
                            str(tmp_path / "a.mp3"), "--duration", "10"])
    assert one_error_line(r) == ("error: give --duration or --audio, not both (the audio's measured length is the "
                                 "episode's) (got '10')")


def test_an_audio_shorter_than_the_timed_transcript_is_warned_about(head, ffmpeg, tmp_path):
    from clipper.ffmpeg import run

    t, s = head
    short = tmp_path / "short.mp3"
    run(ffmpeg, ["-y", "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=8000:duration=60", "-ac", "1",
                 "-c:a", "libmp3lame", "-b:a", "8k", str(short)])
    r = runner.invoke(app, ["chapters", str(t), str(s), "--audio", str(short)])
    assert r.exit_code == 0, r.output
    assert (f"warning: {short}: the audio ends at 00:01:00, but the transcript runs to 00:23:00 and chapter "
            "'Scaling laws' starts at ") in r.stderr
    assert "is it this episode's audio?" in r.stderr
    assert r.stdout.startswith("0:00 Introduction\n")


def test_a_cue_sheet_names_the_audio_it_was_made_for(head, ffmpeg, tmp_path):
    from clipper.ffmpeg import run

    t, s = head
    audio = tmp_path / "My Show 452.m4a"
    run(ffmpeg, ["-y", "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=8000:duration=1500", "-ac", "1",
                 "-c:a", "aac", "-b:a", "8k", str(audio)])
    r = runner.invoke(app, ["chapters", str(t), str(s), "--audio", str(audio), "-f", "cue"])
    assert r.exit_code == 0, r.output
    assert '\nFILE "My Show 452.m4a" WAVE\n' in r.stdout  # its real name; any non-MP3 container as WAVE
    out = tmp_path / "all"
    r = runner.invoke(app, ["chapters", str(t), str(s), "--audio", str(audio), "--all", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert 'FILE "My Show 452.m4a" WAVE' in (out / "chapters.cue").read_text()


def test_the_output_name_chooses_the_format_and_a_disagreeing_format_is_refused(head, tmp_path):
    """QA: -o x.json got YouTube text, -o x.cue -f json got JSON in a .cue. Each write says so (unless -q)."""
    t, s = head
    out = tmp_path / "x.json"
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert [c["title"] for c in json.loads(out.read_text())["chapters"]][:2] == ["Introduction", "Scaling laws"]
    assert r.stderr.endswith(f"wrote {out} (4 chapters, json)\n") and r.stdout == ""
    cue = tmp_path / "x.cue"
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(cue), "-f", "json"])
    assert one_error_line(r) == f"error: {cue}: the file name says cue but --format says json; name it .json or leave out --format"
    assert not cue.exists()
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(cue), "-q"])
    assert r.exit_code == 0 and r.stderr == "" and cue.read_text().startswith("TITLE ")
    # a name no writer owns: --format, else YouTube
    txt = tmp_path / "x.txt"
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(txt), "-q"])
    assert r.exit_code == 0 and txt.read_text().startswith("0:00 Introduction\n")
    r = runner.invoke(app, ["chapters", str(t), str(s), "-o", str(txt), "-f", "json", "--force", "-q"])
    assert r.exit_code == 0 and json.loads(txt.read_text())["version"] == "1.2.0"


def test_a_duration_that_disagrees_with_a_timed_transcript_is_warned_about(head):
    """QA: --duration 5:00 with a 23-minute timed transcript was silently ignored (chapters up to 20 min).
    The transcript's times still decide; the warning says so, as --audio does for a short audio."""
    t, s = head
    plain = runner.invoke(app, ["chapters", str(t), str(s), "-q"])
    assert plain.exit_code == 0, plain.output
    r = runner.invoke(app, ["chapters", str(t), str(s), "--duration", "5:00"])
    assert r.exit_code == 0, r.output
    assert ("warning: --duration 00:05:00 is shorter than the transcript (00:23:00); chapters follow the "
            "transcript's times\n") in r.stderr
    assert r.stdout == plain.stdout
    r = runner.invoke(app, ["chapters", str(t), str(s), "--duration", "1:00:00"])
    assert r.exit_code == 0, r.output
    assert ("warning: --duration 01:00:00 is longer than the transcript (00:23:00): is it a preview or a cut-off "
            "copy? chapters follow the transcript's times, and the last one runs to 01:00:00\n") in r.stderr
    # a few seconds either way (the outro after the last words) is not worth a warning
    for close in ("22:58", "23:30"):
        r = runner.invoke(app, ["chapters", str(t), str(s), "--duration", close])
        assert r.exit_code == 0 and "--duration" not in r.stderr, r.stderr


def test_an_untimed_cut_off_copy_timed_from_the_full_page_is_warned_about(seed_auto, seed_summary, lex_page):
    """QA: seed 000 is the text of the first 49 minutes of the 5:14:26 episode; its 37 chapters were
    crammed into those minutes with no word that the text covers only part of the timed transcript."""
    r = runner.invoke(app, ["chapters", str(seed_auto), str(seed_summary), "--timing-from", str(lex_page)])
    assert r.exit_code == 0, r.output
    assert (f"warning: the text covers only 00:00:00-00:49:23 of the timed transcript's 05:14:26 ({lex_page}): "
            "is it a cut-off copy?\n") in r.stderr
    assert len(r.stdout.strip().split("\n")) == 37


def test_low_confidence_warnings_end_with_how_to_pin_a_chapter(lex_page, seed_summary, tmp_path):
    """After the low-confidence warnings, one hint says how to correct a chapter; a summary with the pin
    puts that chapter there."""
    r = runner.invoke(app, ["chapters", str(lex_page), str(seed_summary)])
    assert r.exit_code == 0
    lines = r.stderr.splitlines()
    assert lines[-1].startswith("hint: to fix a chapter, write its start into its heading in the summary")
    assert sum(1 for ln in lines if ln.startswith("hint:")) == 1 and lines[-2].startswith("warning: low confidence")
    assert "hint:" not in runner.invoke(app, ["chapters", str(lex_page), str(seed_summary), "-q"]).stderr
    pinned = tmp_path / "s.txt"
    pinned.write_text(seed_summary.read_text(encoding="utf-8").replace("\nComputer use\n", "\nComputer use (1:09:40)\n"),
                      encoding="utf-8")
    r = runner.invoke(app, ["chapters", str(lex_page), str(pinned)])
    assert "1:09:40 Computer use\n" in r.stdout and "for 'Computer use'" not in r.stderr
