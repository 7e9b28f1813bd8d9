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


# --- whatever a template raises is one error naming the template file and line -------------------


def chapters():
    from clipper.model import Chapter, ChapterList

    return ChapterList((Chapter(0, 10_000, "Intro"), Chapter(10_000, 20_000, "Scaling laws"),
                        Chapter(20_000, 35_000, "Limits")), duration=35_000)


def render_youtube(folder, source: str):
    from clipper import chapterformats

    (folder / "chapters.youtube.j2").write_text(source)
    return chapterformats.render(chapters(), "youtube", templates=folder)


def test_a_python_exception_in_a_template_names_file_line_and_text(tmp_path):
    with pytest.raises(InputError) as e:
        render_youtube(tmp_path, "Chapters:\n{% for c in chapters %}\n{{ c.title }} {{ 1/0 }}\n{% endfor %}\n")
    assert e.value.path == str(tmp_path / "chapters.youtube.j2") and e.value.line == 3
    assert e.value.text == "{{ c.title }} {{ 1/0 }}"
    assert str(e.value) == (f"{tmp_path / 'chapters.youtube.j2'}:3: template error: division by zero "
                            "(ZeroDivisionError) (got '{{ c.title }} {{ 1/0 }}')")


def test_a_filter_given_the_wrong_type_is_a_template_error(tmp_path):
    with pytest.raises(InputError, match=r"template error: .* \(TypeError\)") as e:
        render_youtube(tmp_path, "{% for c in chapters %}\n{{ c.title | clock }}\n{% endfor %}\n")
    assert e.value.line == 2 and e.value.text == "{{ c.title | clock }}"


def test_an_undefined_name_gives_its_line(tmp_path):
    with pytest.raises(InputError, match="template error: 'no_such_name' is undefined") as e:
        render_youtube(tmp_path, "ok\n\n{{ no_such_name }}\n")
    assert e.value.line == 3 and e.value.path.endswith("chapters.youtube.j2")


def test_a_syntax_error_gives_its_line_and_text(tmp_path):
    with pytest.raises(InputError, match="template error: .*'endfor'") as e:
        render_youtube(tmp_path, "Chapters:\n{% for c in chapters %}\n{{ c.title }}\n")
    assert e.value.path == str(tmp_path / "chapters.youtube.j2") and e.value.line == 3
    assert e.value.text == "{{ c.title }}"


def test_an_error_in_an_included_template_names_that_template(tmp_path):
    (tmp_path / "row.j2").write_text("{{ c.title }}\n{{ c.start // 0 }}\n")
    with pytest.raises(InputError, match=r"integer division or modulo by zero \(ZeroDivisionError\)") as e:
        render_youtube(tmp_path, "{% for c in chapters %}\n{% include 'row.j2' %}\n{% endfor %}\n")
    assert e.value.path == str(tmp_path / "row.j2") and e.value.line == 2


def test_a_missing_include_and_a_binary_template_are_errors_too(tmp_path):
    with pytest.raises(InputError, match="template 'nope.j2' not found"):
        render_youtube(tmp_path, "{% include 'nope.j2' %}\n")
    (tmp_path / "chapters.youtube.j2").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="template error: not UTF-8 text") as e:
        from clipper import chapterformats

        chapterformats.render(chapters(), "youtube", templates=tmp_path)
    assert e.value.path == str(tmp_path / "chapters.youtube.j2")


def test_the_cli_prints_one_line_for_a_broken_template(lex_page, seed_summary, tmp_path):
    from typer.testing import CliRunner

    from clipper.cli import app

    (tmp_path / "chapters.youtube.j2").write_text("{% for c in chapters %}\n{{ c.title }}: {{ 1/0 }}\n{% endfor %}\n")
    r = CliRunner().invoke(app, ["chapters", str(lex_page), str(seed_summary), "--templates", str(tmp_path), "-q"])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (f"error: {tmp_path / 'chapters.youtube.j2'}:2: template error: division by zero "
                        "(ZeroDivisionError) (got '{{ c.title }}: {{ 1/0 }}')\n")
