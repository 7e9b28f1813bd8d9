"""clipper.pipeline: inputs found by name, clipper.toml, settings precedence, and the whole job on a real
(small) episode folder: every chapter format, subtitles, chapters embedded in the audio, the report."""
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from clipper import chapterformats, pipeline
from clipper.errors import InputError, OutputError

ROOT = Path(__file__).resolve().parents[1]
HEAD = ROOT / "tests/data/episodes/lex-452-head"  # first 23 minutes of chapters/lex-452
AUDIO_S = 1390  # 23:10, a little past the last cue


def make_audio(ffmpeg: str, path: Path, seconds: int = AUDIO_S) -> Path:
    from clipper.ffmpeg import run

    run(ffmpeg, ["-y", "-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=8000:duration={seconds}",
                 "-ac", "1", "-c:a", "libmp3lame", "-b:a", "8k", str(path)])
    return path


@pytest.fixture(scope="module")
def head_audio(ffmpeg, tmp_path_factory) -> Path:
    """One generated MP3 for the module (reused across modules in the same session)."""
    p = tmp_path_factory.getbasetemp() / "lex-452-head.mp3"
    if not p.exists():
        make_audio(ffmpeg, p.with_suffix(".tmp.mp3")).rename(p)
    return p


@pytest.fixture
def episode(tmp_path) -> Path:
    d = tmp_path / "lex-452-head"
    shutil.copytree(HEAD, d)
    return d


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


# --- discover ----------------------------------------------------------------------------------


def test_discover_finds_inputs_by_name(episode):
    (episode / "episode.mp3").write_bytes(b"")  # any one audio file
    (episode / "clips.yaml").write_text("- quote: scaling\n")
    inp = pipeline.discover(episode)
    assert inp.transcript.name == "transcript.vtt" and inp.summary.name == "summary.txt"
    assert inp.audio.name == "episode.mp3" and inp.clips.name == "clips.yaml"
    assert inp.reference.name == "chapters_official.tsv"
    assert inp.name == "lex-452-head"


def test_discover_skips_our_own_embedded_output(episode):
    (episode / "episode.chapters.mp3").write_bytes(b"")
    assert pipeline.discover(episode).audio is None


def test_discover_errors_name_the_folder(episode):
    (episode / "transcript.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nhi\n")
    with pytest.raises(InputError, match=r"more than one transcript .*transcript.srt, transcript.vtt.*--transcript") as e:
        pipeline.discover(episode)
    assert e.value.path == str(episode)
    # naming one resolves it
    assert pipeline.discover(episode, transcript=episode / "transcript.vtt").transcript.name == "transcript.vtt"
    (episode / "summary.txt").unlink()
    with pytest.raises(InputError, match="no summary"):
        pipeline.discover(episode, transcript=episode / "transcript.vtt")
    with pytest.raises(InputError, match="no such episode folder"):
        pipeline.discover(episode / "nope")


# --- clipper.toml ------------------------------------------------------------------------------


def test_config_values_and_paths_relative_to_the_folder(episode):
    (episode / "clipper.toml").write_text('out = "build"\nmin_chapter = 30\nlenient = true\n')
    cfg = pipeline.read_config(episode)
    assert cfg == {"out": episode / "build", "min_chapter": 30.0, "lenient": True}
    assert pipeline.read_config(episode / "chapters_official.tsv") == {}  # no toml there: nothing set


def test_config_unknown_key_names_file_and_line(episode):
    toml = episode / "clipper.toml"
    toml.write_text('# options\nforce = false\n\nmin_chaptr = 20\n')
    with pytest.raises(InputError) as e:
        pipeline.read_config(episode)
    assert (e.value.path, e.value.line) == (str(toml), 4)
    assert "unknown option 'min_chaptr'" in str(e.value) and "min_chapter" in str(e.value)


def test_config_wrong_type_and_bad_toml(episode):
    toml = episode / "clipper.toml"
    toml.write_text('quiet = true\nforce = "yes"\n')
    with pytest.raises(InputError, match="force must be a bool") as e:
        pipeline.read_config(episode)
    assert e.value.line == 2
    toml.write_text('quiet = true\nout = \n')
    with pytest.raises(InputError, match="not valid TOML") as e:
        pipeline.read_config(episode)
    assert e.value.line == 2


def test_settings_command_line_over_toml_over_defaults(episode, tmp_path):
    (episode / "clipper.toml").write_text('min_chapter = 30\nout = "build"\nsemantic = false\n')
    s = pipeline.settings(episode, {"min_chapter": 15.0})
    assert s["min_chapter"] == 15.0 and s["out"] == episode / "build" and s["force"] is False
    s = pipeline.settings(episode, {})
    assert s["min_chapter"] == 30.0
    (episode / "clipper.toml").unlink()
    assert pipeline.settings(episode, {})["out"] == Path("out") / "lex-452-head"
    with pytest.raises(ValueError):
        pipeline.settings(episode, {"colour": "red"})


def test_prepare_rejects_a_zero_min_chapter(episode, tmp_path):
    with pytest.raises(InputError, match="min_chapter"):
        pipeline.prepare(episode, {"out": tmp_path / "o", "min_chapter": 0.0})


# --- the whole job -----------------------------------------------------------------------------


def test_run_writes_everything_and_reads_inputs_only(episode, head_audio, tmp_path):
    shutil.copy(head_audio, episode / "episode.mp3")
    before = digests(episode)
    calls = []
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "out"})
    result = pipeline.run_episode(inputs, options, progress=lambda step, f: calls.append((step, f)))
    out = tmp_path / "out"

    assert digests(episode) == before  # inputs never written
    assert sorted(p.name for p in episode.iterdir()) == sorted(before)  # nor anything added beside them

    # every chapter format, the subtitles, the embedded audio, the report (last)
    expected = set(pipeline.chapter_paths(out)) | {out / "subtitles.srt", out / "subtitles.vtt",
                                                   out / "episode.chapters.mp3", out / "report.html"}
    assert set(result.files) == expected and result.files[-1] == out / "report.html"
    assert all(p.is_file() and p.stat().st_size > 0 for p in expected)
    assert not list(out.rglob(".*.part*"))  # no temporary file left

    # the chapters: 4 sections of the summary, in order, inside the audio
    titles = [c.title for c in result.chapters]
    assert titles == ["Introduction", "Scaling laws", "Limits of LLM scaling", "Competition with OpenAI, Google, xAI, Meta"]
    assert result.chapters[0].start == 0 and all(c.start < AUDIO_S * 1000 for c in result.chapters)
    assert result.youtube.splitlines()[0] == "0:00 Introduction" and len(result.youtube.splitlines()) == 4

    # every chapter file that clipper can read back gives the same starts and titles
    readable = [f for f in chapterformats.CHAPTER_FORMATS if f.read and f.write and f.filename]
    assert len(readable) >= 3
    for fmt in readable:
        back = chapterformats.load_chapters(out / "chapters" / fmt.filename, format=fmt.name)
        assert [c.start for c in back] == [c.start for c in result.chapters], fmt.name
        assert [c.title for c in back] == titles, fmt.name
    doc = json.loads((out / "chapters/chapters.json").read_text())
    assert [round(c["startTime"] * 1000) for c in doc["chapters"]] == [c.start for c in result.chapters]

    # the MP3 got one CHAP per chapter and a CTOC
    from mutagen.id3 import ID3

    tags = ID3(out / "episode.chapters.mp3")
    chaps = sorted(tags.getall("CHAP"), key=lambda f: f.start_time)
    assert [f.start_time for f in chaps] == [c.start for c in result.chapters]
    assert [f.sub_frames["TIT2"].text[0] for f in chaps] == titles
    assert len(tags.getall("CTOC")) == 1

    # subtitles: timed cues covering the transcript
    srt = (out / "subtitles.srt").read_text()
    assert srt.startswith("1\n00:00:00,000 --> ") and "00:22:5" in srt

    # scored against chapters_official.tsv, and progress moved forward from 0 to 1
    assert result.score is not None and result.score.n == 4
    fractions = [f for _, f in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and calls[-1][0] == "done"
    assert fractions == sorted(fractions)
    assert {"reading", "chapters", "writing chapter files", "subtitles", "embedding chapters in the audio",
            "report"} <= {s for s, _ in calls}
    d = result.as_dict()
    assert json.loads(json.dumps(d))["accuracy"]["matched"] == 4 and len(d["files"]) == len(expected)


def test_every_target_is_checked_before_the_first_write(episode, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("mine")  # the last file the run would write
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    with pytest.raises(OutputError, match="--force") as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(out / "report.html")
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]  # nothing else written
    assert (out / "report.html").read_text() == "mine"
    # with force the run replaces it
    inputs, options, _ = pipeline.prepare(episode, {"out": out, "force": True})
    pipeline.run_episode(inputs, options)
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_output_may_not_be_an_input(episode):
    """Writing into the episode folder itself is allowed, but never over an input file."""
    (episode / "subtitles.vtt").write_bytes((episode / "transcript.vtt").read_bytes())
    (episode / "transcript.vtt").unlink()
    inputs, options, _ = pipeline.prepare(episode, {"out": episode, "transcript": episode / "subtitles.vtt",
                                                    "force": True})
    with pytest.raises(OutputError, match="overwrite an input"):
        pipeline.run_episode(inputs, options)


def test_clips_without_audio_is_a_warning(episode, tmp_path):
    (episode / "clips.yaml").write_text("- quote: the scaling hypothesis\n")
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    result = pipeline.run_episode(inputs, options)
    assert any("clips not cut" in w and "--audio" in w for w in result.warnings)
    assert result.clips == ()


def test_unembeddable_audio_is_a_warning_not_an_error(episode, ffmpeg, tmp_path):
    from clipper.ffmpeg import run

    run(ffmpeg, ["-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", str(AUDIO_S),
                 "-c:a", "pcm_s16le", str(episode / "episode.wav")])
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    result = pipeline.run_episode(inputs, options)
    assert any("not embedded" in w and ".wav" in w for w in result.warnings)
    assert not any(p.suffix == ".wav" for p in result.files)


def test_untimed_transcript_needs_audio_and_writes_no_subtitles(episode, head_audio, tmp_path):
    """A transcript without times: chapters are estimated from the audio's length; no subtitles."""
    lines = [ln.split(">", 1)[-1] for ln in (episode / "transcript.vtt").read_text().splitlines()
             if ln.startswith("<v ")]
    (episode / "transcript.vtt").unlink()
    (episode / "transcript.txt").write_text("\n".join(lines) + "\n")
    shutil.copy(head_audio, episode / "episode.mp3")
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    result = pipeline.run_episode(inputs, options)
    assert "subtitles not written: the transcript has no times" in result.warnings
    assert not (tmp_path / "o/subtitles.srt").exists()
    assert len(result.chapters) == 4 and result.chapters.estimated


# --- quote clips in the run ----------------------------------------------------------------------


def test_run_cuts_the_clips_file_quote_range_and_chapter(episode, head_audio, tmp_path):
    shutil.copy(head_audio, episode / "episode.mp3")
    (episode / "clips.yaml").write_text(
        "clips:\n"
        "  - quote: \"We're rapidly running out of truly convincing blockers\"\n"
        "    title: Running out of blockers\n"
        "  - start: \"00:02:00\"\n"
        "    end: \"00:02:10\"\n"
        "  - chapter: 2\n", encoding="utf-8")
    (episode / "clipper.toml").write_text('clip_format = "m4a"\nloudness = "off"\n', encoding="utf-8")
    before = digests(episode)
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "out"})
    result = pipeline.run_episode(inputs, options)
    out = tmp_path / "out"
    assert digests(episode) == before

    clips = out / "clips"
    index = json.loads((clips / "clips.json").read_text())
    assert [c["kind"] for c in index["clips"]] == ["quote", "range", "chapter"]
    assert all((clips / c["file"]).is_file() and c["file"].endswith(".m4a") for c in index["clips"])
    quote, rng, chapter = index["clips"]
    assert quote["title"] == "Running out of blockers" and 36.0 <= quote["start"] <= 38.0 <= quote["end"] <= 41.5
    assert rng["start"] <= 120.0 and rng["end"] >= 10.0 + 119.0  # widened to whole words, never cut inside one
    ch2 = result.chapters[1]
    assert chapter["title"] == ch2.title and abs(chapter["start"] * 1000 - ch2.start) <= 2_000  # the run's own chapter 2
    assert quote["loudness"] is None  # loudness = "off" in clipper.toml

    # the report marks the clips, and every clip file is listed among the outputs
    assert [c.label.split(":")[0] for c in result.clips] == ["1", "2", "3"]
    assert {clips / c["file"] for c in index["clips"]} | {clips / "clips.json"} <= set(result.files)
    assert "Running out of blockers" in (out / "report.html").read_text()
    assert not list(out.rglob(".*.part*"))


def test_clip_settings_are_checked(episode):
    (episode / "clips.yaml").write_text("- quote: scaling\n", encoding="utf-8")
    (episode / "episode.mp3").write_bytes(b"")
    (episode / "clipper.toml").write_text('loudness = "loud"\n', encoding="utf-8")
    with pytest.raises(InputError, match="LUFS"):
        pipeline.prepare(episode, {})
    (episode / "clipper.toml").write_text('clip_format = "aiff"\n', encoding="utf-8")
    with pytest.raises(InputError, match="aiff"):
        pipeline.prepare(episode, {})
