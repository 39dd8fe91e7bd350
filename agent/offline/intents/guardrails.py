"""Guardrails: requests to deceive an employer, and attempts to override the coach's instructions."""

from __future__ import annotations

from agent.offline.intents import TemplateReply, register


@register
class RefuseDeception(TemplateReply):
    name = "refuse_deception"
    exclusive = True
    confidence = 0.95
    template = "offline/refuse_deception"
    pattern = (
        r"\b((fake|fabricate|invent|make up|pretend (i have|to have)|forge|bogus|made[- ]up)\b.{0,40}\b(offer|salary|"
        r"pay stub|reference|degree|competing)|lie (about|on)\b.{0,30}\b(salary|pay|offer|experience|resume|degree|"
        r"history)|(inflate|exaggerate)\b.{0,20}\b(current|previous|past) (salary|pay))"
    )


@register
class RefuseInjection(TemplateReply):
    name = "refuse_injection"
    exclusive = True
    confidence = 0.95
    template = "offline/refuse_injection"
    pattern = (
        r"\b(ignore|disregard|forget|override) (?:(?:all|any|of|your|the|my|these|those) )*(?:(?:previous|prior|above|earlier|"
        r"system|original) )*(instructions|rules|prompts?|guidelines)"
        r"|\b(reveal|print|show|repeat) (me )?(your|the) (system )?(prompt|instructions)"
        r"|\byou are now\b|\bdeveloper mode\b|\bjailbreak\b"
    )
