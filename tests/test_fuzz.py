"""Fuzzing every reader: generated and mutated inputs (the real seeds and page cut at random
points, lines dropped/duplicated/garbled, random text) never crash a reader. The only failure
allowed is our own error type, carrying a line number."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clipper.chapterformats import CHAPTER_FORMATS
from clipper.errors import ClipperError
from clipper.summaries import SUMMARY_FORMATS
from clipper.textio import decode
from clipper.transcripts import TRANSCRIPT_FORMATS

import os

SHARED = Path(os.environ.get("CLIPPER_SHARED", Path(__file__).resolve().parents[2] / "shared"))

READERS = [(f"transcript:{f.name}", f.read) for f in TRANSCRIPT_FORMATS if f.read] + \
          [(f"summary:{f.name}", f.read) for f in SUMMARY_FORMATS if f.read] + \
          [(f"chapters:{f.name}", f.read) for f in CHAPTER_FORMATS if f.read]


def _corpus() -> list[str]:
    texts = []
    for pattern in ("seeds/000_*.txt", "seeds/001_*.txt", "seeds/002_*.txt", "episodes/lex-452/*.tsv"):
        for p in sorted(SHARED.glob(pattern)):
            texts.append(p.read_text(encoding="utf-8")[:20_000])
    page = SHARED / "episodes/lex-452/transcript_page.md"
    if page.exists():
        texts.append(page.read_text(encoding="utf-8")[:20_000])
    data = Path(__file__).parent / "data"
    for p in sorted(data.rglob("*")) if data.exists() else []:
        if p.is_file() and p.stat().st_size < 50_000:
            try:
                texts.append(p.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                pass
    return texts or ["WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n"]


CORPUS = _corpus()


def mutate(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 6)):
        op = rnd.randrange(6)
        i = rnd.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[i])
        elif op == 2 and lines:
            s = lines[i]
            k = rnd.randrange(len(s) + 1)
            lines[i] = s[:k] + rnd.choice(["-->", ":", "[(", "<v ", "99:99:99", "\t", "{", "&amp;", "\ufeff", "  "]) + s[k:]
        elif op == 3 and lines:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        elif op == 4:
            lines.insert(i, "".join(rnd.choice("0123456789:.,-> abc\"{}[]()<>#*") for _ in range(rnd.randint(0, 40))))
        else:
            cut = rnd.randrange(len(lines) + 1)
            lines = lines[:cut]
    return "\n".join(lines)


def check(read, text: str) -> None:
    for lenient in (False, True):
        try:
            read(text, path="fuzz.txt", lenient=lenient)
        except ClipperError as e:
            assert e.line is not None and e.line >= 1, f"{type(e).__name__} without a line: {e}"
            assert e.path == "fuzz.txt"


@pytest.mark.parametrize("name,read", READERS, ids=[n for n, _ in READERS])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_real_inputs(name, read, seed):
    rnd = random.Random(seed)
    check(read, mutate(rnd.choice(CORPUS), rnd))


@pytest.mark.parametrize("name,read", READERS, ids=[n for n, _ in READERS])
@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text(name, read, text):
    check(read, text)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_decode_never_crashes(data):
    try:
        decode(data, "fuzz.bin")
    except ClipperError as e:
        assert e.line is not None


# The other files users write: clips lists (YAML, CSV) and clipper.toml.
def _clips_reader(ext):
    from clipper.clips.spec import parse_clips

    return lambda text: parse_clips(text, path=f"fuzz{ext}")


def _toml_reader(text):
    from clipper.pipeline import parse_config

    return parse_config(text, "fuzz.toml")


OTHER = [("clips.yaml", _clips_reader(".yaml")), ("clips.csv", _clips_reader(".csv")), ("clipper.toml", _toml_reader)]
OTHER_CORPUS = [
    "clips:\n  - quote: \"we are rapidly running out of truly convincing blockers\"\n    title: Blockers\n"
    "  - start: \"00:02:00\"\n    end: 130.5\n  - chapter: 2\n    occurrence: 1\n",
    "quote,start,end,title\n\"running out of blockers\",,,Blockers\n,00:01:00,00:01:30,Range\n,1:02:03.5,1:02:45,\"A, b\"\n",
    'out = "out"\nmin_chapter = 15\nloudness = "off"\nclip_format = "m4a"\naudiogram = true\npadding = 0.5\n',
]


@pytest.mark.parametrize("name,read", OTHER, ids=[n for n, _ in OTHER])
@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), text=st.text(max_size=200))
def test_user_written_files_fail_only_with_our_error(name, read, seed, text):
    rnd = random.Random(seed)
    for candidate in (mutate(rnd.choice(OTHER_CORPUS), rnd), text):
        try:
            read(candidate)
        except ClipperError as e:
            assert e.path and e.path.startswith("fuzz")
