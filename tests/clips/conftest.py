"""Generated episodes for the clip tests: speech-like bursts with exact, known silent gaps
(clipper.clips.synth, rendered by the resolved ffmpeg's own generators)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from clipper import ffmpeg as ff
from clipper.clips import synth
from clipper.model import Transcript


@dataclass(frozen=True)
class Generated:
    layout: synth.Layout
    transcript: Transcript
    wav: Path
    folder: Path

    def encoded(self, ffmpeg: str, ext: str) -> Path:
        """The same audio in another container/codec (made once per session)."""
        codecs = {"mp3": ["-c:a", "libmp3lame", "-b:a", "96k"], "m4a": ["-c:a", "aac", "-b:a", "96k"],
                  "ogg": ["-c:a", "libvorbis", "-q:a", "4"], "flac": ["-c:a", "flac"], "wav": None}
        if ext == "wav":
            return self.wav
        out = self.folder / f"episode.{ext}"
        if not out.exists():
            ff.run(ffmpeg, ["-i", str(self.wav), *codecs[ext], "-y", str(out)])
        return out


@pytest.fixture(scope="session")
def episode(ffmpeg, tmp_path_factory) -> Generated:
    """40 s: phrases of 3-9 words, pauses of 160-900 ms between them, 25-70 ms gaps between words;
    the transcript's word times are up to 40 ms off, as ASR times are."""
    folder = tmp_path_factory.mktemp("episode")
    lay = synth.layout(40_000, seed=7)
    wav = folder / "episode.wav"
    ff.run(ffmpeg, synth.render_args(lay, wav))
    return Generated(lay, synth.transcript(lay, jitter=40, seed=2), wav, folder)
