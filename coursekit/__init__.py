"""Machinery of the course "Le COO": Sphinx extensions and command-line tools.

One module per concern; ``conf.py`` only lists them. Everything that is not
course content (``course/``, ``exercises/``) or a translation (``locales/``)
lives here.
"""
