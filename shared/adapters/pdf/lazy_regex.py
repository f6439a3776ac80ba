"""Regular expressions that a third-party module compiles at import, compiled on first use
instead (see `shared.adapters.pdf`)."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterator
from typing import Any

_patching = threading.Lock()


class LazyPattern:
    """Stands for `re.compile(pattern, flags)`, compiled when first used: every attribute
    (`match`, `search`, `pattern`, `flags`...) is the compiled pattern's."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    @functools.cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(*self._source)

    def __getattr__(self, name: str) -> Any:
        # Called for the pattern's attributes only: ours are found first.
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0][:40]!r}...)"


@contextlib.contextmanager
def compiled_on_first_use(*starts: str) -> Iterator[None]:
    """While in the block, `re.compile` gives a `LazyPattern` for a str pattern beginning with
    one of `starts`; any other is compiled at once as usual. For the import of a module that
    compiles, at import, an expression slow to compile and seldom used."""
    with _patching:
        compile_now = re.compile

        def compile_(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and pattern.startswith(starts):
                return LazyPattern(pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_
        try:
            yield
        finally:
            re.compile = compile_now
