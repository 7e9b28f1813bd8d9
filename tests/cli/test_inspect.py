"""`clipper inspect` in process, against exact output."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from textwrap import dedent

import pytest
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
    assert facts["timed"] is True  # the same for scripts, without parsing the text
    assert facts["last_start"] == "5:11:50"
    assert facts["headings"][:2] == ["Introduction", "Scaling laws"]


def test_transcript_as_json_has_ms(lex_page):
    facts = json.loads(runner.invoke(app, ["inspect", "--json", str(lex_page)]).stdout)
    # the last paragraph's end is the stamped reader's estimate: only its second is this test's business
    assert facts["duration"] == "5:14:26" and 18_866_000 <= facts["duration_ms"] < 18_867_000
    assert facts["segments"] == 780
    assert (facts["timing"], facts["timed"], facts["word_times"]) == ("timed", True, False)
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


# --- audio files: measured by ffmpeg, chapters read back ---------------------------------------


def _gen(ffmpeg: str, out: Path, *args: str) -> Path:
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=90", *args, str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def episode_audio(tmp_path_factory, ffmpeg, tagged_mp4) -> dict[str, Path]:
    """An M4B with tags, a PNG cover and chapters; an MP3 with clipper's CHAP frames; a plain WAV."""
    d = tmp_path_factory.mktemp("inspect_audio")
    meta = (";FFMETADATA1\ntitle=Episode 7\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=30000\ntitle=Intro\n"
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART=30000\nEND=90000\ntitle=Q & A = fun\n")
    m4b = tagged_mp4(d / "book.m4b", meta, seconds=90)
    plain = _gen(ffmpeg, d / "plain.mp3", "-c:a", "libmp3lame", "-b:a", "64k")
    chapters = d / "ch.txt"
    chapters.write_text("0:00 Cold open\n1:00 Main part\n")
    mp3 = d / "ep.mp3"
    r = runner.invoke(app, ["embed", str(plain), str(chapters), "-o", str(mp3), "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    wav = _gen(ffmpeg, d / "take.wav", "-ac", "2", "-ar", "48000")
    return {"m4b": m4b, "mp3": mp3, "plain": plain, "wav": wav}


def test_m4b_with_cover_and_chapters(episode_audio, ffmpeg):
    f = episode_audio["m4b"]
    r = runner.invoke(app, ["inspect", str(f), "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    assert r.stdout == dedent(f"""\
        file:     {f}
        kind:     audio
        format:   mov,mp4,m4a,3gp,3g2,mj2
        audio:    aac, 44100 Hz, mono
        duration: 0:01:30 (measured)
        title:    Episode 7
        chapters: 2
          1. 0:00:00 Intro
          2. 0:00:30 Q & A = fun
        """)


def test_mp3_chapters_written_by_embed_read_back_as_json(episode_audio, ffmpeg):
    f = episode_audio["mp3"]
    r = runner.invoke(app, ["inspect", str(f), "--json", "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert {k: got[k] for k in ("file", "kind", "format", "codec", "sample_rate", "channels", "duration")} == {
        "file": str(f), "kind": "audio", "format": "mp3", "codec": "mp3", "sample_rate": 44100, "channels": 1,
        "duration": "0:01:30"}
    assert abs(got["duration_ms"] - 90_000) <= 60 and abs(got["header_duration_ms"] - 90_000) <= 100
    assert [(c["start_ms"], c["title"], c["after_audio_end"]) for c in got["chapters"]] == [
        (0, "Cold open", False), (60_000, "Main part", False)]
    assert got["chapters"][-1]["end_ms"] == got["duration_ms"]


def test_audio_without_chapters_and_wav(episode_audio, ffmpeg):
    r = runner.invoke(app, ["inspect", str(episode_audio["plain"]), "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[-1] == "chapters: none"
    r = runner.invoke(app, ["inspect", str(episode_audio["wav"]), "--json", "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert (got["format"], got["codec"], got["sample_rate"], got["channels"], got["duration_ms"], got["chapters"]) == (
        "wav", "pcm_s16le", 48000, 2, 90_000, [])


def test_binary_file_without_audio_extension_is_read_as_audio(tmp_path, episode_audio, ffmpeg):
    f = tmp_path / "download"
    f.write_bytes(episode_audio["mp3"].read_bytes())
    r = runner.invoke(app, ["inspect", str(f), "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    assert "kind:     audio" in r.stdout and "  2. 0:01:00 Main part" in r.stdout  # ID3 times, not ffmpeg's shifted ones


def test_truncated_audio_says_so_and_marks_chapters_past_its_end(tmp_path, episode_audio, ffmpeg):
    f = tmp_path / "cut.mp3"
    f.write_bytes(episode_audio["mp3"].read_bytes()[:200_000])  # about 25 s of 64 kb/s, header still says 1:30
    r = runner.invoke(app, ["inspect", str(f), "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    assert "  2. 0:01:00 Main part  (after the audio ends)" in r.stdout
    assert f"warning: {f}: its header says it lasts 00:01:30" in r.stderr and "is the file truncated?" in r.stderr


def test_not_audio_stays_an_error_with_the_file(tmp_path, ffmpeg):
    fake = tmp_path / "notes.mp3"
    fake.write_text("just some notes\n" * 20)
    r = runner.invoke(app, ["inspect", str(fake), "--ffmpeg", ffmpeg])
    assert r.exit_code == 2 and r.output.startswith(f"error: {fake}: not readable audio")
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    r = runner.invoke(app, ["inspect", str(blob), "--ffmpeg", ffmpeg])
    assert r.exit_code == 2 and r.output.startswith(f"error: {blob}:1: binary file, not text")
    r = runner.invoke(app, ["inspect", str(fake), "--ffmpeg", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "--ffmpeg names" in r.output and "Traceback" not in r.output


def test_pinned_sections_are_shown(tmp_path):
    p = tmp_path / "h.txt"
    p.write_text("Introduction\nScaling laws\n12:20 Limits of LLM scaling\nCompetition\n", encoding="utf-8")
    r = runner.invoke(app, ["inspect", str(p)])
    assert r.exit_code == 0, r.output
    assert "timing:   untimed, 1 of 4 pinned (start given)" in r.stdout
    assert "  3. Limits of LLM scaling  (pinned at 0:12:20)\n" in r.stdout
    facts = json.loads(runner.invoke(app, ["inspect", "--json", str(p)]).stdout)
    assert facts["pinned"] == 1 and facts["starts_ms"] == [None, None, 740_000, None]


def test_pins_out_of_order_are_warned(tmp_path):
    p = tmp_path / "h.txt"
    p.write_text("Introduction\n20:00 Scaling laws\nLimits\nCompetition\n12:20 Claude\nCriticism of Claude\n",
                 encoding="utf-8")
    r = runner.invoke(app, ["inspect", str(p)])
    assert r.exit_code == 0
    assert r.stderr == (f"warning: {p}:5: 'Claude' is pinned at 0:12:20, not after 'Scaling laws' at 0:20:00 above "
                        "it: `clipper chapters` will refuse it\n")
