"""Finding ffmpeg and running it: commands are built as data (lists) and run in one place.

``resolve`` finds the binary in a fixed order (explicit option, ``CLIPPER_FFMPEG``, ``PATH``, the
binary shipped in the ``imageio-ffmpeg`` wheel) and every caller passes the path down. There is no
global ffmpeg setting and nothing uses ffprobe: media facts are read from ``ffmpeg -i`` output.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import AudioError, FFmpegError

ENV_VAR = "CLIPPER_FFMPEG"


@dataclass(frozen=True)
class Resolved:
    path: str
    source: str  # "option", "CLIPPER_FFMPEG", "PATH", "imageio-ffmpeg"


def resolve_with_source(option: str | os.PathLike[str] | None = None) -> Resolved:
    if option:
        return Resolved(_check(str(option), "--ffmpeg"), "option")
    env = os.environ.get(ENV_VAR)
    if env:
        return Resolved(_check(env, ENV_VAR), ENV_VAR)
    found = shutil.which("ffmpeg")
    if found:
        return Resolved(found, "PATH")
    try:
        import imageio_ffmpeg
    except ImportError:
        imageio_ffmpeg = None
    if imageio_ffmpeg is not None:
        try:
            return Resolved(imageio_ffmpeg.get_ffmpeg_exe(), "imageio-ffmpeg")
        except RuntimeError:
            pass
    raise FFmpegError(
        f"ffmpeg not found: pass --ffmpeg PATH, set {ENV_VAR}, put ffmpeg on PATH, "
        "or install the imageio-ffmpeg wheel"
    )


def resolve(option: str | os.PathLike[str] | None = None) -> str:
    """The ffmpeg binary to use; see the module docstring for the order."""
    return resolve_with_source(option).path


def _check(path: str, where: str) -> str:
    p = shutil.which(path) or (path if Path(path).is_file() else None)
    if not p or not os.access(p, os.X_OK):
        raise FFmpegError(f"{where} names {path!r}, which is not an executable file")
    return p


def run(
    ffmpeg: str,
    args: Sequence[str],
    *,
    input: bytes | None = None,
    capture_stdout: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``ffmpeg args...``; raise ``FFmpegError`` with the tail of stderr when it fails."""
    cmd = [ffmpeg, "-hide_banner", "-nostdin", *args]
    try:
        proc = subprocess.run(
            cmd,
            input=input,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise FFmpegError(f"ffmpeg not found at {ffmpeg!r}", cmd=cmd) from None
    except subprocess.TimeoutExpired:
        raise FFmpegError(f"ffmpeg took longer than {timeout} s", cmd=cmd) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", errors="replace")
        raise FFmpegError(f"ffmpeg failed: {last_error_line(err)}", cmd=cmd, stderr=err)
    return proc


def last_error_line(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def version(ffmpeg: str) -> str:
    proc = run(ffmpeg, ["-version"], capture_stdout=True)
    first = proc.stdout.decode("utf-8", errors="replace").splitlines()[0]
    return first


# --- media facts, read from `ffmpeg -i` (no ffprobe) -------------------------------------------

_DURATION = re.compile(r"Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)")


@dataclass(frozen=True)
class MediaInfo:
    duration: int | None  # ms
    has_audio: bool
    has_video: bool
    sample_rate: int | None
    channels: int | None
    codec: str | None
    container: str | None


def probe_args(path: str | os.PathLike[str]) -> list[str]:
    return ["-i", str(path)]


def parse_probe(stderr: str) -> MediaInfo:
    """Read duration and the first audio stream from ``ffmpeg -i`` stderr."""
    duration = None
    m = _DURATION.search(stderr)
    if m:
        h, mi, s = int(m.group(1)), int(m.group(2)), float(m.group(3))
        duration = int(round((h * 3600 + mi * 60 + s) * 1000))
    audio = re.search(r"Stream #\S+.*?: Audio: (\w+)[^,\n]*(?:, (\d+) Hz)?(?:, ([^,\n]+))?", stderr)
    channels = None
    if audio and audio.group(3):
        layout = audio.group(3).strip()
        channels = {"mono": 1, "stereo": 2}.get(layout)
        if channels is None:
            cm = re.match(r"(\d+) channels", layout)
            channels = int(cm.group(1)) if cm else None
    container = None
    cm = re.search(r"Input #0, ([^,]+(?:,[^,\s]+)*), from", stderr)
    if cm:
        container = cm.group(1)
    return MediaInfo(
        duration=duration,
        has_audio=audio is not None,
        has_video=re.search(r"Stream #\S+.*?: Video: ", stderr) is not None,
        sample_rate=int(audio.group(2)) if audio and audio.group(2) else None,
        channels=channels,
        codec=audio.group(1) if audio else None,
        container=container,
    )


def probe(ffmpeg: str, path: str | os.PathLike[str]) -> MediaInfo:
    """Facts about a media file, or ``AudioError`` when ffmpeg cannot read it."""
    p = Path(path)
    if not p.is_file():
        raise AudioError("no such audio file", path=str(p))
    cmd = [ffmpeg, "-hide_banner", "-nostdin", *probe_args(p)]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    err = proc.stderr.decode("utf-8", errors="replace")
    info = parse_probe(err)
    if "Invalid data found" in err or (not info.has_audio and "Input #0" not in err):
        raise AudioError(f"ffmpeg cannot read this file: {last_error_line(err)}", path=str(p))
    if not info.has_audio:
        raise AudioError("file has no audio stream", path=str(p))
    return info
