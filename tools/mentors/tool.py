"""The `find_mentor` LangChain tool: a thin wrapper over the matching (tools/mentors/store.py). Results carry
`mentors: [{name, headline, industry, score, reasons}]`, the shape the chat widget's mentor card reads."""

from __future__ import annotations

from typing import Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from memory.permissions import WHY_NOT, Permission, allows
from memory.users import get_user
from tools.mentors.mentorships import MentorshipRequest, draft_request, find_mentor_by_name, request_mentorship
from tools.mentors.profile import MenteeNeeds, MentorInputError
from tools.mentors.store import find_mentors
from tools.registry import ToolContext
from tools.run_config import config_user_id


def make_tools(context: ToolContext) -> list[BaseTool]:
    def find_mentor(config: RunnableConfig, target_role: str | None = None, skills_to_learn: list[str] | None = None,
                    industry: str | None = None, languages: list[str] | None = None,
                    style: Literal["structured", "casual"] | None = None, limit: int = 3) -> dict:
        """Find mentors for the user among the coach's mentors: for `target_role` (the role they are moving into;
        default their profile's target) and the skills they need (`skills_to_learn`; default the gaps of their
        latest skills analysis), in their `industry` and `languages` (default English). Returns mentors best
        first with a score 0-1, its components and the reasons (skills taught, role, shared hours, industry,
        experience, language, style). Quote only these mentors; a demo mentor is labelled (demo)."""
        user_id = config_user_id(config, "find_mentor")
        try:
            asked = MenteeNeeds(target_role=target_role, skills_to_learn=skills_to_learn or [], industry=industry,
                                languages=languages or ["English"], style=style, limit=limit)
            return find_mentors(context.db, user_id, asked)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            return {"error": f"{field}: {first['msg']}", "field": field}
        except MentorInputError as exc:
            return {"error": exc.message, "field": exc.field}

    def mentor_request(config: RunnableConfig, mentor: str, send: bool = False, message: str | None = None) -> dict:
        """Help the user reach out to a mentor (`mentor`: their name or id, from find_mentor). Without `send`,
        drafts a request message from what the two share, for the user to read and edit. With `send=true` (only
        when the user asks to send it), sends the request with `message` (default: that draft). Returns the draft,
        or the request as stored (status "requested")."""
        user_id = config_user_id(config, "mentor_request")
        if send and not allows(get_user(context.db, user_id), Permission.seek_mentoring):
            return {"error": WHY_NOT[Permission.seek_mentoring], "field": "user", "code": "forbidden"}
        try:
            mentor_id = find_mentor_by_name(context.db, mentor)
            draft = draft_request(context.db, user_id, mentor_id)
            if not send:
                return {"draft": draft}
            body = MentorshipRequest(mentor_id=mentor_id, message=(message or draft["message"]).strip())
            return {"sent": request_mentorship(context.db, user_id, body)}
        except ValidationError as exc:
            first = exc.errors()[0]
            return {"error": first["msg"], "field": ".".join(str(part) for part in first["loc"])}
        except MentorInputError as exc:
            return {"error": exc.message, "field": exc.field, "code": exc.code}

    return [StructuredTool.from_function(find_mentor, name="find_mentor"),
            StructuredTool.from_function(mentor_request, name="mentor_request")]
