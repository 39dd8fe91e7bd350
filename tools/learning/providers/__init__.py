"""Course providers behind one interface (`CourseProvider`): the local catalog always, and the remote APIs
whose settings are present. Remote results are upserted into `courses`, so the index (and plans) see them."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from agent.settings import Settings
from memory.db import session_scope
from tools.learning.catalog import upsert
from tools.learning.providers.base import CourseProvider, ProviderError
from tools.learning.providers.coursera import CourseraProvider
from tools.learning.providers.linkedin import LinkedInLearningProvider
from tools.learning.providers.udemy import UdemyProvider

log = logging.getLogger(__name__)
__all__ = ["CourseProvider", "ProviderError", "remote_providers", "refresh_from_providers"]


def remote_providers(settings: Settings | None) -> list[CourseProvider]:
    if settings is None:
        return []
    timeout = settings.course_provider_timeout_s
    providers: list[CourseProvider] = []
    if settings.coursera_enabled:
        providers.append(CourseraProvider(settings.coursera_api_url, timeout))
    if settings.udemy_client_id and settings.udemy_client_secret:
        providers.append(UdemyProvider(settings.udemy_client_id, settings.udemy_client_secret,
                                       settings.udemy_api_url, timeout))
    if settings.linkedin_learning_token:
        providers.append(LinkedInLearningProvider(settings.linkedin_learning_token,
                                                  settings.linkedin_learning_api_url, timeout))
    return providers


def refresh_from_providers(db: Engine, providers: list[CourseProvider], query: str, limit: int = 20) -> list[str]:
    """Ask each remote provider for `query` and store what they return; a failing provider is skipped (the local
    catalog still answers) and named in the returned list of problems."""
    problems = []
    for provider in providers:
        try:
            records = provider.search(query, limit)
        except ProviderError as exc:
            log.warning("course provider failed: %s", exc)
            problems.append(str(exc))
            continue
        with session_scope(db) as session:
            for _ in upsert(session, records):
                pass
    return problems
