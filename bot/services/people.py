"""Whose side is a person on: DESIGN.md's order, asking the directory only when needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.app import Services
from bot.domain.sides import Side, decide_side
from bot.events import Author, Tenant
from bot.ports import Directory
from bot.services.context import workspace_id
from storage.models import Person
from storage.queries import people

# How long a directory answer is trusted: guests get promoted, people leave a workspace.
PROFILE_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class PersonView:
    user_id: str
    side: Side
    is_bot: bool
    name: str
    team_id: str | None = None
    # The side was decided from evidence (a directory answer within PROFILE_TTL, the payload's
    # team, an override), not guessed because Slack could not say.
    verified: bool = True
    deleted: bool = False  # the directory says the account is deactivated


async def person_for(
    services: Services, directory: Directory, tenant: Tenant, author: Author
) -> PersonView:
    """The author's side: stored while fresh, else from the payload's team, else users.info."""
    now = services.clock.now()
    remembered = services.people.get((tenant, author.user_id), now)
    if isinstance(remembered, PersonView) and author.team_id in (None, remembered.team_id):
        return remembered
    view: PersonView = await services.people_lookups.run(
        (tenant, author.user_id, author.team_id),
        lambda: _person_for(services, directory, tenant, author),
    )
    services.people.put((tenant, author.user_id), view, now)
    return view


async def rights_of(
    services: Services, directory: Directory, tenant: Tenant, actor: Author
) -> Side | None:
    """The side whose rights `actor` may use for a privileged action (changing roles or settings,
    reading the audit trail, the prompt's buttons), decided afresh from the directory rather than
    from a cache: someone removed from the vendor team (deactivated, or now in another team)
    loses vendor rights at their next attempt. None: no rights at all (deactivated, a bot, or
    Slack could not say and nothing decided within PROFILE_TTL is known)."""
    view = await _person_for(services, directory, tenant, actor, fresh=True)
    services.people.put((tenant, actor.user_id), view, services.clock.now())
    if view.deleted or view.is_bot or not view.verified:
        return None
    return view.side


def forget_person(services: Services, tenant: Tenant, user_id: str) -> None:
    """Call after changing someone's side (an override), so this process sees it at once."""
    services.people.forget((tenant, user_id))


async def _person_for(
    services: Services, directory: Directory, tenant: Tenant, author: Author, *, fresh: bool = False
) -> PersonView:
    now = services.clock.now()
    async with services.sessions() as session:
        ws = await workspace_id(session, tenant, now)
        known = await people.person(session=session, workspace_id=ws, user_id=author.user_id)
        await session.commit()
    recent = known is not None and now - known.checked_at < PROFILE_TTL
    if known is not None and recent and not fresh:
        same_team = author.team_id is None or author.team_id == known.home_team_id
        if same_team:
            return _as_stored(author.user_id, known)

    override = _side(known.override_side) if known and known.override_side else None
    profile = None
    connect = author.team_id is not None and author.team_id != tenant.team_id
    if fresh or not connect:
        # Only users.info says whether someone in our own team is a guest or a bot. A Slack
        # Connect author is decided by the event's team alone (their bots carry bot_id).
        profile = await directory.user(author.user_id)
    if profile is None and not connect and known is not None:
        # Slack could not say (or no longer knows them): what was decided before stands, and
        # is asked again next time; it is evidence only while it is recent.
        return _as_stored(author.user_id, known, verified=recent or known.override_side is not None)
    team = author.team_id or (profile.team_id if profile else None)
    side, source = decide_side(
        installing_team=tenant.team_id,
        author_team=team,
        is_restricted=bool(profile and profile.is_restricted),
        is_ultra_restricted=bool(profile and profile.is_ultra_restricted),
        override=override,
    )
    is_bot = bool(profile and profile.is_bot) or bool(known and known.is_bot)
    name = profile.name if profile else (known.display_name if known else "")
    values = {
        "home_team_id": team,
        "display_name": name[:255],
        "side": side,
        "side_source": source,
        "is_guest": bool(profile and (profile.is_restricted or profile.is_ultra_restricted)),
        "is_bot": is_bot,
        # Without a directory answer, ask again next time rather than trust a guess for a day.
        "checked_at": now if profile is not None or connect else now - PROFILE_TTL,
    }
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        await people.save_person(
            session=session, workspace_id=ws, user_id=author.user_id, values=values
        )
    verified = profile is not None or connect or override is not None
    deleted = bool(profile and profile.deleted)
    return PersonView(author.user_id, side, is_bot, name, team, verified, deleted)


def _as_stored(user_id: str, known: Person, *, verified: bool = True) -> PersonView:
    """The person as their stored row decided them."""
    return PersonView(
        user_id,
        _side(known.side),
        known.is_bot,
        known.display_name,
        known.home_team_id,
        verified=verified,
    )


def _side(value: str | None) -> Side:
    return "client" if value == "client" else "vendor"


def asker_side(direction: str) -> Side:
    """A client question is asked by the client side; a vendor question by the vendor side."""
    return "client" if direction == "client" else "vendor"
