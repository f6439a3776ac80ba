from __future__ import annotations

from datetime import datetime

from shared.domain.french import timezone_label
from shared.domain.people import Center
from shared.web.schemas import ResponseBody


class CenterOut(ResponseBody):
    id: str
    name: str
    type: str
    timezone: str
    external_id: str
    # Extra field: `timezone` in words, with its offset at the time of the request
    # (« heure de La Réunion (UTC+4) », docs/french.md).
    timezone_label: str

    @classmethod
    def of(cls, center: Center, now: datetime) -> CenterOut:
        return cls(
            id=center.id,
            name=center.name,
            type=center.type.value,
            timezone=center.timezone,
            external_id=center.external_id,
            timezone_label=timezone_label(center.timezone, now),
        )
