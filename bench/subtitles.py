"""Subtitle and retime benchmark on the real episode.

    python bench/subtitles.py --shared ../shared

Subtitles: the public transcript page (780 stamped paragraphs, words timed by interpolation inside
each paragraph) and the bundled example (seed 001's caption lines with retimed words) are
re-segmented into cues with the default limits; prints cue count, wall time, characters per line,
cue durations, reading speed (share of cues above 17 and above 20 characters per second) and the
share of cue ends that fall at a sentence or clause end.

Retime: seed 001 (untimed human captions, about 55k words) takes its times from the page; prints the
wall time, and compares where seed 001's speaker changes land with the page's own speaker changes.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clipper.retime import retime  # noqa: E402
from clipper.subtitles import CueOptions, resegment  # noqa: E402
from clipper.transcripts import load_transcript, parse_transcript  # noqa: E402
from clipper.transcripts.youtube_form import auto_captions  # noqa: E402

CLAUSE_END = (".", "?", "!", ",", ";", ":", "—", "–")


def cue_stats(name: str, transcript, options: CueOptions) -> dict:
    t0 = time.perf_counter()
    cues = resegment(transcript, options)
    wall = time.perf_counter() - t0
    segs = cues.segments
    lines = [ln for s in segs for ln in s.text.split("\n")]
    durs = [(s.end - s.start) / 1000 for s in segs]
    cps = [len(s.text.replace("\n", " ")) / max((s.end - s.start) / 1000, 1e-3) for s in segs]
    ends = sum(s.text.rstrip().endswith(CLAUSE_END) for s in segs[:-1]) / max(len(segs) - 1, 1)
    row = {
        "input": name, "cues": len(segs), "seconds": wall,
        "max_line": max(len(ln) for ln in lines), "max_lines": max(s.text.count("\n") + 1 for s in segs),
        "dur_min": min(durs), "dur_max": max(durs), "dur_median": statistics.median(durs),
        "over_17cps": sum(c > 17.0 + 1e-9 for c in cps) / len(cps), "over_20cps": sum(c > 20.0 + 1e-9 for c in cps) / len(cps),
        "clause_ends": ends,
    }
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    page_path = shared / "episodes" / "lex-452" / "transcript_page.md"
    seed001 = next((shared / "seeds").glob("001_*.txt"), None)
    if not page_path.is_file() or seed001 is None:
        print(f"bench/subtitles.py: the shared episode is not at {shared} (give --shared)", file=sys.stderr)
        return 2
    page = load_transcript(page_path)
    bundled = load_transcript(ROOT / "chapters" / "lex-452" / "transcript.vtt")
    options = CueOptions()
    print(f"subtitles with the default limits ({options.max_chars} chars x {options.max_lines} lines, "
          f"{options.min_duration / 1000:g}-{options.max_duration / 1000:g} s, aim {options.cps:g} cps, max {options.max_cps:g})")
    print(f"{'input':10} {'cues':>6} {'time':>7} {'line':>5} {'dur min/med/max s':>19} {'>17cps':>7} {'>20cps':>7} {'clause ends':>12}")
    for name, t in (("page", page), ("bundled", bundled)):
        r = cue_stats(name, t, options)
        print(f"{name:10} {r['cues']:>6} {r['seconds']:>6.2f}s {r['max_line']:>5} "
              f"{r['dur_min']:>5.2f}/{r['dur_median']:.2f}/{r['dur_max']:.2f}   {r['over_17cps'] * 100:>6.1f}% "
              f"{r['over_20cps'] * 100:>6.1f}% {r['clause_ends'] * 100:>11.1f}%")

    untimed = load_transcript(seed001)
    words = sum(len(s.text.split()) for s in untimed.segments)
    page_turns = [p.start for a, p in zip(page.segments, page.segments[1:]) if p.speaker != a.speaker]
    auto = parse_transcript(auto_captions(page), format="vtt", path="auto-captions.vtt")
    print(f"\nretime seed 001 ({words} words, {len(untimed.segments)} turns):")
    for name, source in (("the page", page), ("the page as YouTube auto-captions (no speakers)", auto)):
        t0 = time.perf_counter()
        timed = retime(untimed, source)
        wall = time.perf_counter() - t0
        # Speaker changes are where both transcripts agree on a time: each speaker change in the
        # retimed text should sit at a speaker change on the page (its stamps are whole seconds).
        # With the page, the changes are the retimed speakers'; with auto-captions (no names), seed
        # 001's own turn starts (its "- " lines, a few of which the page does not split).
        if source.speakers:
            ours = [b.start for a, b in zip(timed.segments, timed.segments[1:]) if b.speaker != a.speaker]
        else:
            ours = [s.start for s in timed.segments[1:]]
        errs = sorted(min(abs(t - u) for u in page_turns) / 1000 for t in ours)
        within = sum(e <= 2.0 for e in errs) / len(errs)
        print(f"  from {name}: {wall:.2f} s; {len(errs)} changes vs the page's speaker changes: median "
              f"{statistics.median(errs):.2f} s, {within * 100:.1f}% within 2 s, worst {errs[-1]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
