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


@register
class RefuseBluff(TemplateReply):
    """Claiming an offer one does not have is deception too (RefuseDeception catches "fake an offer"; this
    catches "tell them I have another offer when I don't")."""

    name = "refuse_bluff"
    exclusive = True
    confidence = 0.97
    template = "offline/refuse_deception"
    pattern = (
        r"\b(?:tell|say|claim|mention|pretend|act like|imply|hint|let them think)\b.{0,40}\b(?:i have|i've got|i got|"
        r"there'?s|i'?ve received)\b.{0,30}\b(?:another|other|competing|second|better|higher) offer\b.{0,60}"
        r"\b(?:don'?t|do not|doesn'?t|didn'?t|isn'?t|no such|not real|never)\b"
        r"|\b(?:don'?t|do not) (?:actually |really )?have (?:an?|any) (?:other|competing|second|real) offers?\b.{0,80}"
        r"\b(?:say|tell|claim|pretend|use|bluff|mention)\b"
        r"|\bbluff\w*\b.{0,40}\b(?:offer|competing|salary)\b"
    )
