# Le COO / The COO — build the course in every language: website, e-book, training kits.
#
#   make          set up .venv if needed, then build every output
#   make test     run every test
#   make help     list every target
#
# Override any of these on the command line, e.g. `make html LANGUAGES=en`.
# A value given on the command line is expanded by Make wherever it is used, and in every recipe (Make exports
# it to their environment): `make 'LANG=$(shell cmd)'` would run cmd, and a backtick would reach the shell.
# Such values are read unexpanded and refused here, before anything uses them (see SECURITY.md).
UNSAFE_VARIABLES := $(strip $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $v)),$(if $(or \
                      $(findstring $$,$(value $v)),$(findstring `,$(value $v))),$v))))
ifneq ($(UNSAFE_VARIABLES),)
$(error $(UNSAFE_VARIABLES): a variable given on the command line may not hold $$ or a backtick (Make would \
expand $$(...), the shell would run `...`): type the value itself)
endif
PYTHON        ?= python3
VENVDIR       ?= .venv
BUILDDIR      ?= _build
JOBS          ?= auto
LANGUAGE_JOBS ?= 2
SPHINXOPTS    ?=
PYTESTOPTS    ?=
TEST_WORKERS  ?= auto
PORT          ?= 8000
LANG_PREVIEW  ?= fr
THRESHOLD     ?= 0
VENV_PYTHON := $(VENVDIR)/bin/python
# Computed once (`?=` would run the command at every use), by the venv's Python once it exists
# (it starts in a fraction of the time of a version manager's `python3` shim).
# A folder of locales/ not named as a language stops make here: its name never reaches a shell.
ifndef LANGUAGES
LANGUAGES := $(shell $(firstword $(wildcard $(VENV_PYTHON)) $(PYTHON)) -m coursekit.tools.languages)
ifneq ($(.SHELLSTATUS),0)
$(error the languages of locales/ could not be listed (see the message above))
endif
endif
# Same sources, same bytes: dates in the outputs come from the last commit.
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
endif
export SOURCE_DATE_EPOCH
# What the tools keep between builds, by content (the catalogs' message counts): `make clean` removes it.
export COURSE_CACHE_DIR := $(abspath $(BUILDDIR))/cache

# Languages are built side by side (each language's formats one after the other,
# as they share one doctree cache); `make -j1` or LANGUAGE_JOBS=1 builds them in turn.
MAKEFLAGS += --jobs=$(LANGUAGE_JOBS)
# `make clean all`, `make clean html-en`: goals run in the order typed, or clean would delete what
# the other goals build at the same time (GNU make 4.3 has no .WAIT; this keeps each goal's own order).
ifneq ($(and $(filter clean,$(MAKECMDGOALS)),$(filter-out clean,$(MAKECMDGOALS))),)
.NOTPARALLEL:
endif

SPHINXBUILD := $(VENVDIR)/bin/sphinx-build
INSTALLED   := $(VENVDIR)/.installed
TEST_INSTALLED := $(VENVDIR)/.installed-test
STRICT      := --fail-on-warning --keep-going --nitpicky --jobs $(JOBS)
# Sphinx for one language, as in any translated Sphinx project: $(call sphinx,<builder>,<lang>,<output dir>)
sphinx = $(SPHINXBUILD) -b $(1) -D language=$(2) -d $(BUILDDIR)/doctrees/$(2) $(STRICT) $(SPHINXOPTS) . $(3)
# A stamp says a build finished: dated from its start (a file edited meanwhile stays newer),
# written only once the recipe succeeded. Stamps live outside the output folders (the EPUB ships every file of its own).
# Each make has its own start stamp (named after its process id, the parent of every recipe line's shell):
# two makes of one target at once (the second waits for the build lock) each finish their own.
STAMPS := $(BUILDDIR)/stamps
stamp_start = @mkdir -p $(STAMPS) && touch $@.started-$$PPID
stamp_done  = @mv $@.started-$$PPID $@

# Everything a Sphinx build reads: the content and the code Sphinx runs (coursekit/sphinxext and
# coursekit/core; not the tools, whose targets name them, nor the test and benchmark support).
# When none of it changed, Make does not start Sphinx at all.
SOURCES  := conf.py course.toml index.md requirements.txt locales/terminology.csv \
            $(shell find course exercises coursekit/sphinxext coursekit/core coursekit/__init__.py -type f -not -path 'course/figures/translated/*' \
                    -not -path '*/__pycache__/*' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)
# The list of sources and catalogs: a removed file leaves nothing newer behind, this file changes instead.
SOURCE_LIST := $(BUILDDIR)/source-list
SOURCE_DATE := $(BUILDDIR)/source-date
# Catalog names come from translators: only plain names become Make prerequisites (a `$(...)` in a
# name would run at the second expansion below); check-po and the build refuse the others by name.
CATALOGS := $(shell find locales -name '*.po' -regextype posix-extended -regex '[-A-Za-z0-9_./]+' 2>/dev/null)
catalogs_of = $(filter locales/$(1)/%,$(CATALOGS))
# The French messages, as make gettext extracts them (what check-po compares each msgid with).
TEMPLATES := $(BUILDDIR)/gettext/.extracted

.DEFAULT_GOAL := all
.SECONDEXPANSION:
# Stamps of finished builds: Make must keep them, they are what makes a second `make` instant.
.PRECIOUS: $(STAMPS)/html-% $(STAMPS)/epub-% $(STAMPS)/kit-% $(STAMPS)/scorm-% $(STAMPS)/pdf-% $(STAMPS)/downloads-%
.PHONY: all help venv test-venv system-deps html epub kit scorm pdf downloads landing gettext update-po add-language \
        check-po translation-status test test-fast bench screenshots serve livehtml clean FORCE

all: html epub kit scorm pdf downloads ## Build the website, the e-book, the training kits, the LMS packages, the PDFs and the downloads in every language

help: ## List the targets
	@echo "Targets (languages: $(LANGUAGES)):"
	@grep -hE '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z%-]+):.*## (.*)/  \1|\2/' | column -t -s '|'

venv: $(INSTALLED) ## Create .venv and install the build's pinned dependencies (and missing Debian packages, as root)

test-venv: $(TEST_INSTALLED) ## Add the test tools to .venv (and their Debian packages, as root)

system-deps: ## Install the missing Debian packages of system-packages.txt, build and test (as root)
	@$(PYTHON) -m coursekit.tools.system_packages build test

$(INSTALLED): requirements.txt system-packages.txt
	@$(PYTHON) -m coursekit.tools.system_packages build
	$(PYTHON) -m venv $(VENVDIR)
	$(VENV_PYTHON) -m pip install --quiet --upgrade pip
	$(VENV_PYTHON) -m pip install --quiet -r requirements.txt
	@touch $@

$(TEST_INSTALLED): $(INSTALLED) requirements-test.txt system-packages.txt
	@$(PYTHON) -m coursekit.tools.system_packages build test
	$(VENV_PYTHON) -m pip install --quiet -r requirements-test.txt
	@touch $@

html: $(addprefix html-,$(LANGUAGES)) landing ## Build the website in every language

epub: $(addprefix epub-,$(LANGUAGES)) ## Build the e-book in every language

kit: $(addprefix kit-,$(LANGUAGES)) ## Build the training kits (learner and trainer zips) in every language

scorm: $(addprefix scorm-,$(LANGUAGES)) ## Build the SCORM packages for an LMS (1.2 and 2004) in every language

html-%: $(STAMPS)/html-% ## Build the website in one language, e.g. html-en
	@:

epub-%: $(STAMPS)/epub-% ## Build the e-book in one language (after its website, whose doctrees it reuses)
	@:

kit-%: $(STAMPS)/kit-% ## Build the training kits in one language
	@:

scorm-%: $(STAMPS)/scorm-% ## Build the SCORM 1.2 and 2004 packages in one language (from its website)
	@:

downloads: $(addprefix downloads-,$(LANGUAGES)) ## Put the e-book, the PDFs and the learner kit beside each website (its Downloads page)

downloads-%: $(STAMPS)/downloads-% ## Put one language's learner files in its website's downloads/ folder
	@:

# Make only decides whether Sphinx starts; Sphinx itself knows what each page depends on (coursekit.sphinxext.dependencies),
# and checks the language's catalogs first (coursekit.sphinxext.catalog_guard: only that language's, so a problem
# in one language never stops another's build; no separate check-po run, which would only repeat it).
$(STAMPS)/html-%: $(INSTALLED) $(SOURCE_LIST) $(SOURCES) $$(call catalogs_of,$$*)
	$(stamp_start)
	$(call sphinx,html,$*,$(BUILDDIR)/html/$*)
	$(stamp_done)

$(STAMPS)/epub-%: $(STAMPS)/html-% $(SOURCE_DATE)
	$(stamp_start)
	$(call sphinx,epub,$*,$(BUILDDIR)/epub/$*)
	$(stamp_done)

$(STAMPS)/kit-%: $(STAMPS)/epub-% $(STAMPS)/pdf-% coursekit/tools/kit.py
	$(stamp_start)
	$(VENV_PYTHON) -m coursekit.tools.kit $(BUILDDIR) $*
	$(stamp_done)

# The learner's files of the Downloads page, copied into the website once built (coursekit.tools.downloads).
$(STAMPS)/downloads-%: $(STAMPS)/epub-% $(STAMPS)/pdf-% $(STAMPS)/kit-% coursekit/tools/downloads.py coursekit/core/downloads.py
	$(stamp_start)
	$(VENV_PYTHON) -m coursekit.tools.downloads $(BUILDDIR) $*
	$(stamp_done)

# The packages are the language's website as built, with its downloads, plus a launch page, the runtime,
# a manifest and its schemas.
$(STAMPS)/scorm-%: $(STAMPS)/html-% $(STAMPS)/downloads-% coursekit/tools/scorm.py $(wildcard coursekit/tools/scorm_static/* coursekit/tools/scorm_schemas/*/*)
	$(stamp_start)
	$(VENV_PYTHON) -m coursekit.tools.scorm $(BUILDDIR) $*
	$(stamp_done)

# -- Print edition (PDF): the course book, a handout per exercise, the trainer guide ----------------
# Sphinx's LaTeX builder (from the website's doctrees), then XeLaTeX (coursekit.tools.pdf), which skips
# the PDFs with a message when TeX Live is missing. The toolchain file changes when TeX Live comes or goes.
PDF_TOOLCHAIN := $(STAMPS)/pdf-toolchain

pdf: $(addprefix pdf-,$(LANGUAGES)) ## Build the PDFs (course book, exercise handouts, trainer guide) in every language

pdf-%: $(STAMPS)/pdf-% ## Build the PDFs in one language (from its website's doctrees)
	@:

$(STAMPS)/pdf-%: $(STAMPS)/html-% $(PDF_TOOLCHAIN) $(SOURCE_DATE) coursekit/tools/pdf.py
	$(stamp_start)
	$(call sphinx,latex,$*,$(BUILDDIR)/latex/$*)
	$(VENV_PYTHON) -m coursekit.tools.pdf $(BUILDDIR) $*
	$(stamp_done)

$(PDF_TOOLCHAIN): $(INSTALLED) FORCE
	@mkdir -p $(@D)
	@command -v xelatex xdvipdfmx | cmp -s - $@ || command -v xelatex xdvipdfmx > $@ || true

$(SOURCE_LIST): FORCE
	@mkdir -p $(@D)
	@echo '$(sort $(SOURCES) $(CATALOGS))' | cmp -s - $@ || echo '$(sort $(SOURCES) $(CATALOGS))' > $@

# The date the dated outputs carry (the e-book's, the PDFs', the zips' entries): every commit moves it, even one
# that changes no source, and the e-book, the PDFs and what packs them are made again (the website holds no date).
$(SOURCE_DATE): FORCE
	@mkdir -p $(@D)
	@echo '$(SOURCE_DATE_EPOCH)' | cmp -s - $@ || echo '$(SOURCE_DATE_EPOCH)' > $@

landing: $(BUILDDIR)/html/index.html ## Write the language chooser at _build/html/index.html

$(BUILDDIR)/html/index.html: $(INSTALLED) $(SOURCE_LIST) $(SOURCES) coursekit/tools/landing.py $(filter %/ui.po,$(CATALOGS))
	$(VENV_PYTHON) -m coursekit.tools.landing $(BUILDDIR)/html

# The catalogs first (no French needed), then the msgids against the French messages, extracted only if a source
# changed: a source the extraction cannot read does not hide the catalogs' findings.
check-po: $(INSTALLED) ## Check every catalog (syntax, markup, smuggled HTML, terms, edited msgids); list fuzzy entries
	@$(VENV_PYTHON) -m coursekit.tools.check_po
	@$(MAKE) --no-print-directory $(TEMPLATES)
	@$(VENV_PYTHON) -m coursekit.tools.check_po --templates $(BUILDDIR)/gettext

gettext: $(TEMPLATES) ## Extract the French messages into _build/gettext/*.pot (the templates of a new language)

# The templates are extracted again only when a source changed (about 10 s).
$(TEMPLATES): $(INSTALLED) $(SOURCE_LIST) $(SOURCES) coursekit/tools/catalog_update.py
	$(VENV_PYTHON) -m coursekit.tools.catalog_update --templates-only --templates-dir $(BUILDDIR)/gettext
	@touch $@

update-po: $(INSTALLED) ## Merge the French messages into every language's catalogs (keeps every translation)
	$(VENV_PYTHON) -m coursekit.tools.catalog_update

add-language: $(INSTALLED) ## Start a new translation: make add-language LANG=de (REGIONAL=1 for pt_BR...)
	@# The code reaches the tool in the environment, never through the shell; LANG=de on the command
	@# line would also be the tools' locale: they get a neutral one.
	LANG=C.UTF-8 $(VENV_PYTHON) -m coursekit.tools.add_language $(if $(REGIONAL),--regional)
add-language: export COURSE_NEW_LANGUAGE = $(if $(filter command line,$(origin LANG)),$(value LANG))

translation-status: $(INSTALLED) ## Show what is left to translate per language (THRESHOLD=100 to enforce)
	@$(VENV_PYTHON) -m coursekit.tools.catalog_status --threshold $(THRESHOLD)

# The tests run on every core (pytest-xdist), one test file (or test class) per worker at a time: its module
# or class fixtures (a Chromium, a small course's build, a working copy changed test after test) are made once.
# The slow tests share one build of the course (tests/conftest.py).
test-fast: $(TEST_INSTALLED) ## Lint, then the fast tests (unit tests and small Sphinx projects, well under a minute)
	$(VENVDIR)/bin/ruff check .
	$(VENVDIR)/bin/ruff format --check .
	$(VENV_PYTHON) -m pytest --numprocesses $(TEST_WORKERS) --dist loadscope $(PYTESTOPTS) tests/fast

test: $(TEST_INSTALLED) ## Run every test (lint, catalogs, then every test of tests/)
	$(VENVDIR)/bin/ruff check .
	$(VENVDIR)/bin/ruff format --check .
	$(VENV_PYTHON) -m coursekit.tools.check_po
	COURSE_TEST_ARTIFACTS=$(abspath $(BUILDDIR))/test-artifacts $(VENV_PYTHON) -m pytest --durations=40 \
	  --numprocesses $(TEST_WORKERS) --dist loadscope $(PYTESTOPTS) tests

bench: $(INSTALLED) ## Measure build speed, page weight and Lighthouse scores against the targets (writes _build/bench.json)
	$(VENV_PYTHON) -m coursekit.tools.benchmark --output $(BUILDDIR)/bench.json

screenshots: $(TEST_INSTALLED) html kit ## Take again the screenshots of the page on doing the exercises (JupyterLab on each learner kit, an exercise page)
	@$(PYTHON) -m coursekit.tools.system_packages build test screenshots
	$(VENV_PYTHON) -m coursekit.tools.screenshots $(BUILDDIR) $(LANGUAGES)

serve: ## Preview the built website on http://localhost:8000 (PORT=...)
	$(VENV_PYTHON) -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html $(PORT)

# What the build itself writes beside the sources (compiled catalogs, figures in the build's language, bytecode)
# or in the build folder (the catalog counts kept between builds) is not an edit: watched, each save would
# rebuild twice.
LIVEHTML_IGNORE := '\.mo$$|/course/figures/translated/|/__pycache__/'
livehtml: $(INSTALLED) ## Rebuild and reload one language while you edit (LANG_PREVIEW=en)
	$(VENVDIR)/bin/sphinx-autobuild -D language=$(LANG_PREVIEW) -d $(BUILDDIR)/doctrees/$(LANG_PREVIEW) \
	  --port $(PORT) --watch coursekit --watch locales --re-ignore $(LIVEHTML_IGNORE) --ignore $(BUILDDIR) \
	  . $(BUILDDIR)/livehtml/$(LANG_PREVIEW)

clean: ## Remove every build output
	$(if $(call sources_in,$(BUILDDIR)),$(error make clean: BUILDDIR=$(BUILDDIR) holds sources \
	  ($(patsubst $(CURDIR)/%,%,$(firstword $(call sources_in,$(BUILDDIR)))) ...): it deletes only a build folder))
	rm -rf $(BUILDDIR)
# What `make clean` never deletes: the Makefile, the sources, the catalogs, the machinery and its tests, git's
# folder (listed only when clean runs). A folder holds sources when one of them is that folder or inside it;
# a folder holding the repository (`..`, `/`) holds them all.
KEPT_FILES = $(abspath $(MAKEFILE_LIST) $(SOURCES) $(CATALOGS) .git \
               $(shell find coursekit tests -type f -not -path '*/__pycache__/*' 2>/dev/null))
sources_in = $(foreach folder,$(abspath $(1)),$(filter $(folder) $(patsubst //%,/%,$(folder)/%),$(KEPT_FILES)))
