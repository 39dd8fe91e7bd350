"""Rich tables for `coach skills`: skills with their evidence, then the gaps for the target role."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tools.skills.analysis import SkillsAnalysis


def print_analysis(console: Console, result: SkillsAnalysis, top: int = 25) -> None:
    table = Table(title=f"Skills found ({len(result.skills)})")
    for column in ("score", "skill", "evidence", "ESCO / O*NET"):
        table.add_column(column)
    for skill in result.skills[:top]:
        links = " ".join(x for x in ((skill.esco_uri or "").rsplit("/", 1)[-1][:8], skill.onet_id or "") if x)
        table.add_row(f"{skill.score:.2f}", skill.name, skill.evidence, links)
    console.print(table)
    if result.not_recognised:
        console.print(f"not in the taxonomy: {', '.join(result.not_recognised)}")
    if result.target_role:
        role = result.target_role
        paid_as = f"; in the pay data {role.soc_title}, SOC {role.soc_code}" if role.soc_title not in ("", role.title) else ""
        gaps = Table(title=f"Gaps for {role.title} (O*NET {role.onet_code}{paid_as}), most pressing first")
        for column in ("priority", "skill", "kind", "current", "target", "importance"):
            gaps.add_column(column)
        for gap in result.gaps:
            gaps.add_row(f"{gap.priority:.2f}", gap.name, gap.kind, f"{gap.current_level:g}",
                         f"{gap.target_level:g}/{gap.scale_max:g}", f"{gap.importance:g}")
        console.print(gaps)
        if result.strengths:
            console.print("strengths: " + ", ".join(f"{s.name} ({s.evidence})" for s in result.strengths))
    console.print(f"[dim]source: {result.source['name']}, {result.source['release']}[/]")
