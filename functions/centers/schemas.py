from __future__ import annotations

from shared.domain.people import Center
from shared.web.schemas import ResponseBody


class CenterOut(ResponseBody):
    id: str
    name: str
    type: str
    timezone: str
    external_id: str

    @classmethod
    def of(cls, center: Center) -> CenterOut:
        return cls(
            id=center.id,
            name=center.name,
            type=center.type.value,
            timezone=center.timezone,
            external_id=center.external_id,
        )
