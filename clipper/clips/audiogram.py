"""Audiogram video for a clip: 1080x1920, waveform, burned-in captions, title on top.

The title needs a font file for ffmpeg's ``drawtext``; ``find_font`` asks ``fc-match`` and then
looks in the usual folders. Without one the video is still made, without the title, and the caller
is told why (``render`` returns the warning).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from .. import ffmpeg as ff
from ..model import Ms
from .commands import audiogram_args

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def find_font() -> str | None:
    """A TrueType/OpenType font file for the title, or ``None``."""
    fc = shutil.which("fc-match")
    if fc:
        try:
            out = subprocess.run([fc, "-f", "%{file}", "sans-serif:bold"], capture_output=True, text=True, timeout=10)
            path = out.stdout.strip()
            if out.returncode == 0 and path and Path(path).is_file():
                return path
        except (OSError, subprocess.SubprocessError):
            pass
    return next((p for p in FONT_PATHS if Path(p).is_file()), None)


def wrap_title(title: str, width: int = 24, max_lines: int = 3) -> str:
    lines = textwrap.wrap(" ".join(title.split()), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip(" .…,;:") + "…"
    return "\n".join(lines)


def render(
    ffmpeg: str,
    clip: str | os.PathLike[str],
    srt_text: str | None,
    out: str | os.PathLike[str],
    *,
    title: str,
    duration: Ms,
    font: str | None = None,
) -> str | None:
    """Render the audiogram of ``clip`` into ``out``; return a warning when the title was left out."""
    font = font or find_font()
    warning = None if font else "no font file found (fc-match, common folders): audiogram made without its title"
    with tempfile.TemporaryDirectory(prefix="clipper-audiogram-") as tmp:
        srt = None
        if srt_text:
            srt = Path(tmp) / "captions.srt"
            srt.write_text(srt_text, encoding="utf-8")
        title_files = []
        if font:
            for i, line in enumerate(wrap_title(title).split("\n")):
                title_files.append(Path(tmp) / f"title{i}.txt")
                title_files[-1].write_text(line, encoding="utf-8")
        ff.run(ffmpeg, audiogram_args(clip, srt, out, duration=duration, title_files=title_files, font=font))
    return warning
