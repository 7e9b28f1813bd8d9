"""Quote-matching benchmark on the real episode: quotes as people copy them, found in the transcript page.

    python bench/quotes.py --shared ../shared [--n 300]

Quotes are random runs of 8 to 20 words from seed 001 (the human caption track, whose wording differs
from the transcript page's: fillers, contractions, small differences), each also misquoted three ways:
one word dropped, one word replaced by another, a filler ("you know", "um") put in. Truth: where
seed 001's words are, from retiming seed 001 against the page (`clipper retime`; its speaker changes
land within 0.5 s of the page's). A quote is found when the matched passage starts within 5 s of it.
Prints the share found, found elsewhere, not found, and the time per quote; then the time for
long quotes (whole passages of 100 to 700 words of the page), which should grow about linearly.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clipper.clips.cut import Episode  # noqa: E402
from clipper.clips.quote import find_quote  # noqa: E402
from clipper.errors import MatchError  # noqa: E402
from clipper.retime import retime  # noqa: E402
from clipper.transcripts import load_transcript  # noqa: E402

FILLERS = ("you know", "um", "like", "I mean")


def misquote(words: list[str], how: str, rnd: random.Random) -> list[str]:
    w = list(words)
    k = rnd.randrange(1, len(w) - 1)
    if how == "dropped":
        del w[k]
    elif how == "replaced":
        w[k] = rnd.choice(["thing", "really", "very", "the", "stuff", "big"])
    elif how == "filler":
        w.insert(k, rnd.choice(FILLERS))
    return w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()
    page_path = args.shared / "episodes/lex-452/transcript_page.md"
    seed_path = next((args.shared / "seeds").glob("001_*.txt"), None)
    if not page_path.is_file() or seed_path is None:
        print(f"bench/quotes.py: the shared episode is not at {args.shared} (give --shared)", file=sys.stderr)
        return 2
    page = load_transcript(page_path)
    seed = retime(load_transcript(seed_path), page)
    words = [w for s in seed.segments for w in s.words]
    ep = Episode.from_transcript(page)
    rnd = random.Random(452)
    print(f"{args.n} quotes of 8-20 words from seed 001, found in the transcript page (5 h 14 min, {len(ep.words):,} words)")
    print(f"{'quote':<22}{'found':>8}{'elsewhere':>11}{'not found':>11}{'ms/quote':>10}")
    samples = []
    for _ in range(args.n):
        n = rnd.randint(8, 20)
        i = rnd.randrange(len(words) - n)
        samples.append(([w.text for w in words[i:i + n]], words[i].start))
    for how in ("as said", "dropped", "replaced", "filler"):
        found = elsewhere = missing = 0
        t0 = time.perf_counter()
        for toks, truth in samples:
            q = " ".join(toks if how == "as said" else misquote(toks, how, rnd))
            try:
                m = find_quote(ep.index, q)
            except MatchError:
                missing += 1
                continue
            if abs(m.best.start - truth) <= 5_000:
                found += 1
            else:
                elsewhere += 1
        ms = (time.perf_counter() - t0) / len(samples) * 1000
        label = how if how == "as said" else f"a word {how}" if how != "filler" else "a filler added"
        print(f"{label:<22}{found / len(samples) * 100:7.1f}%{elsewhere / len(samples) * 100:10.1f}%"
              f"{missing / len(samples) * 100:10.1f}%{ms:10.1f}")
    # long quotes: the time should grow about as the quote does
    print(f"{'long passage':<22}{'found':>8}{'':>22}{'ms/quote':>10}")
    for n in (100, 200, 400, 700):
        starts = [rnd.randrange(len(ep.words) - n) for _ in range(5)]
        t0 = time.perf_counter()
        hits = sum(abs(find_quote(ep.index, " ".join(w.text for w in ep.words[i:i + n])).best.start - ep.words[i].start)
                   <= 5_000 for i in starts)
        ms = (time.perf_counter() - t0) / len(starts) * 1000
        print(f"{f'{n} words':<22}{hits / len(starts) * 100:7.1f}%{'':>22}{ms:10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
