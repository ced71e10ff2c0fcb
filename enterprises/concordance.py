"""The VSIC 2018 ↔ VSIC 2025 concordance: its data file, and the conversion of an organization's
industry code to the section of the one classification a figure is reported in.

The rows live in the `IndustryConcordance` table (staff edit them); `data/vsic_concordance.csv`
is the committed source they are loaded from (migration 0007, `load_industry_concordance`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from .industry import IndustryCodeError, parse_code, section_for_code

DATA_FILE = Path(__file__).resolve().parent / "data" / "vsic_concordance.csv"
FIELDS = (
    "source_version",
    "source_code",
    "target_version",
    "target_section",
    "target_code",
    "exact",
    "note",
)


def read_rows(path: Path | str = DATA_FILE) -> list[dict]:
    """The rows of a concordance file (lines starting with # are its header notes)."""
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        item = {field: (row.get(field) or "").strip() for field in FIELDS}
        item["exact"] = item["exact"].lower() in ("1", "true", "yes", "x")
        item["source_code"] = item["source_code"].upper()
        item["target_section"] = item["target_section"].upper()
        rows.append(item)
    return rows


class IndustryConverter:
    """Gives the section, in the classification `target`, of a code of either version.

    `rows` are (source_version, source_code, target_section) of the concordance rows whose
    target is `target`. A code of the target version keeps its own section; a code of the other
    version takes the section of its longest matching row (5, 4, 3, 2 digits, then its section
    letter). "" when no row matches."""

    def __init__(self, target: str, rows: Iterable[tuple[str, str, str]]):
        self.target = target
        self._map: dict[tuple[str, str], str] = {
            (version, code.upper()): section for version, code, section in rows
        }

    def section(self, version: str, code: str, section: str = "") -> str:
        if version == self.target:
            return section
        letter, digits = parse_code(code)
        for length in range(min(len(digits), 5), 1, -1):
            found = self._map.get((version, digits[:length]))
            if found:
                return found
        letter = letter or section
        return self._map.get((version, letter), "") if letter else ""

    def source_sections(self, version: str, letter: str) -> tuple[set[str], set[str]]:
        """Sections of `version` whose codes all convert to `letter` (first set), and those
        of which only some codes do (second set)."""
        targets: dict[str, set[str]] = {}
        for (row_version, code), target in self._map.items():
            if row_version != version:
                continue
            try:
                source = section_for_code(version, code)
            except IndustryCodeError:
                continue
            targets.setdefault(source, set()).add(target)
        whole = {source for source, found in targets.items() if found == {letter}}
        partly = {source for source, found in targets.items() if letter in found} - whole
        return whole, partly
