"""Admin job records kept as files under the index folder, so every server worker answers for every job.

`<index>/jobs/<id>.json` is rewritten whole at each change (a temporary file, then `os.replace`),
so a reader sees the previous record or the next, never half of one. `<index>/jobs/running.lock`
is held with `flock` by the process following the running job for as long as its child runs:
a second start in any worker finds it taken (409), and the kernel drops it when that process
dies, however it dies, so a job whose follower died reads as failed instead of running forever.
"""
from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.index.lock import read_label
from search_api.errors import ConflictError, NotFoundError

JOBS_FOLDER = "jobs"
RUNNING_LOCK = "running.lock"
CLAIM_RETRY_S = 0.2  # a reader probing the lock holds it for microseconds; a start waits that out
_JOB_ID = re.compile(r"[0-9a-f]{12}")


@dataclass(slots=True)
class Job:
    id: str
    started: str
    state: str = "running"  # running | succeeded | failed
    finished: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, str]] = field(default_factory=list)
    message: str | None = None


class RunningClaim:
    """The held `running.lock` of one job; `release` once the job's record is final."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor

    def release(self) -> None:
        os.close(self._descriptor)


class JobStore:
    """The job records of one index folder, shared by every process serving it."""

    def __init__(self, index: Path) -> None:
        self.folder = index / JOBS_FOLDER

    def claim(self, job: Job) -> RunningClaim:
        """Mark `job` as the one running update, or raise ConflictError naming the running one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.folder / RUNNING_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + CLAIM_RETRY_S
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.01)
                    continue
                holder = read_label(descriptor)
                os.close(descriptor)
                raise ConflictError(
                    f"another update is running since {holder.get('started', 'an unknown time')} (job {holder.get('id', '?')})"
                ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps({"id": job.id, "started": job.started}).encode("utf-8"), 0)
        self.save(job)
        return RunningClaim(descriptor)

    def save(self, job: Job) -> None:
        path = self.folder / f"{job.id}.json"
        temporary = path.with_name(f".{job.id}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(dataclasses.asdict(job), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def load(self, job_id: str) -> Job:
        job = self._read(job_id)
        if job.state == "running" and self._running_id() != job.id:
            job = self._read(job_id)  # it may have finished between the two looks
            if job.state == "running":
                job.state = "failed"
                job.message = "the server process following this update stopped before the update ended"
        return job

    def _read(self, job_id: str) -> Job:
        if not _JOB_ID.fullmatch(job_id):
            raise NotFoundError(f"no job with id {job_id!r}")
        try:
            record = json.loads((self.folder / f"{job_id}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise NotFoundError(f"no job with id {job_id!r}") from None
        return Job(**record)

    def _running_id(self) -> str | None:
        """The id of the job whose follower holds the lock now, or None if nobody holds it."""
        try:
            descriptor = os.open(self.folder / RUNNING_LOCK, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return str(read_label(descriptor).get("id"))
        else:
            return None
        finally:
            os.close(descriptor)

