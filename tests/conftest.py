"""Shared fixtures: the real inputs in ../shared, and the resolved ffmpeg."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLIPPER_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).resolve().parent / "data"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared material not found at {path} (set CLIPPER_SHARED)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seed_auto(shared) -> Path:
    """000: YouTube auto-captions, timing stripped, inside web-page chrome."""
    return next(shared.glob("seeds/000_*.txt"))


@pytest.fixture(scope="session")
def seed_human(shared) -> Path:
    """001: human caption lines, '- ' starts a new speaker, timing stripped."""
    return next(shared.glob("seeds/001_*.txt"))


@pytest.fixture(scope="session")
def seed_summary(shared) -> Path:
    """002: the summary page (37 sections)."""
    return next(shared.glob("seeds/002_*.txt"))


@pytest.fixture(scope="session")
def lex_page(shared) -> Path:
    """The public transcript page: 780 (HH:MM:SS) paragraph stamps."""
    return _need(shared / "episodes/lex-452/transcript_page.md")


@pytest.fixture(scope="session")
def lex_official(shared) -> Path:
    return _need(shared / "episodes/lex-452/chapters_official.tsv")


@pytest.fixture(scope="session")
def ffmpeg() -> str:
    from clipper.ffmpeg import resolve

    return resolve()


@pytest.fixture(scope="session")
def tagged_mp4(ffmpeg):
    """A maker of MP4 audio (M4A/M4B) as ffmpeg and audiobook tools write them: a sine tone of ``seconds``, a
    PNG cover as attached picture, and the tags and chapters of ``ffmetadata`` (FFMETADATA1 text) plus ``tags``."""
    import subprocess

    def make(out: Path, ffmetadata: str, *, seconds: int, tags: dict[str, str] | None = None) -> Path:
        meta = out.with_suffix(".ffmeta")
        meta.write_text(ffmetadata)
        cover = out.with_name(out.stem + "-cover.png")
        run = [ffmpeg, "-hide_banner", "-loglevel", "error"]
        subprocess.run([*run, "-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", str(cover)], check=True)
        extra = [a for k, v in (tags or {}).items() for a in ("-metadata", f"{k}={v}")]
        subprocess.run(
            [*run, "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-i", str(cover),
             "-f", "ffmetadata", "-i", str(meta), "-map", "0:a", "-map", "1:v", "-map_metadata", "2",
             "-map_chapters", "2", "-c:a", "aac", "-b:a", "32k", "-c:v", "copy", "-disposition:v", "attached_pic",
             *extra, str(out)],
            check=True,
        )
        return out

    return make
