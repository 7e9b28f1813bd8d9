"""clipper.cli.clip.collect_specs: the clips a command line asks for, and the rule for --title: in order,
at most one per clip; clips past the last --title keep their default names."""
from __future__ import annotations

import pytest

from clipper.cli.clip import collect_specs
from clipper.errors import InputError


def test_fewer_titles_than_clips_name_the_first_ones_only():
    specs = collect_specs(["scaling laws"], None, [("1:00", "1:30"), ("2:00", "2:10")], None, ["Scaling"])
    assert [s.title for s in specs] == ["Scaling", None, None]
    assert specs[1].start == 60_000 and specs[2].end == 130_000


def test_as_many_titles_as_clips_name_each():
    specs = collect_specs(["scaling laws", "compute"], None, None, None, ["One", "Two"])
    assert [(s.quote, s.title) for s in specs] == [("scaling laws", "One"), ("compute", "Two")]


def test_an_empty_title_keeps_the_default_name():
    specs = collect_specs(["scaling laws", "compute"], None, None, None, ["", "Two"])
    assert [s.title for s in specs] == [None, "Two"]


@pytest.mark.parametrize("quotes, titles, message", [
    (["scaling laws"], ["One", "Two"], "2 --title values for 1 clip: give at most one title per clip"),
    (["a b", "c d"], ["1", "2", "3"], "3 --title values for 2 clips: give at most one title per clip"),
])
def test_more_titles_than_clips_is_an_error_naming_both_counts(quotes, titles, message):
    with pytest.raises(InputError) as e:
        collect_specs(quotes, None, None, None, titles)
    assert str(e.value) == message


def test_titles_without_clips_say_there_is_nothing_to_cut():
    with pytest.raises(InputError, match="^nothing to cut: give --quote TEXT"):
        collect_specs(None, None, None, None, ["Lonely title"])
