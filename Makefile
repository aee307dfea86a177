# Two commands do all the set-up on a fresh clone (Python 3.11+):
#   make run    the terminal chat on SQLite
#   make test   install what the tests need and run them
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/awstutor chat

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot adapters tests
	$(BIN)/mypy

EVAL_FILE ?= ../shared/eval/practice-dev.jsonl

eval: $(VENV)/.installed
	@test -f $(EVAL_FILE) || { echo "make eval: $(EVAL_FILE) not found; run make eval EVAL_FILE=path/to/questions.jsonl"; exit 2; }
	$(BIN)/awstutor eval --half tune $(EVAL_FILE)
	$(BIN)/awstutor eval --half check $(EVAL_FILE)

bench: $(VENV)/.installed
	$(BIN)/awstutor bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
