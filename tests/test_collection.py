"""When Python's cycle collector runs during a build (publish.collection): paused in each
unit of work, the unit's garbage collected right after it, the model frozen while the
layout's processes exist."""

from __future__ import annotations

import gc
import multiprocessing
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from publish.collection import call_paused, frozen, paused
from publish.pipeline import BuildRequest, build
from publish.write import parallel
from publish.write.pdf import weasyprint_installed

#: Weak references to the cycles a job made (in whichever process ran it).
MADE: list[weakref.ref[Any]] = []


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def make_a_cycle() -> bool:
    """A job: leaves a reference cycle behind as garbage; tells whether the collector runs."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    MADE.append(weakref.ref(first))
    return gc.isenabled()


def cycles_alive() -> int:
    """A job: how many of the cycles made by earlier jobs in this process are still alive."""
    return sum(ref() is not None for ref in MADE)


@pytest.fixture(autouse=True)
def collector_as_usual() -> Iterator[None]:
    MADE.clear()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    yield
    assert gc.isenabled() and gc.get_freeze_count() == 0, "a block did not restore the collector"


def test_paused_stops_collections_until_the_block_ends() -> None:
    with paused():
        assert not gc.isenabled()
        with paused():  # inside another: the outer block ends the pause
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_failure() -> None:
    with pytest.raises(ValueError), paused():
        raise ValueError
    assert gc.isenabled()


def test_a_units_garbage_is_collected_right_after_it() -> None:
    with paused():  # no automatic collection could free it
        assert call_paused(make_a_cycle) is False
        assert cycles_alive() == 0


def test_what_a_unit_returns_is_kept() -> None:
    def keep() -> Node:
        node = Node()
        node.other = node
        return node

    with paused():
        node = call_paused(keep)
        gc.collect()
    assert node.other is node


def test_frozen_objects_are_left_out_until_the_block_ends() -> None:
    before = gc.get_freeze_count()
    with frozen():
        assert gc.get_freeze_count() > before
    assert gc.get_freeze_count() == before


def test_weasyprint_works_with_the_collector_paused() -> None:
    with weasyprint_installed():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("workers", [1, 2])
def test_every_job_of_the_pool_is_a_unit(workers: int) -> None:
    with parallel.layout_pool(workers) as pool:
        assert gc.get_freeze_count() > 0  # the model, while the pool exists
        assert [pool.submit(make_a_cycle).result() for _ in range(4)] == [False] * 4
        assert pool.submit(sorted, [3, 1, 2], reverse=True).result() == [3, 2, 1]


def test_a_workers_jobs_leave_no_garbage_behind() -> None:
    context = multiprocessing.get_context("fork")
    with (
        paused(),
        parallel._Pool(  # forked while paused, as in a build
            1, mp_context=context, initializer=parallel._start_worker, initargs=(os.getpid(),)
        ) as pool,
    ):
        assert pool.submit(make_a_cycle).result() is False
        assert pool.submit(cycles_alive).result() == 0
        assert pool.submit(gc.isenabled).result() is False


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    from conftest import BOOK

    build(BuildRequest(BOOK, tmp_path / "out", ("pdf",), jobs=2))
    assert gc.isenabled() and gc.get_freeze_count() == 0
