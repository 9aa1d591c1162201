"""Admin job records kept as files under the index folder, so every server worker answers for every job.

`<index>/jobs/<id>.json` is rewritten whole at each change (a temporary file, then `os.replace`),
so a reader sees the previous record or the next, never half of one. `<index>/jobs/running.lock`
is held with `flock` by the process following the running job for as long as its child runs:
a second start in any worker finds it taken (409), and the kernel drops it when that process
dies, however it dies. The update's own process inherits that lock and writes its output to
`<id>.log`, so a job whose server died reads as running while its update runs, then as its log ends.
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

from core.index.errors import readable_reason
from core.index.lock import read_label
from search_api.errors import ConflictError, NotFoundError

JOBS_FOLDER = "jobs"
RUNNING_LOCK = "running.lock"
CLAIM_RETRY_S = 0.2  # a reader probing the lock holds it for microseconds; a start waits that out
_JOB_ID = re.compile(r"[0-9a-f]{12}")
COUNTS = ("pages_read", "added", "updated", "moved", "deleted", "unchanged", "planned", "applied")


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
    """The held `running.lock` of one job; `release` once the job's record is final. The update's
    process inherits `descriptor`, so the lock is held while either of them lives."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    def release(self) -> None:
        os.close(self.descriptor)


class JobLog:
    """The update's output (`<id>.log`): JSON progress lines, and error lines, read as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.last_error: str | None = None
        self.done = False  # the update printed its final summary

    def read_into(self, job: Job) -> bool:
        """Apply the complete lines written since the last call to `job`; whether any changed it."""
        try:
            with self.path.open("rb") as log:
                log.seek(self.offset)
                data = log.read()
        except FileNotFoundError:
            return False
        lines = data.split(b"\n")[:-1]  # a last line without its newline is still being written
        self.offset += sum(len(line) + 1 for line in lines)
        changed = False
        for line in lines:
            changed = self._apply(job, line.decode("utf-8", "replace")) or changed
        return changed

    def _apply(self, job: Job, line: str) -> bool:
        try:
            record = json.loads(line)
        except ValueError:  # not a progress line: an error message, or a warning
            if line.strip():
                self.last_error = readable_reason(line.strip().removeprefix("error: "))
            return False
        if not isinstance(record, dict):
            return False
        counts = {name: int(record[name]) for name in COUNTS if isinstance(record.get(name), int)}
        skipped = record.get("skipped")
        counts["skipped"] = len(skipped) if isinstance(skipped, list) else int(skipped or 0)
        job.counts = counts
        if isinstance(skipped, list):
            job.skipped = [
                {"file": readable_reason(str(page.get("file"))), "reason": readable_reason(str(page.get("reason")))}
                for page in skipped if isinstance(page, dict)
            ]
        self.done = self.done or record.get("event") == "done"
        return True


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

    def log_path(self, job_id: str) -> Path:
        return self.folder / f"{job_id}.log"

    def load(self, job_id: str) -> Job:
        """The job as its record says; one whose follower died is as its update's log says: running
        while the update runs (it holds the lock too), then succeeded or failed as it ended."""
        job = self._read(job_id)
        if job.state == "running" and self._running_id() != job.id:
            job = self._read(job_id)  # it may have finished between the two looks
            if job.state == "running":
                log = JobLog(self.log_path(job_id))
                log.read_into(job)
                job.state = "succeeded" if log.done else "failed"
                if not log.done:
                    job.message = log.last_error or "the update stopped before it ended (killed, or its server was)"
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

