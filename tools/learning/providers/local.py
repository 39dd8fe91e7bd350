"""The local catalog (the `courses` table: the shipped free catalog plus imported files) as a CourseProvider."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tools.learning.catalog import CourseRecord
from tools.learning.search import SearchFilters, course_index, search


class LocalCatalogProvider:
    name = "local"

    def __init__(self, db: Engine, filters: SearchFilters | None = None):
        self.db, self.filters = db, filters

    def search(self, query: str, limit: int = 20) -> list[CourseRecord]:
        by_id = {doc.record.course_id: doc.record for doc in course_index(self.db).docs}
        return [by_id[hit.course_id] for hit in search(self.db, query, self.filters, limit).courses]
