"""The search page in a real headless Chromium, over the real server (uvicorn in a subprocess).

Debian's `chromium` is driven by Playwright through `executable_path` (Playwright's own browser
download cannot run here); `tests/install_browser.sh` installs it. Without a browser the tests skip,
except under CI (`CI=true`), where they fail. The index is written in the test from the documents
below, so every expected count is computed here, not read back from the API.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlencode

import httpx
import pytest
from servers import running_server

from core.index.document import Document, document_fields
from core.index.folder import create_generation, publish_generation

if TYPE_CHECKING:  # imported for real in the fixture, so a missing package skips instead of erroring
    from playwright.sync_api import Browser
    from playwright.sync_api import Page as Tab

pytestmark = pytest.mark.slow

ERFA = "Európai Regionális Fejlesztési Alap"
ESZA = "Európai Szociális Alap"
KOHEZIO = "Kohéziós Alap"
TOWNS = ("Bugac", "Kalocsa", "Kőszeg", "Tolna", "Monor", "Baja", "Pápa", "Sárvár", "Tata", "Zirc", "Eger", "Gyula")
HOSTILE_TITLE = 'Kerékpárút <img src=x onerror="window.__xss=1"> <b>vastag</b>'
QUERY = "óvodák felújítása"  # inflected; the pages say óvoda, óvodáinak, felújítása, felújításáról
PAGES = 9  # of browsing, at 10 a page: enough that page 1 drops out of the pager's window
ZALA = "Zala"  # the county of the ESZA projects, never of a Kohéziós Alap one
TIMEOUT_MS = 10_000


@dataclass(frozen=True, slots=True)
class Project:
    """One indexed document and what the assertions need to know about it."""

    id: str
    kindergarten: bool  # matches QUERY
    funders: tuple[str, ...]
    years: tuple[int, int]
    county: str | None
    dates: tuple[str | None, str | None] = (None, None)


def _projects() -> list[Project]:
    projects = []
    for number in range(PAGES * 10 - 1):  # and the hostile page
        funders = tuple(name for name, taken in ((ERFA, number % 2 == 0), (ESZA, number % 3 == 0)) if taken) or (KOHEZIO,)
        start = 2008 + number % 14
        years = (start, start + 1) if number < 30 else (start, start)  # the others ran in one year
        dates = {30: (None, "2022-11-30"), 31: ("2019-03-01", None), 32: ("2019-03-01", "2022-11-30")}.get(number, (None, None))
        projects.append(Project(
            f"doc{number:02d}", kindergarten=number < 24, funders=funders, years=years,
            county=ZALA if ESZA in funders else None, dates=dates,
        ))
    return projects


PROJECTS = _projects()


def _document(project: Project, number: int) -> Document:
    town = TOWNS[number % len(TOWNS)]
    if project.kindergarten:
        title = f"{town} óvodáinak felújítása"
        text = (f"{town} város önkormányzata {project.years[0]} és {project.years[1]} között befejezte az óvoda felújítását. "
                f"A {number}. óvoda épülete új tetőt és nyílászárókat kapott; a felújítás a gyermekek biztonságát szolgálja.")
    else:
        title = f"Kerékpárút épül {town} határában"
        text = f"{town} és a szomszéd falu között {project.years[0]}-ben kerékpárút épült, a munkálatok során fasor is készült."
    return Document(
        id=project.id, file=f"{project.id}.html", url=_url(project), content_hash=project.id,
        title=title, text=text, language="hu", languages=("hu",), project_id=f"TOP-1.2.1-16-ZA1-2017-{number:05d}",
        programme="TOP", funder=project.funders, period="2014–2020", years=tuple(range(project.years[0], project.years[1] + 1)),
        start_date=project.dates[0], end_date=project.dates[1], budget_huf=10_000_000 + number, budget_eur=None,
        support_rate=None, beneficiary=None, settlement=town, county=project.county, kind="project",
    )


def _url(project: Project) -> str:
    """A long address without a place to break, as project pages have: it must not widen a phone's page."""
    return f"https://www.{project.id}-varosi-onkormanyzat.example.hu/projektjeink/2014-2020/ovodaink-felujitasa-{project.id}"


def _hostile() -> Document:
    """Scraped text that looks like markup, and a `javascript:` link: none of it may run or render."""
    return Document(
        id="hostile", file="hostile.html", url="javascript:window.__xss=3", content_hash="hostile",
        title=HOSTILE_TITLE, text='Kerékpárút épül. <script>window.__xss=2</script> <img src=x onerror="window.__xss=4">',
        language="hu", languages=("hu",), project_id=None, programme=None, funder=(), period=None, years=(),
        start_date=None, end_date=None, budget_huf=None, budget_eur=None, support_rate=None, beneficiary=None,
        settlement=None, county=None, kind="project",
    )


def _write_index(root: Path) -> None:
    folder, index = create_generation(root)
    writer = index.writer()
    for number, project in enumerate(PROJECTS):
        writer.add_document(**document_fields(_document(project, number)))
    writer.add_document(**document_fields(_hostile()))
    writer.commit()
    publish_generation(root, folder)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    index = tmp_path_factory.mktemp("web-index")
    _write_index(index)
    with running_server(index) as base:
        yield base


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; under CI a missing browser is a failure, not a silent skip."""
    message = f"{reason}; run `sh tests/install_browser.sh` (installs Debian's chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("no chromium on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (it is in the test extras)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Tab]:
    context = browser.new_context(base_url=server, locale="hu-HU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # console errors include what the security policy refused; a 400 the page shows is not one
    tab.on("console", lambda message: errors.append(message.text)
           if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    try:
        yield tab
        assert not errors, errors  # no uncaught JavaScript error or refused resource along the way
    finally:
        context.close()


def _settled(tab: Tab) -> None:
    """Wait until the results region has finished its request."""
    tab.wait_for_selector("#results[aria-busy=false]", state="attached")


def _total(tab: Tab) -> int:
    status = tab.locator("#status").text_content() or ""
    found = re.match(r"([\d\s\u00a0]+) találat", status)
    assert found, status
    return int(re.sub(r"\D", "", found.group(1)))


def _facet(tab: Tab, name: str) -> dict[str, int]:
    rows = tab.locator(f"#facet-{name} li label")
    counts = {}
    for index in range(rows.count()):
        spans = rows.nth(index).locator("span")
        counts[spans.nth(0).text_content()] = int(re.sub(r"\D", "", spans.nth(1).text_content()))
    return counts


def _type_query(tab: Tab, query: str) -> None:
    """As a person does: open the page, type, press Enter."""
    tab.goto("/")
    _settled(tab)
    tab.fill("#q", query)
    tab.press("#q", "Enter")
    _settled(tab)


def _open(tab: Tab, query: str) -> None:
    """A link to the results, as shared or bookmarked."""
    tab.goto(f"/?{urlencode({'q': query})}")
    _settled(tab)
    assert tab.input_value("#q") == query


def _matching(*, funders: set[str] | None = None, years: tuple[int, int] | None = None) -> list[Project]:
    return [
        project for project in PROJECTS
        if project.kindergarten
        and (funders is None or funders & set(project.funders))
        and (years is None or (project.years[0] <= years[1] and project.years[1] >= years[0]))
    ]


def _funder_counts(projects: list[Project]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for project in projects:
        for funder in project.funders:
            counts[funder] = counts.get(funder, 0) + 1
    return counts


def test_a_hungarian_query_shows_marked_results(page: Tab) -> None:
    _type_query(page, QUERY)
    assert _total(page) == len(_matching())
    assert page.locator(".hit").count() == 10
    marks = [text.lower() for text in page.locator(".hit .snippet mark").all_text_contents()]
    assert marks and all(text.startswith(("óvod", "felújít")) for text in marks), marks
    assert {"óvoda", "felújítását"} <= set(marks)  # inflected forms of the typed words are marked
    assert page.locator(".hit .title mark").count() > 0
    assert "q=" in page.url


def test_ticking_funders_narrows_and_keeps_other_funders_visible(page: Tab) -> None:
    _open(page, QUERY)
    before = _facet(page, "funder")
    assert before == _funder_counts(_matching())
    years_before = _facet(page, "year")
    page.check(f"#facet-funder input[value='{ESZA}']")
    _settled(page)
    assert _total(page) == len(_matching(funders={ESZA})) == before[ESZA]
    assert _facet(page, "funder") == before  # multi-select: a facet ignores its own filter
    assert _facet(page, "year") != years_before  # other facets follow the filter
    assert page.is_checked(f"#facet-funder input[value='{ESZA}']")
    page.check(f"#facet-funder input[value='{KOHEZIO}']")
    _settled(page)
    assert _total(page) == len(_matching(funders={ESZA, KOHEZIO}))
    assert page.url.count("funder=") == 2
    page.click("#clear-filters a")
    _settled(page)
    assert _total(page) == len(_matching()) and "funder=" not in page.url and "q=" in page.url
    assert not page.is_visible("#clear-filters")


def _years(page: Tab, first: str, last: str) -> None:
    """Search QUERY, then ask for the projects running between `first` and `last`."""
    _open(page, QUERY)
    page.fill("#year_from", first)
    page.fill("#year_to", last)
    page.click("#years-form button[type=submit]")
    _settled(page)


def test_year_range_filters_by_the_years_a_project_ran(page: Tab) -> None:
    _years(page, "2012", "2014")
    expected = _matching(years=(2012, 2014))
    assert 0 < _total(page) == len(expected) < len(_matching())
    assert _facet(page, "funder") == _funder_counts(expected)  # the other facets count the years' projects
    spans = [re.search(r"(\d{4})–(\d{4})", meta) for meta in page.locator(".hit .meta").all_text_contents()]
    assert spans and all(span and int(span[1]) <= 2014 and int(span[2]) >= 2012 for span in spans), spans
    assert "year_from=2012" in page.url and "year_to=2014" in page.url


def _hit_ids(tab: Tab) -> list[str]:
    hrefs = tab.locator(".hit h3 a.title").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return [href.removeprefix("/?doc=") for href in hrefs]


def test_paging_shows_the_next_results_and_back_returns(page: Tab) -> None:
    _open(page, QUERY)
    first = _hit_ids(page)
    page.click("#pager button:text-is('2')")
    _settled(page)
    second = _hit_ids(page)
    assert len(second) == 10 and not set(first) & set(second)
    assert page.get_attribute("#pager [aria-current=page]", "aria-current") == "page"
    assert page.text_content("#pager [aria-current=page]") == "2"
    page.click("#pager button:text-is('következő ›')")
    _settled(page)
    third = _hit_ids(page)
    assert len(third) == len(_matching()) - 20 and not set(third) & set(first + second)
    page.go_back()
    _settled(page)
    assert _hit_ids(page) == second


def test_a_document_link_opens_the_text_and_similar_projects(page: Tab) -> None:
    _open(page, QUERY)
    title = page.locator(".hit h3 a.title").first
    title_text = title.text_content()
    title.click()
    page.wait_for_selector("#document[aria-busy=false]", state="attached")
    assert page.is_visible("#document") and not page.is_visible("#results")
    assert page.text_content("#doc-title") == title_text
    assert "óvoda" in (page.text_content("#doc-text") or "")
    assert page.locator("#similar .hit").count() > 0
    assert "doc=" in page.url
    page.click("#back")
    _settled(page)
    assert page.is_visible("#results") and _total(page) == len(_matching())


def test_scraped_markup_is_shown_as_text_and_never_runs(page: Tab) -> None:
    _open(page, "kerékpárút vastag")
    assert _total(page) == 1
    assert page.locator("#hits img, #hits b, #hits script").count() == 0
    assert "<img" in (page.text_content(".hit h3") or "")
    hrefs = page.locator("#hits a").evaluate_all("links => links.map(link => link.href)")
    assert hrefs and not any(href.startswith("javascript:") for href in hrefs), hrefs
    page.click(".hit h3 a.title")
    page.wait_for_selector("#document[aria-busy=false]", state="attached")
    assert "<script>" in (page.text_content("#doc-text") or "")
    assert page.locator("#document img, #document script, #doc-meta a").count() == 0
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("query,reason", [
    ('"óvoda felújítása', "lezáratlan idézőjel"), ("(óvoda OR bölcsőde", "lezáratlan zárójel"), ("óvoda NOT", "a NOT (NEM, -) után nincs mit kizárni"),
])
def test_a_malformed_query_says_what_is_wrong_in_hungarian(page: Tab, query: str, reason: str) -> None:
    _type_query(page, query)
    status = page.locator("#status")
    assert status.get_attribute("class") == "error"
    text = status.text_content() or ""
    assert text.startswith(f"Hibás keresőkifejezés: {reason}") and ". karakter)" in text, text
    assert not re.search(r"unclosed|position|needs|quotation", text), text  # none of the API's English
    assert page.locator(".hit").count() == 0


def test_a_reversed_year_range_is_explained_in_hungarian(page: Tab) -> None:
    _years(page, "2015", "2012")
    assert page.text_content("#status") == "Hibás kérés: az évtartomány vége a kezdete előtt van"


def test_partial_matches_say_which_words_were_not_required(page: Tab) -> None:
    _open(page, "óvoda qqqzzzx")
    assert _total(page) == len(_matching()) and page.locator(".hit").count() == 10
    assert page.locator("#partial").is_visible()
    assert page.locator("#partial strong").text_content() == "qqqzzzx"
    _open(page, QUERY)
    assert not page.locator("#partial").is_visible()


def test_the_page_runs_only_its_own_script(server: str) -> None:
    response = httpx.get(f"{server}/", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def _checked(tab: Tab, name: str) -> dict[str, bool]:
    boxes = tab.locator(f"#facet-{name} input[type=checkbox]")
    return {boxes.nth(index).get_attribute("value") or "": boxes.nth(index).is_checked() for index in range(boxes.count())}


def test_a_ticked_value_left_with_no_hits_stays_and_can_be_unticked(page: Tab) -> None:
    _open(page, QUERY)
    for name, value in (("funder", ESZA), ("funder", KOHEZIO), ("county", ZALA)):
        page.check(f"#facet-{name} input[value='{value}']")
        _settled(page)
    assert _total(page) == len([p for p in _matching(funders={ESZA}) if p.county == ZALA]) > 0
    page.uncheck(f"#facet-funder input[value='{ESZA}']")  # Kohéziós Alap and Zala: no project has both
    _settled(page)
    assert page.text_content("#status") == "Nincs találat."
    assert _facet(page, "county") == {ZALA: 0} and _checked(page, "county") == {ZALA: True}
    assert page.locator("#facet-funder input").first.get_attribute("value") == KOHEZIO  # ticked values first
    assert _checked(page, "funder")[KOHEZIO] and _facet(page, "funder")[KOHEZIO] == 0
    # A click, not `uncheck()`: unticked, Zala has no hits and leaves the re-rendered list, and
    # `uncheck()` would look for the box again to confirm its state.
    page.click(f"#facet-county input[value='{ZALA}']")
    _settled(page)
    assert _total(page) == len(_matching(funders={KOHEZIO})) and "county=" not in page.url


def test_a_loosely_typed_filter_in_a_link_shows_as_its_ticked_value(page: Tab) -> None:
    page.goto(f"/?{urlencode({'q': QUERY, 'county': 'zala', 'period': '2014-2020'})}")
    _settled(page)
    assert _total(page) == len([p for p in _matching() if p.county == ZALA]) > 0
    assert _checked(page, "county") == {ZALA: True} and _checked(page, "period") == {"2014–2020": True}
    page.uncheck(f"#facet-county input[value='{ZALA}']")
    _settled(page)
    assert _total(page) == len(_matching()) and "county=" not in page.url and "period=2014" in page.url


def test_browsing_lists_newest_first_and_the_sort_box_says_so(page: Tab) -> None:
    page.goto("/")
    _settled(page)
    assert page.input_value("#sort") == "year"
    assert page.locator("#sort option[value=relevance]").is_disabled()
    _open(page, QUERY)
    assert page.input_value("#sort") == "relevance"
    assert not page.locator("#sort option[value=relevance]").is_disabled()


def test_the_pager_always_offers_the_first_page(page: Tab) -> None:
    page.goto("/")
    _settled(page)
    first = _hit_ids(page)
    page.goto(f"/?page={PAGES}")
    _settled(page)
    assert page.text_content("#pager [aria-current=page]") == str(PAGES)
    page.click("#pager button:text-is('1')")
    _settled(page)
    assert _hit_ids(page) == first and "page=1" in page.url


def _open_document(tab: Tab, doc_id: str) -> dict[str, str]:
    tab.goto(f"/?doc={doc_id}")
    tab.wait_for_selector("#document[aria-busy=false]", state="attached")
    terms = tab.locator("#doc-meta dt").all_text_contents()
    values = tab.locator("#doc-meta dd").all_text_contents()
    return dict(zip(terms, values, strict=True))


def test_the_document_view_fits_a_phone(page: Tab) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open_document(page, "doc00")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/?{urlencode({'q': QUERY})}")
    _settled(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_document_view_names_its_source_and_dates_plainly(page: Tab) -> None:
    project = PROJECTS[0]
    meta = _open_document(page, project.id)
    assert meta["Forrás"] == _url(project)
    assert page.get_attribute("#doc-meta dd a", "href") == _url(project)
    assert meta["Időtartam"] == f"{project.years[0]}–{project.years[1]}"
    assert _open_document(page, "hostile")["Forrás"] == "hostile.html (fájl a gyűjteményben)"  # its URL is no link
    one_year = next(p for p in PROJECTS if p.years[0] == p.years[1] and p.dates == (None, None))
    assert _open_document(page, one_year.id)["Időtartam"] == str(one_year.years[0])
    assert _open_document(page, "doc30")["Időtartam"] == "befejezés: 2022-11-30"
    assert _open_document(page, "doc31")["Időtartam"] == "kezdés: 2019-03-01"
    assert _open_document(page, "doc32")["Időtartam"] == "2019-03-01 – 2022-11-30"


def test_a_one_year_project_shows_its_year_once(page: Tab) -> None:
    project = next(p for p in PROJECTS if p.years[0] == p.years[1] and not p.kindergarten)
    _open(page, f"id:TOP-1.2.1-16-ZA1-2017-{PROJECTS.index(project):05d}")
    assert _total(page) == 1
    meta = page.text_content(".hit .meta") or ""
    assert f"· {project.years[0]} ·" in meta and "–" not in meta, meta
