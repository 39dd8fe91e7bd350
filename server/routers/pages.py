"""The pages (the demo careers page, the dashboard, the questionnaires), the widget script and what it asks first,
the health check."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from server.deps import Service

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(tags=["pages"])

# The widget asks for these paths to decide which modes it offers; a mode appears once its API exists.
FEATURE_ROUTES = {"roleplay": "/api/salary/simulation"}


class WidgetFeatures(BaseModel):
    roleplay: bool


class WidgetConfig(BaseModel):
    version: str
    features: WidgetFeatures


@router.get("/", include_in_schema=False)
def demo_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


@router.get("/app", include_in_schema=False)
def dashboard_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "app.html", media_type="text/html")


@router.get("/assessment", include_in_schema=False)
def assessment_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "assessment.html", media_type="text/html")


@router.get("/admin", include_in_schema=False)
def admin_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "admin.html", media_type="text/html")


@router.get("/verify-email", include_in_schema=False)
@router.get("/reset-password", include_in_schema=False)
def account_page() -> FileResponse:
    """Where e-mailed links land (the token is in the query; the page sends it to the API)."""
    return FileResponse(STATIC_DIR / "account.html", media_type="text/html", headers={"Referrer-Policy": "no-referrer"})


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> FileResponse:
    # Short cache: sites embed this URL for good, so a new release should reach them within minutes.
    return FileResponse(STATIC_DIR / "widget.js", media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=300"})


@router.get("/api/widget/config", response_model=WidgetConfig, tags=["widget"])
def widget_config(request: Request) -> WidgetConfig:
    """What the embedded widget may offer on this deployment."""
    paths = request.app.openapi()["paths"]  # every API route, however routers are nested (and cached)
    return WidgetConfig(version=request.app.version,
                        features=WidgetFeatures(**{name: path in paths for name, path in FEATURE_ROUTES.items()}))


@router.get("/healthz")
def health(service: Service) -> JSONResponse:
    try:
        with service.db.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # report, don't crash: a load balancer reads this
        return JSONResponse({"status": "unavailable", "database": str(exc)[:200]}, status_code=503)
    return JSONResponse({"status": "ok", "model": service.settings.resolved_provider,
                         "database": service.db.dialect.name})
