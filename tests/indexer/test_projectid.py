"""Project ids and call codes: canonical spelling, shapes, years."""

from __future__ import annotations

import pytest

from indexer.metadata.extract import canonical_project_id
from indexer.metadata.project_ids import find_codes, labelled_id


@pytest.mark.parametrize(("raw", "want"), [
    ("EFOP-1.6.3.-17-2017-00004", "EFOP-1.6.3-17-2017-00004"),
    ("TOP - 1.4.1 - 15 - BK1 - 2016 - 00012", "TOP-1.4.1-15-BK1-2016-00012"),
    ("Top Plusz-1.2.1-21-SO1-2022-00012", "TOP_PLUSZ-1.2.1-21-SO1-2022-00012"),
    ("GINOP_PLUSZ-1.2.2-22-2022-00123.", "GINOP_PLUSZ-1.2.2-22-2022-00123"),
    ("LIFE17NAT/HU/000577", "LIFE17 NAT/HU/000577"),
    ("HUSK / 1101 / 1.2.1 / 0171", "HUSK/1101/1.2.1/0171"),
])
def test_canonical_project_id(raw: str, want: str) -> None:
    assert canonical_project_id(raw) == want


@pytest.mark.parametrize(("text", "code", "is_project", "programme", "year"), [
    ("KÖFOP-1.2.1-VEKOP-16-2017-00123", "KÖFOP-1.2.1-VEKOP-16-2017-00123", True, "KÖFOP", 2017),
    ("TÁMOP-3.1.4-13/1-2013-4635", "TÁMOP-3.1.4-13/1-2013-4635", True, "TÁMOP", 2013),
    ("KEOP-5.5.0/A/12-2013-0001", "KEOP-5.5.0/A/12-2013-0001", True, "KEOP", 2013),
    ("RRF-2.1.2-21-2022-00001", "RRF-2.1.2-21-2022-00001", True, "RRF", 2022),
    ("HURO/1101/191/1.3.1", "HURO/1101/191/1.3.1", True, "Interreg", None),
    ("SKHU/1701/4.3/308", "SKHU/1701/4.3/308", True, "Interreg", None),
    ("HU12-0012-A1-2015", "HU12-0012-A1-2015", True, "EGT/Norvég", 2015),
    ("2019-1-HU01-KA101-060854", "2019-1-HU01-KA101-060854", True, "Erasmus+", 2019),
    ("LIFE17 NAT/HU/000577", "LIFE17 NAT/HU/000577", True, "LIFE", 2017),
    ("SH/4/12", "SH/4/12", True, "SH", None),
    ("a TOP-1.1.1-17 kódszámú felhívás", "TOP-1.1.1-17", False, "TOP", None),
    ("a VP6-7.2.1.1-21 kódszámú felhívás", "VP6-7.2.1.1-21", False, "VP", None),
    ("a MFP-FGF/2021 kódszámú felhívás", "MFP-FGF/2021", False, "MFP", None),
])
def test_find_codes(text: str, code: str, is_project: bool, programme: str, year: int | None) -> None:
    found = find_codes(text)[0]
    assert (found.code, found.is_project, found.info and found.info.programme, found.year) == (
        code, is_project, programme, year)


@pytest.mark.parametrize("text", ["TOP-10 lista", "COVID-19 járvány", "2019-ben indult"])
def test_no_code_in_ordinary_text(text: str) -> None:
    assert find_codes(text) == []


@pytest.mark.parametrize(("text", "want"), [
    ("A projekt azonosító száma:\n\n3102470984\n\nA", "3102470984"),
    ("A 764966 azonosítószámú projekt keretében", "764966"),
    ("A 2016-2-HU01-KA105-036488 azonosítószámú projekt", "2016-2-HU01-KA105-036488"),
    ("Projekt azonosító/Project ID: HU01-0021-COOPER-B1-2017", "HU01-0021-COOPER-B1-2017"),
    ("Projektazonosító: 2016-2-HU01-KA105-036488", "2016-2-HU01-KA105-036488"),
    ("Project number:\n\nLIFE14 ENV/HU/000682", "LIFE14 ENV/HU/000682"),
])
def test_labelled_id(text: str, want: str) -> None:
    found = labelled_id(text) or find_codes(text)[0]
    assert found.code == want
