"""Small pure parts of the worker: bounded inflation, the marks a dying worker leaves,
limits from the environment, the atomic folder swap."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from boardpack.atomic import replace_dir
from boardpack.worker.inflate import InflateLimitError, inflated_size
from boardpack.worker.limits import Limits
from boardpack.worker.protocol import whereabouts


def test_inflation_is_counted_and_stopped_at_the_limit() -> None:
    assert inflated_size(zlib.compress(b"x" * 3_000_000), 10_000_000) == 3_000_000
    with pytest.raises(InflateLimitError) as stopped:
        inflated_size(zlib.compress(b"\0" * 50_000_000), 5_000_000)
    assert stopped.value.inflated <= 5_000_000 + (1 << 20)


def test_corrupt_flate_data_is_left_to_the_reader() -> None:
    assert inflated_size(b"not zlib at all", 100) == 0


@pytest.mark.parametrize(
    ("err", "page", "phrase"),
    [
        (b"@pages 9\n@page 1\n@done 1\n@page 2\n", 2, " page 2"),
        (b"@pages 9\n@page 1\n@done 1\n", 2, " page 2"),
        (b"@pages 3\n@page 3\n@done 3\n", None, " (after its last page, building tables)"),
        (b"@pages 3\n", 1, " page 1"),
        (b"", None, ""),
    ],
)
def test_a_dead_worker_is_placed_by_its_last_mark(err: bytes, page: int | None, phrase: str) -> None:
    where = whereabouts(err)
    assert (where.page, where.phrase) == (page, phrase)


def test_limits_come_from_the_environment_and_a_bad_one_is_named() -> None:
    limits = Limits.from_env({"BOARDPACK_TIME_LIMIT": "30", "BOARDPACK_MEMORY_LIMIT_MB": "512"})
    assert (limits.seconds, limits.memory_mb, limits.stream_mb) == (30.0, 512, 256)
    with pytest.raises(ValueError, match="BOARDPACK_PAGE_OBJECT_LIMIT"):
        Limits.from_env({"BOARDPACK_PAGE_OBJECT_LIMIT": "lots"})


def test_a_folder_is_swapped_whole_and_kept_when_writing_fails(tmp_path: Path) -> None:
    final = tmp_path / "audit"
    replace_dir(final, lambda d: (d / "index.html").write_text("one"))
    replace_dir(final, lambda d: (d / "index.html").write_text("two"))
    assert (final / "index.html").read_text() == "two"

    def broken(d: Path) -> None:
        (d / "index.html").write_text("half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        replace_dir(final, broken)
    assert (final / "index.html").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit"]
