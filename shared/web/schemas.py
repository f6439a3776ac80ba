"""Base classes of request and response bodies."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from shared.domain.pagination import Page


class RequestBody(BaseModel):
    """Strict types (a number where text is expected is a 400), unknown fields refused (422).
    Fields are optional here: which are required, and the messages, are the domain's rules."""

    model_config = ConfigDict(extra="forbid", strict=True, alias_generator=to_camel)

    def present_fields(self) -> dict[str, Any]:
        """The fields the client actually sent, keyed by their JSON (camelCase) names, so that
        error details name the field as the client knows it."""
        return self.model_dump(by_alias=True, include=self.model_fields_set)


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
