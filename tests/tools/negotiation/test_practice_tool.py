"""The `negotiation_practice` tool reports the user's own role-plays and their scores."""

from __future__ import annotations

from agent.settings import Settings
from memory.db import create_db_engine
from memory.users import create_user
from tools.negotiation.practice_tool import make_tools
from tools.negotiation.scenario import ScenarioRequest
from tools.negotiation.sessions import get_debrief, start_session, take_turn
from tools.registry import ToolContext


def test_reports_sessions_scores_and_the_change(settings: Settings) -> None:
    db = create_db_engine(settings.sqlalchemy_url)
    try:
        user = create_user(db, email=None, password_hash=None, is_guest=True)
        other = create_user(db, email=None, password_hash=None, is_guest=True)
        (tool,) = make_tools(ToolContext(db=db, settings=settings))
        config = {"configurable": {"user_id": user.id}}
        assert tool.invoke({}, config=config)["count"] == 0
        scores = []
        for seed, message in ((1, "I accept."), (2, "The market median is $101,130, so I'd like $100,000.")):
            session = start_session(db, user.id, ScenarioRequest(title="registered nurse", location="Denver", seed=seed))
            take_turn(db, user.id, session["id"], message)
            scores.append(get_debrief(db, user.id, session["id"])["performance_score"])
        start_session(db, other.id, ScenarioRequest(title="registered nurse", seed=3))
        result = tool.invoke({}, config=config)
        assert result["count"] == 2 and result["latest_score"] == scores[1]
        assert result["change"] == round(scores[1] - scores[0], 1)
        assert {s["role"] for s in result["sessions"]} == {"Registered Nurses"}
        assert "coach chat --roleplay" in result["how_to_start"]
    finally:
        db.dispose()
