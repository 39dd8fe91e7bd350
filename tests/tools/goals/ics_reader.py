"""A strict little RFC 5545 reader for the tests: it checks what the export must get right (CRLF line ends,
content lines of at most 75 octets, folding, required properties) and unfolds and unescapes the rest."""

from __future__ import annotations

import re


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def read_calendar(content: bytes) -> dict:
    text = content.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "lines must end in CRLF"
    physical = text[:-2].split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical), "a line is longer than 75 octets"
    lines: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    calendar: dict = {"events": []}
    current: dict | None = None
    for line in lines[1:-1]:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            for required in ("UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"):
                assert required in current, f"an event lacks {required}"
            assert re.fullmatch(r"\d{8}T\d{6}Z", current["DTSTAMP"])
            calendar["events"].append(current)
            current = None
        elif current is not None:
            current[name] = _unescape(value)
        else:
            calendar[name] = value
    assert calendar.get("VERSION") == "2.0" and calendar.get("PRODID")
    return calendar
