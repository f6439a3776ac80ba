"""The PDF renderers of the composition root (`shared.bootstrap.render_*`): what they do around
the drawing itself, for the first PDF of a container to cost less."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from shared import bootstrap
from shared.adapters.pdf import attendance, attestations, invigilator_kit

# (the composition root's renderer, the module and name of the drawing it calls)
RENDERERS: list[tuple[Callable[[Any], bytes], Any, str]] = [
    (bootstrap.render_attendance, attendance, "render_attendance_sheet"),
    (bootstrap.render_invigilator_kit, invigilator_kit, "render_invigilator_kit"),
    (bootstrap.render_attestations, attestations, "render_attestations"),
]
IDS = ["attendance", "invigilator-kit", "attestations"]


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.mark.usefixtures("collector_enabled")
@pytest.mark.parametrize(("render", "module", "name"), RENDERERS, ids=IDS)
def test_the_cycle_collector_is_paused_while_a_pdf_is_made_then_resumed(
    render: Callable[[Any], bytes], module: Any, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first PDF of a container parses four fonts into ~100 000 objects: full collections
    # of the whole heap in the middle of it are wasted work.
    seen: list[bool] = []

    def draw(_document: Any) -> bytes:
        seen.append(gc.isenabled())
        return b"%PDF"

    monkeypatch.setattr(module, name, draw)

    assert render(object()) == b"%PDF"

    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_enabled")
def test_the_collector_is_resumed_when_the_drawing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def draw(_document: Any) -> bytes:
        raise ValueError("a broken document")

    monkeypatch.setattr(attendance, "render_attendance_sheet", draw)

    with pytest.raises(ValueError, match="a broken document"):
        bootstrap.render_attendance(object())  # type: ignore[arg-type]

    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "render_attendance_sheet", lambda _sheet: b"%PDF")
    gc.disable()
    try:
        bootstrap.render_attendance(object())  # type: ignore[arg-type]
        assert not gc.isenabled()
    finally:
        gc.enable()
