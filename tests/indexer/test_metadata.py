"""extract_metadata on the real seed pages (raw .txt, menus included) and on small cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.metadata.extract import ProjectMeta, extract_metadata

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"


def _seed(name: str) -> ProjectMeta:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return extract_metadata(text, title=text.split("\n", 1)[0])


@pytest.mark.parametrize(("seed", "field", "want"), [
    ("000_9417f235a69b70c3.txt", "project_id", "HU01-0021-COOPER-B1-2017"),
    ("000_9417f235a69b70c3.txt", "programme", "EGT/Norvég"),
    ("000_9417f235a69b70c3.txt", "funder", ("EGT és Norvég Finanszírozási Mechanizmus",)),
    ("000_9417f235a69b70c3.txt", "years", (2017, 2018)),
    ("000_9417f235a69b70c3.txt", "budget_huf", 9_360_000),
    ("000_9417f235a69b70c3.txt", "budget_eur", 30_000),
    ("000_9417f235a69b70c3.txt", "beneficiary", "Települési Önkormányzatok Országos Szövetsége"),
    ("000_9417f235a69b70c3.txt", "county", None),
    ("001_b9bd5aaae57fa3c2.txt", "project_id", "EFOP-1.6.3-17-2017-00004"),
    ("001_b9bd5aaae57fa3c2.txt", "funder", ("Európai Szociális Alap",)),
    ("001_b9bd5aaae57fa3c2.txt", "county", "Zala"),
    ("001_b9bd5aaae57fa3c2.txt", "budget_huf", 74_998_560),
    ("001_b9bd5aaae57fa3c2.txt", "support_rate", 100.0),
    ("001_b9bd5aaae57fa3c2.txt", "years", (2017, 2018, 2019, 2020)),
    ("001_b9bd5aaae57fa3c2.txt", "end_date", "2020-10-31"),
    ("001_b9bd5aaae57fa3c2.txt", "beneficiary", "Zala Megyei Önkormányzat"),
    ("003_58605588b1f663fe.txt", "project_id", None),
    ("003_58605588b1f663fe.txt", "years", ()),
    ("004_58f957e9cc0ab20e.txt", "project_id", "ÁROP-1.A.3-2014-2014-0099"),
    ("004_58f957e9cc0ab20e.txt", "programme", "ÁROP"),
    ("004_58f957e9cc0ab20e.txt", "county", "Bács-Kiskun"),
    ("004_58f957e9cc0ab20e.txt", "budget_huf", None),
])
def test_seed_field(seed: str, field: str, want: object) -> None:
    assert getattr(_seed(seed), field) == want


def test_seed_004_ran_in_2015() -> None:
    assert _seed("004_58f957e9cc0ab20e.txt").years == (2015,)  # "közel fél éves" work closing in October 2015


NEWS = ("Új játszótér épült Pásztón\n\n2016. április 15.\n\nA rendezvényen Pásztó polgármestere köszöntötte "
        "a megjelenteket. A Kohéziós Alap keretében 2014-ben 300 000 000 Ft jutott a régiónak.")
IMPRINT = "Impresszum\n\nÜzemeltető: Pacsa Város Önkormányzata\n\nCím: 8761 Pacsa, Vasút utca 25."


@pytest.mark.parametrize(("text", "title", "kind"), [
    (NEWS, "Új játszótér épült Pásztón", "news"),
    (IMPRINT, "Impresszum", "other"),
])
def test_non_project_pages_carry_no_metadata(text: str, title: str, kind: str) -> None:
    meta = extract_metadata(text, title=title)
    assert (meta.kind, meta.budget_huf, meta.funder, meta.years, meta.county) == (kind, None, (), (), None)


PAGE = ("Ivóvízminőség-javító program Cegléden\n\n"
        "Projekt azonosító: KEHOP-2.1.3-17-2019-00064\n\n"
        "Kedvezményezett: Cegléd Város Önkormányzata, Abony Város Önkormányzata\n\n"
        "Összköltség: 73 303 530 Ft\n\nTámogatás összege: 62 308 000,- Ft\n\n"
        "Támogatási intenzitás: 85 %\n\nKezdés: 2019.03.01.\n\nBefejezés: 2022. augusztus 31.\n\n"
        "A projekt célja az egészséges ivóvíz.")


@pytest.mark.parametrize(("field", "want"), [
    ("project_id", "KEHOP-2.1.3-17-2019-00064"),
    ("programme", "KEHOP"),
    ("funder", ("Kohéziós Alap",)),
    ("period", "2014–2020"),
    ("budget_huf", 62_308_000),
    ("support_rate", 85.0),
    ("beneficiary", "Cegléd Város Önkormányzata"),
    ("settlement", "Cegléd"),
    ("county", "Pest"),
    ("start_date", "2019-03-01"),
    ("years", (2019, 2020, 2021, 2022)),
    ("kind", "project"),
])
def test_labelled_page(field: str, want: object) -> None:
    assert getattr(extract_metadata(PAGE), field) == want


@pytest.mark.parametrize(("sentence", "images", "want"), [
    ("A projekt az Európai Regionális Fejlesztési Alap (ERFA) forrásából valósul meg.", (),
     ("Európai Regionális Fejlesztési Alap",)),
    ("A projekt az Európai Mezőgazdasági Vidékfejlesztési Alap és Magyarország Kormányának támogatásával "
     "valósul meg.", (), ("Európai Mezőgazdasági Vidékfejlesztési Alap",)),
    ("Az Európai Bizottság rendelete szerint a támogatás 2008-ig jár.", (), ("Európai Szociális Alap",)),
    ("", ("infoblokk_kedv_final_felso_cmyk_ERFA",), ("Európai Regionális Fejlesztési Alap",)),
])
def test_stated_fund_wins_over_measure_fund(sentence: str, images: tuple[str, ...], want: tuple[str, ...]) -> None:
    text = f"Projekt azonosító: EFOP-1.5.2-16-2017-00012\n\n{sentence}"
    assert extract_metadata(text, image_names=images).funder == want


def test_programme_named_only_gives_no_fund_when_its_measures_differ() -> None:
    meta = extract_metadata("A projekt bemutatása\n\nProgram: Terület- és Településfejlesztési Operatív Program\n\n"
                            "A projekt célja a zöld város.")
    assert (meta.programme, meta.funder) == ("TOP", ())


@pytest.mark.parametrize(("row", "want"), [
    ("Kedvezményezett neve: Tét Város Önkormányzata, Ipolyság Város Önkormányzata (Szlovákia)",
     "Tét Város Önkormányzata"),
    ("Projektgazda/Project Promoter\n\nTelepülési Önkormányzatok Országos Szövetsége/ Hungarian National "
     "Association of Local Authorities", "Települési Önkormányzatok Országos Szövetsége"),
    ("A projekt kedvezményezettje a Bakony-Elektro Bt. A fejlesztés 2019-ben indult.", "Bakony-Elektro Bt."),
    ("A Bicskei Polgárőr Egyesület sikeresen pályázott a TOP-5.3.1-16 kódszámú felhívás keretében.",
     "Bicskei Polgárőr Egyesület"),
    ("Kedvezményezett: LÁSZLÓPACK Ipari, Kereskedelmi és Szolgáltató Kft.",
     "LÁSZLÓPACK Ipari, Kereskedelmi és Szolgáltató Kft."),
    # Table and bold-label rows without a colon, and other label words.
    ("Kedvezményezett neve Bicskei Polgárőr Egyesület", "Bicskei Polgárőr Egyesület"),
    ("Megvalósító szervezet: Bicskei Polgárőr Egyesület", "Bicskei Polgárőr Egyesület"),
    ("Konzorcium vezetője Tét Város Önkormányzata", "Tét Város Önkormányzata"),
    ("Projektgazda/Project Promoter Letenye Városi Kórház\n\nÖsszköltség / Total budget 35.774.000 forint",
     "Letenye Városi Kórház"),
])
def test_beneficiary_is_the_lead_without_partners_or_gloss(row: str, want: str) -> None:
    assert extract_metadata(f"Projekt azonosító: TOP-5.3.1-16-FE1-2017-00003\n\n{row}").beneficiary == want


@pytest.mark.parametrize(("beneficiary", "title", "county"), [
    ("Budapest Főváros Önkormányzata", "", "Budapest"),
    ("Magyar Közút Nonprofit Zrt.", "Útfelújítás Kecskeméten", None),
    ("Duna-Dráva Nemzeti Park Igazgatóság", "", "Baranya"),
    ("Alföld-Tech Kft.", "Gyártósor beszerzése Kecskeméten", "Bács-Kiskun"),
    ("Zsámbéki Vörösmarty Mihály Általános Iskola", "", "Pest"),
])
def test_county_of_the_seat(beneficiary: str, title: str, county: str | None) -> None:
    text = f"Projekt azonosító: GINOP-1.2.1-16-2017-00012\n\nKedvezményezett: {beneficiary}"
    assert extract_metadata(text, title=title).county == county


@pytest.mark.parametrize(("text", "want"), [
    # No programme on the page: a template's infoblokk image names no funder.
    ("Kulturális programok a helyi közösségért. A projekt keretében rendezvények valósulnak meg.", ()),
    # A fund the programme cannot have (KEHOP is Cohesion Fund and ERDF) is another page's banner.
    ("Projekt azonosító: KEHOP-4.1.0-16-2018-00019. A projekt élőhelyeket állít helyre.", ("Kohéziós Alap",)),
])
def test_infoblokk_images_count_only_for_the_programmes_funds(text: str, want: tuple[str, ...]) -> None:
    meta = extract_metadata(text, image_names=("infoblokk_kedv_final_felso_cmyk_ESZA",))
    assert meta.funder == want
