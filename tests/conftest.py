"""Fixtures shared by every test package: the shared corpus, the seed report, PostgreSQL."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No wall-clock limit per example: these machines are shared and noisy, and the first example of a
# test may load a language model. Property tests assert behaviour, never time.
settings.register_profile("mkutano", deadline=None)
settings.load_profile("mkutano")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKUTANO_CORPUS", ROOT.parent / "shared" / "corpus"))
SEED = Path(os.environ.get("MKUTANO_SEED", ROOT.parent / "shared" / "seed"))
PG_URL = os.environ.get("MKUTANO_TEST_PG", "")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real files (``../shared/corpus``); skips when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set MKUTANO_CORPUS)")
    return CORPUS


def cut_in_entry(path: Path, close: bytes, opening: bytes, kept: int) -> tuple[bytes, int]:
    """The real file at ``path`` cut just after the ``opening`` tag of the entry that follows its
    ``kept``-th ``close`` tag (a file truncated inside an entry), and the (1-based) line of the
    cut; skips when the file is not in the corpus."""
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    data, pos = path.read_bytes(), 0
    for _ in range(kept):
        pos = data.index(close, pos) + len(close)
    at = data.index(opening, pos) + len(opening)
    return data[:at], data.count(b"\n", 0, at) + 1


def free_port() -> int:
    """A TCP port free on loopback now (for a server a test starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: The sample Swahili report as the package ships it (a copy of ``../shared/seed``).
PACKAGED_SEED = ROOT / "tm" / "data" / "report.sw.txt"


@pytest.fixture(scope="session")
def seed_report() -> Path:
    """The sample Swahili report: the packaged copy, or the one ``MKUTANO_SEED`` names."""
    if "MKUTANO_SEED" not in os.environ:
        return PACKAGED_SEED
    files = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not files:
        pytest.skip(f"seed report not found in {SEED} (MKUTANO_SEED)")
    return files[0]


def _pg_admin_url() -> str:
    if not PG_URL:
        pytest.skip(
            "PostgreSQL tests need MKUTANO_TEST_PG=postgresql://user@host:port/db "
            "(.ci/run sets it to the local server)"
        )
    return PG_URL


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL schema of its own, dropped after the test.

    Skips when ``MKUTANO_TEST_PG`` is unset; fails (does not skip) when it is set but the server
    does not answer, so CI cannot pass without running these tests.
    """
    import psycopg

    admin = _pg_admin_url()
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in admin else "?"
    try:
        yield f"{admin}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
