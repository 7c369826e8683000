"""The package build compiles the translation catalogues (``.po`` -> ``.mo``); the rest of the
build is declared in pyproject.toml. A source checkout does without the ``.mo`` files: the bot
compiles a ``.po`` in memory on first use (service/texts/__init__.py)."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """build_py, then every ``service/locale/<lang>/LC_MESSAGES/messages.po`` compiled beside
    itself in the build tree."""

    def run(self) -> None:
        """Build the package, then compile its catalogues."""
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(self.build_lib, "service", "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
