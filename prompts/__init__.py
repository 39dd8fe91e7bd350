"""Every prompt is a file in this folder, loaded by name.

`prompts/<version>/<name>.md` holds the versioned prompts of the model (the system prompt and friends);
`prompts/offline/<name>.md` holds the offline engine's reply templates. Files are Jinja2 templates.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

PROMPTS_DIR = Path(__file__).parent
DEFAULT_VERSION = "v1"


class PromptNotFound(LookupError):
    pass


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Plain text, not HTML: no autoescape. StrictUndefined so a missing variable fails loudly in tests.
    return Environment(
        loader=FileSystemLoader(str(PROMPTS_DIR)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )


def available_versions() -> list[str]:
    return sorted(p.name for p in PROMPTS_DIR.iterdir() if p.is_dir() and p.name.startswith("v"))


def render(name: str, /, version: str | None = None, **variables: object) -> str:
    """Render `prompts/<version>/<name>.md` (or `prompts/<name>.md` for a path like "offline/help")."""
    path = f"{name}.md" if "/" in name else f"{version or DEFAULT_VERSION}/{name}.md"
    try:
        template = _environment().get_template(path)
    except TemplateNotFound as exc:
        raise PromptNotFound(f"no prompt file prompts/{path}") from exc
    return template.render(**variables).strip()
