from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Service


def test_service_create(runner):
    result = runner.invoke(
        args=[
            "pilotes",
            "service",
            "create",
            "--slug",
            "aides-locales",
            "--name",
            "Aides locales",
            "--level",
            "commune",
            "--status",
            "published",
            "--contact-email",
            "equipe@exemple.fr",
        ]
    )
    assert result.exit_code == 0, result.output
    service = db.session.scalar(select(Service))
    assert (service.slug, service.level, service.status) == (
        "aides-locales",
        "commune",
        "published",
    )


def test_service_create_refuses_a_bad_slug_or_a_duplicate(runner):
    args = ["pilotes", "service", "create", "--name", "X"]
    assert runner.invoke(args=[*args, "--slug", "Pas Bon"]).exit_code != 0
    assert runner.invoke(args=[*args, "--slug", "ok"]).exit_code == 0
    result = runner.invoke(args=[*args, "--slug", "ok"])
    assert result.exit_code != 0 and "exists already" in result.output


def test_territories_load_twice_reports_no_change(runner):
    result = runner.invoke(args=["pilotes", "territories", "load"])
    assert result.exit_code == 0, result.output
    assert "communes: 0 ajoutés, 0 modifiés, 0 supprimés" in result.output
