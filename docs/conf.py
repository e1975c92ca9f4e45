"""Sphinx configuration for the cultureservice documentation."""

from __future__ import annotations

import cultureservice

project = "cultureservice"
author = "The cultureservice developers"
copyright = "2026, The cultureservice developers"
release = cultureservice.__version__
version = release

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
html_theme = "furo"
html_title = "cultureservice"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"
intersphinx_mapping: dict[str, tuple[str, None]] = {}
nitpicky = False
