"""`clipper formats`: every reader and writer, listed from the registries themselves."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from clipper.chapterformats import CHAPTER_FORMATS
from clipper.cli import app
from clipper.cli.formats import catalogue, render_text
from clipper.clips.commands import AUDIO_FORMATS
from clipper.registry import Format
from clipper.summaries import SUMMARY_FORMATS
from clipper.transcripts import TRANSCRIPT_FORMATS

runner = CliRunner()


def listed() -> dict:
    r = runner.invoke(app, ["formats", "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def names(rows: list[dict]) -> list[str]:
    return [row["name"] for row in rows]


def test_every_registered_format_is_listed_in_its_section():
    got = listed()
    assert list(got) == ["transcript_readers", "summary_readers", "chapter_readers", "chapter_writers",
                         "subtitle_writers", "clip_audio_formats"]
    assert names(got["transcript_readers"]) == TRANSCRIPT_FORMATS.names(readable=True)
    assert names(got["summary_readers"]) == SUMMARY_FORMATS.names(readable=True)
    assert names(got["chapter_readers"]) == CHAPTER_FORMATS.names(readable=True)
    assert names(got["chapter_writers"]) == CHAPTER_FORMATS.names(writable=True)
    assert names(got["subtitle_writers"]) == TRANSCRIPT_FORMATS.names(writable=True)
    assert names(got["clip_audio_formats"]) == list(AUDIO_FORMATS)


def test_rows_carry_extensions_and_whether_detected():
    got = listed()
    vtt = got["transcript_readers"][0]
    assert vtt == {"name": "vtt", "extensions": [".vtt"], "detected": True,
                   "description": TRANSCRIPT_FORMATS.get("vtt").description, "filename": None}
    stamped = next(r for r in got["transcript_readers"] if r["name"] == "stamped")
    assert stamped["extensions"] == [".md", ".txt"] and stamped["detected"]
    # a chapter writer says the file name --all gives it; for a writer "detected" is: -o's name picks it
    youtube = got["chapter_writers"][0]
    assert youtube["name"] == "youtube" and youtube["filename"] == "youtube.txt" and youtube["detected"]
    html = next(r for r in got["chapter_writers"] if r["name"] == "html")
    assert html["extensions"] == [".html", ".htm"] and html["filename"] == "shownotes.html"
    # -o x.json picks whisper-json; podcast-json has to be named with -f
    detected = {r["name"]: r["detected"] for r in got["subtitle_writers"]}
    assert detected == {"vtt": True, "srt": True, "whisper-json": True, "podcast-json": False}
    assert got["clip_audio_formats"][0] == {"name": "mp3", "extensions": [".mp3"], "detected": False,
                                            "description": "encoded with ffmpeg's libmp3lame", "filename": None}


def test_text_lists_each_section_as_a_table():
    r = runner.invoke(app, ["formats"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    titles = [line.split(":")[0] for line in lines if line and not line.startswith(" ")]
    assert titles == ["transcript readers", "summary readers", "chapter readers", "chapter writers",
                      "subtitle writers", "clip audio formats"]
    assert lines[0] == ("transcript readers: named with --transcript-format; else detected from the content "
                        "(the extension breaks ties)")
    assert lines[1].split() == ["name", "extensions", "detected", "description"]
    assert lines[2].split()[:3] == ["vtt", ".vtt", "yes"]
    row = next(line for line in lines if line.split()[:1] == ["html"])
    assert row.split()[:4] == ["html", ".html", ".htm", "yes"] and row.endswith("[--all: shownotes.html]")
    # writers are picked by the output file's name, not detected
    heads = [line.split() for line in lines if line.split()[:2] == ["name", "extensions"]]
    assert [h[2] for h in heads] == ["detected", "detected", "detected", "-o", "-o", "detected"]
    assert lines[-1].split() == ["wav", ".wav", "no", "encoded", "with", "ffmpeg's", "pcm_s16le"]


def test_a_format_registered_later_is_listed_too(monkeypatch):
    """Nothing is a hard-coded copy: a new reader shows up in the list as soon as it is registered."""
    ttml = Format("ttml", "TTML captions", (".ttml", ".dfxp"), read=lambda text, **kw: None, sniff=lambda text: 0.0)
    monkeypatch.setitem(TRANSCRIPT_FORMATS._formats, "ttml", ttml)
    (readers, *_rest) = catalogue()
    assert readers.entries[-1].name == "ttml" and readers.entries[-1].extensions == (".ttml", ".dfxp")
    assert "  ttml" in render_text(catalogue())


def test_formats_is_a_command_in_the_main_help():
    r = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "formats    List the formats clipper reads and writes" in r.stdout
    r = runner.invoke(app, ["formats", "--help"], env={"COLUMNS": "200"})
    assert "Usage: clipper formats [OPTIONS]" in r.stdout and "<bool>" not in r.stdout


def test_subtitle_writers_are_described_as_what_clipper_writes():
    got = {r["name"]: r["description"] for r in listed()["subtitle_writers"]}
    assert "auto-captions" not in got["vtt"] and "deduplicated" not in got["vtt"]
    assert got["vtt"].startswith("WebVTT captions: one cue per segment")
    assert "'Name:' on a speaker's first cue" in got["srt"]
    r = runner.invoke(app, ["formats"])
    section = r.stdout.split("subtitle writers:")[1].split("\n\n")[0]
    assert "YouTube auto-captions" not in section


def test_markdown_show_notes_own_the_markdown_extension():
    row = next(r for r in listed()["chapter_writers"] if r["name"] == "markdown")
    assert row["extensions"] == [".md", ".markdown"] and row["detected"]
    assert CHAPTER_FORMATS.output_format("notes.markdown") == "markdown"
