"""Team accounts at the domain's edge: who gets in, with which link, and who keeps a role."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from pilotes.domain import accounts, mediators
from pilotes.domain.accounts import AccountError
from pilotes.infra.extensions import db
from pilotes.infra.signing import SIGN_IN, make_token
from pilotes.models import MEDIATOR, ROLES, Membership, OutboxMessage, SignInLink
from tests.email_links import links_age
from tests.factories import make_service
from tests.web.team.helpers import LINK


def _last_email(address: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == address)
        .order_by(OutboxMessage.id.desc())
    ).first()


def _link_token(address: str) -> str:
    return LINK.search(_last_email(address).body_text).group(1).rsplit("/", 1)[1]


def refused(message: str):
    """The French message shown to the team, word for word."""
    return pytest.raises(AccountError, match=f"^{re.escape(message)}$")


LAST_OWNER = "Le service doit garder au moins un responsable."


def test_an_account_is_found_however_its_address_is_typed(app):
    user = accounts.get_or_create_user(db.session, "  Ana@Equipe.FR ")
    assert user.email == "ana@equipe.fr" and user.is_admin is False
    assert accounts.find_user(db.session, " ANA@equipe.fr") is user
    assert accounts.get_or_create_user(db.session, "ana@equipe.fr") is user
    assert accounts.get_or_create_user(db.session, "ana@equipe.fr", is_admin=True).is_admin
    assert accounts.get_or_create_user(db.session, "ana@equipe.fr").is_admin  # not taken back
    assert len(db.session.scalars(select(accounts.User)).all()) == 1
    with pytest.raises(AccountError, match="adresse"):
        accounts.get_or_create_user(db.session, "pas une adresse")


def test_rate_limit_keys_are_one_per_mailbox_and_never_empty():
    key = accounts.rate_limit_email_key
    assert key("Ana@Equipe.fr") == key("ａｎａ@equipe.fr") == "ana@equipe.fr"
    assert key(" pas une adresse. ") == "pas une adresse"
    assert key("   ") == "-"


def test_a_sign_in_link_works_once_and_only_as_a_sign_in_link(app, monkeypatch):
    user = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    accounts.send_sign_in_link(db.session, "inconnu@exemple.fr")  # says nothing, sends nothing
    assert db.session.scalars(select(OutboxMessage)).all() == []
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    token = _link_token("ana@equipe.fr")
    used = accounts.use_sign_in_link(db.session, token)
    assert (used.outcome, used.user) == ("ok", user) and user.last_sign_in_at is not None
    assert accounts.use_sign_in_link(db.session, token).outcome == "used"
    link_id = db.session.scalar(select(SignInLink.id))
    # A token of the right purpose but another kind, or naming no link, is no sign-in link.
    assert accounts.use_sign_in_link(db.session, make_token(SIGN_IN, "user", link_id)).outcome == (
        "invalid"
    )
    assert accounts.use_sign_in_link(db.session, make_token(SIGN_IN, "link", 10**9)).outcome == (
        "invalid"
    )
    assert accounts.use_sign_in_link(db.session, token + "x").outcome == "invalid"
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    fresh = _link_token("ana@equipe.fr")
    links_age(monkeypatch, 15 * 60 + 1)
    assert accounts.use_sign_in_link(db.session, fresh).outcome == "expired"


def test_a_new_sign_in_link_ends_the_earlier_unused_ones(app):
    ana = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    accounts.get_or_create_user(db.session, "bob@equipe.fr")
    accounts.send_sign_in_link(db.session, "bob@equipe.fr")
    bobs = _link_token("bob@equipe.fr")
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    first = _link_token("ana@equipe.fr")
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    second = _link_token("ana@equipe.fr")
    assert accounts.use_sign_in_link(db.session, first).outcome == "used"
    latest = accounts.use_sign_in_link(db.session, second)
    assert (latest.outcome, latest.user) == ("ok", ana)
    assert accounts.use_sign_in_link(db.session, bobs).outcome == "ok"  # another account's


def test_a_password_is_checked_only_for_an_account_that_has_one(app):
    user = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    assert accounts.check_password(db.session, "ana@equipe.fr", "pilotes-no-such-account") is None
    assert accounts.check_password(db.session, "x@exemple.fr", "pilotes-no-such-account") is None
    with pytest.raises(AccountError, match="au moins 12 caractères"):
        accounts.set_password(db.session, user, "onze signes")
    accounts.set_password(db.session, user, "douze signes")  # exactly the minimum
    assert accounts.check_password(db.session, "ANA@equipe.fr", "douze signes") is user
    assert user.last_sign_in_at is not None
    assert accounts.check_password(db.session, "ana@equipe.fr", "douze signez") is None


def test_signing_out_everywhere_spends_only_this_accounts_links(app):
    ana = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    bob = accounts.get_or_create_user(db.session, "bob@equipe.fr")
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    accounts.send_sign_in_link(db.session, "bob@equipe.fr")
    version = ana.session_version
    accounts.sign_out_everywhere(db.session, ana)
    assert ana.session_version == version + 1 and bob.session_version == version
    assert accounts.use_sign_in_link(db.session, _link_token("ana@equipe.fr")).outcome == "used"
    assert accounts.use_sign_in_link(db.session, _link_token("bob@equipe.fr")).outcome == "ok"


def test_members_are_listed_per_service_and_the_last_owner_stays(app):
    service, other = make_service(), make_service(slug="autre", name="Autre")
    owner = accounts.add_member(db.session, service, "zoe@equipe.fr", "owner")
    editor = accounts.add_member(db.session, service, "ana@equipe.fr", "editor")
    accounts.add_member(db.session, other, "zoe@equipe.fr", "owner")
    accounts.add_member(db.session, other, "eve@equipe.fr", "owner")
    invitation = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "ana@equipe.fr")
    ).one()
    assert invitation.subject == "Vous rejoignez l'équipe de Mon service sur Pilotes"
    assert "/equipe/connexion/lien/" in invitation.body_text
    with refused("Cette personne est déjà membre de l'équipe."):
        accounts.add_member(db.session, service, "ANA@equipe.fr", "viewer")
    with refused("Choisissez un rôle : lecture, édition ou responsable."):
        accounts.add_member(db.session, service, "bob@equipe.fr", "admin")
    assert [m.user.email for m in accounts.members_of(db.session, service)] == [
        "ana@equipe.fr",
        "zoe@equipe.fr",
    ]
    zoe = owner.user
    assert [m.service.slug for m in accounts.memberships_of(db.session, zoe)] == [
        "autre",
        "mon-service",
    ]
    assert [m.service.slug for m in accounts.memberships_of(db.session, editor.user)] == [
        "mon-service"
    ]
    assert accounts.membership(db.session, editor.user, other) is None
    # One owner on ``service``: she can be neither demoted nor removed, whoever else has one.
    with refused(LAST_OWNER):
        accounts.set_role(db.session, owner, "editor")
    with refused(LAST_OWNER):
        accounts.remove_member(db.session, owner)
    with refused("Choisissez un rôle : lecture, édition ou responsable."):
        accounts.set_role(db.session, editor, "chef")
    accounts.set_role(db.session, owner, "owner")  # staying owner is no demotion
    accounts.set_role(db.session, editor, "owner")
    accounts.set_role(db.session, owner, "viewer")  # another owner now
    assert owner.role == "viewer"
    accounts.remove_member(db.session, owner)
    db.session.flush()
    assert [m.role for m in accounts.members_of(db.session, service)] == ["owner"]
    assert db.session.scalar(select(Membership).where(Membership.user_id == zoe.id)).service == (
        other
    )


def test_an_owner_steps_down_only_while_another_owner_stays(app):
    service = make_service()
    alone = accounts.add_member(db.session, service, "zoe@equipe.fr", "owner")
    with refused(LAST_OWNER):
        accounts.set_role(db.session, alone, "viewer")
    with refused(LAST_OWNER):
        accounts.remove_member(db.session, alone)
    accounts.add_member(db.session, service, "eve@equipe.fr", "owner")
    accounts.add_member(db.session, service, "ana@equipe.fr", "editor")
    accounts.set_role(db.session, alone, "editor")  # eve stays owner
    assert alone.role == "editor"


def test_invitations_and_sign_in_links_say_who_where_which_role_and_for_how_long(app):
    service = make_service()
    zoe = accounts.add_member(db.session, service, "zoe@equipe.fr", "owner").user
    accounts.add_member(db.session, service, "ana@equipe.fr", "editor", invited_by=zoe)
    invitation = _last_email("ana@equipe.fr")
    assert invitation.subject == "Vous rejoignez l'équipe de Mon service sur Pilotes"
    assert (
        "zoe@equipe.fr vous invite à rejoindre l'équipe de Mon service sur Pilotes, avec le "
        f"rôle : {ROLES['editor']}." in invitation.body_text
    )
    assert "Ce lien est valable 15 minutes ;" in invitation.body_text
    assert _last_email("zoe@equipe.fr").body_text.count("Vous êtes invité ou invitée à") == 1
    mediators.invite(
        db.session, service, "med@exemple.fr", "France services", "france_services", invited_by=zoe
    )
    invitation = _last_email("med@exemple.fr")
    assert invitation.subject == "Votre accès médiateur à Mon service sur Pilotes"
    assert "zoe@equipe.fr vous ouvre un accès médiateur à Mon service sur Pilotes" in (
        invitation.body_text
    )
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    link = _last_email("ana@equipe.fr")
    assert link.subject == "Votre lien de connexion à Pilotes"
    assert "Il est valable 15 minutes et ne sert qu'une fois" in link.body_text


def test_a_mediator_keeps_its_role_until_removed(app):
    service = make_service()
    mediator = mediators.invite(
        db.session, service, "med@exemple.fr", "France services", "france_services"
    )
    member = accounts.membership(db.session, mediator.user, service)
    with refused("Un compte médiateur ne change pas de rôle : retirez-le plutôt."):
        accounts.set_role(db.session, member, "viewer")
    assert member.role == MEDIATOR


def test_signing_out_everywhere_keeps_when_each_used_link_was_used(app):
    # A used link's moment stays on record: when the account signed in can be traced.
    ana = accounts.get_or_create_user(db.session, "ana@equipe.fr")
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    accounts.use_sign_in_link(db.session, _link_token("ana@equipe.fr"))
    used = db.session.scalar(select(SignInLink))
    used.used_at = used_at = used.used_at - timedelta(hours=1)
    accounts.send_sign_in_link(db.session, "ana@equipe.fr")
    accounts.sign_out_everywhere(db.session, ana)
    db.session.expire_all()
    links = db.session.scalars(select(SignInLink).order_by(SignInLink.id)).all()
    assert links[0].used_at == used_at and links[1].used_at > used_at


def test_an_invitation_elides_de_before_a_vowel(app):
    """« l'équipe d'Autre service », in the subject and the text (outside review)."""
    service = make_service(slug="autre", name="Autre service")
    accounts.add_member(db.session, service, "ana@equipe.fr", "editor")
    invitation = db.session.scalars(select(OutboxMessage)).one()
    assert invitation.subject == "Vous rejoignez l'équipe d'Autre service sur Pilotes"
    assert "rejoindre l'équipe d'Autre service sur Pilotes" in invitation.body_text
    assert "d'Autre service" in invitation.body_html.replace("&#39;", "'")
