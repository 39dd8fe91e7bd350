"""A calendar (RFC 5545) of the user's goal dates and milestone dates: all-day events that calendar apps import.

Lines end in CRLF and are folded at 75 octets (a fold never splits a UTF-8 character); text is escaped as §3.3.11
says. UIDs are stable (goal and milestone ids), so importing the file again updates events instead of doubling
them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tools.goals.store import Goal

PRODID = "-//SmartJobFit Coach//Career goals//EN"


def escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Content lines longer than 75 octets split into a first line and continuation lines starting with a space."""
    pieces, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines carry a leading space
        current += encoded
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def _event(uid: str, stamp: str, day: date, summary: str, description: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}", f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}", "TRANSP:TRANSPARENT", "END:VEVENT"]


def goals_calendar(goals: list[Goal], now: datetime | None = None) -> str:
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             "X-WR-CALNAME:Career goals"]
    for goal in goals:
        for milestone in goal.milestones:
            if milestone.get("target_date"):
                state = "done" if milestone.get("done") else "to do"
                lines += _event(f"goal-{goal.id}-milestone-{milestone['id']}@smartjobfit-coach", stamp,
                                date.fromisoformat(milestone["target_date"]), f"Milestone: {milestone['title']}",
                                f"{state}; goal: {goal.description} ({goal.progress_percentage:g}% done)")
        if goal.target_date:
            lines += _event(f"goal-{goal.id}@smartjobfit-coach", stamp, goal.target_date, f"Goal: {goal.description}",
                            f"target date of your goal; {goal.progress_percentage:g}% done, status {goal.status}")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
