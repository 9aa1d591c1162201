from pathlib import Path

import pytest

from indexer.cleaning.html import strip_boilerplate
from indexer.decode import decode_page

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _clean(relative: str):  # type: ignore[no-untyped-def]
    path = FIXTURES / relative
    text = decode_page(path.read_bytes(), path=relative, is_html=path.suffix != ".txt")
    return strip_boilerplate(text, is_html=path.suffix != ".txt")


SEED_CASES = [
    # (seed, phrase that must stay)
    ("seeds/000_9417f235a69b70c3.txt", "Projekt azonosító: HU01-0021-COOPER-B1-2017"),
    ("seeds/000_9417f235a69b70c3.txt", "9 360 000 HUF/30 000 EUR"),
    ("seeds/001_b9bd5aaae57fa3c2.txt", "A szerződött támogatás összege: 74.998.560,-Ft"),
    ("seeds/001_b9bd5aaae57fa3c2.txt", "Megyei Felzárkózási Fórum létrehozása és működtetése"),
    ("seeds/002_d839f4c5cdda8c3c.txt", "Hargita Megye Tanácsa részt vesz az Európai Bizottság"),
    ("seeds/003_58605588b1f663fe.txt", "Projektünk célja, hogy meglévő nemzetközi együttműködéseinket"),
    ("seeds/004_58f957e9cc0ab20e.txt", "ÁROP-1.A.3-2014-2014-0099 projekt záró rendezvényére"),
]
SEED_NOISE = [
    # (seed, boilerplate line that must go)
    ("seeds/001_b9bd5aaae57fa3c2.txt", "vissza..."),
    ("seeds/002_d839f4c5cdda8c3c.txt", "(0 Szavazat)32 megjelenítés"),
    ("seeds/002_d839f4c5cdda8c3c.txt", "hkscpsv"),
    ("seeds/002_d839f4c5cdda8c3c.txt", "891011121314"),
    ("seeds/002_d839f4c5cdda8c3c.txt", "[ Közéleti hírek ]"),
    ("seeds/002_d839f4c5cdda8c3c.txt", "«2024, július»"),
    ("seeds/004_58f957e9cc0ab20e.txt", "Szentmiklósi Napok - disszeminációs esemény"),
    ("seeds/004_58f957e9cc0ab20e.txt", "GALÉRIA"),
    ("seeds/004_58f957e9cc0ab20e.txt", "SAJTÓKÖZLEMÉNY"),
]
SEED_TITLES = [
    ("seeds/000_9417f235a69b70c3.txt", "Tanulmányút önkormányzatoknak Norvégiába az egyenlőbb esélyekért a nemek között"),
    ("seeds/001_b9bd5aaae57fa3c2.txt", "Zala megyei felzárkózás-politikai együttműködések"),
    ("seeds/002_d839f4c5cdda8c3c.txt", "Nemzetközi együttműködés a romák segítéséért"),
    ("seeds/003_58605588b1f663fe.txt", "Projekt bemutatása"),
    ("seeds/004_58f957e9cc0ab20e.txt", "Területi esélyegyenlőséget segítő programok kialakítása a Kunszentmiklósi járásban"),
]


@pytest.mark.parametrize(("seed", "phrase"), SEED_CASES)
def test_seed_content_stays(seed: str, phrase: str) -> None:
    assert phrase in _clean(seed).text


@pytest.mark.parametrize(("seed", "noise"), SEED_NOISE)
def test_seed_chrome_goes(seed: str, noise: str) -> None:
    assert noise not in _clean(seed).text.splitlines()
    assert noise not in _clean(seed).text


@pytest.mark.parametrize(("seed", "title"), SEED_TITLES)
def test_seed_titles(seed: str, title: str) -> None:
    assert _clean(seed).title == title


HTML_KEEP = ["Kőszeg Város Önkormányzata a TOP-3.2.1-16-VS1-2017-00012", "A kedvezményezett neve: Kőszeg Város Önkormányzata"]
HTML_DROP = ["Főoldal", "Ez a weboldal sütiket használ", "Jurisics tér 8", "Minden jog fenntartva"]


@pytest.mark.parametrize("phrase", HTML_KEEP)
def test_html_content_stays(phrase: str) -> None:
    assert phrase in _clean("pages/ovoda_cp1250.html").text


@pytest.mark.parametrize("phrase", HTML_DROP)
def test_html_chrome_goes(phrase: str) -> None:
    assert phrase not in _clean("pages/ovoda_cp1250.html").text


def test_html_title_is_the_headline_not_the_site_name() -> None:
    assert _clean("pages/ovoda_cp1250.html").title == "Óvoda energetikai felújítása"


def test_image_names_are_kept_for_metadata() -> None:
    page = strip_boilerplate('<html><body><h1>Cím</h1><img src="/x/infoblokk_ESZA.jpg" alt="logo"><p>Szöveg.</p></body></html>', is_html=True)
    assert "infoblokk_ESZA.jpg" in page.image_names


def test_hidden_print_copy_is_dropped() -> None:
    paragraph = "A fejlesztés célja a térség turisztikai kínálatának bővítése és a vendégéjszakák számának növelése."
    markup = f"<html><body><article><h1>Cím</h1><p>{paragraph}</p><div style='display:none'><p>{paragraph}</p></div></article></body></html>"
    assert strip_boilerplate(markup, is_html=True).text.count(paragraph) == 1


def test_deep_nesting_does_not_crash() -> None:
    markup = "<html><body>" + "<div>" * 5000 + "<p>Mélyen beágyazott projektleírás a település fejlesztéséről.</p>" + "</div>" * 5000 + "</body></html>"
    assert "Mélyen beágyazott projektleírás" in strip_boilerplate(markup, is_html=True).text


def test_indented_list_items_of_a_text_page_stay() -> None:
    text = (
        "Energetikai korszerűsítés Ráckevén\n\nA polgármesteri hivatal épülete megújul, a munkák tavasszal kezdődnek el.\n\n"
        "Megvalósuló tevékenységek\n\tEnergetikai tanúsítvány elkészítése\n\tNyílászárók cseréje\n"
        "\tNapelemes rendszer telepítése\n\tHomlokzati és födémszigetelés\n\n"
        "A projekt eredményei a fenntartási időszak végéig biztosítottak, erről évente beszámolunk.\n"
    )
    clean = strip_boilerplate(text, is_html=False)
    assert "Nyílászárók cseréje" in clean.paragraphs
    assert "Homlokzati és födémszigetelés" in clean.list_items


def test_a_tracker_class_on_the_article_body_does_not_drop_it() -> None:
    entry = "<p>A gálán a magyar film nyerte a legjobb idegen nyelvű filmnek járó díjat, a rendező a színpadon mondott köszönetet.</p>"
    markup = (
        "<html><body><h1>Oscar-díjas a magyar film</h1>"
        "<div class='post-lead _ce_measure_widget'><p>Elhozta a film az ország harmadik Oscar-díját.</p></div>"
        f"<section class='livepost-events _ce_measure_widget'>{entry * 6}</section>"
        "<div class='sidebar-widget'><p>Időjárás: holnap napos idő várható az egész országban, délután zivatar is lehet.</p></div>"
        "</body></html>"
    )
    text = strip_boilerplate(markup, is_html=True).text
    assert "a rendező a színpadon mondott köszönetet" in text
    assert "holnap napos idő" not in text


@pytest.mark.parametrize(
    "heading", ["Kapcsolódó cikkek", "Legolvasottabb", "További híreink", "Mehr zum Thema", "You might also like:"],
)
def test_a_teaser_box_goes_with_its_headlines(heading: str) -> None:
    text = (
        "Megújult a főtér Kisbéren\n\nA főtér burkolata és padjai megújultak, a szökőkút is újra működik a nyáron.\n\n"
        f"{heading}\n\nElkészült az új bölcsőde\n\nÚj buszmegálló épül a Fő utcán\n"
    )
    paragraphs = strip_boilerplate(text, is_html=False).paragraphs
    assert heading not in paragraphs and "Elkészült az új bölcsőde" not in paragraphs
    assert "A főtér burkolata és padjai megújultak, a szökőkút is újra működik a nyáron." in paragraphs


def test_a_sentence_that_starts_like_a_box_title_stays() -> None:
    text = "Megújult a főtér\n\nRead more about the project in the town's English brochure, page four.\n"
    assert "Read more about the project in the town's English brochure, page four." in strip_boilerplate(text, is_html=False).paragraphs


@pytest.mark.parametrize(
    ("line", "is_chrome"),
    [
        ("Közzétéve: 2019. február 22. Szerző: szerkesztő", True),
        ("Beküldte admin - 2017, április 22 - 12:35", True),
        ("2018. február 12., 17:50", True),
        ("Laky Zoltán / 2018.08.03., péntek 12:14 /", True),
        ("2015.09.12. 13:00-15:00", False),  # an event's time range
        ("Látogatók száma: 3033361 | Utolsó frissítés: 2013.01.04.", True),
        ("2015. július 20.", False),  # a news item's own date is content
        ("A projekt azonosító száma: TOP-1.1.1-19-FE1-2019-00039", False),
        ("Wednesday 20 November 2019 11:42, UK", True),  # a posting time, its parts in any order
        ("Mon 18 Nov 2019 18.54 GMT Last modified on Mon 18 Nov 2019 18.56 GMT", True),
        ("November 19, 2019 at 9:45 am", True),
        ("2019. március 5. 10:00 Lakossági fórum a művelődési házban", False),  # an event names what happens
        ("Kezdés: 2019.03.05 10:00", False),  # a data row
    ],
)
def test_bylines_timestamps_and_counters_go_dates_and_rows_stay(line: str, is_chrome: bool) -> None:
    markup = f"<html><body><h1>Megújult a főtér</h1><p>{line}</p><p>A főtér burkolata megújult, a padokat is kicserélték.</p></body></html>"
    assert (line not in strip_boilerplate(markup, is_html=True).paragraphs) is is_chrome
