"""The command line, called in-process: messages, JSON fields and exit codes."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from readers import every_posting

from core.index.folder import open_index
from indexer.build import BuildReport
from indexer.cli import main
from indexer.settings import IndexerSettings

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
EXTRACT_FIELDS = {
    "file", "title", "text", "language", "project_id", "programme", "funder", "years", "start_date", "end_date",
    "budget_huf", "budget_eur", "beneficiary", "county", "kind",
}
SEED_IDS = {
    "000_9417f235a69b70c3.txt": ("HU01-0021-COOPER-B1-2017", "Tanulmányút önkormányzatoknak Norvégiába az egyenlőbb esélyekért a nemek között"),
    "001_b9bd5aaae57fa3c2.txt": ("EFOP-1.6.3-17-2017-00004", "Zala megyei felzárkózás-politikai együttműködések"),
    "004_58f957e9cc0ab20e.txt": ("ÁROP-1.A.3-2014-2014-0099", "Területi esélyegyenlőséget segítő programok kialakítása a Kunszentmiklósi járásban"),
}


def _extract(capsys: pytest.CaptureFixture[str], *files: Path) -> tuple[int, list[dict], str]:  # type: ignore[type-arg]
    code = main(["extract", *map(str, files)])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_extract_seeds_gives_titles_and_project_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, _ = _extract(capsys, *sorted(SEEDS.glob("*.txt")))
    assert code == 0
    by_name = {Path(record["file"]).name: record for record in records}
    for name, (project_id, title) in SEED_IDS.items():
        assert by_name[name]["project_id"] == project_id
        assert by_name[name]["title"] == title
    assert all(EXTRACT_FIELDS <= record.keys() for record in records)


def test_extract_gives_the_headline_as_title_and_the_rest_as_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The headline is the title field: the text does not repeat it, and a page that is all headline is kept."""
    prose = "A kivitelező kicseréli a nyílászárókat, és hőszigeteli a homlokzatot."
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><h1>Megújul a művelődési ház</h1><p>{prose}</p></body></html>", encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text("<html><body><h1>Megújul a művelődési ház Kisvárdán</h1></body></html>", encoding="utf-8")
    code, records, _ = _extract(capsys, page, bare)
    assert code == 0
    assert [(record["title"], record["text"]) for record in records] == [
        ("Megújul a művelődési ház", prose), ("Megújul a művelődési ház Kisvárdán", ""),
    ]


def test_extract_keeps_navigation_and_calendar_out_of_text(capsys: pytest.CaptureFixture[str]) -> None:
    _, records, _ = _extract(capsys, SEEDS / "002_d839f4c5cdda8c3c.txt", SEEDS / "001_b9bd5aaae57fa3c2.txt")
    for noise in ("hkscpsv", "Szavazat", "vissza...", "Eseménynaptár", "Álláshirdetések"):
        assert all(noise not in record["text"] for record in records), noise


def test_extract_reports_a_broken_page_and_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, records, err = _extract(capsys, PAGES / "empty.html", SEEDS / "000_9417f235a69b70c3.txt")
    assert code == 1
    assert len(records) == 1
    assert "empty.html" in err and "empty file" in err


def test_extract_gives_a_corpus_page_the_id_and_path_of_the_index(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path, built_index: tuple[Path, BuildReport]
) -> None:
    page = corpus_dir / "seeds" / "001_b9bd5aaae57fa3c2.txt"
    code = main(["extract", "--corpus", str(corpus_dir), str(page)])
    record = json.loads(capsys.readouterr().out)
    assert code == 0 and record["file"] == "seeds/001_b9bd5aaae57fa3c2.txt"
    with open_index(built_index[0]).searcher() as searcher:
        stored = searcher.document(id=record["id"])
    assert stored is not None and stored["path"] == record["file"]


def test_build_summary_and_skipped_report(
    capsys: pytest.CaptureFixture[str], corpus_dir: Path, tmp_path: Path
) -> None:
    code = main(["build", "--corpus", str(corpus_dir), "--index", str(tmp_path / "index"), "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 0
    assert "pages read:" in out and "indexed:" in out
    for hostile in ("empty.html", "binary.html", "gallery_no_text.html"):
        assert f"skipped pages/{hostile}" in out
    skipped = json.loads((tmp_path / "index" / "skipped.json").read_text(encoding="utf-8"))
    assert {entry["file"] for entry in skipped} == {"pages/empty.html", "pages/binary.html", "pages/gallery_no_text.html"}


def test_parallel_and_serial_builds_index_the_same_pages(built_index: tuple[Path, BuildReport], corpus_dir: Path, tmp_path: Path) -> None:
    from indexer.build import build_index

    parallel = build_index(corpus_dir, tmp_path / "parallel", jobs=2)
    assert parallel.indexed == built_index[1].indexed
    assert sorted(s.file for s in parallel.skipped) == sorted(s.file for s in built_index[1].skipped)
    # Pages handed to the workers by their place in the spool, documents handed back pickled:
    # the same stored fields and postings as one process reading each page itself.
    with open_index(built_index[0]).searcher() as serial, open_index(tmp_path / "parallel").searcher() as two:
        assert list(two.reader().all_stored_fields()) == list(serial.reader().all_stored_fields())
        assert every_posting(two.reader()) == every_posting(serial.reader())


def test_build_without_corpus_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["build", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "index")]) == 2
    assert "corpus folder not found" in capsys.readouterr().err


def test_analyze_prints_terms_per_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Önkormányzatoknak\nEFOP-1.6.3.-17-2017-00004\n"))
    assert main(["analyze"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "=önkormányzatoknak" in lines[0].split("\t")
    assert "efop-1.6.3-17-2017-00004" in lines[1].split("\t")


def test_extract_reads_every_page_of_a_warc(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from warcs import sample_pages, write_warc

    archive = write_warc(tmp_path / "crawl.warc.gz", sample_pages())
    code, records, _ = _extract(capsys, archive)
    assert code == 0
    assert [record["file"] for record in records] == [f"{archive}#1", f"{archive}#5"]
    assert records[0]["url"] == "https://www.oriszentpeter.hu/hirek/kerekparut"
    assert records[0]["title"] == "Kerékpárút épül Őriszentpéteren"
    assert records[0]["languages"] == ["hu"]


@pytest.mark.parametrize("value", ["two", "0", "-1", "1.5", "", "２"])
def test_a_bad_jobs_setting_is_one_error_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    monkeypatch.setenv("PROJEKTKERESO_JOBS", value)
    assert main(["analyze"]) == 2
    assert capsys.readouterr().err == (
        f"error: PROJEKTKERESO_JOBS must be a whole number of processes, at least 1, not {value!r}\n"
    )


def test_a_good_jobs_setting_is_the_default_of_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROJEKTKERESO_JOBS", " 3 ")
    assert IndexerSettings.from_environment().jobs == 3
