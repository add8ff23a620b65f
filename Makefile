# Le COO / The COO — build the course in every language, as a website and an e-book.
#
#   make          set up .venv if needed, then build every output
#   make test     run every test
#   make help     list every target
#
# Override any of these on the command line, e.g. `make html LANGUAGES=en`.
PYTHON      ?= python3
VENVDIR     ?= .venv
BUILDDIR    ?= _build
LANGUAGES   ?= $(shell $(PYTHON) -m coursekit.languages)
JOBS        ?= auto
SPHINXOPTS  ?=
PYTESTOPTS  ?=
PORT        ?= 8000
LANG_PREVIEW ?= fr

VENV_PYTHON := $(VENVDIR)/bin/python
SPHINXBUILD := $(VENVDIR)/bin/sphinx-build
STRICT      := --fail-on-warning --keep-going --nitpicky --jobs $(JOBS)
# Sphinx for one language: $(call sphinx,<builder>,<lang>,<output dir>)
sphinx = COURSE_LANGUAGE=$(2) $(SPHINXBUILD) -b $(1) -d $(BUILDDIR)/doctrees/$(2) $(STRICT) $(SPHINXOPTS) . $(3)

.DEFAULT_GOAL := all
.PHONY: all help venv system-deps html epub landing kit gettext update-po add-language check-po translation-status test serve livehtml clean

all: html epub kit ## Build the website, the e-book and the training kits in every language

help: ## List the targets
	@echo "Targets (languages: $(LANGUAGES)):"
	@grep -hE '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z%-]+):.*## (.*)/  \1|\2/' | column -t -s '|'

venv: system-deps $(VENVDIR)/.installed ## Create .venv and install the pinned dependencies

system-deps: ## Install the missing Debian packages of system-packages.txt (as root)
	@$(PYTHON) -m coursekit.system_packages

$(VENVDIR)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENVDIR)
	$(VENV_PYTHON) -m pip install --quiet --upgrade pip
	$(VENV_PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

html: $(addprefix html-,$(LANGUAGES)) landing ## Build the website in every language

epub: $(addprefix epub-,$(LANGUAGES)) ## Build the e-book in every language

html-%: venv check-po ## Build the website in one language, e.g. html-en
	$(call sphinx,html,$*,$(BUILDDIR)/html/$*)

epub-%: venv check-po ## Build the e-book in one language, e.g. epub-fr
	$(call sphinx,epub,$*,$(BUILDDIR)/epub/$*)

landing: venv ## Write the language chooser at _build/html/index.html
	$(VENV_PYTHON) -m coursekit.landing $(BUILDDIR)/html

kit: venv check-po ## Build the training kits (learner and trainer zips) for every language
	$(VENV_PYTHON) -m coursekit.kit $(BUILDDIR) $(LANGUAGES)

gettext: venv ## Extract the French messages into _build/gettext/*.pot
	$(VENV_PYTHON) -m coursekit.catalog_update --templates-only

update-po: venv ## Merge the French messages into every language's catalogs (keeps every translation)
	$(VENV_PYTHON) -m coursekit.catalog_update

add-language: venv ## Start a new translation: make add-language LANG=de
	$(VENV_PYTHON) -m coursekit.add_language $(LANG)

check-po: venv ## Check every catalog: syntax, fuzzy entries, markup, smuggled HTML, typography
	@$(VENV_PYTHON) -m coursekit.catalog_checks

translation-status: venv ## Show what is left to translate per language (THRESHOLD=100 to enforce)
	@$(VENV_PYTHON) -m coursekit.catalog_status --threshold $(or $(THRESHOLD),0)

test: venv check-po ## Run every test
	$(VENV_PYTHON) -m pytest $(PYTESTOPTS) tests

serve: ## Preview the built website on http://localhost:$(PORT)
	$(VENV_PYTHON) -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html $(PORT)

livehtml: venv ## Rebuild and reload one language while you edit (LANG_PREVIEW=en)
	COURSE_LANGUAGE=$(LANG_PREVIEW) $(VENVDIR)/bin/sphinx-autobuild -d $(BUILDDIR)/doctrees/$(LANG_PREVIEW) --port $(PORT) --watch coursekit --watch locales . $(BUILDDIR)/livehtml/$(LANG_PREVIEW)

clean: ## Remove every build output
	rm -rf $(BUILDDIR)
