"""The docs keep up with the code: the architecture page names every module
and test module, and every make target the README shows exists."""

from __future__ import annotations

import re

from bot.paths import DOCS_DIR, ROOT


def test_the_architecture_page_names_every_module_and_test_module():
    page = (DOCS_DIR / "architecture.md").read_text()
    modules = [
        *(ROOT / "bot").rglob("*.py"),
        *(ROOT / "actions").glob("*.py"),
        *(ROOT / "tests").rglob("*.py"),
    ]
    named = set(re.findall(r"`([\w/.]+\.py)`", page))
    unnamed = [
        str(path.relative_to(ROOT))
        for path in modules
        if path.name != "__init__.py"
        and path.name not in named
        and str(path.relative_to(ROOT)) not in named
    ]
    assert unnamed == []


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    readme = (ROOT / "README.md").read_text()
    # In code: `make x`, or a command line starting with it (VAR=1 make x too).
    shown = set(re.findall(r"(?:^|`|[A-Z_]+=\S+ )make ([a-z][\w-]*)", readme, re.M))
    assert shown - targets == set()
