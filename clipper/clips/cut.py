"""Clips end to end: plan (pure) -> refine edges in the audio -> cut, tag, caption, publish.

``plan_clips`` turns specs into word-exact ranges using only the transcript, padded.
``refine_edges`` moves each edge into the nearest pause, looking at a few seconds of audio around
it (never inward past the words). ``cut_ranges`` gives the ranges a cut would cut without cutting:
it decodes each clip's excerpt and refines its edges exactly as ``cut_clips`` does (one function,
``_prepare``, for both), so a dry run shows what the real run cuts. ``cut_clips`` writes each clip (measured with
``ebur128``, then raised or lowered by one gain, limited only when its peaks would pass the target, unless
loudness is off), its SRT/VTT captions from 0, an optional audiogram, and ``clips.json``. Every
output is staged and published only when every clip succeeded: a failure writes nothing.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

from .. import ffmpeg as ff
from .. import timecode
from ..errors import AudioError, InputError, MatchError, OutputError
from ..model import ChapterList, Ms, Segment, Transcript, Word
from ..naming import slug
from ..textio import check_writable, staged
from . import edges
from .commands import (Gain, Loudness, audio_format, cut_args, loudnorm_filter, measure_args, needs_limiting,
                       parse_ebur128, parse_loudnorm)
from .excerpt import Excerpt, extract
from .quote import THRESHOLD, Passage, WordIndex, find_quote, word_rows
from .spec import ClipSpec


@dataclass(frozen=True, slots=True)
class ClipOptions:
    format: str = "mp3"
    padding: Ms = 250
    fade: Ms = 30
    loudness: Loudness | None = Loudness()
    threshold: float = THRESHOLD
    search: Ms = edges.SEARCH
    tolerance: Ms = edges.TOLERANCE  # how far the audio's word boundaries may be from the transcript's
    audiogram: bool = False
    force: bool = False

    def __post_init__(self) -> None:
        audio_format(self.format)
        if self.padding < 0 or self.fade < 0:
            raise ValueError("padding and fade cannot be negative")


@dataclass(frozen=True, slots=True)
class ClipPlan:
    number: int
    spec: ClipSpec
    title: str
    start: Ms  # the range to cut
    end: Ms
    word_start: Ms  # the first word's start and the last word's end (transcript times)
    word_end: Ms
    first_word: int | None  # indices into the episode word list; None when no word is in the range
    last_word: int | None
    text: str
    score: float | None = None
    occurrences: tuple[Passage, ...] = ()
    notes: tuple[str, ...] = ()  # for the user, about this clip (callers add "clip N: ")
    warnings: tuple[str, ...] = ()  # what may be wrong with this clip (callers add "clip N: ")
    asked: tuple[Ms, Ms] | None = None  # a range or chapter clip: the range as given
    keep: tuple[bool, bool] = (False, False)  # start, end: the range's own edge past the transcript's words, kept

    @property
    def duration(self) -> Ms:
        return self.end - self.start

    def summary(self) -> dict:
        return {"start": self.start / 1000, "end": self.end / 1000, "text": self.text, "score": self.score}


@dataclass(frozen=True, slots=True)
class ClipResult:
    plan: ClipPlan
    audio: Path
    srt: Path
    vtt: Path
    audiogram: Path | None = None
    loudness: Gain | None = None  # the measured loudness and true peak, the gain applied, whether limited
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Episode:
    """The transcript's words, their speakers and the quote index, built once per run."""

    words: tuple[Word, ...]
    speakers: tuple[str | None, ...]
    index: WordIndex = field(repr=False)
    source: str | None = None
    lines: tuple[int | None, ...] = field(default=(), repr=False)  # source line of each word's segment

    @classmethod
    def from_transcript(cls, transcript: Transcript) -> "Episode":
        if not transcript.timed:
            raise InputError(
                "the transcript has no times; give it times first: clipper retime UNTIMED TIMED -o OUT.vtt",
                path=transcript.source,
            )
        words, speakers, lines = word_rows(transcript)
        if not words:
            raise InputError("the transcript has no words", path=transcript.source)
        return cls(words, speakers, WordIndex.build(words), transcript.source, lines)

    def where(self, word: int | None) -> str:
        """Where a word is in the transcript: ``file:line (speaker)``."""
        if word is None:
            return "between words"
        line = self.lines[word] if word < len(self.lines) else None
        place = f"{Path(self.source).name if self.source else 'transcript'}" + (f":{line}" if line else "")
        speaker = self.speakers[word] if word < len(self.speakers) else None
        return place + (f" ({speaker})" if speaker else "")


PLACES_SHOWN = 8  # times listed in the note about a quote found in several places


def default_title(text: str, n: int, words: int = 8) -> str:
    toks = text.split()
    if not toks:
        return f"Clip {n}"
    short = " ".join(toks[:words])
    if len(toks) <= words:
        return short
    return (short.rstrip(" .…,;:") or short) + "…"  # "biophysicist…" or "it...": one ellipsis, not two


# --- planning (pure) ---------------------------------------------------------------------------


def _range_plan(ep: Episode, spec: ClipSpec, n: int, start: Ms, end: Ms, padding: Ms,
                limit: Ms | None = None) -> ClipPlan:
    """A range snapped outward to the whole words in it, padded. Where the range reaches past the
    transcript's first or last word (an intro, an outro the transcript leaves out) that edge is the
    range's own. With ``limit`` (the audio's end) no word ending after it is taken."""
    span = edges.snap_to_words(start, end, ep.words)
    if span is not None and limit is not None:
        first, last = span
        while last >= first and ep.words[last].end > limit:
            last -= 1
        span = (first, last) if last >= first else None
    if span is None:  # no words: nothing to snap to, the range is cut as given
        title = spec.title or f"Clip {n}"
        return ClipPlan(n, spec, title, start, end, start, end, None, None, "",
                        notes=(f"no words in {timecode.format_clock(start)}-{timecode.format_clock(end)}; "
                               "cut as given",), asked=(start, end), keep=(True, True))
    first, last = span
    ws, we = ep.words[first].start, ep.words[last].end
    text = " ".join(w.text for w in ep.words[first: last + 1])
    title = spec.title or default_title(text, n)
    keep = (first == 0 and start < ws - padding, last == len(ep.words) - 1 and end > we + padding)
    return ClipPlan(n, spec, title, start if keep[0] else max(0, ws - padding), end if keep[1] else we + padding,
                    ws, we, first, last, text, asked=(start, end), keep=keep)


MAX_WORDS_PER_S = 8.0  # faster than people speak: the transcript's times there are not the words'
MAX_CHARS_PER_S = 30.0


def pace_warning(plan: ClipPlan) -> str | None:
    """A warning when the transcript gives the clip's words less time than anyone takes to say them
    (a page's stamps a second apart around a long sentence): the cut follows those times, so the
    clip likely misses words. Nothing is guessed; the user is told to check the clip."""
    if plan.first_word is None or plan.last_word is None:
        return None
    n = plan.last_word - plan.first_word + 1
    chars = sum(len(w) for w in plan.text.split())
    took = plan.word_end - plan.word_start
    if n < 3 or (n * 1000 <= MAX_WORDS_PER_S * took and chars * 1000 <= MAX_CHARS_PER_S * took):
        return None
    return (f"the transcript gives its {n} words only {took / 1000:.2f} s ({timecode.format_clock(plan.word_start)}-"
            f"{timecode.format_clock(plan.word_end)}): its times there are doubtful; check the clip")


def plan_clip(ep: Episode, spec: ClipSpec, n: int, *, options: ClipOptions = ClipOptions(),
              chapters: ChapterList | None = None, occurrence: int | None = None) -> ClipPlan:
    """The word-exact range of one clip, padded (no audio needed), with a warning when the
    transcript gives its words an impossibly short time."""
    plan = _plan_clip(ep, spec, n, options=options, chapters=chapters, occurrence=occurrence)
    w = pace_warning(plan)
    return replace(plan, warnings=(*plan.warnings, w)) if w else plan


def _plan_clip(ep: Episode, spec: ClipSpec, n: int, *, options: ClipOptions,
               chapters: ChapterList | None, occurrence: int | None) -> ClipPlan:
    if spec.quote is not None:
        m = find_quote(ep.index, spec.quote, threshold=options.threshold,
                       occurrence=spec.occurrence or occurrence, path=spec.path, line=spec.line)
        b = m.best
        title = spec.title or default_title(b.text, n)
        notes = ()
        if len(m.occurrences) > 1:
            shown = m.occurrences[:PLACES_SHOWN]
            where = ", ".join(timecode.format_clock(p.start) for p in shown)
            if len(m.occurrences) > len(shown):
                where += f" and {len(m.occurrences) - len(shown)}{'' if m.complete else '+'} more"
            why = ("" if (spec.occurrence or occurrence) else
                   ", the best" if m.clear_best else f", the first of {m.equal} that match equally well")
            hint = "" if (spec.occurrence or occurrence) else \
                " (choose with --occurrence N, or quote more words to find one place)"
            notes = (f"the quote is found in {m.count_text()} ({where}); using number {m.chosen_number}{why}{hint}",)
        return ClipPlan(n, spec, title, max(0, b.start - options.padding), b.end + options.padding, b.start, b.end,
                        b.first_word, b.last_word, b.text, b.score, m.occurrences, notes)
    if spec.chapter is not None:
        if chapters is None:
            raise InputError("a chapter clip needs a chapter file (--chapters FILE)", path=spec.path, line=spec.line)
        if spec.chapter > len(chapters):
            raise InputError(f"chapter {spec.chapter} asked for, but the chapter file has {len(chapters)} "
                             f"chapter{'' if len(chapters) == 1 else 's'}",
                             path=spec.path, line=spec.line)
        ch = chapters[spec.chapter - 1]
        end = ch.end
        if spec.chapter < len(chapters):
            end = chapters[spec.chapter].start
        if end <= ch.start:
            end = ep.words[-1].end if ep.words else ch.start
        if end <= ch.start:
            raise InputError(f"chapter {spec.chapter} has no length", path=spec.path, line=spec.line)
        plan = _range_plan(ep, spec, n, ch.start, end, options.padding)
        return replace(plan, title=spec.title or ch.title)
    assert spec.start is not None and spec.end is not None
    return _range_plan(ep, spec, n, spec.start, spec.end, options.padding)


def plan_clips(ep: Episode, specs: Sequence[ClipSpec], *, options: ClipOptions = ClipOptions(),
               chapters: ChapterList | None = None, occurrence: int | None = None) -> list[ClipPlan]:
    return [plan_clip(ep, s, n, options=options, chapters=chapters, occurrence=occurrence)
            for n, s in enumerate(specs, 1)]


# --- edges in the audio ------------------------------------------------------------------------


def _when(ms: Ms) -> str:
    """A time as a user wrote it: ``05:16:00``, or ``05:16:00.250`` when it has milliseconds."""
    return timecode.format_clock(ms).removesuffix(".000")


def fit_to_audio(ep: Episode, plan: ClipPlan, duration: Ms | None, audio: str,
                 options: ClipOptions = ClipOptions()) -> ClipPlan:
    """A range or chapter clip cut against the audio's length (not the transcript's): one that
    starts after the audio ends is an error on its line (the clips file's, else the audio's); one
    that ends after it is cut to the audio's end, with a warning."""
    if duration is None or plan.asked is None:
        return plan
    a, b = plan.asked
    if a >= duration:
        raise InputError(f"clip {plan.number}: the range {_when(a)}-{_when(b)} starts after the audio ends "
                         f"({_when(duration)})", path=plan.spec.path or audio, line=plan.spec.line)
    if b <= duration:
        return plan
    fitted = _range_plan(ep, plan.spec, plan.number, a, duration, options.padding, limit=duration)
    fitted = replace(fitted, title=plan.title, end=duration, keep=(fitted.keep[0], True),
                     warnings=(f"the range ends at {_when(b)}, after the audio ({_when(duration)}); cut to its end",))
    pace = pace_warning(fitted)
    return replace(fitted, warnings=fitted.warnings + ((pace,) if pace else ()))


def check_length(plan: ClipPlan, duration: Ms | None, audio: str) -> None:
    if duration is None:
        return
    if plan.word_end > duration or plan.word_start >= duration:
        what = "quote" if plan.spec.quote is not None else "range"
        raise AudioError(
            f"clip {plan.number}: the {what} at {timecode.format_clock(plan.word_start)}-"
            f"{timecode.format_clock(plan.word_end)} lies beyond the end of the audio "
            f"({timecode.format_clock(duration)})", path=audio, line=None, text=plan.text[:60] or None,
        )


def neighbours(ep: Episode, plan: ClipPlan) -> tuple[Ms | None, Ms | None]:
    """The end of the word before the clip and the start of the word after it (``None``: none)."""
    if plan.first_word is None or plan.last_word is None:
        return None, None
    after = ep.words[plan.first_word - 1].end if plan.first_word > 0 else None
    before = ep.words[plan.last_word + 1].start if plan.last_word + 1 < len(ep.words) else None
    return after, before


def refine_edges(ffmpeg: str, audio: str | os.PathLike[str], ep: Episode, plan: ClipPlan, *,
                 duration: Ms | None, options: ClipOptions = ClipOptions(), excerpt: Excerpt | None = None) -> ClipPlan:
    """Move the clip's edges into the pauses next to its first word's start and last word's end.

    The audio looked at is ``options.search`` ms either side of each edge: read from ``excerpt``
    when given, else decoded by ffmpeg from that window of ``audio`` alone."""
    check_length(plan, duration, str(audio))
    if plan.first_word is None:  # a range without words: cut as given
        return plan if duration is None else replace(plan, end=min(plan.end, duration))
    pad, search = options.padding, options.search
    after, before = neighbours(ep, plan)
    if excerpt is not None:
        sw = excerpt.window(plan.word_start - search, plan.word_start + search, episode_end=duration)
        ew = excerpt.window(plan.word_end - search, plan.word_end + search, episode_end=duration)
    else:
        sw = edges.window_near(ffmpeg, audio, plan.word_start, duration=duration, search=search)
        ew = edges.window_near(ffmpeg, audio, plan.word_end, duration=duration, search=search)
    prev = ep.words[plan.first_word - 1] if plan.first_word > 0 else None
    nxt = ep.words[plan.last_word + 1] if plan.last_word is not None and plan.last_word + 1 < len(ep.words) else None
    start, n1 = edges.start_edge(sw, plan.word_start, pad, after=after, tolerance=options.tolerance,
                                 reach=edges.reach_into(prev, options.tolerance))
    end, n2 = edges.end_edge(ew, plan.word_end, pad, before=before, tolerance=options.tolerance,
                             reach=edges.reach_into(nxt, options.tolerance))
    if duration is not None:
        end = min(end, duration)
    if end - start < 2 * options.fade + 100:  # nothing sensible found: the padded word range
        start, end = max(0, plan.word_start - pad), plan.word_end + pad
        if duration is not None:
            end = min(end, duration)
        n1 = n2 = None
        notes = [*plan.notes, f"too short to look for pauses: cut at the padded words, "
                              f"{timecode.format_clock(start)}-{timecode.format_clock(end)}"]
    else:
        notes = list(plan.notes)
    if plan.keep[0]:
        start, n1 = plan.start, None
    if plan.keep[1]:
        end, n2 = plan.end if duration is None else min(plan.end, duration), None
    for n, cut in ((n1, start), (n2, end)):
        if n:  # the time is the cut's, as printed in the clip's range
            notes.append(f"{n} ({timecode.format_clock(cut)})")
    return replace(plan, start=start, end=end, notes=tuple(notes))


# --- captions ----------------------------------------------------------------------------------


def clip_transcript(ep: Episode, plan: ClipPlan) -> Transcript:
    """The clip's words as a transcript whose times start at 0 (cut start), one segment per speaker turn."""
    if plan.first_word is None or plan.last_word is None:
        return Transcript((), format="clip")
    length = plan.duration
    segs: list[Segment] = []
    run: list[Word] = []
    speaker = ep.speakers[plan.first_word]

    def close() -> None:
        if run:
            segs.append(Segment(run[0].start, run[-1].end, " ".join(w.text for w in run), speaker, tuple(run)))

    for i in range(plan.first_word, plan.last_word + 1):
        w = ep.words[i]
        s = min(max(0, w.start - plan.start), length)
        e = min(max(s, w.end - plan.start), length)
        if ep.speakers[i] != speaker:
            close()
            run, speaker = [], ep.speakers[i]
        run.append(Word(s, e, w.text))
    close()
    return Transcript(tuple(segs), format="clip")


def captions(ep: Episode, plan: ClipPlan, cue_options=None) -> tuple[str, str]:
    """SRT and VTT of the clip's words as readable cues, times from 0."""
    from ..subtitles import CueOptions, resegment
    from ..transcripts import dump_transcript

    t = clip_transcript(ep, plan)
    cues = within(resegment(t, cue_options or CueOptions()), plan.duration) if t.segments else t
    return dump_transcript(cues, "srt"), dump_transcript(cues, "vtt")


def within(cues: Transcript, length: Ms, show: Ms = 300) -> Transcript:
    """The cues fitted into ``0..length`` (the clip's audio). The subtitle rules (a cue shown at least
    a second, at a readable speed) can run the last cues of a short clip, or of words the transcript
    squeezes together, past its end: those cues are then pressed, in order and in proportion, into the
    time left, each kept on screen ``show`` ms where the clip is long enough. Nothing is dropped."""
    segs = list(cues.segments)
    if not segs or any(s.start is None or s.end is None for s in segs) or segs[-1].end <= length:
        return cues
    n = len(segs)
    k = next(i for i, s in enumerate(segs) if s.end > length)
    while k > 0 and length - segs[k].start < (n - k) * show:
        k -= 1
    a = max(0, min(segs[k].start, length - (n - k) * show))
    s0, e0 = segs[k].start, segs[-1].end

    def to(t: Ms) -> Ms:
        return a + (max(t, s0) - s0) * (length - a) // (e0 - s0)

    for i in range(k, n):
        st = min(to(segs[i].start), max(0, length - 1))
        segs[i] = replace(segs[i], start=st, end=max(st + 1, to(segs[i].end)) if length > 0 else st)
    return replace(cues, segments=tuple(segs))


AUDIOGRAM_CUES = dict(max_chars=22, max_lines=2, max_duration=4_000)  # big burned-in text on a narrow frame


# --- cutting -----------------------------------------------------------------------------------


def base_name(plan: ClipPlan, width: int = 2) -> str:
    return f"{plan.number:0{width}d}-{slug(plan.spec.title or plan.title)}"


def tags(plan: ClipPlan, episode: str) -> dict[str, str]:
    rng = f"{timecode.format_clock(plan.start)}-{timecode.format_clock(plan.end)}"
    return {"title": plan.title, "album": episode, "comment": f"clip of {episode}, {rng}"}


def soundbite(plan: ClipPlan) -> dict:
    """Podcasting 2.0 ``<podcast:soundbite startTime duration>title</podcast:soundbite>`` fields."""
    return {"startTime": round(plan.start / 1000, 3), "duration": round(plan.duration / 1000, 3), "title": plan.title}


def record(result: ClipResult) -> dict:
    p = result.plan
    return {
        "clip": p.number,
        "file": result.audio.name,
        "title": p.title,
        "kind": p.spec.kind,
        "quote": p.spec.quote,
        "start": round(p.start / 1000, 3),
        "end": round(p.end / 1000, 3),
        "source_range": f"{timecode.format_clock(p.start)}-{timecode.format_clock(p.end)}",
        "text": p.text,
        "score": p.score,
        "occurrences": [round(o.start / 1000, 3) for o in p.occurrences] or None,
        "loudness": None if result.loudness is None else loudness_record(result.loudness),
        "srt": result.srt.name,
        "vtt": result.vtt.name,
        "audiogram": result.audiogram.name if result.audiogram else None,
        "soundbite": soundbite(p),
    }


def loudness_record(g: Gain) -> dict:
    """clips.json's ``loudness``: the clip as measured (before the gain), the gain, whether limited, and
    for a limited clip the loudness it reached (loudnorm's report)."""
    return {"measured_integrated": round(g.integrated, 1), "measured_true_peak": round(g.true_peak, 1),
            "gain_db": round(g.gain, 2), "limited": g.limited,
            **({"reached_integrated": round(g.reached, 1)} if g.reached is not None else {})}


def clips_json(results: Sequence[ClipResult], audio: str) -> str:
    """``{"audio": ..., "clips": [...]}`` with one line per clip."""
    lines = [json.dumps(record(r), ensure_ascii=False) for r in results]
    return '{"audio": ' + json.dumps(audio, ensure_ascii=False) + ', "clips": [\n' + ",\n".join(lines) + "\n]}\n"


SILENT_LUFS = -70.0  # a clip measured at most this loud (or -inf) is silent: there is nothing to normalise


def is_silent_loudness(integrated: float | None) -> bool:
    """Whether a measured integrated loudness (LUFS; -inf, nan or None when there was none) is silence."""
    return integrated is None or not integrated > SILENT_LUFS  # -inf, nan, or at most SILENT_LUFS


def _cut_one(ffmpeg: str, audio: str, plan: ClipPlan, excerpt: Excerpt, tmp: Path, *, options: ClipOptions,
             episode: str) -> tuple[Gain | None, str | None]:
    """Cut ``plan`` from its excerpt into ``tmp``. Unless loudness is off, pass 1 measures the faded
    clip (``ebur128``: integrated loudness, true peak) and the cut applies one gain to the target:
    fast, and exact. When that gain would push the true peak past the target's, the clip is measured
    by ``loudnorm`` and cut by its second pass, whose true-peak limiter keeps both targets (slower:
    it works at 192 kHz; the cut comes back to the excerpt's rate). Returns the gain and a warning: a
    silent clip is cut as it is, not normalised (it would be raised by nothing but noise)."""
    fmt = audio_format(options.format)
    inp = excerpt.input_args(plan.start, plan.end)
    gain = None
    warning = None
    target = options.loudness
    if target is not None:
        first = ff.run(ffmpeg, measure_args(audio, plan.start, plan.end, fade=options.fade, input_args=inp))
        integrated, true_peak = parse_ebur128(first.stderr.decode("utf-8", "replace"))
        if is_silent_loudness(integrated):
            # ebur128 says -70.0 (its absolute gate) when no block is loud enough to count: no loudness at all
            warning = ("the audio is silent (-inf LUFS), so it is not normalised; "
                       "is this the episode's audio?")  # the caller says which clip, as for every warning
        else:
            measured = None
            if needs_limiting(target, integrated, true_peak):
                ln = ff.run(ffmpeg, measure_args(audio, plan.start, plan.end, fade=options.fade, input_args=inp,
                                                 meter=loudnorm_filter(target)))
                measured = parse_loudnorm(ln.stderr.decode("utf-8", "replace"))
            gain = Gain(integrated, true_peak, target.integrated - integrated, measured)
    done = ff.run(ffmpeg, cut_args(audio, plan.start, plan.end, tmp, fmt=fmt, fade=options.fade,
                                   gain=gain.filter(target) if gain is not None and target is not None else None,
                                   sample_rate=excerpt.rate if gain is not None and gain.limited else None,
                                   metadata=tags(plan, episode), input_args=inp))
    if gain is not None and gain.limited and target is not None:
        reached = float(parse_loudnorm(done.stderr.decode("utf-8", "replace"))["output_i"])
        gain = replace(gain, reached=reached)
        if abs(reached - target.integrated) > OFF_TARGET_LU:
            warning = (f"reaches {reached:.1f} LUFS, not {target.integrated:g}: its peaks ({gain.true_peak:.1f} dBTP "
                       f"at {gain.integrated:.1f} LUFS) leave too little room under {target.true_peak:g} dBTP "
                       f"(a lower --loudness target keeps more of them)")
    return gain, warning


OFF_TARGET_LU = 1.0  # a limited clip further than this from the target is warned about


def excerpt_range(plan: ClipPlan, options: ClipOptions, *, refine: bool) -> tuple[Ms, Ms]:
    """The stretch of the episode a clip needs decoded: its range, plus the edge windows when refining."""
    if not refine or plan.first_word is None:
        return plan.start, plan.end
    return min(plan.start, plan.word_start - options.search), max(plan.end, plan.word_end + options.search)


def decode_params(info: ff.MediaInfo, sample_rate: int | None = None) -> tuple[int, int]:
    """The sample rate and channel count a clip's excerpt is decoded at (the episode's, at most stereo)."""
    return sample_rate or info.sample_rate or 48_000, min(2, info.channels or 2)


def _prepare(ffmpeg: str, audio: str, ep: Episode, plan: ClipPlan, tmpdir: Path, *, options: ClipOptions,
             rate: int, channels: int, duration: Ms | None, refine: bool) -> tuple[ClipPlan, Excerpt]:
    """Decode a clip's stretch of the episode to an excerpt in ``tmpdir`` and, with ``refine``, move
    its edges into the pauses there. The one way a clip's final range is found: ``cut_clips`` cuts
    it, ``cut_ranges`` reports it."""
    lo, hi = excerpt_range(plan, options, refine=refine)
    # the clip's words must be there; the search windows past them may run into the audio's real end
    need = plan.word_end if refine and plan.first_word is not None else plan.end
    excerpt = extract(ffmpeg, audio, lo, hi, tmpdir, rate=rate, channels=channels, duration=duration,
                      name=f"clip{plan.number}", need=need, label=f"clip {plan.number}")
    if refine:
        plan = refine_edges(ffmpeg, audio, ep, plan, duration=duration, options=options, excerpt=excerpt)
    if plan.end > excerpt.end:  # the audio stops sooner than its header said
        plan = replace(plan, end=max(excerpt.end, plan.word_end if plan.first_word is not None else plan.start + 1))
    return plan, excerpt


def _against_audio(ffmpeg: str, audio: str, ep: Episode, plans: Sequence[ClipPlan], options: ClipOptions,
                   info: ff.MediaInfo | None, sample_rate: int | None,
                   ) -> tuple[ff.MediaInfo, int, int, list[ClipPlan]]:
    """What ``cut_ranges`` and ``cut_clips`` both do first: the audio's facts, the rate and channels its
    excerpts are decoded at, and the plans fitted to its length (``AudioError`` for one past its end)."""
    if info is None:
        info = ff.probe(ffmpeg, audio)
    rate, channels = decode_params(info, sample_rate)
    fitted = [fit_to_audio(ep, plan, info.duration, audio, options) for plan in plans]
    for plan in fitted:
        check_length(plan, info.duration, audio)
    return info, rate, channels, fitted


def cut_ranges(
    ffmpeg: str,
    audio: str | os.PathLike[str],
    ep: Episode,
    plans: Sequence[ClipPlan],
    *,
    options: ClipOptions = ClipOptions(),
    sample_rate: int | None = None,
    info: ff.MediaInfo | None = None,
    started: Callable[[ClipPlan], None] | None = None,
) -> list[ClipPlan]:
    """The plans as ``cut_clips(..., refine=True)`` cuts them: final ranges and notes, found the same
    way (``_prepare``: the same excerpt decoded, the same edge refinement), with nothing written.
    This is what a dry run prints. Each excerpt lives in a temporary folder only while its edges
    are found. ``AudioError`` as ``cut_clips`` raises it (unreadable, truncated, too short)."""
    audio = str(audio)
    info, rate, channels, plans = _against_audio(ffmpeg, audio, ep, plans, options, info, sample_rate)
    out: list[ClipPlan] = []
    with tempfile.TemporaryDirectory(prefix="clipper-clips-") as tmp:
        for plan in plans:
            if started:
                started(plan)
            final, excerpt = _prepare(ffmpeg, audio, ep, plan, Path(tmp), options=options, rate=rate,
                                      channels=channels, duration=info.duration, refine=True)
            excerpt.path.unlink()
            out.append(final)
    return out


def clip_targets(plans: Sequence[ClipPlan], out_dir: str | os.PathLike[str], options: ClipOptions = ClipOptions(),
                 ) -> tuple[list[tuple[Path, Path, Path, Path | None]], Path]:
    """The files ``cut_clips`` writes: per clip (audio, SRT, VTT, audiogram or None), and ``clips.json``."""
    out = Path(out_dir)
    ext = audio_format(options.format).extension
    names = [base_name(p, max(2, len(str(len(plans))))) for p in plans]
    if len(set(names)) != len(names):
        raise OutputError("two clips would have the same file name", path=str(out))
    targets = [(out / f"{n}{ext}", out / f"{n}.srt", out / f"{n}.vtt", out / f"{n}.mp4" if options.audiogram else None)
               for n in names]
    return targets, out / "clips.json"


def cut_clips(
    ffmpeg: str,
    audio: str | os.PathLike[str],
    ep: Episode,
    plans: Sequence[ClipPlan],
    out_dir: str | os.PathLike[str],
    *,
    options: ClipOptions = ClipOptions(),
    sample_rate: int | None = None,
    progress: Callable[[ClipResult], None] | None = None,
    refine: bool = False,
    info: ff.MediaInfo | None = None,
    started: Callable[[ClipPlan], None] | None = None,
) -> list[ClipResult]:
    """Write every clip's files into ``out_dir``; nothing is published unless all of them succeed.

    Each clip's stretch of the episode is decoded once (seeking to it) into a temporary excerpt; the
    loudness measurement and the cut read the excerpt. With ``refine`` the edges are also moved into
    pauses here (``_prepare``, as ``cut_ranges`` does for a dry run), so the episode is sought once
    per clip; without
    it the plans are cut as given (already refined, or deliberately not). Every target is checked
    before anything is decoded; outputs are staged beside their final names and published in order
    (``clips.json`` last) once every clip is done. ``progress`` is called after each clip, and
    ``started`` before each one.
    """
    from . import audiogram as ag

    audio = str(audio)
    out = Path(out_dir)
    episode = Path(audio).stem
    info, rate, channels, plans = _against_audio(ffmpeg, audio, ep, plans, options, info, sample_rate)
    targets, index_path = clip_targets(plans, out, options)
    for group in targets:
        for t in group:
            if t is not None:
                check_writable(t, force=options.force, inputs=(audio,))
    check_writable(index_path, force=options.force, inputs=(audio,))
    font = ag.find_font() if options.audiogram else None
    made_dir = not out.exists()
    try:
        return _cut_all(ffmpeg, audio, ep, plans, targets, index_path, options=options, rate=rate, channels=channels,
                        duration=info.duration, refine=refine, font=font, episode=episode, progress=progress,
                        started=started)
    except BaseException:
        if made_dir:  # leave no empty folder behind either
            with contextlib.suppress(OSError):
                out.rmdir()
        raise


def _cut_all(ffmpeg, audio, ep, plans, targets, index_path, *, options, rate, channels, duration, refine, font,
             episode, progress, started) -> list[ClipResult]:
    from . import audiogram as ag

    results: list[ClipResult] = []
    with contextlib.ExitStack() as stack:
        # Staged in reverse, so that leaving the stack (last in, first out) publishes clip 1 first
        # and clips.json last; an error or Ctrl-C before that removes every temporary file.
        index_tmp = stack.enter_context(staged(index_path, force=options.force))
        staged_groups = []
        for group in reversed(targets):
            staged_groups.append(tuple(None if t is None else stack.enter_context(staged(t, force=options.force))
                                       for t in group))
        staged_groups.reverse()
        tmpdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="clipper-clips-")))
        for plan, (a_tmp, srt_tmp, vtt_tmp, mp4_tmp), (a_path, srt_path, vtt_path, mp4_path) in zip(
                plans, staged_groups, targets):
            if started:
                started(plan)
            plan, excerpt = _prepare(ffmpeg, audio, ep, plan, tmpdir, options=options, rate=rate, channels=channels,
                                     duration=duration, refine=refine)
            loud, silent = _cut_one(ffmpeg, audio, plan, excerpt, a_tmp, options=options, episode=episode)
            excerpt.path.unlink()
            srt_text, vtt_text = captions(ep, plan)
            srt_tmp.write_text(srt_text, encoding="utf-8")
            vtt_tmp.write_text(vtt_text, encoding="utf-8")
            warnings: list[str] = [*plan.warnings, *([silent] if silent else [])]
            if mp4_tmp is not None:
                from ..subtitles import CueOptions

                burned = captions(ep, plan, CueOptions(**AUDIOGRAM_CUES))[0]
                w = ag.render(ffmpeg, a_tmp, burned, mp4_tmp, title=plan.title, duration=plan.duration, font=font)
                if w:
                    warnings.append(w)
            result = ClipResult(plan, a_path, srt_path, vtt_path, mp4_path, loud, tuple(warnings))
            results.append(result)
            if progress:
                progress(result)
        index_tmp.write_text(clips_json(results, audio), encoding="utf-8")
    return results


def make_clips(
    ffmpeg: str,
    audio: str | os.PathLike[str],
    transcript: Transcript,
    specs: Sequence[ClipSpec],
    out_dir: str | os.PathLike[str],
    *,
    options: ClipOptions = ClipOptions(),
    chapters: ChapterList | None = None,
    occurrence: int | None = None,
    progress: Callable[[ClipResult], None] | None = None,
) -> list[ClipResult]:
    """The library entry point: plan, check against the audio, refine edges, cut (one seek per clip)."""
    ep = Episode.from_transcript(transcript)
    plans = plan_clips(ep, specs, options=options, chapters=chapters, occurrence=occurrence)
    return cut_clips(ffmpeg, audio, ep, plans, out_dir, options=options, refine=True, progress=progress)


__all__ = ["ClipOptions", "ClipPlan", "ClipResult", "Episode", "plan_clip", "plan_clips", "pace_warning", "refine_edges",
           "clip_transcript", "captions", "cut_ranges", "cut_clips", "make_clips", "clips_json", "soundbite", "MatchError"]
