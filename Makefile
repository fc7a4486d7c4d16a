# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PREVIEW_PORT ?= 8001
export PYTHONPATH := $(CURDIR)/dev
export DJANGO_SETTINGS_MODULE := workbench_settings

.PHONY: run test setup lint js translations messages bench clean

setup: $(VENV)/.installed node_modules/.installed /usr/bin/chromium /usr/bin/msgfmt

$(VENV)/.installed: setup.py requirements/base.txt requirements/test.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/test.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

/usr/bin/msgfmt:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext

# One source catalog per language, compiled for the project (xblocks/translations/) and, where
# Open edX's i18n service looks for it, beside each block's module (xblocks/<block>/translations/).
translations: setup
	for po in xblocks/translations/*/LC_MESSAGES/text.po; do \
	  msgfmt --check -o $${po%.po}.mo $$po || exit 1; \
	  lang=$${po#xblocks/translations/}; lang=$${lang%%/*}; \
	  for block in xblocks/*/block.py; do \
	    out=$${block%/block.py}/translations/$$lang/LC_MESSAGES; \
	    mkdir -p $$out && msgfmt --check -o $$out/text.mo $$po || exit 1; done; done

var:
	mkdir -p var

run: setup translations var
	$(PY) -m django migrate --run-syncdb --verbosity 0
	rm -rf dist
	$(VENV)/bin/insertion-pro export scorm course_content -o dist
	@echo "Workbench (Open edX runtime): http://$(HOST):$(PORT)/"
	@echo "SCORM packages in dist/, played in a local LMS page: http://$(HOST):$(PREVIEW_PORT)/"
	$(VENV)/bin/insertion-pro preview dist/*.zip --port $(PREVIEW_PORT) & preview=$$!; \
	  trap 'kill $$preview 2>/dev/null' EXIT INT TERM; \
	  $(PY) -m django runserver $(HOST):$(PORT) --noreload

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

js: setup
	node --test tests/js/

test: setup translations lint js
	$(VENV)/bin/pytest

bench: setup translations
	$(PY) benchmarks/bench_interview_simulation.py
	$(PY) benchmarks/bench_scorm_export.py
	$(PY) benchmarks/bench_openedx_scorm_block.py
	$(PY) benchmarks/bench_partner_network.py
	$(PY) benchmarks/bench_workshop_design.py
	$(PY) benchmarks/bench_course_tools.py

clean:
	rm -rf var dist build *.egg-info

# Refresh the catalogs after changing UI strings, then translate the new French entries.
messages:
	xgettext --language=Python --keyword=_ --keyword=pgettext_noop:1c,2 --from-code=UTF-8 \
	  --no-location --sort-output \
	  --package-name=insertion-pro -o xblocks/translations/text.pot \
	  $$(find xblocks scorm_export -name '*.py' | sort)
	for lang in fr en; do \
	  po=xblocks/translations/$$lang/LC_MESSAGES/text.po; \
	  if [ -f $$po ]; then msgmerge --quiet --update --no-fuzzy-matching --backup=none $$po xblocks/translations/text.pot && msgattrib --no-obsolete -o $$po $$po; \
	  else msginit --no-translator --locale=$$lang --input=xblocks/translations/text.pot -o $$po; fi; done
