"""The README's claims that can go stale: the tour's example hit, and what pyproject.toml points to in it."""
from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TOUR_QUERY = "önkormányzat"


def _tour_hit() -> dict[str, object]:
    """The hit the tour's `curl` example shows, as JSON (the example wraps it over several lines)."""
    tour = README[README.index(f"$ curl '127.0.0.1:8000/search?q={TOUR_QUERY}&per_page=1'"):README.index("### The search page")]
    found = re.search(r'"hits":\[(\{.*?"also_at":\[\]\})\]', tour, re.S)
    assert found, "the tour shows no hit"
    return json.loads(re.sub(r"\n\s*", "", found.group(1)))  # type: ignore[no-any-return]


def test_the_tours_example_hit_is_what_the_api_answers(client: TestClient) -> None:
    """Every field but the score (which depends on the whole corpus; the test index is a part of it)."""
    shown = _tour_hit()
    hits = client.get("/search", params={"q": TOUR_QUERY, "per_page": 100}).json()["hits"]
    answered = next((hit for hit in hits if hit["id"] == shown["id"]), None)
    assert answered is not None, f"{shown['id']} ({shown['path']}) is not a hit for {TOUR_QUERY!r}"
    assert {key: value for key, value in answered.items() if key != "score"} == {
        key: value for key, value in shown.items() if key != "score"
    }
    assert isinstance(shown["score"], float)


def test_pyproject_points_to_readme_sections_that_exist() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pointers = re.findall(r'see "([^"]+)" in the\s*(?:#\s*)?README', pyproject)
    assert pointers and "NOTES" not in pyproject
    for section in pointers:
        assert re.search(rf"^#+ {re.escape(section)}$", README, re.M), section
