"""The programme table: prefixes, measure-level funds, 2021-27 suffixes, KTIA codes."""

from __future__ import annotations

import pytest

from indexer.metadata.extract import programme_for_code

ERFA = "Európai Regionális Fejlesztési Alap"
ESZA = "Európai Szociális Alap"
KA = "Kohéziós Alap"


@pytest.mark.parametrize(("code", "programme", "period", "funds"), [
    ("EFOP-1.6.3-17", "EFOP", "2014–2020", (ESZA,)),
    ("EFOP-4.1.2-17", "EFOP", "2014–2020", (ERFA,)),
    ("TOP-5.1.2-15", "TOP", "2014–2020", (ESZA,)),
    ("TOP-6.9.1-16", "TOP", "2014–2020", (ESZA,)),
    ("TOP-6.1.1-16", "TOP", "2014–2020", (ERFA,)),
    ("GINOP-6.1.2-17", "GINOP", "2014–2020", (ESZA,)),
    ("KÖFOP-1.2.1-VEKOP-16", "KÖFOP", "2014–2020", (KA,)),
    ("KEOP-4.10.0/N/13", "KEOP", "2007–2013", (ERFA,)),
    ("KEOP-1.2.0/10-12", "KEOP", "2007–2013", (KA,)),
    ("HEFOP-2.1.3-05/1", "HEFOP", "2004–2006", (ESZA,)),
    ("TOP_PLUSZ-3.1.1-21", "TOP Plusz", "2021–2027", (ESZA,)),
    ("GINOP_PLUSZ-1.2.2-22", "GINOP Plusz", "2021–2027", (ERFA,)),
    ("RRF-REP-10.10.1-24", "RRF", "2021–2027", ("Helyreállítási és Rezilienciaépítési Eszköz",)),
    ("VP6-7.2.1-7.4.1.2-16", "VP", "2014–2020", ("Európai Mezőgazdasági Vidékfejlesztési Alap",)),
    ("MFP-FGF/2021", "MFP", None, ("Magyar Kormány",)),
    ("Külföldön rendezendő konferenciák (MEC_07_1)", "KTIA", None, ("Kutatási és Technológiai Innovációs Alap",)),
    ("Bonus-Hu Program (BONUS_HU_08/2)", "KTIA", None, ("Kutatási és Technológiai Innovációs Alap",)),
])
def test_programme_for_code(code: str, programme: str, period: str | None, funds: tuple[str, ...]) -> None:
    info = programme_for_code(code)
    assert info is not None and (info.programme, info.period, info.funds) == (programme, period, funds)


@pytest.mark.parametrize("code", ["EFOPX-1.1", "HUF-2020", "ABC-1.2.3"])
def test_unknown_prefix(code: str) -> None:
    assert programme_for_code(code) is None
