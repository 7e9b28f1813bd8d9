"""clipper.pipeline: inputs found by name, clipper.toml, settings precedence, and the whole job on a real
(small) episode folder: every chapter format, subtitles, chapters embedded in the audio, the report."""
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from clipper import chapterformats, pipeline
from clipper.errors import AudioError, InputError, OutputError

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
    with pytest.raises(InputError) as e:
        pipeline.discover(episode / "transcript.vtt")
    assert (e.value.path, e.value.message) == (str(episode / "transcript.vtt"), "is a file, not an episode folder")


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
    with pytest.raises(InputError) as e:
        pipeline.read_config(episode)
    assert e.value.line == 2
    assert str(e.value) == f"{toml}:2: force must be true or false (got 'yes')"  # the value quoted once
    toml.write_text("min_chapter = 'abc'\n")
    with pytest.raises(InputError) as e:
        pipeline.read_config(episode)
    assert str(e.value) == f"{toml}:1: min_chapter must be a number (got 'abc')"
    toml.write_text('quiet = true\nout = \n')
    with pytest.raises(InputError, match="not valid TOML") as e:
        pipeline.read_config(episode)
    assert e.value.line == 2


@pytest.mark.parametrize("line, message", [
    ("min_chapter = inf", "min_chapter must be a number above 0, at most 3600 (got 'inf')"),
    ("min_chapter = nan", "min_chapter must be a number above 0, at most 3600 (got 'nan')"),
    ("min_chapter = -5", "min_chapter must be a number above 0, at most 3600 (got '-5')"),
    ("min_chapter = 0", "min_chapter must be a number above 0, at most 3600 (got '0')"),
    ("min_chapter = 1e6", "min_chapter must be a number above 0, at most 3600 (got '1000000.0')"),
    ("padding = -0.5", "padding must be a number from 0 to 5 (got '-0.5')"),
    ("padding = -inf", "padding must be a number from 0 to 5 (got '-inf')"),
    ("loudness = nan", "loudness: the target must be between -70 and -5 LUFS (got 'nan')"),
    ("loudness = 3", "loudness: the target must be between -70 and -5 LUFS (got '3')"),
])
def test_config_numbers_must_be_finite_and_in_range(episode, tmp_path, line, message):
    """The ranges of the command line options (--min-chapter, --padding, --loudness), with the file and
    line: inf once reached int() as a traceback, and a negative min_chapter was taken."""
    toml = episode / "clipper.toml"
    toml.write_text(f"# options for this episode\nquiet = true\n{line}\n")
    with pytest.raises(InputError) as e:
        pipeline.prepare(episode, {"out": tmp_path / "o"})
    assert str(e.value) == f"{toml}:3: {message}"
    assert not (tmp_path / "o").exists()


def test_config_numbers_in_range_are_taken(episode):
    (episode / "clipper.toml").write_text("min_chapter = 3600\npadding = 0\nloudness = -23\n")
    assert pipeline.read_config(episode) == {"min_chapter": 3600.0, "padding": 0.0, "loudness": -23}


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


def test_prepare_rejects_a_min_chapter_out_of_range(episode, tmp_path):
    for bad in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(InputError, match="min_chapter must be a number above 0"):
            pipeline.prepare(episode, {"out": tmp_path / "o", "min_chapter": bad})


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
    assert [c["pinned"] for c in d["chapters"]] == [False] * len(d["chapters"])  # found, none written in the summary


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


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rerun_replaces_its_own_files_and_nothing_else(episode, tmp_path):
    """The run log (OUT/.clipper-run.json) names what the episode's runs wrote: a second run needs no
    --force for those, but a file edited since, or put there by someone, still stops it before it writes."""
    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    first = pipeline.run_episode(inputs, options)
    log = json.loads((out / pipeline.RUN_LOG_NAME).read_text())
    assert log["episode"] == str(episode.resolve())
    assert set(log["files"]) == {str(p.relative_to(out)) for p in first.files}  # the log names no file of its own
    assert pipeline.RUN_LOG_NAME not in {p.name for p in first.files}

    again = pipeline.run_episode(inputs, options)  # no --force: every target is ours and unchanged
    assert again.files == first.files and (out / "report.html").is_file()

    (out / "chapters/youtube.txt").write_text("0:00 My own intro\n")  # edited by the user
    before = tree(out)
    with pytest.raises(OutputError, match="changed since an earlier run wrote it; use --force") as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(out / "chapters/youtube.txt") and tree(out) == before

    (out / "chapters/youtube.txt").unlink()  # the user's own file where one of ours was
    (out / "subtitles.srt").unlink()
    (out / "subtitles.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nmine\n")
    before = tree(out)
    with pytest.raises(OutputError, match="--force") as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(out / "subtitles.srt") and tree(out) == before


def test_the_run_log_of_another_episode_gives_nothing_away(episode, tmp_path):
    out = tmp_path / "out"
    other = tmp_path / "other" / "lex-452-head"
    shutil.copytree(episode, other)
    pipeline.run_episode(*pipeline.prepare(other, {"out": out})[:2])
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    with pytest.raises(OutputError, match="--force"):
        pipeline.run_episode(inputs, options)
    # forced, the folder becomes this episode's: its log says so, and a plain re-run works again
    pipeline.run_episode(*pipeline.prepare(episode, {"out": out, "force": True})[:2])
    assert json.loads((out / pipeline.RUN_LOG_NAME).read_text())["episode"] == str(episode.resolve())
    pipeline.run_episode(inputs, options)


def test_an_interrupted_run_resumes_without_force(episode, tmp_path, monkeypatch):
    """Ctrl-C while the subtitles are written: the chapter files are there and logged; the run again
    needs no --force and writes everything."""
    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    real = pipeline.resegment

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "resegment", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_episode(inputs, options)
    left = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert left == sorted([pipeline.RUN_LOG_NAME] + [str(p.relative_to(out)) for p in pipeline.chapter_paths(out)])
    monkeypatch.setattr(pipeline, "resegment", real)
    result = pipeline.run_episode(inputs, options)
    assert all(p.is_file() for p in result.files) and (out / "subtitles.srt").is_file()


def test_a_file_logged_but_never_published_is_not_ours(episode, tmp_path, monkeypatch):
    """The log is written just before a file is moved into place. Interrupted between the two, the log
    names a file that is not there; a file the user puts there afterwards is still theirs."""
    import os

    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    real_link = os.link

    def link(src, dst, *a, **k):
        if str(dst).endswith("subtitles.srt"):
            raise KeyboardInterrupt
        return real_link(src, dst, *a, **k)

    monkeypatch.setattr(os, "link", link)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_episode(inputs, options)
    monkeypatch.setattr(os, "link", real_link)
    assert "subtitles.srt" in json.loads((out / pipeline.RUN_LOG_NAME).read_text())["files"]
    assert not (out / "subtitles.srt").exists() and not list(out.rglob(".*.part*"))
    (out / "subtitles.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nmine\n")
    with pytest.raises(OutputError, match="--force") as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(out / "subtitles.srt")
    (out / "subtitles.srt").unlink()
    pipeline.run_episode(inputs, options)  # and with it gone the run finishes


def two_sections(episode: Path) -> Path:
    """The summary cut to its first two sections (Introduction, Scaling laws)."""
    summary = episode / "summary.txt"
    text = summary.read_text()
    summary.write_text(text[: text.index("\nLimits of LLM scaling")] + "\n")
    return summary


def test_a_summary_too_short_for_youtube_writes_every_other_file(episode, tmp_path):
    """QA: a summary of two sections wrote nothing and failed naming no file. Only youtube.txt is left
    out, with a warning naming the summary and why."""
    summary = two_sections(episode)
    out = tmp_path / "o"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    result = pipeline.run_episode(inputs, options)
    assert [c.title for c in result.chapters] == ["Introduction", "Scaling laws"]
    assert result.youtube == ""
    assert (f"{summary}: youtube.txt not written: YouTube needs at least 3 chapters of at least 10 s; "
            "only 2 left after fixing") in result.warnings
    expected = set(pipeline.chapter_paths(out, skip=("youtube",))) | {out / "subtitles.srt", out / "subtitles.vtt",
                                                                      out / "report.html"}
    assert set(result.files) == expected and all(p.is_file() for p in expected)
    assert not (out / "chapters/youtube.txt").exists()
    back = chapterformats.load_chapters(out / "chapters/chapters.json")
    assert [c.title for c in back] == ["Introduction", "Scaling laws"]
    # a youtube.txt the user keeps there is not a target, so it is neither refused nor touched
    (out / "chapters/youtube.txt").write_text("mine")
    result = pipeline.run_episode(inputs, options)
    assert (out / "chapters/youtube.txt").read_text() == "mine" and len(result.files) == len(expected)


def test_a_rerun_removes_the_earlier_runs_files_it_no_longer_writes(episode, tmp_path):
    """QA: a rerun with a summary cut to two sections left the earlier youtube.txt (37 chapters) beside the
    new files. An earlier run's file this run does not write is removed when unchanged, kept with a warning
    when the user changed it, and either way the run log names only what is there and ours."""
    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    first = pipeline.run_episode(inputs, options)
    assert out / "chapters/youtube.txt" in first.files and first.removed == ()
    two_sections(episode)
    second = pipeline.run_episode(inputs, options)
    assert second.removed == (out / "chapters/youtube.txt",)
    assert not (out / "chapters/youtube.txt").exists() and all(p.is_file() for p in second.files)
    log = json.loads((out / pipeline.RUN_LOG_NAME).read_text())
    assert set(log["files"]) == {str(p.relative_to(out)) for p in second.files}
    assert second.as_dict()["removed"] == [str(out / "chapters/youtube.txt")]


def test_a_rerun_keeps_an_earlier_file_the_user_changed_and_warns(episode, tmp_path):
    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    pipeline.run_episode(inputs, options)
    (out / "chapters/youtube.txt").write_text("0:00 My own intro\n")
    summary = two_sections(episode)
    result = pipeline.run_episode(inputs, options)
    assert result.removed == () and (out / "chapters/youtube.txt").read_text() == "0:00 My own intro\n"
    assert any(w.startswith(f"{out / 'chapters/youtube.txt'}: kept, though this run does not write it")
               for w in result.warnings)
    # still listed, so the summary back at full length refuses to overwrite it without --force
    summary.write_text((HEAD / "summary.txt").read_text())
    with pytest.raises(OutputError, match="changed since an earlier run wrote it"):
        pipeline.run_episode(inputs, options)


def test_a_failed_rerun_removes_nothing(episode, tmp_path):
    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    pipeline.run_episode(inputs, options)
    two_sections(episode)
    (out / "subtitles.srt").write_text("edited\n")  # the rerun stops at this one before it writes
    before = tree(out)
    with pytest.raises(OutputError):
        pipeline.run_episode(inputs, options)
    assert tree(out) == before


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


def test_a_cut_off_audio_and_summary_chrome_are_warnings_of_the_run(episode, head_audio, tmp_path):
    """An untimed transcript takes its length from the audio as measured, not from a header that
    still states the full length; a chrome line between summary sections is named, not kept."""
    lines = [ln.split(">", 1)[-1] for ln in (episode / "transcript.vtt").read_text().splitlines()
             if ln.startswith("<v ")]
    (episode / "transcript.vtt").unlink()
    (episode / "transcript.txt").write_text("\n".join(lines) + "\n")
    data = head_audio.read_bytes()
    (episode / "episode.mp3").write_bytes(data[: len(data) * 9 // 10])
    summary = next(p for p in episode.iterdir() if p.name.startswith("summary"))
    text = summary.read_text().split("\n")
    at = text.index("Limits of LLM scaling")  # a section between two others
    summary.write_text("\n".join(text[:at] + ["Advertisement", ""] + text[at:]))
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    result = pipeline.run_episode(inputs, options)
    truncated = [w for w in result.warnings if "its header says it lasts" in w]
    assert len(truncated) == 1 and "is the file truncated?" in truncated[0]
    assert f"{summary}:{at + 1}: left out 'Advertisement' between sections (page chrome)" in result.warnings
    assert result.chapters.estimated and result.chapters.duration < AUDIO_S * 1000 * 0.95


def test_fit_to_audio_clamps_a_little_and_refuses_chapters_past_the_end():
    from clipper.ffmpeg import AudioLength
    from clipper.model import Chapter, ChapterList

    cl = ChapterList((Chapter(0, 600_000, "A"), Chapter(600_000, 1_200_000, "B"), Chapter(1_200_000, 1_380_000, "C")),
                     duration=1_380_000)
    within, notes = pipeline.fit_to_audio(cl, 1_380_000, AudioLength(None, 1_379_500), "a.mp3")  # a frame short
    assert notes == [] and [c.end for c in within] == [600_000, 1_200_000, 1_379_500]
    assert within.duration == 1_379_500
    longer, notes = pipeline.fit_to_audio(cl, 1_380_000, AudioLength(None, 1_390_000), "a.mp3")  # an outro
    assert notes == [] and [c.end for c in longer] == [600_000, 1_200_000, 1_390_000] and longer.duration == 1_390_000
    assert pipeline.fit_to_audio(cl, None, AudioLength(None, 60_000), "a.mp3") == (cl, [])  # untimed: estimated
    fitted, notes = pipeline.fit_to_audio(cl, 1_380_000, AudioLength(1_355_000, 1_355_000), "a.mp3")
    assert [c.end for c in fitted] == [600_000, 1_200_000, 1_355_000] and fitted.duration == 1_355_000
    assert notes == ["a.mp3: the audio ends at 00:22:35, but the transcript runs to 00:23:00 (25 s more); "
                     "the last chapter ends with the audio"]
    with pytest.raises(InputError) as e:
        pipeline.fit_to_audio(cl, 1_380_000, AudioLength(None, 1_000_000), "a.mp3")
    assert str(e.value) == ("a.mp3: the audio ends at 00:16:40, but the transcript runs to 00:23:00 and chapter 'C' "
                            "starts at 00:20:00; is it this episode's audio?")
    with pytest.raises(InputError, match="its header says 00:23:00: is the file truncated"):
        pipeline.fit_to_audio(cl, 1_380_000, AudioLength(1_380_000, 1_000_000), "a.mp3")
    same, notes = pipeline.fit_to_audio(cl, 1_380_000, AudioLength(None, 1_000_000), "a.mp3", strict=False)
    assert same == cl and notes[0].startswith("a.mp3: the audio ends at 00:16:40")


def test_audio_much_shorter_than_the_transcript_stops_the_run_before_any_write(episode, ffmpeg, tmp_path):
    """QA: chapters and subtitles were written, then the embed step failed."""
    make_audio(ffmpeg, episode / "episode.mp3", seconds=60)
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    with pytest.raises(InputError) as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(episode / "episode.mp3")
    assert e.value.message.startswith("the audio ends at 00:01:00, but the transcript runs to 00:23:00 and chapter "
                                      "'Scaling laws' starts at ")
    assert not (tmp_path / "o").exists()


def test_audio_a_little_shorter_than_the_transcript_is_a_warning_and_the_chapters_fit_it(episode, ffmpeg, tmp_path):
    """An outro cut off the audio (25 s before the last cue ends): the run goes through, the last chapter
    ends where the audio ends, in every chapter file and in the audio itself."""
    from clipper.ffmpeg import audio_length

    audio = make_audio(ffmpeg, episode / "episode.mp3", seconds=1350)
    measured = audio_length(ffmpeg, audio).ms
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    result = pipeline.run_episode(inputs, options)
    assert [w for w in result.warnings if "audio ends" in w] == [
        f"{audio}: the audio ends at 00:22:30, but the transcript runs to 00:23:00 (31 s more); "
        "the last chapter ends with the audio"]
    assert result.chapters[-1].end == measured == result.chapters.duration and len(result.chapters) == 4
    back = chapterformats.load_chapters(tmp_path / "o/chapters/chapters.json")
    assert back[-1].end == measured
    assert (tmp_path / "o/episode.chapters.mp3").is_file() and (tmp_path / "o/subtitles.srt").is_file()


def srt_time(seconds: int) -> str:
    return f"00:{seconds // 60:02d}:{seconds % 60:02d},000"


def test_audio_longer_than_the_transcript_ends_the_last_chapter_with_the_audio_in_every_file(ffmpeg, tmp_path):
    """QA: with audio past the transcript's last cue, chapters.json, the .vtt and the .ffmetadata ended the
    last chapter at the transcript's end, the chapters embedded in the audio at the audio's end."""
    from mutagen.id3 import ID3

    from clipper.ffmpeg import audio_length

    ep = tmp_path / "ep"
    ep.mkdir()
    lines = ["Welcome to the show, today we talk about bees.", "Bees make honey and pollinate flowers.",
             "Now let us turn to wasps, which are different.", "Wasps hunt other insects and build nests.",
             "Finally, ants, who farm fungus underground.", "Ants also keep aphids like cattle."]
    (ep / "transcript.srt").write_text("".join(
        f"{i + 1}\n{srt_time(i * 10)} --> {srt_time(i * 10 + 10)}\n{t}\n\n" for i, t in enumerate(lines)))
    (ep / "summary.txt").write_text("00:00 Bees\n00:20 Wasps\n00:40 Ants\n")
    audio = make_audio(ffmpeg, ep / "episode.mp3", seconds=66)  # 6 s of outro past the last cue (1:00)
    measured = audio_length(ffmpeg, audio).ms
    assert measured > 65_000
    inputs, options, _ = pipeline.prepare(ep, {"out": tmp_path / "o"})
    result = pipeline.run_episode(inputs, options)
    assert not [w for w in result.warnings if "audio ends" in w]
    assert [c.end for c in result.chapters] == [20_000, 40_000, measured] and result.chapters.duration == measured
    out = tmp_path / "o"
    doc = json.loads((out / "chapters/chapters.json").read_text())
    assert round(doc["chapters"][-1]["endTime"] * 1000) == measured
    ffmeta = (out / "chapters/chapters.ffmetadata").read_text().splitlines()
    assert [ln for ln in ffmeta if ln.startswith("END=")] == ["END=20000", "END=40000", f"END={measured}"]
    vtt_end = f"{measured // 60_000:02d}:{measured // 1000 % 60:02d}.{measured % 1000:03d}"
    assert f"00:00:40.000 --> 00:{vtt_end}\nAnts" in (out / "chapters/chapters.vtt").read_text()
    chaps = sorted(ID3(out / "episode.chapters.mp3").getall("CHAP"), key=lambda f: f.start_time)
    assert [(f.start_time, f.end_time) for f in chaps] == [(c.start, c.end) for c in result.chapters]


# --- quote clips in the run ----------------------------------------------------------------------


def test_a_quote_past_a_short_audios_end_stops_the_run_before_any_write(episode, ffmpeg, tmp_path):
    """QA: an outro cut off the audio is only a warning for the chapters, but a quote in it cannot be cut:
    the run wrote chapters, subtitles and the embedded audio, then the clip step failed."""
    make_audio(ffmpeg, episode / "episode.mp3", seconds=1350)
    (episode / "clips.yaml").write_text("- quote: some new thing that we're doing\n", encoding="utf-8")
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o"})
    with pytest.raises(AudioError) as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(episode / "episode.mp3")
    assert "clip 1: the quote at 00:22:58" in e.value.message and "beyond the end of the audio (00:22:30" in \
        e.value.message
    assert not (tmp_path / "o").exists()



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


def test_a_rerun_with_fewer_clips_removes_the_dropped_clip_files(episode, head_audio, tmp_path):
    shutil.copy(head_audio, episode / "episode.mp3")
    (episode / "clips.yaml").write_text(
        "clips:\n  - start: \"00:02:00\"\n    end: \"00:02:05\"\n  - start: \"00:03:00\"\n    end: \"00:03:05\"\n",
        encoding="utf-8")
    (episode / "clipper.toml").write_text('clip_format = "wav"\nloudness = "off"\n', encoding="utf-8")
    out = tmp_path / "out"
    inputs, options, _ = pipeline.prepare(episode, {"out": out})
    first = pipeline.run_episode(inputs, options)
    clip_files = {p for p in first.files if p.parent == out / "clips"}
    assert len(clip_files) == 7  # 2 x (audio, srt, vtt) and clips.json
    (episode / "clips.yaml").write_text("clips:\n  - start: \"00:02:00\"\n    end: \"00:02:05\"\n",
                                        encoding="utf-8")
    second = pipeline.run_episode(inputs, options)
    now = {p for p in (out / "clips").iterdir() if not p.name.startswith(".")}
    assert now == {p for p in second.files if p.parent == out / "clips"} and len(now) == 4
    assert set(second.removed) == clip_files - now and len(second.removed) == 3
    # no clips file at all: the clips folder goes with its files
    (episode / "clips.yaml").unlink()
    third = pipeline.run_episode(*pipeline.prepare(episode, {"out": out})[:2])
    assert not (out / "clips").exists() and set(third.removed) == now


def test_clip_settings_are_checked(episode):
    (episode / "clips.yaml").write_text("- quote: scaling\n", encoding="utf-8")
    (episode / "episode.mp3").write_bytes(b"")
    (episode / "clipper.toml").write_text('loudness = "loud"\n', encoding="utf-8")
    with pytest.raises(InputError, match="LUFS"):
        pipeline.prepare(episode, {})
    (episode / "clipper.toml").write_text('clip_format = "aiff"\n', encoding="utf-8")
    with pytest.raises(InputError, match="aiff"):
        pipeline.prepare(episode, {})


def test_a_clip_format_in_clipper_toml_is_checked_without_a_clips_file(episode):
    (episode / "clipper.toml").write_text('\nclip_format = "flac"\n', encoding="utf-8")
    with pytest.raises(InputError, match="clip_format must be one of mp3, m4a, ogg, wav") as e:
        pipeline.prepare(episode, {})
    assert e.value.line == 2 and e.value.text == "flac"


def test_a_broken_report_template_stops_the_run_before_any_write(episode, head_audio, tmp_path):
    """QA: a user's report template that fails when rendered ({{ nope.x }}) was met only at the very end, after
    the clips, the embedded audio, every chapter file and the subtitles were written."""
    from clipper.errors import ClipperError

    shutil.copy(head_audio, episode / "episode.mp3")
    (episode / "clips.yaml").write_text("- quote: \"We're rapidly running out of truly convincing blockers\"\n",
                                        encoding="utf-8")
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "report.html.j2").write_text("<p>{{ data.title }}</p>\n{{ nope.x }}\n", encoding="utf-8")
    inputs, options, _ = pipeline.prepare(episode, {"out": tmp_path / "o", "templates": str(tpl)})
    with pytest.raises(ClipperError) as e:
        pipeline.run_episode(inputs, options)
    assert e.value.path == str(tpl / "report.html.j2") and e.value.line == 2
    assert not (tmp_path / "o").exists()
