"""How long the pupils' data are kept, where a rule of the code or of the infrastructure
removes them (docs/data-protection.md). Each period is stated once, here: the S3 lifecycle
rules of infra/template.json and the documentation are checked against these values
(tests/unit/test_retention.py)."""

from __future__ import annotations

from datetime import timedelta

# An upload never judged (its document deleted and its event lost, say) is removed by the
# files bucket's lifecycle rule on `sessions/` (an upload that is judged is deleted at once).
UNJUDGED_UPLOAD_DAYS = 7
# A verified copy (`verified/sessions/…`: scanned attendance sheets, PV d'incident — they name
# pupils) is removed by the lifecycle rule on `verified/` this long after it was made, i.e.
# after its verdict: long enough for Pix to process the session and for a results dispute
# within the school year, no longer. The list stops offering its download at that moment.
VERIFIED_DOCUMENT_DAYS = 365

# A pupil absent from the roster imports (they left the school, or the school's file no
# longer lists them) is marked "left since" at the first such import, and removed from the
# roster by the first import at least this long after, unless they are a candidate of a
# session not finalized yet. Long enough to correct a file that forgot pupils by mistake.
LEFT_PUPIL_GRACE = timedelta(days=30)

# `Idempotency-Key`: the answer kept for a replay (it may name pupils), then expired by the
# table's TTL.
IDEMPOTENCY_RETENTION = timedelta(hours=24)
