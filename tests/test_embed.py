"""Chapters inside the audio: built from ffmpeg's sine generator, read back with mutagen and ffmpeg."""
from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clipper.cli import app
from clipper.embed import container, embed_chapters, fit, id3_frames, mp4_args
from clipper.errors import AudioError, InputError, OutputError
from clipper.model import Chapter, ChapterList

CHAPTERS = ChapterList(
    (Chapter(0, 0, "Intro"), Chapter(4_250, 4_250, 'Middle "quoted" & ünïcode'), Chapter(9_500, 9_500, "End"))
)


def _make(ffmpeg: str, path: Path, codec: str, *extra: str) -> Path:
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=12",
         "-c:a", codec, "-b:a", "32k", *extra, str(path)],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def audio(tmp_path_factory, ffmpeg) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("audio")
    return {
        "mp3": _make(ffmpeg, d / "ep.mp3", "libmp3lame", "-metadata", "title=Episode"),
        "bare.mp3": _make(ffmpeg, d / "bare.mp3", "libmp3lame", "-write_id3v2", "0"),
        "m4a": _make(ffmpeg, d / "ep.m4a", "aac", "-metadata", "title=Episode"),
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ffmpeg_chapters(ffmpeg: str, path: Path) -> list[tuple[float, float, str]]:
    err = subprocess.run([ffmpeg, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    found = re.findall(r"Chapter #\d+:\d+: start (\S+), end (\S+)\n\s+Metadata:\n\s+title\s+: (.*)", err)
    return [(float(s), float(e), t) for s, e, t in found]


def test_ffmpeg_command_is_a_stream_copy_with_chapters_from_stdin():
    assert mp4_args("in.m4a", "out.m4a") == [
        "-i", "in.m4a", "-f", "ffmetadata", "-i", "pipe:0", "-map", "0:a", "-map", "0:v?", "-map_metadata", "0",
        "-map_chapters", "1", "-c", "copy", "-y", "out.m4a",
    ]


def test_fit_ends_chapters_at_the_next_and_the_last_at_the_audio_end():
    got = fit(CHAPTERS, 12_000)
    assert [(c.start, c.end) for c in got] == [(0, 4_250), (4_250, 9_500), (9_500, 12_000)]
    with pytest.raises(InputError, match="audio ends at 00:00:09.000; are these the chapters of another episode"):
        fit(CHAPTERS, 9_000)


def test_fit_keeps_what_it_does_not_fit():
    pinned = ChapterList(tuple(replace(c, pinned=i == 1, confidence=0.4) for i, c in enumerate(CHAPTERS)))
    got = fit(pinned, 12_000)
    assert [(c.pinned, c.confidence, c.title) for c in got] == [(i == 1, 0.4, c.title) for i, c in enumerate(CHAPTERS)]


def test_id3_frames_are_chap_plus_an_ordered_top_level_ctoc():
    from mutagen.id3 import CTOCFlags

    frames = id3_frames(fit(CHAPTERS, 12_000))
    chaps, toc = frames[:-1], frames[-1]
    assert [(f.element_id, f.start_time, f.end_time, f.sub_frames["TIT2"].text[0]) for f in chaps] == [
        ("chp0", 0, 4_250, "Intro"), ("chp1", 4_250, 9_500, 'Middle "quoted" & ünïcode'), ("chp2", 9_500, 12_000, "End")
    ]
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED and toc.child_element_ids == ["chp0", "chp1", "chp2"]


@pytest.mark.parametrize("name", ["mp3", "bare.mp3"])
def test_mp3_gets_chap_and_ctoc_frames(tmp_path, audio, ffmpeg, name):
    from mutagen.id3 import ID3, CTOCFlags

    src = audio[name]
    before = _sha(src)
    out = embed_chapters(src, CHAPTERS, tmp_path / "out.mp3").path
    assert _sha(src) == before  # the input is never modified
    tags = ID3(out)
    chaps = sorted(tags.getall("CHAP"), key=lambda f: f.start_time)
    assert [f.sub_frames["TIT2"].text[0] for f in chaps] == [c.title for c in CHAPTERS]
    for f, want in zip(chaps, [0, 4_250, 9_500]):
        assert abs(f.start_time - want) <= 1
    assert abs(chaps[-1].end_time - 12_000) <= 60  # the audio's end (encoder padding included)
    (toc,) = tags.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    assert toc.child_element_ids == ["chp0", "chp1", "chp2"]
    if name == "mp3":
        assert str(tags["TIT2"]) == "Episode"  # the file's own tags are kept
    seen = _ffmpeg_chapters(ffmpeg, out)  # ffmpeg sees them, in time order
    assert [(round(s, 3), t) for s, _, t in seen] == [(0.0, "Intro"), (4.25, 'Middle "quoted" & ünïcode'), (9.5, "End")]


def test_mp3_chapters_are_replaced_not_added(tmp_path, audio):
    from mutagen.id3 import ID3

    first = embed_chapters(audio["mp3"], CHAPTERS, tmp_path / "one.mp3").path
    again = embed_chapters(first, ChapterList(CHAPTERS.chapters[:2]), tmp_path / "two.mp3").path
    assert len(ID3(again).getall("CHAP")) == 2 and len(ID3(again).getall("CTOC")) == 1


@pytest.mark.parametrize("v2", [4, 3])
def test_mp3_long_and_non_ascii_titles_survive_ffmpegs_reading_and_the_tags_are_kept(tmp_path, audio, ffmpeg, v2):
    """QA: in an ID3v2.4 tag ffmpeg dropped every chapter whose title is over 127 bytes (mutagen read them
    all); clipper writes ID3v2.3, which ffmpeg, mutagen and ``clipper inspect`` read in full. The input's
    tags (v2.4 or v2.3) are kept, a v2.4 date and sort order included."""
    from mutagen.id3 import COMM, ID3, TDRC, TIT2, TPE1, TSOP, TXXX

    src = tmp_path / f"v2{v2}.mp3"
    src.write_bytes(audio["bare.mp3"].read_bytes())
    tags = ID3()
    for frame in (TIT2(encoding=3, text=["Épisode 452"]), TPE1(encoding=3, text=["Lex Fridman"]),
                  TDRC(encoding=3, text=["2024-11-11"]), TSOP(encoding=3, text=["Fridman, Lex"]),
                  TXXX(encoding=3, desc="podcast", text=["lex"]), COMM(encoding=3, lang="eng", desc="", text=["hi"])):
        tags.add(frame)
    tags.save(src, v2_version=v2)
    long_title = ("Long " + "abcdefghij" * 20)[:200]
    wide_title = ("الذكاء الاصطناعي والسلامة، " * 4)[:100]  # 100 characters, about 190 bytes of UTF-8
    assert len(long_title) == 200 and len(wide_title) == 100 and len(wide_title.encode()) > 127
    titles = ["Intro", long_title, wide_title]
    cl = ChapterList(tuple(Chapter(s, s, t) for s, t in zip([0, 4_000, 8_000], titles)))
    out = embed_chapters(src, cl, tmp_path / "out.mp3", ffmpeg=ffmpeg).path

    assert [t for _, _, t in _ffmpeg_chapters(ffmpeg, out)] == titles  # ffmpeg keeps all three
    back = ID3(out)
    assert back.version[:2] == (2, 3)
    assert [f.sub_frames["TIT2"].text[0] for f in sorted(back.getall("CHAP"), key=lambda f: f.start_time)] == titles
    assert (str(back["TIT2"]), str(back["TPE1"]), str(back["TDRC"]), str(back["TSOP"]), str(back["TXXX:podcast"]),
            str(back["COMM::eng"])) == ("Épisode 452", "Lex Fridman", "2024-11-11", "Fridman, Lex", "lex", "hi")
    meta = _ffmetadata(ffmpeg, out)
    assert "title=Épisode 452" in meta and "date=2024-11-11" in meta and "artist-sort=Fridman, Lex" in meta
    r = CliRunner().invoke(app, ["inspect", str(out)])
    assert r.exit_code == 0 and all(t in r.output for t in titles), r.output


def test_m4a_gets_chapters_without_reencoding(tmp_path, audio, ffmpeg):
    from mutagen.mp4 import MP4

    src = audio["m4a"]
    before = _sha(src)
    out = embed_chapters(src, CHAPTERS, tmp_path / "out.m4a", ffmpeg=ffmpeg).path
    assert _sha(src) == before
    m = MP4(out)
    got = [(c.start, c.title) for c in m.chapters]
    assert [t for _, t in got] == [c.title for c in CHAPTERS]
    for (start, _), want in zip(got, [0.0, 4.25, 9.5]):
        assert abs(start - want) <= 0.001  # chpl keeps 100 ns units
    assert m.tags["\xa9nam"] == ["Episode"]  # the audio's own tags are kept
    assert abs(m.info.length - MP4(src).info.length) < 0.05  # stream copied, same length
    seen = _ffmpeg_chapters(ffmpeg, out)
    assert [(round(s, 3), t) for s, _, t in seen] == [(0.0, "Intro"), (4.25, 'Middle "quoted" & ünïcode'), (9.5, "End")]
    assert abs(seen[-1][1] - 12.0) < 0.1


def test_output_rules(tmp_path, audio, ffmpeg):
    src = audio["mp3"]
    with pytest.raises(OutputError, match="overwrite the input"):
        embed_chapters(src, CHAPTERS, src, force=True)
    (tmp_path / "taken.mp3").write_bytes(b"keep me")
    with pytest.raises(OutputError, match="--force"):
        embed_chapters(src, CHAPTERS, tmp_path / "taken.mp3")
    assert (tmp_path / "taken.mp3").read_bytes() == b"keep me"
    embed_chapters(src, CHAPTERS, tmp_path / "taken.mp3", force=True)
    with pytest.raises(OutputError, match=r"output must be an MP3 file like the input \(\.mp3\)$"):
        embed_chapters(src, CHAPTERS, tmp_path / "x.m4a")
    with pytest.raises(OutputError, match=r"output must be an MP4 file like the input \(\.m4a\)$"):
        embed_chapters(audio["m4a"], CHAPTERS, tmp_path / "x.mp3")
    assert not list(tmp_path.glob(".*part*"))  # no temporary files left behind


def test_unsupported_and_broken_inputs(tmp_path):
    with pytest.raises(InputError, match=r"cannot embed chapters in \.wav files; supported: \.mp3, \.m4a"):
        container("ep.wav")
    fake = tmp_path / "fake.mp3"
    fake.write_bytes(b"not audio at all" * 10)
    with pytest.raises(AudioError, match="not readable audio"):
        embed_chapters(fake, CHAPTERS, tmp_path / "o.mp3")
    with pytest.raises(AudioError, match="no such audio file"):
        embed_chapters(tmp_path / "missing.mp3", CHAPTERS, tmp_path / "o.mp3")
    assert not (tmp_path / "o.mp3").exists()


def test_cli_embeds_any_readable_chapter_file(tmp_path, audio, ffmpeg):
    chapters = tmp_path / "chapters.json"
    chapters.write_text('{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A"}, '
                        '{"startTime": 6, "title": "B"}]}')
    out = tmp_path / "out.m4a"
    r = CliRunner().invoke(app, ["embed", str(audio["m4a"]), str(chapters), "-o", str(out), "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    assert "wrote" in r.output and "2 chapters" in r.output
    assert [(round(s, 3), t) for s, _, t in _ffmpeg_chapters(ffmpeg, out)] == [(0.0, "A"), (6.0, "B")]
    r = CliRunner().invoke(app, ["embed", str(audio["m4a"]), str(chapters), "-o", str(out)])
    assert r.exit_code == 2 and "file exists; use --force" in r.output


def test_truncated_mp3_is_measured_not_trusted(tmp_path, audio):
    """A download cut in half (``head -c``) keeps its Xing header, which still says 12 s: the chapters
    must end where the audio really ends, and one starting after that is an error that says why."""
    from mutagen.id3 import ID3

    data = audio["mp3"].read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"chapter 'End' starts at 00:00:09.500, but the audio ends at 00:00:0[56]\.\d+; "
                                         r"its header says 00:00:12\.\d+: is the file truncated\?"):
        embed_chapters(cut, CHAPTERS, tmp_path / "out.mp3")
    done = embed_chapters(cut, ChapterList(CHAPTERS.chapters[:2]), tmp_path / "out.mp3")
    end = ID3(done.path).getall("CHAP")[-1].end_time
    assert 5_000 < end < 7_000 and done.chapters[-1].end == end
    (note,) = done.warnings
    assert note.startswith(f"{cut}: its header says it lasts 00:00:12") and "(is the file truncated?)" in note
    assert done.chapters.warnings == done.warnings
    whole = embed_chapters(audio["mp3"], CHAPTERS, tmp_path / "whole.mp3")
    assert whole.warnings == ()


def test_cli_says_when_the_audio_is_shorter_than_its_header(tmp_path, audio):
    data = audio["mp3"].read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(data[: len(data) // 2])
    chapters = tmp_path / "chapters.txt"
    chapters.write_text("0:00 Start\n0:03 Middle\n")
    r = CliRunner().invoke(app, ["embed", str(cut), str(chapters), "-o", str(tmp_path / "out.mp3")])
    assert r.exit_code == 0, r.output
    assert f"warning: {cut}: its header says it lasts 00:00:12" in r.stderr and "truncated" in r.stderr
    assert "wrote" in r.stderr and "2 chapters" in r.stderr


# --- MP4 files that already carry chapters, tags and cover art (clipper's own output, audiobooks) ----


def _ffmetadata(ffmpeg: str, path: Path) -> str:
    """What ffmpeg reads back from ``path`` as FFMETADATA: global tags, then the chapters."""
    return subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-i", str(path), "-f", "ffmetadata", "-"],
                          capture_output=True, text=True, check=True).stdout


def _streams(ffmpeg: str, path: Path) -> list[str]:
    err = subprocess.run([ffmpeg, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    return re.findall(r"Stream #0:\d+\S*: (.*)", err)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory, tagged_mp4) -> dict[str, Path]:
    """An M4A and an M4B with tags, a PNG cover (attached picture) and two old chapters, as ffmpeg writes them."""
    d = tmp_path_factory.mktemp("tagged")
    old = (";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=6000\ntitle=Old A\n"
           "[CHAPTER]\nTIMEBASE=1/1000\nSTART=6000\nEND=12000\ntitle=Old B\n")
    tags = {"title": "Old Title", "artist": "Old Artist", "comment": "keep me"}
    return {ext: tagged_mp4(d / f"tagged.{ext}", old, seconds=12, tags=tags) for ext in ("m4a", "m4b")}


@pytest.mark.parametrize("ext", ["m4a", "m4b"])
def test_mp4_with_chapters_tags_and_cover_gets_new_chapters_and_keeps_the_rest(tmp_path, tagged, ffmpeg, ext):
    src = tagged[ext]
    assert [t for *_, t in _ffmpeg_chapters(ffmpeg, src)] == ["Old A", "Old B"]
    before = _sha(src)
    out = embed_chapters(src, CHAPTERS, tmp_path / f"out.{ext}", ffmpeg=ffmpeg).path
    assert _sha(src) == before
    meta = _ffmetadata(ffmpeg, out)
    assert re.findall(r"^title=(.*)$", meta, re.MULTILINE) == [
        "Old Title", "Intro", 'Middle "quoted" & ünïcode', "End"]  # the tag, then only the new chapters
    assert "artist=Old Artist" in meta and "comment=keep me" in meta
    starts = [round(int(s) * int(n) * 1000 / int(d))  # in the chapter's own TIMEBASE
              for n, d, s in re.findall(r"^TIMEBASE=(\d+)/(\d+)\nSTART=(\d+)$", meta, re.MULTILINE)]
    assert starts == [0, 4_250, 9_500]
    streams = _streams(ffmpeg, out)
    assert any(s.startswith("Audio: aac") for s in streams)
    assert any(s.startswith("Video: png") and "(attached pic)" in s for s in streams)  # the cover is kept
    from mutagen.mp4 import MP4

    m = MP4(out)
    assert m.tags["covr"] and m.tags["\xa9nam"] == ["Old Title"]
    assert abs(m.info.length - MP4(src).info.length) < 0.05  # stream copied


def test_clippers_own_m4a_output_takes_new_chapters(tmp_path, audio, ffmpeg):
    first = embed_chapters(audio["m4a"], CHAPTERS, tmp_path / "one.m4a", ffmpeg=ffmpeg).path
    r = CliRunner().invoke(app, ["embed", str(first), str(_chapter_file(tmp_path)), "-o", str(tmp_path / "two.m4a"),
                                 "--ffmpeg", ffmpeg])
    assert r.exit_code == 0, r.output
    assert [(round(s, 3), t) for s, _, t in _ffmpeg_chapters(ffmpeg, tmp_path / "two.m4a")] == [(0.0, "A"), (6.0, "B")]
    assert "title=Episode" in _ffmetadata(ffmpeg, tmp_path / "two.m4a")


def _chapter_file(tmp_path: Path) -> Path:
    p = tmp_path / "ch.txt"
    p.write_text("0:00 A\n0:06 B\n")
    return p


def test_a_failed_mp4_write_says_what_ffmpeg_said_not_unreadable_audio(tmp_path, tagged, ffmpeg, monkeypatch):
    """The old command (``-map 0``) fails on a file with a chapter track; that is a write failure."""
    import clipper.embed as embed_mod

    def old_args(audio, out):
        return ["-i", str(audio), "-f", "ffmetadata", "-i", "pipe:0", "-map", "0", "-map_metadata", "0",
                "-map_chapters", "1", "-c", "copy", "-y", str(out)]

    monkeypatch.setattr(embed_mod, "mp4_args", old_args)
    r = CliRunner().invoke(app, ["embed", str(tagged["m4a"]), str(_chapter_file(tmp_path)),
                                 "-o", str(tmp_path / "o.m4a"), "--ffmpeg", ffmpeg])
    assert r.exit_code == 2
    line = r.output.strip().splitlines()[-1]
    assert line.startswith(f"error: {tagged['m4a']}: ffmpeg could not write the chapters into a copy of this file: ")
    assert "not readable audio" not in line and "Traceback" not in r.output
    assert not (tmp_path / "o.m4a").exists() and not list(tmp_path.glob(".*part*"))
