"""One error shape for every client mistake: {"error": {"code", "message", "field"}} with a 4xx status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from agent.service import ChatInputError
from pydantic import ValidationError

from tools.salary.benchmarks import UnknownOccupation
from tools.occupations.resolver import NoMatch, InputError
from tools.salary.personalized import NoWageCurve


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = {**({"WWW-Authenticate": "Bearer"} if status == 401 else {}), **(headers or {})}


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def _field_name(location: tuple | list) -> str | None:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or None


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=exc.status,
                            headers=exc.headers or None)

    @app.exception_handler(ChatInputError)
    async def _chat_input_error(_: Request, exc: ChatInputError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=exc.status)

    @app.exception_handler(InputError)
    async def _salary_input_error(_: Request, exc: InputError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=422)

    @app.exception_handler(NoMatch)
    async def _no_match(_: Request, exc: NoMatch) -> JSONResponse:
        body = error_body("no_match", exc.message, exc.field)
        body["error"]["suggestions"] = exc.suggestions
        return JSONResponse(body, status_code=404)

    @app.exception_handler(UnknownOccupation)
    async def _unknown_occupation(_: Request, exc: UnknownOccupation) -> JSONResponse:
        return JSONResponse(error_body("unknown_occupation", str(exc), exc.field), status_code=422)

    @app.exception_handler(NoWageCurve)
    async def _no_wage_curve(_: Request, exc: NoWageCurve) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, "title"), status_code=404)

    @app.exception_handler(ValidationError)
    async def _engine_validation_error(_: Request, exc: ValidationError) -> JSONResponse:
        # An engine refused a value the request layer let through: still the client's input, still a 4xx.
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid value"}
        field = _field_name(first.get("loc", ()))
        return JSONResponse(error_body("invalid_request", f"{field}: {first.get('msg')}" if field else first.get("msg"),
                                       field), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": "invalid"}
        if first.get("type") == "json_invalid":
            return JSONResponse(error_body("malformed_json", f"the request body is not valid JSON: {first.get('msg')}"),
                                status_code=400)
        field = _field_name(first.get("loc", ()))
        message = first.get("msg", "invalid value")
        if first.get("type") == "missing":
            message = f"{field or 'a required value'} is required"
        elif field:
            message = f"{field}: {message}"
        return JSONResponse(error_body("invalid_request", message, field), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
        return JSONResponse(error_body(codes.get(exc.status_code, "http_error"), str(exc.detail)),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))
