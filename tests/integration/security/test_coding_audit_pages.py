"""Coding audit in the web UI: draw a sample of a coder's work, record a finding on each item, see
the accuracy the service computes; the list of samples with their progress comes from the service."""

from __future__ import annotations

from datetime import UTC, date, datetime

from revcycle.security.domain import Principal
from revcycle.security.service import coding_audit, register_coded_work
from tests.integration.security.factories import make_user
from tests.integration.web.conftest import csrf_of

PERIOD = {"period_start": "2026-03-01", "period_end": "2026-03-10"}


def _coder_with_work(database, practice_id: int, days: int = 20) -> int:
    coder = make_user(database, practice_id, "coder").user
    with database.transaction() as uow:
        for day in range(1, days + 1):
            register_coded_work(
                uow,
                practice_id=practice_id,
                entity_type="encounter",
                entity_id=f"E{coder.id}-{day}",
                coder_user_id=coder.id,
                coded_at=datetime(2026, 3, day, 10, tzinfo=UTC),
            )
    return int(coder.id)


def _draw(client, coder: int, size: int = 3):
    page = client.get("/coding-audits").text
    return client.post(
        "/coding-audits/samples",
        data={"csrf_token": csrf_of(page), "coder_user_id": str(coder), "size": str(size), **PERIOD},
        follow_redirects=False,
    )


def _finding_ids(page: str) -> list[int]:
    return [int(part.split('"')[0]) for part in page.split('action="/coding-audits/findings/')[1:]]


def test_a_coding_sample_is_drawn_and_a_finding_recorded_and_the_accuracy_shown(
    database, practice_a, pages_for
):
    coder = _coder_with_work(database, practice_a["id"])
    supervisor = pages_for("supervisor")
    drawn = _draw(supervisor, coder)
    assert drawn.status_code == 303 and drawn.headers["location"].startswith("/coding-audits/samples/")
    page = supervisor.get(drawn.headers["location"]).text
    findings = _finding_ids(page)
    assert len(findings) == 3 and "0 of 3" in page.split('class="progress">')[1]
    sample_id = drawn.headers["location"].rsplit("/", 1)[1]
    token = csrf_of(page)
    for finding, verdict in zip(findings, ("correct", "correct", "error"), strict=True):
        answer = supervisor.post(
            f"/coding-audits/findings/{finding}",
            data={
                "csrf_token": token,
                "sample_id": sample_id,
                "verdict": verdict,
                "category": "dx_specificity" if verdict == "error" else "",
                "note": "needs laterality" if verdict == "error" else "",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    page = supervisor.get(f"/coding-audits/samples/{sample_id}").text
    assert "3 of 3" in page.split('class="progress">')[1]
    assert "66.7%" in page.split('class="sample-accuracy">')[1].split("</dd>")[0]
    assert "Diagnosis not specific enough" in page and "needs laterality" in page
    overview = supervisor.get("/coding-audits").text
    accuracy = overview.split('<table class="accuracy">')[1].split("</table>")[0]
    assert "66.7%" in accuracy and "dx specificity: 1" in accuracy
    samples = overview.split('<table class="samples">')[1].split("</table>")[0]
    assert f'href="/coding-audits/samples/{sample_id}"' in samples


def test_an_error_finding_without_its_kind_shows_the_field_error_and_is_not_recorded(
    database, practice_a, pages_for
):
    coder = _coder_with_work(database, practice_a["id"])
    supervisor = pages_for("supervisor")
    location = _draw(supervisor, coder, size=1).headers["location"]
    page = supervisor.get(location).text
    finding = _finding_ids(page)[0]
    answer = supervisor.post(
        f"/coding-audits/findings/{finding}",
        data={"csrf_token": csrf_of(page), "sample_id": location.rsplit("/", 1)[1], "verdict": "error"},
    )
    assert answer.status_code == 422
    error = answer.text.split(f'id="category-{finding}-err"')[1].split("</p>")[0]
    assert "say what kind of error it was" in error
    assert "not reviewed" in supervisor.get(location).text


def test_drawing_a_sample_with_bad_fields_names_them_and_a_period_without_work_says_so(
    database, practice_a, pages_for
):
    coder = _coder_with_work(database, practice_a["id"], days=2)
    supervisor = pages_for("supervisor")
    token = csrf_of(supervisor.get("/coding-audits").text)
    bad = supervisor.post(
        "/coding-audits/samples",
        data={
            "csrf_token": token,
            "coder_user_id": "",
            "size": "0",
            "period_start": "2026-03-10",
            "period_end": "x",
        },
    )
    assert bad.status_code == 422
    for field in ("coder_user_id", "size", "period_end"):
        assert f'id="{field}-err"' in bad.text, field
    backwards = supervisor.post(
        "/coding-audits/samples",
        data={
            "csrf_token": token,
            "coder_user_id": str(coder),
            "size": "2",
            "period_start": "2026-03-10",
            "period_end": "2026-03-01",
        },
    )
    assert (
        backwards.status_code == 422
        and "ends before it starts" in backwards.text.split('id="period_end-err"')[1]
    )
    empty = supervisor.post(
        "/coding-audits/samples",
        data={
            "csrf_token": token,
            "coder_user_id": str(coder),
            "size": "2",
            "period_start": "2026-04-01",
            "period_end": "2026-04-30",
        },
    )
    assert empty.status_code == 409 and "no coded items in the period" in empty.text
    assert "No sample was drawn yet" in empty.text


def test_an_auditor_reads_the_coding_audit_but_a_coder_gets_403(database, practice_a, pages_for):
    coder = _coder_with_work(database, practice_a["id"])
    location = _draw(pages_for("supervisor"), coder).headers["location"]
    auditor = pages_for("auditor")
    overview = auditor.get("/coding-audits")
    assert overview.status_code == 200 and "Draw a sample" not in overview.text
    sample = auditor.get(location)
    assert sample.status_code == 200 and "/coding-audits/findings/" not in sample.text
    token = csrf_of(overview.text)
    assert auditor.post("/coding-audits/samples", data={"csrf_token": token, **PERIOD}).status_code == 403
    for role in ("coder", "biller", "front_desk", "admin"):
        assert pages_for(role).get("/coding-audits").status_code == 403, role
        assert pages_for(role).get(location).status_code == 403, role


def test_samples_are_listed_newest_first_with_their_items_and_reviews(database, practice_a):
    coder = _coder_with_work(database, practice_a["id"])
    supervisor = make_user(database, practice_a["id"], "supervisor").user
    scope = Principal(practice_id=practice_a["id"], user_id=supervisor.id, role="supervisor")
    with database.transaction() as uow:
        first, findings = coding_audit.draw_coding_sample(
            uow,
            scope,
            coder_user_id=coder,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 5),
            size=4,
        )
        coding_audit.record_finding(uow, scope, findings[0].id, correct=True)
        second, _ = coding_audit.draw_coding_sample(
            uow,
            scope,
            coder_user_id=coder,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 2),
            size=9,
        )
        listed = [(p.sample.id, p.items, p.reviewed) for p in coding_audit.list_samples(uow, scope)]
        assert listed == [(second.id, 2, 0), (first.id, 4, 1)]
        items = coding_audit.sampled_items(uow, scope, findings)
        assert sorted(items) == sorted(f.coded_item_id for f in findings)
        assert all(i.coder_user_id == coder for i in items.values())
