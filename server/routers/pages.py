"""The demo page and health check."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import text

from server.deps import Service

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(tags=["pages"])


@router.get("/", include_in_schema=False)
def demo_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


@router.get("/healthz")
def health(service: Service) -> JSONResponse:
    try:
        with service.db.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # report, don't crash: a load balancer reads this
        return JSONResponse({"status": "unavailable", "database": str(exc)[:200]}, status_code=503)
    return JSONResponse({"status": "ok", "model": service.settings.resolved_provider,
                         "database": service.db.dialect.name})
