from pilotes import create_app
from tests.factories import make_demand, make_service
from tests.pages import get_page


def test_dev_mails_page_shows_outbox_in_development_only(app, client, migrated_database):
    make_demand(make_service(), "35000", email="jeanne@exemple.fr")
    get_page(client, "/dev/mails", status=404)  # not in the test config
    # Nor in production, whatever its settings say.
    production = create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=migrated_database,
        SECRET_KEY="x" * 64,
        SHOW_DEV_MAILS=True,
        DEBUG=True,
    )
    get_page(production.test_client(), "/dev/mails", status=404)
    dev = create_app("development", SQLALCHEMY_DATABASE_URI=migrated_database)
    dev_client = dev.test_client()
    listing = get_page(dev_client, "/dev/mails")
    assert "jeanne@exemple.fr" in listing.get_text()
    message = get_page(dev_client, listing.select_one("tbody a")["href"])
    assert message.find("a", href=lambda h: h and "/e/confirmer/" in h)
