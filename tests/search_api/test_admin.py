"""`/admin`: off without a token, 401/403 on a missing or wrong one, a background update followed to the end."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.index.folder import write_skipped_report
from indexer.build import BuildReport, skipped_entries
from search_api.http.app import create_app
from search_api.http.jobs import Job, JobStore
from search_api.settings import ApiSettings

TOKEN = "s3cret-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROOT = Path(__file__).parent.parent.parent
SAMPLE = ROOT / "corpus" / "sample"
NEW_PAGE = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".html", ".txt"))[100]  # not in the session corpus


@pytest.fixture()
def admin(corpus_dir: Path, built_index: tuple[Path, BuildReport], tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus_dir, corpus)
    shutil.copytree(built_index[0], index, symlinks=True)
    write_skipped_report(index, skipped_entries(corpus, built_index[1].skipped))  # as `indexer build` does
    with TestClient(create_app(ApiSettings(index=index, corpus=corpus, admin_token=TOKEN))) as client:
        yield client, corpus


def test_admin_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/admin/reindex", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(("headers", "status", "error"), [
    ({}, 401, "unauthorized"),
    ({"Authorization": "Basic abc"}, 401, "unauthorized"),
    ({"Authorization": "Bearer wrong"}, 403, "forbidden"),
])
def test_admin_refuses_a_missing_or_wrong_token(
    admin: tuple[TestClient, Path], headers: dict[str, str], status: int, error: str
) -> None:
    client, _ = admin
    for response in (client.post("/admin/reindex", headers=headers), client.get("/admin/jobs/abc", headers=headers)):
        assert response.status_code == status
        assert response.json()["error"] == error and response.json()["message"]


def test_unknown_job_is_404(admin: tuple[TestClient, Path]) -> None:
    client, _ = admin
    response = client.get("/admin/jobs/nope", headers=AUTH)
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def _wait(client: TestClient, job_id: str) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(f"/admin/jobs/{job_id}", headers=AUTH).json()
        if job["state"] != "running":
            return job  # type: ignore[no-any-return]
        time.sleep(0.1)
    pytest.fail(f"job {job_id} still running after 60 s")


@pytest.mark.slow
def test_reindex_job_runs_in_the_background_and_new_page_is_found(admin: tuple[TestClient, Path]) -> None:
    client, corpus = admin
    before = client.get("/health").json()["documents"]
    shutil.copy(NEW_PAGE, corpus / "sample" / NEW_PAGE.name)
    started = client.post("/admin/reindex", headers=AUTH)
    assert started.status_code == 202 and started.json()["state"] == "running"
    second = client.post("/admin/reindex", headers=AUTH)
    assert second.status_code == 409 and "another update is running since" in second.json()["message"]
    job = _wait(client, started.json()["id"])
    assert job["state"] == "succeeded", job
    assert job["counts"]["added"] == 1 and job["counts"]["applied"] == 1
    assert {page["file"] for page in job["skipped"]} == {"pages/empty.html", "pages/binary.html", "pages/gallery_no_text.html"}
    assert client.get("/health").json()["documents"] == before + 1  # the same service, no restart
    hits = client.get("/search", params={"q": "", "per_page": 100, "collapse": "false"}).json()["total"]
    assert hits == before + 1


@pytest.mark.slow
def test_a_job_started_on_one_worker_is_followed_and_guarded_on_another(admin: tuple[TestClient, Path]) -> None:
    first, corpus = admin
    shutil.copy(NEW_PAGE, corpus / "sample" / NEW_PAGE.name)
    settings = ApiSettings(index=corpus.parent / "index", corpus=corpus, admin_token=TOKEN)  # as the fixture's
    with TestClient(create_app(settings)) as second:  # another worker: its own app over the same index
        started = first.post("/admin/reindex", headers=AUTH).json()
        seen = second.get(f"/admin/jobs/{started['id']}", headers=AUTH)
        assert seen.status_code == 200 and seen.json()["id"] == started["id"]
        refused = second.post("/admin/reindex", headers=AUTH)
        assert refused.status_code == 409
        assert refused.json()["message"] == f"another update is running since {started['started']} (job {started['id']})"
        job = _wait(second, started["id"])
        assert job["state"] == "succeeded" and job["counts"]["added"] == 1, job
        assert first.get(f"/admin/jobs/{started['id']}", headers=AUTH).json() == job
        again = second.post("/admin/reindex", headers=AUTH)  # the lock is free once the job is done
        assert again.status_code == 202
        assert _wait(first, again.json()["id"])["counts"]["unchanged"] > 0


@pytest.mark.parametrize("job_id", ["..", "abc", "ABCDEF123456", "0123456789ab/../x"])
def test_a_malformed_job_id_is_404(admin: tuple[TestClient, Path], job_id: str) -> None:
    client, _ = admin
    response = client.get(f"/admin/jobs/{job_id}", headers=AUTH)
    assert response.status_code == 404


def test_a_running_job_whose_follower_died_reads_as_failed(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    claim = store.claim(Job(id="0123456789ab", started="2026-01-01T00:00:00+0000"))
    assert store.load("0123456789ab").state == "running"
    claim.release()  # what the kernel does when the following process dies
    job = store.load("0123456789ab")
    assert job.state == "failed" and job.message is not None and "stopped" in job.message
    store.claim(Job(id="ba9876543210", started="2026-01-01T00:01:00+0000")).release()  # the lock was free again


ORPHANING_SERVER = """
import os, sys
from pathlib import Path
from search_api.http.admin import JobRunner
job = JobRunner(corpus=Path(sys.argv[1]), index=Path(sys.argv[2])).start()
print(job.id, flush=True)
os._exit(0)  # the server dies at once, as if killed: its follower thread never writes the job's end
"""


@pytest.mark.slow
def test_a_job_follows_its_update_after_the_server_that_started_it_died(admin: tuple[TestClient, Path]) -> None:
    client, corpus = admin
    shutil.copy(NEW_PAGE, corpus / "sample" / NEW_PAGE.name)
    index = corpus.parent / "index"
    started = subprocess.run(
        [sys.executable, "-c", ORPHANING_SERVER, str(corpus), str(index)], cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=True,
    )
    job_id = started.stdout.strip()
    states = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/admin/jobs/{job_id}", headers=AUTH).json()
        states.append(job["state"])
        if job["state"] != "running":
            break
        second = client.post("/admin/reindex", headers=AUTH)
        if second.status_code != 409:  # refused while its update runs, unless that ended between the two requests
            assert second.status_code == 202 and client.get(f"/admin/jobs/{job_id}", headers=AUTH).json()["state"] != "running"
            _wait(client, second.json()["id"])
        time.sleep(0.1)
    assert states[0] == "running" and states[-1] == "succeeded", (states, job)
    assert job["counts"]["added"] == 1 and job["counts"]["applied"] == 1
    again = client.post("/admin/reindex", headers=AUTH)  # the update ended: a new one may start, and succeeds
    assert again.status_code == 202 and _wait(client, again.json()["id"])["state"] == "succeeded"
