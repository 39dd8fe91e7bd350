"""Work-style notes from Big Five trait scores (1-5). Plain observations about kinds of work, with the trait
and score behind each, never a verdict on the person. High is 3.5 or more, low 2.5 or less (the scale's middle
band is left unremarked)."""

from __future__ import annotations

HIGH, LOW = 3.5, 2.5
TRAITS = {"E": "Extraversion", "A": "Agreeableness", "C": "Conscientiousness", "N": "Neuroticism",
          "O": "Intellect/Imagination (Openness)"}
_NOTES = {
    ("E", "high"): "You may enjoy work with a lot of contact with people: client-facing, team, sales or presenting roles.",
    ("E", "low"): "You may do your best work with focused, independent time: deep individual work suits you.",
    ("A", "high"): "Cooperative, helping work (teams, care, service) tends to suit a high score here.",
    ("A", "low"): "Roles that need tough calls, hard negotiation or critical review can suit a low score here.",
    ("C", "high"): "Structured work with clear standards, planning and follow-through plays to this trait.",
    ("C", "low"): "Loosely structured, flexible work may suit you better than strict routines and procedures.",
    ("N", "high"): "Steady workloads and supportive teams help; very high-pressure roles may cost you more.",
    ("N", "low"): "You may handle pressure and setbacks calmly: crisis-prone or high-stakes roles are a fit to consider.",
    ("O", "high"): "Work with new ideas, design, research or problem solving fits a high score here.",
    ("O", "low"): "Practical, concrete work with proven methods may suit you more than abstract or theoretical work.",
}


def work_style_notes(scores: dict[str, float]) -> list[dict[str, object]]:
    notes = []
    for trait, score in scores.items():
        level = "high" if score >= HIGH else "low" if score <= LOW else None
        if level:
            notes.append({"trait": TRAITS[trait], "score": score, "level": level, "note": _NOTES[(trait, level)]})
    return notes
