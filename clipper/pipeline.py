"""The whole job for one episode: chapters in every format, subtitles, chapters in the audio, quote clips
and an HTML report, from one folder of inputs.

``discover(folder, ...)`` finds the inputs by name (``transcript.*``, ``summary.*``, one audio file,
``clips.yaml|clips.yml|clips.csv``, ``chapters_official.tsv``); ``read_config(path)`` reads the
folder's ``clipper.toml``; ``run_episode(inputs, options, progress=)`` does the work and returns a
``RunResult``. Every output goes through ``clipper.textio`` (atomic, no overwrite without ``force``),
and every target is checked before the first one is written, so a run that would overwrite
something stops before it starts. The inputs are only read. A run keeps a log of the files it wrote
(``OUT/.clipper-run.json``, ``RunLog``), so running the same episode again, after a Ctrl-C or not,
replaces its own unchanged files without ``force``, and still nothing else.
"""
from __future__ import annotations

import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import align, chapterformats, embed, ffmpeg as ffmpeg_mod, timecode
from .chapterformats.youtube import TooFewChapters, youtube_fixups
from .errors import InputError, OutputError
from .evaluate import Score, score
from .model import ChapterList, Summary, Transcript
from .progress import Progress, scaled
from .subtitles import CueOptions, resegment
from .summaries import load_summary
from . import textio
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

    @property
    def key(self) -> str:
        """Which episode this is, for the run log: its folder (resolved)."""
        return str((self.folder or self.transcript.parent).resolve())


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
        raise InputError("is a file, not an episode folder" if d.exists() else "no such episode folder", path=str(d))
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


# numbers that must lie in a range: key -> (low, high, low itself excluded); the same ranges as the
# command line options (cli/common.py)
CONFIG_RANGES: dict[str, tuple[float, float, bool]] = {
    "min_chapter": (0.0, 3600.0, True),
    "padding": (0.0, 5.0, False),
}
_TYPE_WORDS = {str: "a string", bool: "true or false", float: "a number"}


def _shown(value: Any) -> str:
    """A TOML value as the user wrote it, for an error message (which adds the quotes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def check_range(key: str, value: float) -> str | None:
    """What is wrong with ``value`` for the number setting ``key`` (``None`` when nothing is)."""
    low, high, above = CONFIG_RANGES[key]
    if not math.isfinite(value) or value < low or value > high or (above and value == low):
        span = f"above {low:g}, at most {high:g}" if above else f"from {low:g} to {high:g}"
        return f"{key} must be a number {span}"
    return None


def _key_line(text: str, key: str) -> int | None:
    pat = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for n, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return n
    return None


def parse_config(text: str, path: str = CONFIG_NAME) -> dict[str, Any]:
    """The options a ``clipper.toml`` sets (keys are option names with underscores); paths stay as
    written. An unknown key, a value of the wrong type or a number out of range (inf and nan included) is
    an ``InputError`` naming the file, the line and the value."""
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
        shown = _shown(value)  # as written: 30, not 30.0
        ok = isinstance(value, types) and not (bool not in types and isinstance(value, bool))
        if float in types and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            names = " or ".join(_TYPE_WORDS[t] for t in types)
            raise InputError(f"{key} must be {names}", path=path, line=line, text=shown)
        problem = check_range(key, value) if key in CONFIG_RANGES else None
        if key == "loudness":
            from .clips.commands import parse_loudness

            try:
                parse_loudness(value)
            except InputError as e:
                problem = e.message.replace("--loudness", "loudness", 1)
        if key == "clip_format":
            from .clips.commands import AUDIO_FORMATS, audio_format

            try:
                audio_format(value)
            except InputError:
                problem = f"clip_format must be one of {', '.join(AUDIO_FORMATS)}"
        if problem:
            raise InputError(problem, path=path, line=line, text=shown)
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

    @classmethod
    def of(cls, plan: Any, path: Path) -> "ClipOut":
        """The marker of ``plan`` (a clipper.clips.cut.ClipPlan) written to ``path``."""
        return cls(path, plan.start, plan.end, f"{plan.number}: {plan.title}")


@dataclass(frozen=True)
class RunResult:
    out: Path
    chapters: ChapterList
    placements: tuple[align.Placement, ...]
    youtube: str  # the block to paste into a video description ("" when there are too few chapters for one)
    files: tuple[Path, ...]  # every file written, the report last
    warnings: tuple[str, ...]
    score: Score | None = None  # against the reference, when one was given
    reference: tuple[tuple[int, str], ...] = ()
    clips: tuple[ClipOut, ...] = ()
    removed: tuple[Path, ...] = ()  # an earlier run's files this run does not write, unchanged, so removed
    notes: tuple[str, ...] = ()  # for the user, nothing wrong (a clip edge kept where no pause was near)

    @property
    def report(self) -> Path:
        return self.out / "report.html"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``clipper run --json`` prints)."""
        d: dict[str, Any] = {
            "out": str(self.out),
            "chapters": [
                {"start_ms": c.start, "end_ms": c.end, "title": c.title, "confidence": c.confidence,
                 "pinned": c.pinned}
                for c in self.chapters
            ],
            "youtube": self.youtube,
            "files": [str(p) for p in self.files],
            "warnings": list(self.warnings),
            "clips": [{"path": str(c.path), "start_ms": c.start, "end_ms": c.end, "label": c.label} for c in self.clips],
            "removed": [str(p) for p in self.removed],
            "notes": list(self.notes),
        }
        if self.score is not None:
            d["accuracy"] = {
                "matched": self.score.n,
                "within_5s": self.score.within(5),
                "within_10s": self.score.within(10),
                "within_30s": self.score.within(30),
                "within_60s": self.score.within(60),
                "median_s": self.score.median_s,
                "line": self.score.summary_line(),
            }
        return d


# --- the run log: which files in the output folder a run of this episode wrote --------------------

RUN_LOG_NAME = ".clipper-run.json"
RUN_LOG_VERSION = 1


@dataclass(frozen=True)
class RunLog:
    """``OUT/.clipper-run.json``: the files runs of one episode published into ``OUT``, each with its size,
    modification time and inode as published (``textio.fingerprint``).

    A file is recorded just before it is moved into place, so a run stopped at any point (Ctrl-C, a
    crash) leaves a log naming every file it finished. A later run of the same episode may replace a file
    the log names if the file is still exactly as written (not edited, not replaced by someone); any other
    existing file still needs ``--force``. A log of another episode, or one that cannot be read, names
    nothing; the first file this run writes starts a new log.
    """

    out: Path
    episode: str
    files: dict[str, list[int]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.out / RUN_LOG_NAME

    @classmethod
    def read(cls, out: str | os.PathLike[str], episode: str) -> RunLog:
        out = Path(out)
        try:
            data = json.loads((out / RUN_LOG_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if not (isinstance(data, dict) and data.get("run_log") == RUN_LOG_VERSION
                and data.get("episode") == episode and isinstance(data.get("files"), dict)):
            return cls(out, episode)
        return cls(out, episode, {k: v for k, v in data["files"].items() if isinstance(v, list)})

    def _name(self, path: Path) -> str | None:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.out)).as_posix()
        except ValueError:
            return None

    def names(self, path: Path) -> bool:
        """Did this episode's runs write ``path`` (whatever has happened to it since)?"""
        return self._name(path) in self.files

    def wrote(self, path: Path) -> bool:
        """Is ``path`` a file this episode's runs wrote, unchanged since?"""
        name = self._name(path)
        if name is None or name not in self.files:
            return False
        try:
            st = path.stat()
        except OSError:
            return False
        return path.is_file() and textio.fingerprint(st) == self.files[name]

    def record(self, path: Path, st: os.stat_result) -> None:
        """A ``textio.recording`` journal: note ``path`` (about to be published) and save the log."""
        name = self._name(path)
        if name is None or name == RUN_LOG_NAME:
            return
        self.files[name] = textio.fingerprint(st)
        self._save()

    def _save(self) -> None:
        doc = {"run_log": RUN_LOG_VERSION, "episode": self.episode, "files": self.files}
        write_text(self.path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n", force=True)

    def prune(self, keep: list[Path]) -> tuple[list[Path], list[Path]]:
        """After a run that wrote ``keep``: remove every other file the log names that is still exactly as
        an earlier run wrote it (a clip no longer asked for, youtube.txt of a summary now too short), and
        drop it from the log, with the folders it leaves empty. A listed file that is gone is only dropped;
        one changed since is kept (and stays listed, so it is still not replaced without ``force``).
        Returns ``(removed, kept)``."""
        produced = {self._name(p) for p in keep}
        removed: list[Path] = []
        kept: list[Path] = []
        before = len(self.files)
        for name in sorted(set(self.files) - produced):
            path = self.out / name
            if self.wrote(path):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                except OSError:
                    kept.append(path)
                    continue
                removed.append(path)
                del self.files[name]
                self._remove_empty_folders(path.parent)
            elif not path.exists():
                del self.files[name]
            else:
                kept.append(path)
        if len(self.files) != before:
            self._save()
        return removed, kept

    def _remove_empty_folders(self, folder: Path) -> None:
        out = os.path.abspath(self.out)
        while os.path.abspath(folder) != out and os.path.abspath(folder).startswith(out + os.sep):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent


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
    s = load_summary(inputs.summary, format=options.summary_format, lenient=options.lenient, warnings=warnings)
    return t, s


def fit_to_audio(chapters: ChapterList, transcript_end: int | None, length: ffmpeg_mod.AudioLength,
                 audio: str | os.PathLike[str], *, strict: bool = True) -> tuple[ChapterList, list[str]]:
    """The chapters of a timed transcript (which ends at ``transcript_end``) checked against the audio's
    measured ``length``, and what to warn about.

    An audio ending before the transcript's last cue by more than ``ffmpeg.LENGTH_TOLERANCE`` (an outro
    cut off, a trimmed file) is a warning, and the chapters end at the audio's end (so a chapter's end is
    somewhere the audio has). A chapter that starts at or after the audio's end cannot be in it: an
    ``InputError`` naming the audio when ``strict`` (nothing has been written yet), else a warning and the
    chapters as they were. Audio at least as long as the transcript (or shorter by less than the
    tolerance) is no warning, but the last chapter still ends at the audio's end, as the chapters embedded
    in the audio do (``embed.fit``), so every chapter file and the audio agree. An untimed transcript
    (``None``; its times were estimated from the audio already): no change.
    """
    audio_ms = length.ms
    if transcript_end is None:
        return chapters, []
    if transcript_end - audio_ms <= ffmpeg_mod.LENGTH_TOLERANCE:
        if not chapters.chapters or chapters[-1].start >= audio_ms:
            return chapters, []  # nothing to end, or a start the audio does not reach (embedding says so)
        ends = tuple(replace(c, end=min(c.end, audio_ms)) for c in chapters.chapters[:-1])
        return replace(chapters, chapters=ends + (replace(chapters[-1], end=audio_ms),), duration=audio_ms), []
    clock = lambda ms: timecode.format_hms(ms)  # noqa: E731
    short_by = f"the audio ends at {clock(audio_ms)}, but the transcript runs to {clock(transcript_end)}"
    late = next((c for c in chapters if c.start >= audio_ms), None)
    if late is not None:
        cut = length.header is not None and length.header - audio_ms > ffmpeg_mod.LENGTH_TOLERANCE
        why = (f"its header says {clock(length.header)}: is the file truncated?" if cut  # type: ignore[arg-type]
               else "is it this episode's audio?")
        message = f"{short_by} and chapter {late.title!r} starts at {clock(late.start)}; {why}"
        if strict:
            raise InputError(message, path=str(audio))
        return chapters, [f"{audio}: {message}"]
    fitted = tuple(replace(c, end=min(c.end, audio_ms)) for c in chapters)
    gap = (transcript_end - audio_ms) / 1000
    note = f"{audio}: {short_by} ({gap:.0f} s more); the last chapter ends with the audio"
    return replace(chapters, chapters=fitted, duration=audio_ms), [note]


def embedded_name(audio: Path) -> str:
    return f"{audio.stem}.chapters{audio.suffix.lower()}"


def chapter_paths(out: Path, *, skip: tuple[str, ...] = ()) -> list[Path]:
    """Where a run writes its chapter files (every writable format but those named in ``skip``)."""
    return [out / "chapters" / f.filename for f in chapterformats.CHAPTER_FORMATS
            if f.write and f.filename and f.name not in skip]


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
    length: ffmpeg_mod.AudioLength | None = None
    if inputs.audio is not None:
        ffmpeg_path = ffmpeg_mod.resolve(options.ffmpeg)
        # measured (a header can lie), before any work: unreadable audio is said at once, an untimed
        # transcript's times are estimated from it, a timed one's chapters are checked against it
        length = ffmpeg_mod.audio_length(ffmpeg_path, inputs.audio)
        if not transcript.timed:
            duration_ms = length.ms
        if note := length.note(inputs.audio):
            warnings.append(note)

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
    if length is not None and transcript.timed:  # before the first write: chapters past the audio's end stop here
        assert inputs.audio is not None
        chapters, notes = fit_to_audio(chapters, transcript.duration, length, inputs.audio)
        warnings.extend(notes)
    skip: tuple[str, ...] = ()
    try:
        youtube_list, fix_messages = youtube_fixups(chapters)
        warnings.extend(fix_messages)
        youtube = chapterformats.render(youtube_list, "youtube", templates=options.templates)
    except TooFewChapters:  # a summary of one or two sections: every other format still makes sense
        youtube, skip = "", ("youtube",)  # write_all says why youtube.txt is left out

    # plan every output and check each target before writing the first one
    targets: list[Path] = chapter_paths(out, skip=skip)
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
            if length is not None:  # a quote past a short audio's end stops the run before its first write
                from .clips.cut import check_length

                for plan in clip_plan.plans:
                    check_length(plan, length.ms, str(inputs.audio))
            targets += clip_plan.targets
    targets.append(out / "report.html")
    sc = score(chapters, list(reference)) if reference else None
    # the report is rendered last; a user template that fails (``{{ nope.x }}``) must fail before the first write
    planned = tuple(ClipOut.of(pl, group[0])
                    for pl, group in zip(clip_plan.plans, clip_plan.groups)) if clip_plan is not None else ()
    _report(RunResult(out, chapters, placements, youtube, tuple(targets[:-1]), tuple(warnings), sc, reference,
                      planned), inputs, transcript, options)
    log = RunLog.read(out, inputs.key)
    replaced = []  # this episode's own files from an earlier (perhaps interrupted) run, unchanged since
    for p in targets:
        own = not options.force and log.wrote(p)
        if not (options.force or own) and p.is_file() and log.names(p):
            raise OutputError("changed since an earlier run wrote it; use --force to overwrite it", path=str(p))
        check_writable(p, force=options.force or own, inputs=inputs.files())
        if own:
            replaced.append(p)
    for p in replaced:  # removed rather than forced over, so each write still refuses a file that appears meanwhile
        p.unlink(missing_ok=True)

    written: list[Path] = []
    with textio.recording(log.record):  # every file is in the run log before it appears under its name
        report("writing chapter files", 0.45)
        written += chapterformats.write_all(chapters, out / "chapters", force=options.force,
                                            templates=options.templates, warnings=warnings,
                                            source=inputs.summary, audio=inputs.audio)
        if subtitles_ok:
            report("subtitles", 0.5)
            cues = resegment(transcript, options.cues)
            for fmt in SUBTITLE_FORMATS:
                written.append(write_text(out / f"subtitles.{fmt}", dump_transcript(cues, fmt), force=options.force))
        if embed_to is not None:
            report("embedding chapters in the audio", 0.6)
            done = embed.embed_chapters(inputs.audio, chapters, embed_to, force=options.force, ffmpeg=ffmpeg_path,
                                        length=length)
            written.append(done.path)
            warnings.extend(w for w in done.warnings if w not in warnings)
        clips_out: tuple[ClipOut, ...] = ()
        notes: list[str] = []
        if clip_plan is not None:
            assert ffmpeg_path is not None
            clips_out, clip_files = _cut_clips(clip_plan, ffmpeg_path, scaled(progress, 0.65, 0.92, "clips: "),
                                               warnings, notes)
            written += clip_files

        result = RunResult(out, chapters, placements, youtube, tuple(written), tuple(warnings), sc, reference,
                           clips_out, notes=tuple(notes))
        report("report", 0.95)
        written.append(write_text(out / "report.html", _report(result, inputs, transcript, options),
                                  force=options.force))
    # the run succeeded: an earlier run's files it did not write again would contradict the new ones
    removed, kept = log.prune(written)
    warnings.extend(f"{p}: kept, though this run does not write it: an earlier run wrote it and it was changed "
                    "since (remove it if it is out of date)" for p in kept)
    report("done", 1.0)
    return replace(result, files=tuple(written), warnings=tuple(warnings), removed=tuple(removed))


def _report(result: RunResult, inputs: EpisodeInputs, transcript: Transcript, options: RunOptions) -> str:
    from . import report as report_mod

    return report_mod.render_report(report_mod.build(result, inputs, transcript), templates=options.templates)


# --- quote clips (clipper.clips) ---------------------------------------------------------------


@dataclass(frozen=True)
class _ClipPlan:
    episode: Any  # clipper.clips.cut.Episode
    plans: tuple[Any, ...]  # clipper.clips.cut.ClipPlan, word-exact and padded; edges refined when cutting
    options: Any  # clipper.clips.cut.ClipOptions
    audio: Path
    dir: Path
    targets: tuple[Path, ...]  # every file the clips will write (checked before the run writes anything)
    groups: tuple[tuple[Path, ...], ...] = ()  # per clip: its audio file first, then its other files


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
    return _ClipPlan(episode, plans, copts, inputs.audio, folder, tuple(targets),
                     tuple(tuple(p for p in g if p is not None) for g in groups))


def _cut_clips(plan: _ClipPlan, ffmpeg: str, progress: Progress, warnings: list[str],
               notes: list[str]) -> tuple[tuple[ClipOut, ...], list[Path]]:
    """Cut every clip, each edge moved into the nearest pause (published together or not at all). What
    ``clipper clip`` prints as notes goes to ``notes``, its warnings to ``warnings``."""
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
        notes.extend(f"clip {r.plan.number}: {n}" for n in r.plan.notes)
        warnings.extend(f"clip {r.plan.number}: {w}" for w in r.warnings)
        written += [r.audio, r.srt, r.vtt] + ([r.audiogram] if r.audiogram else [])
        marks.append(ClipOut.of(r.plan, r.audio))
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
    problem = check_range("min_chapter", float(s["min_chapter"]))
    if problem:
        raise InputError(problem, text=_shown(s["min_chapter"]))
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
    problem = check_range("padding", float(s["padding"]))
    if problem:
        raise InputError(problem, text=_shown(s["padding"]))
    try:
        return ClipOptions(format=str(s["clip_format"]), padding=int(round(float(s["padding"]) * 1000)),
                           loudness=target, audiogram=bool(s["audiogram"]))
    except ValueError as e:
        raise InputError(str(e)) from None
