"""Base classes of request and response bodies."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from shared.domain.pagination import Page


class RequestBody(BaseModel):
    """Strict types (a number where text is expected is a 400), unknown fields refused (422),
    camelCase JSON names. A body is usually `class XBody(RequestBody, XInput)`: the domain's
    typed input (fields optional, Python names) with the HTTP edge's rules on top; which fields
    are required, and the messages, are the domain's rules."""

    model_config = ConfigDict(extra="forbid", strict=True, alias_generator=to_camel)


class ResponseBody(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


ItemT = TypeVar("ItemT", bound=ResponseBody)


class PageBody(ResponseBody, Generic[ItemT]):
    items: list[ItemT]
    page: int
    page_size: int
    total: int

    @classmethod
    def of(cls, page: Page[Any], items: list[ItemT]) -> PageBody[ItemT]:
        return cls(items=items, page=page.page, page_size=page.page_size, total=page.total)


class ErrorDetailOut(ResponseBody):
    field: str
    code: str
    message: str


class ErrorOut(ResponseBody):
    """Every error, whatever the route: a stable `code`, a French `message`, and for
    validation errors one `details` entry per faulty field. Some codes add fields of their
    own (`session` for NEW_PASSWORD_REQUIRED, `retryAfterSeconds` for TOO_MANY_ATTEMPTS)."""

    code: str
    message: str
    details: list[ErrorDetailOut] | None = None
