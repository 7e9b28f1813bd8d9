"""The whole job for one episode: chapters in every format, subtitles, chapters in the audio, quote clips
and an HTML report, from one folder of inputs.

``discover(folder, ...)`` finds the inputs by name (``transcript.*``, ``summary.*``, one audio file,
``clips.yaml|clips.yml|clips.csv``, ``chapters_official.tsv``); ``read_config(path)`` reads the
folder's ``clipper.toml``; ``run_episode(inputs, options, progress=)`` does the work and returns a
``RunResult``. Every output goes through ``clipper.textio`` (atomic, no overwrite without ``force``),
and every target is checked before the first one is written, so a run that would overwrite
something stops before it starts. The inputs are only read.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import align, chapterformats, embed, ffmpeg as ffmpeg_mod
from .chapterformats.youtube import youtube_fixups
from .errors import InputError
from .evaluate import Score, score
from .model import ChapterList, Summary, Transcript
from .progress import Progress, scaled
from .subtitles import CueOptions, resegment
from .summaries import load_summary
from .textio import check_writable, read_text, write_text
from .transcripts import dump_transcript, load_transcript

AUDIO_EXTENSIONS = (".mp3", ".m4a", ".wav", ".ogg", ".flac", ".opus")
CLIPS_NAMES = ("clips.yaml", "clips.yml", "clips.csv")
REFERENCE_NAME = "chapters_official.tsv"
CONFIG_NAME = "clipper.toml"
SUBTITLE_FORMATS = ("srt", "vtt")


# --- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeInputs:
    transcript: Path
    summary: Path
    audio: Path | None = None
    clips: Path | None = None
    reference: Path | None = None  # chapter times to score against (HH:MM:SS<TAB>title)
    folder: Path | None = None  # the episode folder, when the inputs came from one

    @property
    def name(self) -> str:
        return (self.folder or self.transcript.parent).resolve().name or "episode"

    def files(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.transcript, self.summary, self.audio, self.clips, self.reference) if p)


def _one(folder: Path, paths: list[Path], what: str, option: str) -> Path | None:
    if len(paths) > 1:
        names = ", ".join(p.name for p in sorted(paths))
        raise InputError(f"more than one {what} in the folder ({names}); name one with {option}", path=str(folder))
    return paths[0] if paths else None


def discover(
    folder: str | os.PathLike[str],
    *,
    transcript: str | os.PathLike[str] | None = None,
    summary: str | os.PathLike[str] | None = None,
    audio: str | os.PathLike[str] | None = None,
    clips: str | os.PathLike[str] | None = None,
    reference: str | os.PathLike[str] | None = None,
) -> EpisodeInputs:
    """The episode's inputs: the paths given, else the files found in ``folder`` by name."""
    d = Path(folder)
    if not d.is_dir():
        raise InputError("no such episode folder", path=str(d))
    files = sorted(p for p in d.iterdir() if p.is_file() and not p.name.startswith("."))

    def found(given, pattern: str, what: str, option: str) -> Path | None:
        if given is not None:
            p = Path(given)
            if not p.is_file():
                raise InputError(f"{option}: no such file", path=str(p))
            return p
        return _one(d, [p for p in files if pattern_match(p, pattern)], what, option)

    t = found(transcript, "transcript", "transcript (transcript.*)", "--transcript")
    s = found(summary, "summary", "summary (summary.*)", "--summary")
    if t is None:
        raise InputError("no transcript in the episode folder: add transcript.<ext> or pass --transcript", path=str(d))
    if s is None:
        raise InputError("no summary in the episode folder: add summary.<ext> or pass --summary", path=str(d))
    a = found(audio, "audio", "audio file", "--audio")
    c = found(clips, "clips", "clips file", "--clips")
    r = found(reference, "reference", REFERENCE_NAME, "--reference")
    return EpisodeInputs(t, s, a, c, r, d)


def pattern_match(p: Path, kind: str) -> bool:
    """Does the file name ``p`` say it is the episode's ``kind`` of input?"""
    name = p.name.lower()
    if kind in ("transcript", "summary"):
        return p.stem.lower() == kind and p.suffix != ""
    if kind == "audio":
        return p.suffix.lower() in AUDIO_EXTENSIONS and ".chapters." not in name  # not our own output
    if kind == "clips":
        return name in CLIPS_NAMES
    if kind == "reference":
        return name == REFERENCE_NAME
    raise ValueError(kind)


# --- clipper.toml ------------------------------------------------------------------------------

# key -> (type, is a path relative to the toml's folder)
CONFIG_KEYS: dict[str, tuple[type, bool]] = {
    "out": (str, True),
    "transcript": (str, True),
    "summary": (str, True),
    "audio": (str, True),
    "clips": (str, True),
    "reference": (str, True),
    "templates": (str, True),
    "ffmpeg": (str, False),
    "force": (bool, False),
    "quiet": (bool, False),
    "json": (bool, False),
    "semantic": (bool, False),
    "lenient": (bool, False),
    "min_chapter": (float, False),
    "transcript_format": (str, False),
    "summary_format": (str, False),
    "clip_format": (str, False),
    "loudness": ((float, str), False),
    "audiogram": (bool, False),
    "padding": (float, False),
}


def _key_line(text: str, key: str) -> int | None:
    pat = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for n, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return n
    return None


def parse_config(text: str, path: str = CONFIG_NAME) -> dict[str, Any]:
    """The options a ``clipper.toml`` sets (keys are option names with underscores); paths stay as
    written. An unknown key or a value of the wrong type is an ``InputError`` naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise InputError(f"not valid TOML: {e}", path=path, line=int(m.group(1)) if m else None) from None
    out: dict[str, Any] = {}
    for key, value in data.items():
        line = _key_line(text, key)
        if key not in CONFIG_KEYS:
            known = ", ".join(sorted(CONFIG_KEYS))
            raise InputError(f"unknown option {key!r} (known: {known})", path=path, line=line, text=key)
        typ, _ = CONFIG_KEYS[key]
        types = typ if isinstance(typ, tuple) else (typ,)
        ok = isinstance(value, types) and not (bool not in types and isinstance(value, bool))
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            names = " or ".join(t.__name__ for t in types)
            raise InputError(f"{key} must be a {names}", path=path, line=line, text=repr(value))
        out[key] = value
    return out


def read_config(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """``folder/clipper.toml`` as options, with path values made relative to the folder (``{}`` when
    there is no such file)."""
    p = Path(folder) / CONFIG_NAME
    if not p.is_file():
        return {}
    values = parse_config(read_text(p), str(p))
    return {k: (Path(folder) / v if CONFIG_KEYS[k][1] else v) for k, v in values.items()}


# --- options and results -----------------------------------------------------------------------


@dataclass(frozen=True)
class RunOptions:
    out: Path
    force: bool = False
    templates: Path | None = None
    ffmpeg: str | None = None
    semantic: bool = False
    lenient: bool = False
    min_chapter_ms: int = 10_000
    transcript_format: str | None = None
    summary_format: str | None = None
    cues: CueOptions = field(default_factory=CueOptions)
    clips: Any = None  # clipper.clips.cut.ClipOptions (imported lazily); None = its defaults


@dataclass(frozen=True)
class ClipOut:
    """One quote clip written (for the report's markers)."""

    path: Path
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class RunResult:
    out: Path
    chapters: ChapterList
    placements: tuple[align.Placement, ...]
    youtube: str  # the block to paste into a video description
    files: tuple[Path, ...]  # every file written, the report last
    warnings: tuple[str, ...]
    score: Score | None = None  # against the reference, when one was given
    reference: tuple[tuple[int, str], ...] = ()
    clips: tuple[ClipOut, ...] = ()

    @property
    def report(self) -> Path:
        return self.out / "report.html"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``clipper run --json`` prints)."""
        d: dict[str, Any] = {
            "out": str(self.out),
            "chapters": [
                {"start_ms": c.start, "end_ms": c.end, "title": c.title, "confidence": c.confidence}
                for c in self.chapters
            ],
            "youtube": self.youtube,
            "files": [str(p) for p in self.files],
            "warnings": list(self.warnings),
            "clips": [{"path": str(c.path), "start_ms": c.start, "end_ms": c.end, "label": c.label} for c in self.clips],
        }
        if self.score is not None:
            d["accuracy"] = {
                "matched": self.score.n,
                "within_5s": self.score.within(5),
                "within_10s": self.score.within(10),
                "within_30s": self.score.within(30),
                "median_s": self.score.median_s,
                "line": self.score.summary_line(),
            }
        return d


# --- the run -----------------------------------------------------------------------------------


def load_reference(path: Path) -> tuple[tuple[int, str], ...]:
    ref = load_summary(path)
    if not ref.timed:
        raise InputError("reference chapters need a time on every line (HH:MM:SS<TAB>title)", path=str(path))
    return tuple((int(s.start), s.heading) for s in ref.sections)  # type: ignore[arg-type]


def _read(inputs: EpisodeInputs, options: RunOptions, warnings: list[str]) -> tuple[Transcript, Summary]:
    t = load_transcript(inputs.transcript, format=options.transcript_format, lenient=options.lenient)
    if t.skipped:
        warnings.append(f"{inputs.transcript}: skipped {t.skipped} malformed transcript block(s) (--lenient)")
    s = load_summary(inputs.summary, format=options.summary_format, lenient=options.lenient)
    return t, s


def embedded_name(audio: Path) -> str:
    return f"{audio.stem}.chapters{audio.suffix.lower()}"


def chapter_paths(out: Path) -> list[Path]:
    return [out / "chapters" / f.filename for f in chapterformats.CHAPTER_FORMATS if f.write and f.filename]


def run_episode(inputs: EpisodeInputs, options: RunOptions, progress: Progress | None = None) -> RunResult:
    """Chapters, subtitles, chapters in the audio, clips and the report for one episode, into ``options.out``."""
    report = progress or (lambda step, frac: None)
    out = Path(options.out)
    warnings: list[str] = []
    report("reading", 0.0)
    transcript, summary = _read(inputs, options, warnings)
    reference = load_reference(inputs.reference) if inputs.reference else ()

    ffmpeg_path: str | None = None
    duration_ms: int | None = None
    if inputs.audio is not None:
        ffmpeg_path = ffmpeg_mod.resolve(options.ffmpeg)
        duration_ms = ffmpeg_mod.probe(ffmpeg_path, inputs.audio).duration

    report("chapters", 0.05)
    aopts = align.AlignOptions(min_chapter_ms=options.min_chapter_ms, semantic=options.semantic,
                               duration_ms=None if transcript.timed else duration_ms)
    if summary.timed:
        chapters = align.find_chapters(transcript, summary, aopts)
        placements: tuple[align.Placement, ...] = ()
    else:
        chapters, pl = align.place(transcript, summary, aopts, progress=scaled(progress, 0.05, 0.4, "chapters: "))
        placements = tuple(pl)
    warnings[:0] = list(chapters.warnings)
    youtube_list, fix_messages = youtube_fixups(chapters)
    warnings.extend(fix_messages)
    youtube = chapterformats.render(youtube_list, "youtube", templates=options.templates)

    # plan every output and check each target before writing the first one
    targets: list[Path] = chapter_paths(out)
    subtitles_ok = transcript.timed
    if subtitles_ok:
        targets += [out / f"subtitles.{fmt}" for fmt in SUBTITLE_FORMATS]
    else:
        warnings.append("subtitles not written: the transcript has no times")
    embed_to: Path | None = None
    if inputs.audio is not None:
        try:
            embed.container(inputs.audio)
            embed_to = out / embedded_name(inputs.audio)
            targets.append(embed_to)
        except InputError as e:
            warnings.append(f"chapters not embedded in the audio: {e.message}")
    clip_plan = None
    if inputs.clips is not None:
        if inputs.audio is None:
            warnings.append(f"clips not cut: {inputs.clips.name} needs the episode audio (--audio)")
        elif not transcript.timed:
            warnings.append("clips not cut: the transcript has no times (clipper retime gives it some)")
        else:
            clip_plan = _plan_clips(inputs, transcript, chapters, out, options)
            targets += clip_plan.targets
    targets.append(out / "report.html")
    for p in targets:
        check_writable(p, force=options.force, inputs=inputs.files())

    written: list[Path] = []
    report("writing chapter files", 0.45)
    written += chapterformats.write_all(chapters, out / "chapters", force=options.force, templates=options.templates)
    if subtitles_ok:
        report("subtitles", 0.5)
        cues = resegment(transcript, options.cues)
        for fmt in SUBTITLE_FORMATS:
            written.append(write_text(out / f"subtitles.{fmt}", dump_transcript(cues, fmt), force=options.force))
    if embed_to is not None:
        report("embedding chapters in the audio", 0.6)
        done = embed.embed_chapters(inputs.audio, chapters, embed_to, force=options.force, ffmpeg=ffmpeg_path)
        written.append(done.path)
    clips_out: tuple[ClipOut, ...] = ()
    if clip_plan is not None:
        assert ffmpeg_path is not None
        clips_out, clip_files = _cut_clips(clip_plan, ffmpeg_path, scaled(progress, 0.65, 0.92, "clips: "), warnings)
        written += clip_files

    sc = score(chapters, list(reference)) if reference else None
    result = RunResult(out, chapters, placements, youtube, tuple(written), tuple(warnings), sc, reference, clips_out)
    report("report", 0.95)
    from . import report as report_mod

    html = report_mod.render_report(report_mod.build(result, inputs, transcript), templates=options.templates)
    written.append(write_text(out / "report.html", html, force=options.force))
    report("done", 1.0)
    return replace(result, files=tuple(written))


# --- quote clips (clipper.clips) ---------------------------------------------------------------


@dataclass(frozen=True)
class _ClipPlan:
    episode: Any  # clipper.clips.cut.Episode
    plans: tuple[Any, ...]  # clipper.clips.cut.ClipPlan, word-exact and padded; edges refined when cutting
    options: Any  # clipper.clips.cut.ClipOptions
    audio: Path
    dir: Path
    targets: tuple[Path, ...]  # every file the clips will write (checked before the run writes anything)


def _plan_clips(inputs: EpisodeInputs, transcript: Transcript, chapters: ChapterList, out: Path,
                options: RunOptions) -> _ClipPlan:
    """Read the clips file and find every clip in the transcript (chapter clips use this run's chapters);
    no audio is touched yet."""
    from .clips import cut
    from .clips.spec import load_clips

    assert inputs.clips is not None and inputs.audio is not None
    copts = replace(options.clips or cut.ClipOptions(), force=options.force)
    specs = load_clips(inputs.clips)
    episode = cut.Episode.from_transcript(transcript)
    plans = tuple(cut.plan_clips(episode, specs, options=copts, chapters=chapters))
    folder = out / "clips"
    groups, index = cut.clip_targets(plans, folder, copts)
    targets = [p for group in groups for p in group if p is not None] + [index]
    return _ClipPlan(episode, plans, copts, inputs.audio, folder, tuple(targets))


def _cut_clips(plan: _ClipPlan, ffmpeg: str, progress: Progress,
               warnings: list[str]) -> tuple[tuple[ClipOut, ...], list[Path]]:
    """Cut every clip, each edge moved into the nearest pause (published together or not at all)."""
    from .clips import cut

    n = len(plan.plans)
    done = [0]

    def step(result: Any) -> None:
        done[0] += 1
        progress(f"cut clip {done[0]}/{n}", done[0] / n)

    results = cut.cut_clips(ffmpeg, plan.audio, plan.episode, plan.plans, plan.dir, options=plan.options,
                            progress=step, refine=True)
    written: list[Path] = []
    marks = []
    for r in results:
        for note in r.plan.notes + r.warnings:
            warnings.append(f"clip {r.plan.number}: {note}")
        written += [r.audio, r.srt, r.vtt] + ([r.audiogram] if r.audiogram else [])
        marks.append(ClipOut(r.audio, r.plan.start, r.plan.end, f"{r.plan.number}: {r.plan.title}"))
    written.append(plan.dir / "clips.json")
    return tuple(marks), written


# --- settings: command line beats clipper.toml beats defaults ----------------------------------

DEFAULTS: dict[str, Any] = {
    "out": None, "transcript": None, "summary": None, "audio": None, "clips": None, "reference": None,
    "templates": None, "ffmpeg": None, "force": False, "quiet": False, "json": False, "semantic": False,
    "lenient": False, "min_chapter": 10.0, "transcript_format": None, "summary_format": None,
    "clip_format": "mp3", "loudness": -16.0, "audiogram": False, "padding": 0.25,
}


def default_out(folder: str | os.PathLike[str]) -> Path:
    """``./out/<episode folder name>``: the inputs' folder is never written unless asked."""
    return Path("out") / (Path(folder).resolve().name or "episode")


def settings(folder: str | os.PathLike[str], given: dict[str, Any]) -> dict[str, Any]:
    """The options for one episode: ``given`` (command line, only what the user set) over the folder's
    ``clipper.toml`` over ``DEFAULTS``."""
    unknown = set(given) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    merged = {**DEFAULTS, **read_config(folder), **{k: v for k, v in given.items() if v is not None}}
    if merged["out"] is None:
        merged["out"] = default_out(folder)
    return merged


def prepare(folder: str | os.PathLike[str], given: dict[str, Any] | None = None) -> tuple[EpisodeInputs, RunOptions, dict[str, Any]]:
    """Inputs and options for ``run_episode`` from a folder and the options the user set."""
    s = settings(folder, given or {})
    inputs = discover(folder, transcript=s["transcript"], summary=s["summary"], audio=s["audio"],
                      clips=s["clips"], reference=s["reference"])
    if s["min_chapter"] <= 0:
        raise InputError("min_chapter must be more than 0 seconds", text=str(s["min_chapter"]))
    options = RunOptions(
        out=Path(s["out"]), force=bool(s["force"]), templates=Path(s["templates"]) if s["templates"] else None,
        ffmpeg=s["ffmpeg"], semantic=bool(s["semantic"]), lenient=bool(s["lenient"]),
        min_chapter_ms=int(round(float(s["min_chapter"]) * 1000)),
        transcript_format=s["transcript_format"], summary_format=s["summary_format"],
        clips=clip_options(s) if inputs.clips is not None else None,
    )
    return inputs, options, s


def clip_options(s: dict[str, Any]) -> Any:
    """``ClipOptions`` from the run settings ``clip_format``, ``loudness`` (LUFS or "off"), ``audiogram``, ``padding``."""
    from .clips.commands import parse_loudness
    from .clips.cut import ClipOptions

    target = parse_loudness(s["loudness"])
    if float(s["padding"]) < 0:
        raise InputError("padding cannot be negative", text=str(s["padding"]))
    try:
        return ClipOptions(format=str(s["clip_format"]), padding=int(round(float(s["padding"]) * 1000)),
                           loudness=target, audiogram=bool(s["audiogram"]))
    except ValueError as e:
        raise InputError(str(e)) from None
