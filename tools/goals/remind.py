"""The reminder job (`coach goals remind`): for every active goal, each milestone that is due soon or overdue and
has not had that reminder yet gets one, written into the milestone (`reminders: {"due"|"overdue": when}` and
`reminded_at`). Running it again the same day writes nothing new: each reminder is written once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import select

from memory.db import session_scope
from memory.models import CareerGoal
from tools.goals.engine import now_utc


@dataclass(frozen=True)
class Reminder:
    user_id: str
    goal_id: int
    milestone_id: int
    title: str
    target_date: date
    kind: str  # "due" (within the window) or "overdue"

    def line(self) -> str:
        when = "was due" if self.kind == "overdue" else "is due"
        return f"[{self.kind}] user {self.user_id} goal {self.goal_id}: {self.title!r} {when} {self.target_date}"


def _kind(target: date, today: date, window: timedelta) -> str | None:
    if target < today:
        return "overdue"
    return "due" if target <= today + window else None


def send_reminders(db: Engine, today: date | None = None, days_ahead: int = 7) -> list[Reminder]:
    today, window = today or date.today(), timedelta(days=days_ahead)
    written: list[Reminder] = []
    stamp = now_utc().isoformat()
    with session_scope(db) as session:
        for row in session.exec(select(CareerGoal).where(CareerGoal.status == "active")).all():
            milestones = [dict(m) for m in row.milestones or []]
            changed = False
            for milestone in milestones:
                if milestone.get("done") or not milestone.get("target_date"):
                    continue
                target = date.fromisoformat(milestone["target_date"])
                kind = _kind(target, today, window)
                reminders = dict(milestone.get("reminders") or {})
                if kind is None or kind in reminders:
                    continue
                reminders[kind] = stamp
                milestone.update(reminders=reminders, reminded_at=stamp)
                written.append(Reminder(row.user_id, row.id, milestone["id"], milestone["title"], target, kind))
                changed = True
            if changed:
                row.milestones = milestones
                flag_modified(row, "milestones")
                session.add(row)
    return written
