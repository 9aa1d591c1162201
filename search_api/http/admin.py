"""`/admin`: start an index update in the background and follow it. Off (404) unless an admin token is set.

The update runs as `python -m indexer update --json` in a child process, not in a thread: the
extraction is CPU-bound Python that would hold the GIL against searches, and a child can be killed
at any point without harm (the update is crash-safe and takes the writer lock itself). A thread per
job reads the child's JSON progress lines (from its log file) into the job record, a file under the
index folder (`search_api/http/jobs.py`), so any server worker answers `GET /admin/jobs/{id}`.
"""
from __future__ import annotations

import secrets
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Header
from pydantic import BaseModel, Field

from search_api.errors import ForbiddenError, NotFoundError, UnauthorizedError
from search_api.http.jobs import Job, JobLog, JobStore, RunningClaim
from search_api.settings import ApiSettings

FOLLOW_INTERVAL_S = 0.2


class JobResponse(BaseModel):
    id: str
    state: str = Field(description="running | succeeded | failed")
    started: str
    finished: str | None
    counts: dict[str, int] = Field(description="pages read, added, updated, moved, deleted, unchanged, skipped; "
                                               "planned and applied changes (applied grows with each commit)")
    skipped: list[dict[str, str]] = Field(description="pages that could not be indexed, with the reason (when done)")
    message: str | None = Field(description="why the job failed")


def job_response(job: Job) -> JobResponse:
    return JobResponse(
        id=job.id, state=job.state, started=job.started, finished=job.finished,
        counts=dict(job.counts), skipped=list(job.skipped), message=job.message,
    )


class JobRunner:
    """Index updates started over HTTP, one at a time across every worker (the job store's lock).

    The indexer's writer lock also stops an update started from the command line meanwhile; such
    a job fails with the indexer's message (`another update is running since …`)."""

    def __init__(self, *, corpus: Path, index: Path) -> None:
        self.corpus = corpus
        self.index = index
        self.store = JobStore(index)

    def start(self) -> JobResponse:
        job = Job(id=uuid.uuid4().hex[:12], started=_now())
        claim = self.store.claim(job)
        command = [sys.executable, "-m", "indexer", "update", "--json",
                   "--corpus", str(self.corpus), "--index", str(self.index)]
        try:
            # The update writes to a log file, not a pipe, and holds the job's lock with this
            # process (an inherited descriptor): it runs on, and its job reads as running, after
            # the server that started it stops; its log then tells how it ended (jobs.py).
            with self.store.log_path(job.id).open("wb") as log:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, pass_fds=(claim.descriptor,),
                )
        except OSError as exc:
            self._finish(job, claim, f"could not start the update: {exc}")
            raise
        response = job_response(job)  # before the follower starts changing the record
        threading.Thread(target=self._follow, args=(job, claim, process), name=f"reindex-{job.id}", daemon=True).start()
        return response

    def get(self, job_id: str) -> JobResponse:
        return job_response(self.store.load(job_id))

    def _follow(self, job: Job, claim: RunningClaim, process: subprocess.Popen[bytes]) -> None:
        """Read the update's log as it grows into the job record, until the update ends."""
        progress = JobLog(self.store.log_path(job.id))
        while process.poll() is None:
            if progress.read_into(job):
                self.store.save(job)
            time.sleep(FOLLOW_INTERVAL_S)
        progress.read_into(job)
        code = process.wait()
        failure = None if code == 0 else (progress.last_error or f"the update exited with code {code}")
        self._finish(job, claim, failure)

    def _finish(self, job: Job, claim: RunningClaim, failure: str | None) -> None:
        """Write the final record, then let the next update start: in this order, no reader sees it running unheld."""
        job.finished = _now()
        job.state = "succeeded" if failure is None else "failed"
        job.message = failure
        try:
            self.store.save(job)
        finally:
            claim.release()


def admin_router(settings: ApiSettings) -> APIRouter:
    """The /admin routes; every one answers 404 when `settings.admin_token` is unset."""
    runner = JobRunner(corpus=settings.corpus, index=settings.index)

    def authorize(authorization: Annotated[str | None, Header()] = None) -> None:
        if settings.admin_token is None:
            raise NotFoundError("the admin endpoints are turned off: set PROJEKTKERESO_ADMIN_TOKEN to turn them on")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise UnauthorizedError("send the admin token as `Authorization: Bearer <token>`")
        if not secrets.compare_digest(token.strip().encode("utf-8"), settings.admin_token.encode("utf-8")):
            raise ForbiddenError("wrong admin token")

    router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(authorize)])

    @router.post("/reindex", status_code=202, response_model=JobResponse)
    def reindex() -> JobResponse:
        """Start `indexer update` on the corpus; follow it at `/admin/jobs/{id}`."""
        return runner.start()

    @router.get("/jobs/{job_id}", response_model=JobResponse)
    def job(job_id: str) -> JobResponse:
        return runner.get(job_id)

    return router


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
