"""Page-number pagination, as the contract's lists answer it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from shared.domain.errors import BadRequest, FieldError

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class PageRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def parse(cls, page: str | None, page_size: str | None) -> PageRequest:
        problems: list[FieldError] = []
        number = _positive_int(page, 1, "page", problems)
        size = _positive_int(page_size, DEFAULT_PAGE_SIZE, "page_size", problems)
        if size > MAX_PAGE_SIZE:
            problems.append(
                FieldError(
                    "page_size",
                    "TOO_LARGE",
                    f"La taille de page ne peut pas dépasser {MAX_PAGE_SIZE}.",
                )
            )
        if problems:
            raise BadRequest("INVALID_PARAMETER", "Paramètres de pagination invalides.", problems)
        return cls(page=number, page_size=size)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int


def paginate(items: Sequence[T], request: PageRequest) -> Page[T]:
    window = list(items[request.offset : request.offset + request.page_size])
    return Page(items=window, page=request.page, page_size=request.page_size, total=len(items))


_LABELS = {"page": "Le numéro de page", "page_size": "La taille de page"}


def _positive_int(raw: str | None, default: int, name: str, problems: list[FieldError]) -> int:
    if raw is None or raw == "":
        return default
    if raw.isascii() and raw.isdigit() and int(raw) >= 1:
        return int(raw)
    problems.append(
        FieldError(name, "INVALID", f"{_LABELS[name]} doit être un nombre entier positif.")
    )
    return default
