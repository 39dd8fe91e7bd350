"""POST /api/career/skills-analysis (JSON and PDF / DOCX / TXT uploads, bad input) and GET .../latest, on SQLite
and PostgreSQL."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from memory.models import SkillAssessment
from tests.server.conftest import guest_headers

URL = "/api/career/skills-analysis"
RESUME = ("Data analyst. Wrote SQL queries against PostgreSQL, built dashboards in Tableau, automated reports "
          "with Python and Excel. Salary expectation: $90,000 - $110,000.")


def rows(client: TestClient) -> list[SkillAssessment]:
    with Session(client.app.state.service.db) as session:
        return list(session.exec(select(SkillAssessment)).all())


def _pdf(text: str | None) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    if text:
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): writer._add_object(font)})})
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 40 700 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx(text: str) -> bytes:
    from docx import Document
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_json_text_gives_ranked_linked_skills_with_evidence_and_gaps(client: TestClient) -> None:
    headers = guest_headers(client)
    response = client.post(URL, json={"text": RESUME, "target_role": "data analyst"}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    names = [s["name"] for s in body["skills"]]
    assert "Tableau" in names and "SQL" in names and "determine salaries" not in names
    scores = [s["score"] for s in body["skills"]]
    assert scores == sorted(scores, reverse=True)
    for skill in body["skills"]:
        assert skill["evidence"] == RESUME[skill["start"]:skill["end"]]
        assert skill["esco_uri"] or skill["onet_id"]
    assert body["gaps"] and body["strengths"] and body["target_role"]["soc_code"] == "15-2051"
    priorities = [g["priority"] for g in body["gaps"]]
    assert priorities == sorted(priorities, reverse=True)
    stored = rows(client)
    assert {r.analysis_id for r in stored} == {body["analysis_id"]} and all(r.source == "resume" for r in stored)

    latest = client.get(URL + "/latest", headers=headers)
    assert latest.status_code == 200 and latest.json()["analysis_id"] == body["analysis_id"]
    assert latest.json()["gaps"] and latest.json()["skills"]
    other = guest_headers(client)  # someone else has no analysis: the same 404 as nobody
    assert client.get(URL + "/latest", headers=other).status_code == 404


def test_a_skill_list_is_accepted(client: TestClient) -> None:
    response = client.post(URL, json={"skills": ["Python", "SQL", "juggling flaming torches"]},
                           headers=guest_headers(client))
    assert response.status_code == 200, response.text
    assert {"SQL"} <= {s["name"] for s in response.json()["skills"]}
    assert response.json()["not_recognised"] == ["juggling flaming torches"]


def test_uploads_txt_docx_and_pdf(client: TestClient) -> None:
    headers = guest_headers(client)
    for name, data in (("cv.txt", RESUME.encode()), ("cv.docx", _docx(RESUME)), ("cv.pdf", _pdf("SQL and Tableau"))):
        response = client.post(URL, files={"file": (name, data)}, data={"target_role": "data analyst"},
                               headers=headers)
        assert response.status_code == 200, (name, response.text)
        assert "Tableau" in {s["name"] for s in response.json()["skills"]}, name


def test_bad_input_is_a_4xx_naming_the_field_and_stores_nothing(client: TestClient) -> None:
    headers = guest_headers(client)
    cases = [
        ({"json": {"text": "   "}}, 422, "text"),
        ({"json": {"text": "\x00\x01\x02garbage\x00" * 20}}, 422, "text"),
        ({"json": {"text": RESUME, "target_role": "qwxzvv plorf"}}, 404, "target_role"),
        ({"json": {"text": RESUME, "bogus": 1}}, 422, "bogus"),
        ({"files": {"file": ("cv.pdf", _pdf(None))}}, 422, "file"),
        ({"files": {"file": ("cv.bin", bytes(range(256)) * 8)}}, 422, "file"),
        ({"files": {"file": ("cv.txt", b"")}}, 422, "file"),
        ({"files": {"file": ("cv.docx", b"PK\x03\x04 not a zip")}}, 422, "file"),
        ({"files": {"file": ("cv.txt", b"a" * (20 * 1024 * 1024))}}, 413, "file"),
    ]
    for kwargs, status, field in cases:
        response = client.post(URL, headers=headers, **kwargs)
        assert response.status_code == status, (kwargs.keys(), response.text[:300])
        assert response.json()["error"]["field"] == field, response.text[:300]
    assert "text layer" in client.post(URL, headers=headers, files={"file": ("cv.pdf", _pdf(None))}).json()[
        "error"]["message"]
    assert rows(client) == []
    assert client.post(URL, json={"text": RESUME}).status_code == 401


def test_skills_said_in_other_words_are_found_once_semantic_matching_is_ready(tmp_path) -> None:
    from memory.migrate import upgrade
    from server.app import create_app
    from tests.conftest import make_settings
    from tools.skills.semantic import semantic_matcher

    settings = make_settings(tmp_path, COACH_SEMANTIC_SKILLS=True)
    upgrade(settings.sqlalchemy_url)
    assert semantic_matcher(settings) is not None  # prepared now, as the server does in the background
    text = RESUME + " Looked after patients in the emergency department."
    with TestClient(create_app(settings)) as client:
        response = client.post(URL, json={"text": text}, headers=guest_headers(client))
    assert response.status_code == 200, response.text
    skills = response.json()["skills"]
    semantic = [s for s in skills if s["method"] == "semantic"]
    assert any(s["evidence"] == "Looked after patients in the emergency department" and "emergency" in s["name"]
               for s in semantic), semantic
    assert all(text[s["start"]:s["end"]] == s["evidence"] for s in skills)
    assert {"Tableau", "SQL"} <= {s["name"] for s in skills if s["method"] == "phrase"}
    assert "determine salaries" not in {s["name"] for s in skills}
