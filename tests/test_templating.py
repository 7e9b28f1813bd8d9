"""clipper.templating: user templates first, built-in ones otherwise; a missing --templates folder is an error."""
import pytest

from clipper import templating
from clipper.errors import InputError


def test_user_templates_come_first_and_the_rest_fall_back(tmp_path):
    from clipper import chapterformats
    from clipper.model import Chapter, ChapterList

    (tmp_path / "chapters.youtube.j2").write_text("{{ chapters | length }} chapters, my way\n")
    chs = ChapterList((Chapter(0, 10_000, "Intro"), Chapter(10_000, 20_000, "Scaling laws"),
                       Chapter(20_000, 35_000, "Limits")), duration=35_000)
    assert chapterformats.render(chs, "youtube", templates=tmp_path).startswith("3 chapters, my way")
    # a template the folder does not have comes from the built-in ones
    assert "Scaling laws" in chapterformats.render(chs, "audacity", templates=tmp_path)


def test_a_missing_templates_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(InputError, match="no such folder") as e:
        templating.render("chapters.youtube.j2", templates=tmp_path / "nope", chapters=())
    assert e.value.path == str(tmp_path / "nope")
