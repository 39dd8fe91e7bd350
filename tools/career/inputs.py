"""Role titles as this package's endpoints name them ('current', 'target', 'occupation'): resolved with the
salary tools' title and place resolution, with any error naming the caller's field."""

from __future__ import annotations

from tools.occupations.areas import AreaResolution
from tools.occupations.resolver import NoMatch, InputError, resolve
from tools.occupations.titles import TitleResolution


def resolve_role(field: str, title: str | None, location: str | None = None) -> tuple[TitleResolution, AreaResolution]:
    try:
        return resolve(title or "", location)
    except InputError as exc:
        name = field if exc.field == "title" else exc.field
        raise InputError(name, exc.code, exc.message.replace("title", name, 1)) from exc
    except NoMatch as exc:
        raise NoMatch(field if exc.field == "title" else exc.field, exc.message, exc.suggestions) from exc
