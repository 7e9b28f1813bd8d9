"""The jinja2 environment for every text output.

Templates are looked up in the user's ``--templates DIR`` first, then in the project's
``templates/`` folder (a source checkout), then in the copy packaged into the wheel.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2

from . import timecode
from .errors import InputError

_HERE = Path(__file__).resolve().parent
BUILTIN_DIRS = (_HERE.parent / "templates", _HERE / "templates")


def _filters() -> dict:
    return {
        "clock": timecode.format_clock,
        "hms": timecode.format_hms,
        "youtube_time": timecode.format_youtube,
        "seconds": timecode.ms_to_seconds,
    }


@lru_cache(maxsize=8)
def environment(user_dir: str | None = None, autoescape: bool = False) -> jinja2.Environment:
    dirs = [d for d in ([Path(user_dir)] if user_dir else []) + list(BUILTIN_DIRS) if d.is_dir()]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    return env


def render(name: str, *, templates: str | os.PathLike[str] | None = None, **context) -> str:
    """Render ``name``; HTML and XML templates (``*.html[.j2]``, ``*.xml[.j2]``) are autoescaped."""
    escaped = name.removesuffix(".j2").endswith((".html", ".xml"))
    if templates and not Path(templates).is_dir():
        raise InputError("--templates: no such folder", path=str(templates))
    env = environment(str(templates) if templates else None, autoescape=escaped)
    return env.get_template(name).render(**context)
