"""Quote clips cut from the episode audio."""
