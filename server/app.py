"""The FastAPI application: the coach service opened for the app's lifetime, routers, errors, static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from langchain_core.language_models import BaseChatModel

from agent.service import CoachService
from agent.settings import Settings
from server.errors import install_error_handlers
from server.mail import mail_sender
from server.routers import (admin, assessment, auth, career_paths, chat, goals, learning, memory, mentors,
                            mentorships, negotiation, negotiation_strategy, offer_analysis, pages, privacy, profile,
                            salary, skills)
from server.routers.pages import STATIC_DIR
from tools.occupations.oews import use_data_dir
from tools.skills.semantic import warm_up as warm_up_semantic_skills

# The API by area, in the order /docs lists them.
ROUTERS = (pages, auth, chat, profile, salary, offer_analysis, negotiation, negotiation_strategy, career_paths,
           assessment, goals, skills, learning, memory, privacy, mentors, mentorships, admin)


def create_app(settings: Settings | None = None, model: BaseChatModel | None = None) -> FastAPI:
    settings = settings or Settings()
    use_data_dir(settings.data_dir)  # market data from `coach data refresh`, when there is one

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm_up_semantic_skills(settings)  # in the background: requests match by phrase until it is ready
        async with CoachService.open(settings, model=model) as service:
            app.state.service = service
            yield

    app = FastAPI(title="SmartJobFit Coach", version="0.1.0", lifespan=lifespan,
                  description="A career and salary coach: chat (SSE or JSON), accounts, threads.")
    app.state.settings = settings
    app.state.mailer = mail_sender(settings)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"],
                           allow_headers=["Authorization", "Content-Type", "Accept"])
    for area in ROUTERS:
        app.include_router(area.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_from_environment() -> FastAPI:
    """Uvicorn factory (`uvicorn server.app:app_from_environment --factory`), e.g. for several workers."""
    return create_app(Settings())
