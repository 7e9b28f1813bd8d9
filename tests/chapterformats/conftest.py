"""A small chapter list used by the writer tests: an hour-crossing episode with awkward titles."""
from __future__ import annotations

import pytest

from clipper.model import Chapter, ChapterList


@pytest.fixture
def episode() -> ChapterList:
    return ChapterList(
        (
            Chapter(0, 65_000, "Intro & <welcome>", notes="We say hello.\n\nThen we start."),
            Chapter(65_000, 3_700_500, 'Middle: a=b; #x \\ "y"', notes="The long part."),
            Chapter(3_700_500, 3_800_000, "End", url="https://example.com/end"),
        ),
        title="Ep 1: Tests",
        duration=3_800_000,
    )
