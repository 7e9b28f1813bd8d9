"""clipper: chapters, subtitles and quote clips from a podcast transcript and its summary."""

__version__ = "0.1.0"
