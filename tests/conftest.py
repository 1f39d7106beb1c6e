"""Shared fixtures: the real book and the test book, each built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from publish import model as m
from publish.pipeline import BuildRequest, build
from publish.read.book import load_book

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
EVERYTHING = Path(__file__).resolve().parent / "books" / "everything"


@dataclass(frozen=True)
class Built:
    """A book, its model and the outputs built from it."""

    book: m.Book
    pdf: Path
    epub: Path


def _build(source: Path, out: Path) -> Built:
    build(BuildRequest(source, out))
    book = load_book(source)
    name = book.output.name
    return Built(book, out / f"{name}.pdf", out / f"{name}.epub")


@pytest.fixture(scope="session")
def real_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(BOOK, tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def test_book(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(EVERYTHING, tmp_path_factory.mktemp("everything"))


@pytest.fixture(params=["real", "everything"])
def any_book(request: pytest.FixtureRequest) -> Built:
    name = "real_book" if request.param == "real" else "test_book"
    return request.getfixturevalue(name)
