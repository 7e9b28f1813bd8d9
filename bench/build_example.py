"""Rebuild the bundled example episode folder chapters/lex-452/ from the shared material.

    python bench/build_example.py --shared ../shared [--out chapters/lex-452]

summary.txt and chapters_official.tsv are copies; transcript.vtt is seed 001's human caption text
with times and speaker names taken from the public transcript page by `clipper.retime` (one cue per
caption line, no word-level times: the file stays small).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clipper.retime import retime  # noqa: E402
from clipper.model import Segment  # noqa: E402
from clipper.textio import read_text  # noqa: E402
from clipper.transcripts import dump_transcript, load_transcript  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "chapters" / "lex-452"))
    args = ap.parse_args()
    shared, out = Path(args.shared), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    page = load_transcript(shared / "episodes/lex-452/transcript_page.md")
    human_path = next(shared.glob("seeds/001_*.txt"))
    # one untimed segment per caption line (the reader groups lines into speaker turns, which can
    # run for minutes; a caption line keeps sentence-level starts for the chapter finder)
    human = load_transcript(human_path)
    lines = [Segment(None, None, ln.strip().removeprefix("- ").strip(), None, (), no, turn=ln.startswith("- "))
             for no, ln in enumerate(read_text(human_path).split("\n"), 1) if ln.strip()]
    timed = retime(human.with_segments(lines), page)
    # one cue per caption line; word times dropped to keep the file small
    cues = timed.with_segments(Segment(s.start, s.end, s.text, s.speaker, (), s.line, turn=s.turn)
                               for s in timed.segments)
    (out / "transcript.vtt").write_text(dump_transcript(cues, "vtt"), encoding="utf-8")
    shutil.copyfile(next(shared.glob("seeds/002_*.txt")), out / "summary.txt")
    shutil.copyfile(shared / "episodes/lex-452/chapters_official.tsv", out / "chapters_official.tsv")
    durs = [s.duration for s in cues.segments]
    print(f"{len(cues)} cues, {cues.duration / 1000:.0f} s, speakers {', '.join(cues.speakers)}, "
          f"median cue {statistics.median(durs) / 1000:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
