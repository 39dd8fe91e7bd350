"""Skills analysis endpoints: a thin layer over `tools/skills`. A resume is personal data, so the caller's token
is needed; each analysis is stored as their `skill_assessments` rows and only they can read it back."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from server.deps import CurrentUser, Service, SettingsDep
from server.errors import ApiError
from tools.profile.engine import get_profile
from tools.skills.analysis import SkillsAnalysis, analyse
from tools.skills.documents import MAX_BYTES, document_text
from tools.skills.extract import SkillInputError
from tools.skills.semantic import semantic_matcher
from tools.skills.store import StoredAnalysis, latest_analysis, save_analysis
from tools.skills.watson import watson_extractor

router = APIRouter(prefix="/api/career", tags=["skills"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           404: {"description": "The target role matched no occupation (the error carries `suggestions`)."},
           413: {"description": "The uploaded file is over 5 MB."},
           422: {"description": "Empty text, binary garbage, a PDF with no text layer...; the error names the field."}}
_UPLOAD_OVERHEAD = 64 * 1024  # multipart headers and the other fields


class SkillsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, description="resume or job-ad text")
    skills: list[str] | None = Field(default=None, max_length=200, description="skill names instead of text")
    target_role: str | None = Field(default=None, max_length=200, description="e.g. 'data analyst'")
    current_role: str | None = Field(default=None, max_length=200, description="defaults to your profile's")


async def _read_request(request: Request) -> SkillsRequest:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        try:
            payload = await request.json()
        except ValueError as exc:
            raise ApiError(400, "malformed_json", "the request body is not valid JSON") from exc
        if not isinstance(payload, dict):
            raise ApiError(422, "invalid_request", "send a JSON object {text | skills, target_role?}")
        return SkillsRequest.model_validate(payload)
    if int(request.headers.get("content-length") or 0) > MAX_BYTES + _UPLOAD_OVERHEAD:
        raise ApiError(413, "too_large", f"the upload is over the {MAX_BYTES // (1024 * 1024)} MB limit", "file")
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(422, "required", "file is required (a PDF, DOCX or TXT resume)", "file")
    data = await upload.read(MAX_BYTES + 1)
    text = document_text(upload.filename or "", data)
    return SkillsRequest(text=text, target_role=_form_text(form, "target_role"),
                         current_role=_form_text(form, "current_role"))


def _form_text(form, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) and value.strip() else None


@router.post("/skills-analysis", response_model=SkillsAnalysis, responses=_ERRORS)
async def post_skills_analysis(request: Request, user: CurrentUser, service: Service,
                               settings: SettingsDep) -> SkillsAnalysis:
    """Skills found in a resume (JSON `{text | skills, target_role?, current_role?}`, or a multipart upload with
    `file` = PDF / DOCX / TXT and `target_role`), each with its evidence and ESCO / O*NET links, best first; with a
    target role, the gaps (importance x distance), strengths and transferable skills. Stored as your latest."""
    try:
        body = await _read_request(request)
        current_role = body.current_role or get_profile(service.db, user.id).current_role
        # Off the event loop: a long resume's semantic matching takes a few hundred ms of CPU.
        result = await run_in_threadpool(analyse, text=body.text, skills=body.skills, target_role=body.target_role,
                                         current_role=current_role, also=watson_extractor(settings),
                                         semantic=semantic_matcher(settings, wait=False))
    except SkillInputError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.field) from exc
    analysis_id = save_analysis(service.db, user.id, result)
    return result.model_copy(update={"analysis_id": analysis_id})


@router.get("/skills-analysis/latest", response_model=StoredAnalysis,
            responses={401: _ERRORS[401], 404: {"description": "You have no stored analysis yet."}})
def get_latest_skills_analysis(user: CurrentUser, service: Service) -> StoredAnalysis:
    """Your latest stored analysis: skills with evidence, gaps (most pressing first) and requirements you meet."""
    stored = latest_analysis(service.db, user.id)
    if stored is None:
        raise ApiError(404, "no_analysis", "you have no skills analysis yet: POST /api/career/skills-analysis")
    return stored
