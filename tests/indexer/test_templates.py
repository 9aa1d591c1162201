"""Site-template learning: what a site repeats around its pages goes, the pages' own content stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.cleaning.site_templates import (
    SiteTemplates,
    learn_templates,
    load_templates,
    save_templates,
    site_of,
    strip_templates,
)
from indexer.pipeline import clean_stripped, strip_page
from indexer.records import CleanPage, RawPage

PROSE = (
    "A felújítás során a {n}. számú épület teljes hőszigetelést és új nyílászárókat kapott, így a fűtés költsége a felére csökkent.",
    "A beruházás {n} hónap alatt készült el, a lakosság a munkák idején is használhatta a szolgáltatásokat.",
)
CHROME = ("Sürgősségi számok", "Egységes segélyhívó szám: 112", "Mentők: 104", "Hasznos linkek")
ROWS = ("Operatív program:", "Terület- és Településfejlesztési Operatív Program", "Támogatás mértéke: 100 %")
ITEMS = ("Digitális eszközök beszerzése", "Pedagógus-továbbképzések", "Tanodai foglalkozások")


def _page(number: int) -> CleanPage:
    title = f"Óvodafelújítás {number}"
    paragraphs = (title, PROSE[0].format(n=number), *ROWS, *ITEMS, PROSE[1].format(n=number), *CHROME)
    return CleanPage(title=title, paragraphs=paragraphs, list_items=frozenset(ITEMS))


@pytest.fixture(scope="module")
def learned() -> SiteTemplates:
    return learn_templates((_page(number), "") for number in range(8)).pruned()


def test_a_box_every_page_repeats_goes(learned: SiteTemplates) -> None:
    cleaned = strip_templates(_page(99), learned)
    assert not set(CHROME) & set(cleaned.paragraphs)


@pytest.mark.parametrize("kept", [*ROWS, *ITEMS, "Óvodafelújítás 99"])
def test_metadata_rows_list_items_and_the_headline_stay(learned: SiteTemplates, kept: str) -> None:
    assert kept in strip_templates(_page(99), learned).paragraphs


def test_too_few_pages_teach_nothing() -> None:
    templates = learn_templates((_page(number), "") for number in range(3)).pruned()
    assert strip_templates(_page(99), templates) == _page(99)


def test_one_site_s_chrome_is_not_another_s(learned: SiteTemplates) -> None:
    per_host = learn_templates((_page(number), "a.hu") for number in range(8)).pruned()
    assert set(CHROME) <= set(strip_templates(_page(99), per_host, site="b.hu").paragraphs)
    assert not set(CHROME) & set(strip_templates(_page(99), per_host, site="a.hu").paragraphs)


def test_the_site_comes_from_the_page_s_url() -> None:
    assert site_of("https://www.Zala.hu/projektek/1") == "zala.hu"
    assert site_of(None) == ""
    markup = '<html><head><base href="https://www.kozseg.hu/"></head><body><h1>Cím itt</h1><p>Szöveg</p></body></html>'
    assert strip_page(RawPage(path="a.html", data=markup.encode())).site == "kozseg.hu"


def test_learned_counts_survive_a_round_trip_and_a_missing_file_is_empty(learned: SiteTemplates, tmp_path: Path) -> None:
    save_templates(learned, tmp_path)
    assert strip_templates(_page(99), load_templates(tmp_path)) == strip_templates(_page(99), learned)
    assert load_templates(tmp_path / "nowhere").pages == 0


SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
SAMPLE = Path(__file__).parent.parent.parent / "corpus" / "sample"
SEED_CONTENT = [
    ("000_9417f235a69b70c3.txt", "9 360 000 HUF/30 000 EUR"),
    ("001_b9bd5aaae57fa3c2.txt", "A szerződött támogatás összege: 74.998.560,-Ft"),
    ("002_d839f4c5cdda8c3c.txt", "Hargita Megye Tanácsa részt vesz az Európai Bizottság"),
    ("003_58605588b1f663fe.txt", "Projektünk célja, hogy meglévő nemzetközi együttműködéseinket"),
    ("004_58f957e9cc0ab20e.txt", "ÁROP-1.A.3-2014-2014-0099 projekt záró rendezvényére"),
]
SEED_CHROME = [
    ("001_b9bd5aaae57fa3c2.txt", "vissza..."),
    ("002_d839f4c5cdda8c3c.txt", "(0 Szavazat)32 megjelenítés"),
    ("002_d839f4c5cdda8c3c.txt", "«2024, július»"),
    ("004_58f957e9cc0ab20e.txt", "Szentmiklósi Napok - disszeminációs esemény"),
]


@pytest.fixture(scope="module")
def corpus_templates() -> SiteTemplates:
    """Templates learned as a build does, over the seeds and the embedded sample pages."""
    pages = [*sorted(SEEDS.glob("*.txt")), *sorted(SAMPLE.glob("*.*"))[:120]]
    stripped = [strip_page(RawPage(path=page.name, data=page.read_bytes())) for page in pages]
    return learn_templates((page.clean, page.site) for page in stripped).pruned()


def _seed_text(name: str, templates: SiteTemplates) -> str:
    clean, _ = clean_stripped(strip_page(RawPage(path=name, data=(SEEDS / name).read_bytes())), templates)
    return clean.text


@pytest.mark.parametrize(("seed", "phrase"), SEED_CONTENT)
def test_seeds_keep_their_content_under_learned_templates(corpus_templates: SiteTemplates, seed: str, phrase: str) -> None:
    assert phrase in _seed_text(seed, corpus_templates)


@pytest.mark.parametrize(("seed", "noise"), SEED_CHROME)
def test_seeds_lose_their_chrome_under_learned_templates(corpus_templates: SiteTemplates, seed: str, noise: str) -> None:
    assert noise not in _seed_text(seed, corpus_templates)


def test_other_pages_headlines_in_a_row_are_a_teaser_box() -> None:
    pages = [CleanPage(title=f"Hír {n}: megújult a {n}. utca", paragraphs=(f"Hír {n}: megújult a {n}. utca", PROSE[0].format(n=n)))
             for n in range(3)]
    templates = learn_templates((page, "") for page in pages).pruned()
    page = CleanPage(title="Új játszótér", paragraphs=(
        "Új játszótér", PROSE[1].format(n=7), "Hír 1: megújult a 1. utca", "Hír 2: megújult a 2. utca",
    ))
    assert strip_templates(page, templates).paragraphs == ("Új játszótér", PROSE[1].format(n=7))
    lone = CleanPage(title="Új játszótér", paragraphs=("Új játszótér", "Hír 1: megújult a 1. utca", PROSE[1].format(n=7)))
    assert strip_templates(lone, templates) == lone  # one mention may be a link in the text


def test_glossed_labels_and_stock_pages_survive() -> None:
    rows = ("Hazai Projekt Partnerek/National Project Partner", "-", "Donor Projekt Partner/Donor Project Partner")
    pages = [CleanPage(title=f"P{n}", paragraphs=(f"P{n}", PROSE[0].format(n=n), *rows, f"Partner {n}")) for n in range(6)]
    templates = learn_templates((page, "") for page in pages).pruned()
    assert set(rows) <= set(strip_templates(pages[0], templates).paragraphs)
    stock = CleanPage(title="Ügyfélfogadás", paragraphs=("Ügyfélfogadás", *CHROME))  # every site prints it
    learned = learn_templates((CleanPage(title=f"T{n}", paragraphs=(f"T{n}", *CHROME)), "") for n in range(6)).pruned()
    assert strip_templates(stock, learned) == stock
