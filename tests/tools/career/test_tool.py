"""The career_roadmap agent tool: roles and place from the saved profile when the user leaves them out."""

from __future__ import annotations

import pytest

from agent.settings import Settings
from memory.db import create_db_engine
from memory.users import create_user
from tools.career.tool import make_tools
from tools.profile.engine import ProfileUpdate, update_profile
from tools.registry import CAPABILITIES, ToolContext


@pytest.fixture
def db(sqlite_settings: Settings):
    engine = create_db_engine(sqlite_settings.sqlalchemy_url)
    yield engine
    engine.dispose()


def test_the_tool_is_a_capability():
    assert "tools.career.tool" in CAPABILITIES


def test_profile_fills_what_the_user_left_out(db):
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    update_profile(db, user.id, ProfileUpdate(current_role="registered nurse", location="Denver"))
    (tool,) = make_tools(ToolContext(db=db))
    result = tool.invoke({"target_role": "nurse practitioner"}, config={"configurable": {"user_id": user.id}})
    assert result["current"]["soc_code"] == "29-1141" and result["target"]["soc_code"] == "29-1171"
    assert result["location"] == "Denver-Aurora-Centennial, CO"


def test_refused_input_is_an_error_the_model_can_read(db):
    (tool,) = make_tools(ToolContext(db=db))
    result = tool.invoke({"current_role": "nurse"}, config={"configurable": {"user_id": "nobody"}})
    assert result["field"] == "target" and "required" in result["error"]
