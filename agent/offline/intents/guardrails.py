"""Guardrails: requests to deceive an employer, and attempts to override the coach's instructions."""

from __future__ import annotations

from agent.offline.intents import Intent, Plan, Turn, matches, register
from prompts import render

_DECEPTION = (
    r"\b((fake|fabricate|invent|make up|pretend (i have|to have)|forge|bogus|made[- ]up)\b.{0,40}\b(offer|salary|pay stub|"
    r"reference|degree|competing)|lie (about|on)\b.{0,30}\b(salary|pay|offer|experience|resume|degree|history)"
    r"|(inflate|exaggerate)\b.{0,20}\b(current|previous|past) (salary|pay))"
)
_INJECTION = (
    r"\b(ignore|disregard|forget) (all |any |your )?(previous|prior|above|earlier|the) (instructions|rules|prompts?)"
    r"|\b(reveal|print|show|repeat) (me )?(your|the) (system )?(prompt|instructions)"
    r"|\byou are now\b|\bdeveloper mode\b|\bjailbreak\b"
)


@register
class RefuseDeception(Intent):
    name = "refuse_deception"
    exclusive = True

    def score(self, turn: Turn) -> float:
        return 0.95 if matches(_DECEPTION, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return render("offline/refuse_deception")


@register
class RefuseInjection(Intent):
    name = "refuse_injection"
    exclusive = True

    def score(self, turn: Turn) -> float:
        return 0.95 if matches(_INJECTION, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return render("offline/refuse_injection", capabilities=turn.capabilities)
