from clipper.evaluate import match_in_order, score
from clipper.model import Chapter, ChapterList


def test_in_order_matching_skips_merged_chapters():
    ours = ["Introduction", "Claude", "Criticism of Claude", "Post-training", "Post-training"]
    ref = ["Introduction", "Claude", "Opus 3.5", "Sonnet 3.5", "Claude 4.0", "Criticism of Claude",
           "Post-training", "Amanda", "Post-training"]
    assert match_in_order(ours, ref) == [(0, 0), (1, 1), (2, 5), (3, 6), (4, 8)]


def test_score_counts_errors_in_seconds():
    cl = ChapterList((Chapter(0, 10_000, "A"), Chapter(10_000, 60_000, "B"), Chapter(60_000, 90_000, "C")))
    s = score(cl, [(0, "A"), (14_000, "B"), (100_000, "C")])
    assert s.errors_s == (0.0, 4.0, 40.0)
    assert s.within(5) == 2 / 3 and s.median_s == 4.0
