"""Cutting clips end to end on generated audio: loudness, tags, captions from 0, clips.json,
every input and output format, and failures that write nothing."""
import json
import re
import subprocess

import pytest

from clipper import ffmpeg as ff
from clipper.clips import commands
from clipper.clips.cut import ClipOptions, Episode, cut_clips, make_clips, plan_clips
from clipper.clips.spec import ClipSpec
from clipper.errors import AudioError, OutputError
from clipper.transcripts import parse_transcript


def quote_of(layout, k):
    return " ".join(w.text for w in layout.phrases[k].words)


def loudness(ffmpeg, path):
    proc = ff.run(ffmpeg, commands.ebur128_args(path))
    return commands.parse_ebur128(proc.stderr.decode())


def media(ffmpeg, path):
    err = subprocess.run([ffmpeg, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    return ff.parse_probe(err), err


@pytest.fixture(scope="module")
def cut(ffmpeg, episode, tmp_path_factory):
    """Two phrase quotes (one spanning two phrases) and a range, loudness on (the default)."""
    lay = episode.layout
    out = tmp_path_factory.mktemp("clips")
    specs = [ClipSpec(quote=quote_of(lay, 4), title="Phrase four"),
             ClipSpec(quote=quote_of(lay, 7) + " " + quote_of(lay, 8)),
             ClipSpec(start=lay.phrases[12].start + 50, end=lay.phrases[13].end - 50, title="A range")]
    results = make_clips(ffmpeg, episode.wav, episode.transcript, specs, out)
    return out, results


def test_files_per_clip_and_nothing_else(cut):
    out, results = cut
    names = sorted(p.name for p in out.iterdir())
    stems = [r.audio.stem for r in results]
    assert stems[0] == "01-phrase-four" and stems[2] == "03-a-range" and stems[1].startswith("02-")
    assert names == sorted(["clips.json", *(f"{s}.{e}" for s in stems for e in ("mp3", "srt", "vtt"))])


def test_loudness_within_1_lu_of_minus_16_and_true_peak_under_minus_1(ffmpeg, cut):
    for r in cut[1]:
        i, peak = loudness(ffmpeg, r.audio)
        assert abs(i - -16.0) <= 1.0, (r.audio.name, i)
        assert peak <= -1.0 + 0.5
        assert r.loudness.integrated + r.loudness.gain == pytest.approx(-16.0)  # what clipper prints


def test_other_loudness_target_and_off(ffmpeg, episode, tmp_path):
    lay = episode.layout
    spec = [ClipSpec(quote=quote_of(lay, 9))]
    quiet = make_clips(ffmpeg, episode.wav, episode.transcript, spec, tmp_path / "a",
                       options=ClipOptions(loudness=commands.Loudness(integrated=-23.0), format="wav"))
    assert abs(loudness(ffmpeg, quiet[0].audio)[0] - -23.0) <= 1.0
    off = make_clips(ffmpeg, episode.wav, episode.transcript, spec, tmp_path / "b",
                     options=ClipOptions(loudness=None, format="wav", fade=0))
    assert off[0].loudness is None
    # untouched: the same level as the episode's audio over the same range
    src = tmp_path / "src.wav"
    p = off[0].plan
    ff.run(ffmpeg, [*commands.seek_input(episode.wav, p.start, p.duration), "-c:a", "pcm_s16le", str(src)])
    assert abs(loudness(ffmpeg, off[0].audio)[0] - loudness(ffmpeg, src)[0]) < 0.2


def test_clip_lengths_and_tags(ffmpeg, episode, cut):
    for r in cut[1]:
        info, err = media(ffmpeg, r.audio)
        assert abs(info.duration - r.plan.duration) <= 60  # mp3 frames
        assert f"title           : {r.plan.title}" in err
        assert "album           : episode" in err
        assert re.search(r"comment\s+: clip of episode, \d\d:\d\d:\d\d\.\d{3}-\d\d:\d\d:\d\d\.\d{3}", err)


def test_subtitles_start_at_0_and_follow_the_words(ffmpeg, episode, cut):
    lay = episode.layout
    out, results = cut
    r = results[0]  # phrase 4, padding 250 ms into its pause
    for ext in ("srt", "vtt"):
        path = getattr(r, ext)
        t = parse_transcript(path.read_text(), path=str(path))
        assert t.segments[0].start == r.plan.word_start - r.plan.start
        assert 200 <= t.segments[0].start <= 300
        assert t.segments[-1].end <= r.plan.duration
        assert " ".join(s.text.replace("\n", " ") for s in t.segments) == quote_of(lay, 4)
    two = parse_transcript(results[1].srt.read_text(), path="x.srt")
    words = " ".join(s.text.replace("\n", " ") for s in two.segments)
    assert words == quote_of(lay, 7) + " " + quote_of(lay, 8)
    # the second phrase's first word is at the same offset in the clip as in the episode
    second = lay.phrases[8].words[0]
    starts = [s.start for s in two.segments]
    assert any(abs((second.start - results[1].plan.start) - s) <= 60 for s in starts) or len(starts) == 1


def test_clips_json_line_per_clip_with_soundbite(episode, cut):
    out, results = cut
    text = (out / "clips.json").read_text()
    doc = json.loads(text)
    assert len(text.strip().split("\n")) == len(results) + 2  # one line per clip
    assert doc["audio"].endswith("episode.wav")
    for rec, r in zip(doc["clips"], results):
        assert rec["file"] == r.audio.name and rec["srt"] == r.srt.name
        assert rec["start"] == r.plan.start / 1000 and rec["end"] == r.plan.end / 1000
        assert rec["source_range"] == f"{fmt(r.plan.start)}-{fmt(r.plan.end)}"
        assert rec["text"] == r.plan.text
        assert rec["soundbite"] == {"startTime": r.plan.start / 1000, "duration": round(r.plan.duration / 1000, 3),
                                    "title": r.plan.title}
        g = r.loudness
        assert rec["loudness"] == {"measured_integrated": round(g.integrated, 1), "measured_true_peak":
                                   round(g.true_peak, 1), "gain_db": round(g.gain, 2), "limited": g.limited}
        assert rec["loudness"]["measured_integrated"] + rec["loudness"]["gain_db"] == pytest.approx(-16, abs=0.1)
    assert doc["clips"][0]["score"] == 100.0 and doc["clips"][2]["score"] is None
    assert doc["clips"][2]["kind"] == "range" and doc["clips"][2]["quote"] is None


def fmt(ms):
    from clipper.timecode import format_clock

    return format_clock(ms)


@pytest.mark.parametrize("ext", ["mp3", "m4a", "ogg", "flac", "wav"])
def test_every_input_format_cuts_the_same_range(ffmpeg, episode, tmp_path, ext):
    src = episode.encoded(ffmpeg, ext)
    lay = episode.layout
    results = make_clips(ffmpeg, src, episode.transcript, [ClipSpec(quote=quote_of(lay, 10))], tmp_path,
                         options=ClipOptions(loudness=None, format="wav"))
    p = results[0].plan
    gap_before = next(g for g in lay.pauses if g[1] == lay.phrases[10].start)
    gap_after = next(g for g in lay.pauses if g[0] == lay.phrases[10].end)
    assert abs(p.start - max(gap_before[0], gap_before[1] - 250)) <= 20
    assert abs(p.end - min(gap_after[1], gap_after[0] + 250)) <= 20
    info, _ = media(ffmpeg, results[0].audio)
    assert abs(info.duration - p.duration) <= 10  # ffmpeg -i shows centiseconds


@pytest.mark.parametrize("fmt_name, codec", [("mp3", "mp3"), ("m4a", "aac"), ("ogg", "vorbis"), ("wav", "pcm_s16le")])
def test_every_output_format(ffmpeg, episode, tmp_path, fmt_name, codec):
    lay = episode.layout
    r = make_clips(ffmpeg, episode.wav, episode.transcript, [ClipSpec(quote=quote_of(lay, 2), title="Tagged")], tmp_path,
                   options=ClipOptions(format=fmt_name))[0]
    assert r.audio.suffix == f".{fmt_name}"
    info, err = media(ffmpeg, r.audio)
    assert info.codec == codec and abs(info.duration - r.plan.duration) <= 80
    assert re.search(r"title\s+: Tagged", err, re.I)
    assert abs(loudness(ffmpeg, r.audio)[0] - -16) <= 1.0


def test_audiogram_is_1080x1920_and_as_long_as_the_clip(ffmpeg, episode, tmp_path):
    lay = episode.layout
    r = make_clips(ffmpeg, episode.wav, episode.transcript, [ClipSpec(quote=quote_of(lay, 6), title="Audiogram")],
                   tmp_path, options=ClipOptions(audiogram=True, loudness=None))[0]
    assert r.audiogram == tmp_path / "01-audiogram.mp4" and r.audiogram.exists()
    info, err = media(ffmpeg, r.audiogram)
    assert re.search(r"Video: h264 .* 1080x1920", err) and info.has_audio
    assert abs(info.duration - r.plan.duration) <= 80
    assert json.loads((tmp_path / "clips.json").read_text())["clips"][0]["audiogram"] == "01-audiogram.mp4"


# --- failures write nothing --------------------------------------------------------------------


def test_unreadable_audio_is_a_clear_error_and_writes_nothing(ffmpeg, episode, tmp_path):
    bad = tmp_path / "episode.mp3"
    bad.write_bytes(b"this is not audio at all\n" * 400)
    out = tmp_path / "out"
    with pytest.raises(AudioError, match="cannot read|not readable") as e:
        make_clips(ffmpeg, bad, episode.transcript, [ClipSpec(quote=quote_of(episode.layout, 2))], out)
    assert e.value.path == str(bad) and str(e.value).startswith(f"{bad}: ")
    assert not out.exists()
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")
    with pytest.raises(AudioError) as e:
        make_clips(ffmpeg, empty, episode.transcript, [ClipSpec(quote=quote_of(episode.layout, 2))], out)
    assert e.value.path == str(empty) and not out.exists()
    with pytest.raises(AudioError, match="no such audio file"):
        make_clips(ffmpeg, tmp_path / "missing.wav", episode.transcript, [ClipSpec(start=0, end=1000)], out)


@pytest.mark.parametrize("ext", ["wav", "mp3"])
def test_truncated_audio_is_a_clear_error_and_writes_nothing(ffmpeg, episode, tmp_path, ext):
    """The header still says 40 s, the data stops at about 20 s: the second clip is beyond it."""
    full = episode.encoded(ffmpeg, ext)
    cut_file = tmp_path / f"truncated.{ext}"
    cut_file.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    lay = episode.layout
    out = tmp_path / "out"
    specs = [ClipSpec(quote=quote_of(lay, 2)), ClipSpec(quote=quote_of(lay, 14))]
    with pytest.raises(AudioError, match="truncated") as e:
        make_clips(ffmpeg, cut_file, episode.transcript, specs, out)
    assert e.value.path == str(cut_file)
    assert not out.exists()


def test_quote_beyond_the_end_of_the_audio(ffmpeg, episode, tmp_path):
    short = tmp_path / "short.wav"
    ff.run(ffmpeg, ["-i", str(episode.wav), "-t", "20", "-c:a", "pcm_s16le", str(short)])
    lay = episode.layout
    out = tmp_path / "out"
    with pytest.raises(AudioError, match="beyond the end of the audio") as e:
        make_clips(ffmpeg, short, episode.transcript, [ClipSpec(quote=quote_of(lay, 3)), ClipSpec(quote=quote_of(lay, 13))], out)
    assert "clip 2" in str(e.value) and "00:00:20.000" in str(e.value)
    assert not out.exists()


def test_an_existing_file_stops_the_run_before_any_work(ffmpeg, episode, tmp_path):
    lay = episode.layout
    (tmp_path / "02-two.mp3").write_bytes(b"mine")
    specs = [ClipSpec(quote=quote_of(lay, 2), title="One"), ClipSpec(quote=quote_of(lay, 3), title="Two")]
    with pytest.raises(OutputError, match="--force"):
        make_clips(ffmpeg, episode.wav, episode.transcript, specs, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02-two.mp3"]
    make_clips(ffmpeg, episode.wav, episode.transcript, specs, tmp_path, options=ClipOptions(force=True, loudness=None))
    assert (tmp_path / "02-two.mp3").stat().st_size > 1000


def test_a_failing_clip_publishes_nothing(ffmpeg, episode, tmp_path, monkeypatch):
    """ffmpeg fails on clip 2 (here: after it wrote its temporary file, as a full disk would). Clip 1
    was already cut by then, but nothing appears under a final name and no temporary file is left."""
    from clipper.clips import cut as cut_module
    from clipper.errors import FFmpegError

    real = cut_module._cut_one

    def failing(ffmpeg, audio, plan, excerpt, tmp, **kw):
        got = real(ffmpeg, audio, plan, excerpt, tmp, **kw)
        if plan.number == 2:
            assert tmp.exists()
            raise FFmpegError("ffmpeg failed (exit status 1): No space left on device")
        return got

    monkeypatch.setattr(cut_module, "_cut_one", failing)
    lay = episode.layout
    specs = [ClipSpec(quote=quote_of(lay, 2)), ClipSpec(quote=quote_of(lay, 5))]
    with pytest.raises(FFmpegError, match="No space left"):
        make_clips(ffmpeg, episode.wav, episode.transcript, specs, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_silent_tail_of_an_episode_is_cut_with_a_warning(ffmpeg, episode, tmp_path):
    """A range in the episode's silent tail (it used to stop the run: "clip 2 is silent"): cut as it
    is, not normalised, with a warning; clip 1 is normalised as ever."""
    lay = episode.layout
    specs = [ClipSpec(quote=quote_of(lay, 2)), ClipSpec(start=lay.phrases[-1].end + 300, end=lay.duration - 100)]
    results = make_clips(ffmpeg, episode.wav, episode.transcript, specs, tmp_path / "out")
    assert results[0].warnings == () and results[0].loudness is not None
    assert results[1].loudness is None
    assert results[1].warnings == ("the audio is silent (-inf LUFS), so it is not normalised; is this the episode's "
                                   "audio?",)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [r.audio.name for r in results] + [r.srt.name for r in results] + [r.vtt.name for r in results]
        + ["clips.json"])


def test_pipeline_api_plan_refine_then_cut(ffmpeg, episode, tmp_path):
    """The calls clipper.pipeline makes: plan, refine each plan's edges, cut the refined plans."""
    from clipper.clips.cut import refine_edges

    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    opts = ClipOptions(loudness=None)
    plans = plan_clips(ep, [ClipSpec(quote=quote_of(lay, 5))], options=opts)
    info = ff.probe(ffmpeg, episode.wav)
    plans = [refine_edges(ffmpeg, episode.wav, ep, p, duration=info.duration, options=opts) for p in plans]
    results = cut_clips(ffmpeg, episode.wav, ep, plans, tmp_path, options=opts, sample_rate=info.sample_rate)
    assert results[0].plan == plans[0]
    assert abs(media(ffmpeg, results[0].audio)[0].duration - plans[0].duration) <= 60


# --- a dry run shows what the real run cuts ----------------------------------------------------


@pytest.mark.parametrize("ext", ["wav", "mp3"])
def test_cut_ranges_are_exactly_what_cut_clips_cuts(ffmpeg, episode, tmp_path, monkeypatch, ext):
    """``cut_ranges`` (the dry run) and ``cut_clips`` find each range the same way: phrase quotes
    (edges in pauses), a quote starting and ending mid-phrase (quietest instants, with notes), a
    range, and a padding of 0 (edges at the transcript's word times or in the gaps)."""
    import tempfile

    from clipper.clips.cut import cut_ranges

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    src = episode.encoded(ffmpeg, ext)
    lay = episode.layout
    words = lay.words
    ep = Episode.from_transcript(episode.transcript)
    specs = [ClipSpec(quote=quote_of(lay, 3)), ClipSpec(quote=" ".join(w.text for w in words[20:27])),
             ClipSpec(start=lay.phrases[6].start + 80, end=lay.phrases[7].end - 80)]
    for opts in (ClipOptions(loudness=None, format="wav"), ClipOptions(loudness=None, format="wav", padding=0)):
        plans = plan_clips(ep, specs, options=opts)
        dry = cut_ranges(ffmpeg, src, ep, plans, options=opts)
        assert not list((tmp_path / "tmp").iterdir())  # the excerpts are gone, nothing else written
        assert [(p.start, p.end) for p in dry] != [(p.start, p.end) for p in plans]  # refined, not just padded
        assert any(p.notes for p in dry)
        out = tmp_path / f"out{opts.padding}"
        results = cut_clips(ffmpeg, src, ep, plans, out, options=opts, refine=True)
        assert [r.plan for r in results] == dry
        for p in dry:
            assert p.start <= p.word_start and p.end >= p.word_end


def test_cut_ranges_raise_the_errors_cutting_would(ffmpeg, episode, tmp_path):
    from clipper.clips.cut import cut_ranges

    ep = Episode.from_transcript(episode.transcript)
    plans = plan_clips(ep, [ClipSpec(quote=quote_of(episode.layout, 2))])
    bad = tmp_path / "episode.mp3"
    bad.write_bytes(b"this is not audio at all\n" * 400)
    with pytest.raises(AudioError) as e:
        cut_ranges(ffmpeg, bad, ep, plans)
    assert e.value.path == str(bad)


def test_audio_stopping_only_past_a_clips_words_still_cuts_it(ffmpeg, episode, tmp_path):
    """An MP3 whose data stops at about 18.5 s while its header says 40 s (cut short, or a header
    whose length is an estimate): phrase 7 (15.2-17.3 s) is all there, although the 2 s after it
    where its end is looked for are not; phrase 8 (18.1-20.9 s) is not, and that is an error
    naming the file and the clip."""
    from clipper.clips.cut import cut_ranges

    full = episode.encoded(ffmpeg, "mp3")
    short = tmp_path / "short.mp3"
    short.write_bytes(full.read_bytes()[: int(full.stat().st_size * 18.5 / 40)])
    lay = episode.layout
    ep = Episode.from_transcript(episode.transcript)
    opts = ClipOptions(loudness=None, format="wav")
    results = make_clips(ffmpeg, short, episode.transcript, [ClipSpec(quote=quote_of(lay, 7))], tmp_path / "a",
                         options=opts)
    p = results[0].plan
    assert p.start <= p.word_start and p.word_end <= p.end <= 18_600
    assert abs(media(ffmpeg, results[0].audio)[0].duration - p.duration) <= 60
    plans = plan_clips(ep, [ClipSpec(quote=quote_of(lay, 8))], options=opts)
    for attempt in (lambda: cut_ranges(ffmpeg, short, ep, plans, options=opts),
                    lambda: cut_clips(ffmpeg, short, ep, plans, tmp_path / "b", options=opts, refine=True)):
        with pytest.raises(AudioError, match=r"the audio stops at 00:00:18\.\d+ although its header says it lasts "
                                             r"00:00:40\.\d+ \(clip 1 needs it up to 00:00:20\.\d+\); is the file "
                                             r"truncated or damaged\?") as e:
            attempt()
        assert e.value.path == str(short)
    assert not (tmp_path / "b").exists()
    # a clip wholly past the end: nothing decoded after the seek, so all that is known is "before"
    late = plan_clips(ep, [ClipSpec(quote=quote_of(lay, 14))], options=opts)
    with pytest.raises(AudioError) as e:
        cut_ranges(ffmpeg, short, ep, late, options=opts)
    assert str(e.value).startswith(f"{short}: the audio stops before 00:00:31.")
    assert "(clip 1 needs it up to 00:00:35." in str(e.value)


# --- silent audio: cut, not normalised, with a warning ------------------------------------------
#
# QA: on an all-silent file (lavfi anullsrc) the dry run printed a range and "the sound there is
# steady" while the real cut failed with "clip 1 is silent (-inf LUFS)", so `clipper run` failed
# after writing chapters and subtitles.


def lavfi_episode(ffmpeg, folder, source, duration_ms):
    wav = folder / "episode.wav"
    ff.run(ffmpeg, ["-f", "lavfi", "-i", source, "-t", str(duration_ms / 1000), "-c:a", "pcm_s16le", "-y", str(wav)])
    return wav


def test_silent_audio_cuts_the_dry_runs_ranges_unnormalised_with_a_warning(ffmpeg, episode, tmp_path):
    from clipper.clips.cut import cut_ranges, neighbours

    lay = episode.layout
    wav = lavfi_episode(ffmpeg, tmp_path, "anullsrc=r=44100:cl=mono", lay.duration)
    ep = Episode.from_transcript(episode.transcript)
    specs = [ClipSpec(quote=quote_of(lay, 3)), ClipSpec(quote=quote_of(lay, len(lay.phrases) - 1)),
             ClipSpec(start=lay.phrases[6].start + 80, end=lay.phrases[7].end - 80)]
    opts = ClipOptions(format="wav")  # loudness on, the default
    plans = plan_clips(ep, specs, options=opts)
    dry = cut_ranges(ffmpeg, wav, ep, plans, options=opts)
    results = cut_clips(ffmpeg, wav, ep, plans, tmp_path / "out", options=opts, refine=True)
    assert [r.plan for r in results] == dry
    for p, r in zip(plans, results):
        # the padded words (padded up to the neighbouring words, not into them), never inward
        after, before = neighbours(ep, p)
        start = p.start if after is None else min(p.word_start, max(after, p.start))
        end = p.end if before is None else max(p.word_end, min(before, p.end))
        assert (r.plan.start, r.plan.end) == (start, min(end, lay.duration))
        assert any("is silent" in n for n in r.plan.notes) and not any("steady" in n for n in r.plan.notes)
        assert r.loudness is None
        assert r.warnings == ("the audio is silent (-inf LUFS), so it is not normalised; is this the episode's "
                              "audio?",)
        assert abs(media(ffmpeg, r.audio)[0].duration - r.plan.duration) <= 30
    index = json.loads((tmp_path / "out" / "clips.json").read_text())
    assert [c["loudness"] for c in index["clips"]] == [None, None, None]


def test_very_quiet_audio_is_still_normalised(ffmpeg, episode, tmp_path):
    """A tone at -60 dBFS (about -63 LUFS) is quiet, not silent: normalised to -16 LUFS, no warning."""
    lay = episode.layout
    wav = lavfi_episode(ffmpeg, tmp_path, "sine=frequency=440:sample_rate=44100,volume=-42dB", lay.duration)
    assert -66.0 <= loudness(ffmpeg, wav)[0] <= -60.0
    results = make_clips(ffmpeg, wav, episode.transcript, [ClipSpec(quote=quote_of(lay, 4))], tmp_path / "out",
                         options=ClipOptions(format="wav"))
    assert results[0].warnings == ()
    assert results[0].loudness is not None
    assert abs(loudness(ffmpeg, results[0].audio)[0] - -16.0) <= 1.0


# --- loudness: one gain after an ebur128 measurement, a limiter only when peaks would pass ------


def variant(ffmpeg, episode, folder, name, graph):
    """The generated episode through ``graph`` (a filter_complex from [0:a] to [out])."""
    wav = folder / f"{name}.wav"
    ff.run(ffmpeg, ["-i", str(episode.wav), "-filter_complex", graph, "-map", "[out]", "-c:a", "pcm_s16le",
                    "-y", str(wav)])
    return wav


@pytest.mark.parametrize("fmt", ["mp3", "wav"])
def test_quiet_and_loud_peaky_clips_reach_the_target_within_1_lu_peaks_under_it(ffmpeg, episode, tmp_path, fmt):
    """A quiet episode (about -40 LUFS) is raised by one gain, no limiter (its peaks fit); a loud one
    with clicks near full scale every 1.5 s needs limiting: raised to -16 LUFS its clicks would pass
    -1 dBTP, so loudnorm's two passes normalise it. Both end within 1 LU of -16 LUFS, true peak at most
    -0.5 dBTP, as ebur128 measures the files."""
    from clipper.clips.synth import RATE

    lay = episode.layout
    quiet = variant(ffmpeg, episode, tmp_path, "quiet", "[0:a]volume=-23dB[out]")
    clicks = f"aevalsrc='0.98*sin(2*PI*2500*t)*lt(mod(t\\,1.5)\\,0.004)':s={RATE}:c=mono:d={lay.duration / 1000}"
    peaky = variant(ffmpeg, episode, tmp_path, "peaky",
                    f"[0:a]volume=-4dB[v];{clicks}[c];[v][c]amix=inputs=2:normalize=0,alimiter=limit=1:level=false[out]")
    ep = Episode.from_transcript(episode.transcript)
    specs = [ClipSpec(quote=" ".join(quote_of(lay, k) for k in range(3, 7)))]
    seen = {}
    for name, wav in (("quiet", quiet), ("peaky", peaky)):
        i_in, _ = loudness(ffmpeg, wav)
        r = cut_clips(ffmpeg, wav, ep, plan_clips(ep, specs), tmp_path / name,
                      options=ClipOptions(format=fmt), refine=True)[0]
        i, peak = loudness(ffmpeg, r.audio)
        assert abs(i - -16.0) <= 1.0, (name, i, r.loudness)
        assert peak <= -1.0 + 0.5, (name, peak, r.loudness)
        assert r.loudness.integrated + r.loudness.gain == pytest.approx(-16.0)
        seen[name] = (i_in, r.loudness)
    (qi, q), (pi, p) = seen["quiet"], seen["peaky"]
    assert -43 < qi < -38 and -42 < q.integrated < -38 and q.gain > 20 and not q.limited
    assert p.true_peak > -1.0 - p.gain and p.limited  # raised by its gain the clicks would pass -1 dBTP
    # the limited clip is normalised by loudnorm's second pass (a true-peak limiter): its report is kept
    assert p.loudnorm is not None and float(p.loudnorm["input_i"]) < -16.0
    doc = json.loads((tmp_path / "peaky" / "clips.json").read_text())
    assert doc["clips"][0]["loudness"]["limited"] is True


def test_the_limited_clip_keeps_its_length_and_place(ffmpeg, episode, tmp_path):
    """The limiter's look-ahead does not delay the audio: the clip's first sound is where the
    unlimited cut has it (within a few ms), and the length is the plan's."""
    from clipper.clips.synth import RATE

    lay = episode.layout
    clicks = f"aevalsrc='0.98*sin(2*PI*2500*t)*lt(mod(t\\,1.5)\\,0.004)':s={RATE}:c=mono:d={lay.duration / 1000}"
    peaky = variant(ffmpeg, episode, tmp_path, "peaky",
                    f"[0:a]volume=-4dB[v];{clicks}[c];[v][c]amix=inputs=2:normalize=0,alimiter=limit=1:level=false[out]")
    ep = Episode.from_transcript(episode.transcript)
    plans = plan_clips(ep, [ClipSpec(quote=quote_of(lay, 5))])
    on = cut_clips(ffmpeg, peaky, ep, plans, tmp_path / "on", options=ClipOptions(format="wav", fade=0), refine=True)[0]
    off = cut_clips(ffmpeg, peaky, ep, plans, tmp_path / "off", options=ClipOptions(format="wav", fade=0,
                                                                                    loudness=None), refine=True)[0]
    assert on.loudness.limited
    from pydub import AudioSegment

    a, b = AudioSegment.from_wav(on.audio), AudioSegment.from_wav(off.audio)
    assert len(a) == len(b) == on.plan.duration

    def first_sound(seg):
        return next(t for t in range(len(seg)) if seg[t: t + 1].max > 200)

    assert abs(first_sound(a) - first_sound(b)) <= 5


def test_a_limited_clip_that_cannot_reach_the_target_says_so(ffmpeg, episode, tmp_path):
    """QA: clicks near full scale under quiet speech cannot be raised to -14 LUFS and stay under -1 dBTP;
    the clip says what it reached (clips.json too) instead of passing for normalised."""
    from clipper.clips.commands import Loudness
    from clipper.clips.synth import RATE

    lay = episode.layout
    clicks = f"aevalsrc='0.98*sin(2*PI*2500*t)*lt(mod(t\\,1.5)\\,0.004)':s={RATE}:c=mono:d={lay.duration / 1000}"
    peaky = variant(ffmpeg, episode, tmp_path, "peaky2",
                    f"[0:a]volume=-30dB[v];{clicks}[c];[v][c]amix=inputs=2:normalize=0[out]")
    ep = Episode.from_transcript(episode.transcript)
    specs = [ClipSpec(quote=" ".join(quote_of(lay, k) for k in range(3, 7)))]
    r = cut_clips(ffmpeg, peaky, ep, plan_clips(ep, specs), tmp_path / "o",
                  options=ClipOptions(format="wav", loudness=Loudness(integrated=-14.0)), refine=True)[0]
    assert r.loudness.limited and r.loudness.reached is not None and r.loudness.reached < -15.0
    assert r.warnings == (f"reaches {r.loudness.reached:.1f} LUFS, not -14: its peaks ({r.loudness.true_peak:.1f} dBTP "
                          f"at {r.loudness.integrated:.1f} LUFS) leave too little room under -1 dBTP (a lower "
                          "--loudness target keeps more of them)",)
    i, peak = loudness(ffmpeg, r.audio)
    assert abs(i - r.loudness.reached) < 1.0 and peak <= -0.5
    assert json.loads((tmp_path / "o" / "clips.json").read_text())["clips"][0]["loudness"]["reached_integrated"] == \
        round(r.loudness.reached, 1)
