"""Word forms kept between runs, beside the index: the next build or update skips Hunspell for them.

Stemming a word the process has not met costs about a millisecond (several Hunspell look-ups),
and it is most of the work of an update: 1,000 new pages into 20,000 spent over half its time
in the workers that stem. Next week's pages use mostly the words of this week's, so the forms
every run computed are written to `index/word_forms.marshal` after it commits and read at the
start of the next. The table is a cache, never the truth: it is keyed by a fingerprint of the
analysis code and the dictionary, so a changed stemmer starts from empty, and a missing, stale
or unreadable file only costs the time it would have saved.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from core.analysis import chain as analysis
from core.analysis import stemming

FORMS_FILE = "word_forms.marshal"
_SOURCES = (Path(analysis.__file__), Path(stemming.__file__), *sorted(stemming.DATA_DIR.glob("hu_HU.*")))


def fingerprint() -> str:
    """What the forms depend on: the analysis and stemming code, the dictionary, the marshal format."""
    digest = hashlib.sha256(f"{sys.version_info[:2]} {marshal.version}".encode())
    for source in _SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def load_word_forms(index_root: Path) -> int:
    """Take the forms an earlier run kept under `index_root`; how many (0 when none are usable)."""
    try:
        with (index_root / FORMS_FILE).open("rb") as stream:
            kept = marshal.load(stream)
    except (OSError, EOFError, ValueError, TypeError):
        return 0
    if not isinstance(kept, dict) or kept.get("fingerprint") != fingerprint() or not isinstance(kept.get("forms"), dict):
        return 0
    analysis.use_word_forms(kept["forms"])
    return len(kept["forms"])


def save_word_forms(index_root: Path) -> int:
    """Write every form this process holds, atomically (a killed run leaves the old file whole)."""
    forms = dict(analysis.known_word_forms())
    temporary = index_root / f".{FORMS_FILE}.{os.getpid()}"
    with temporary.open("wb") as stream:
        marshal.dump({"fingerprint": fingerprint(), "forms": forms}, stream)
    os.replace(temporary, index_root / FORMS_FILE)
    return len(forms)
