"""Privacy: question text purged after the retention period, and a person forgotten on request.

Ordinary messages are never stored as text (storage/queries/activity.py keeps who, side, when,
thread). Question text is, because the owner needs it: `purge_question_texts` (the scheduler's
purge sweep, and `ownerbot purge`) removes it once QUESTION_RETENTION_DAYS have passed. Every
figure survives: the digest reads times, sides and people, never text.

`forget_user` (`ownerbot forget-user U…`) removes one person's personal data: their name, the text
of their questions, mentions of them in other questions, and their Slack id, which becomes one
anonymous token per workspace in every row that named them. The rows stay, so every count stays;
only who it was is gone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from bot.app import Services
from bot.domain.privacy import anonymous_token, replace_user, retention_cutoff, scrub_mentions
from bot.events import Tenant
from bot.services.context import workspace_id
from storage.queries import ownership
from storage.queries import privacy as store


async def purge_question_texts(services: Services, tenant: Tenant | None = None) -> int:
    """Purge the text of every question asked more than the retention period ago (of one
    workspace, or of all); how many questions lost their text."""
    now = services.clock.now()
    cutoff = retention_cutoff(now, services.settings.question_retention_days)
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now) if tenant is not None else None
        return await store.purge_question_texts(
            session=session, asked_before=cutoff, now=now, workspace_id=ws
        )


@dataclass
class Forgotten:
    """What forgetting one person changed in one workspace."""

    team_id: str
    enterprise_id: str
    token: str
    changed: dict[str, int] = field(default_factory=dict)  # "table.column" → rows
    roles_held: list[tuple[str, str]] = field(default_factory=list)  # (channel, role) before

    @property
    def rows(self) -> int:
        return sum(self.changed.values())


async def forget_user(
    services: Services, user_id: str, team_id: str | None = None, *, commit: bool = True
) -> list[Forgotten]:
    """Forget `user_id` in every workspace that knows them (or only in `team_id`'s). One
    transaction; with commit=False it is rolled back (a dry run that reports the same figures)."""
    now = services.clock.now()
    report = []
    async with services.sessions() as session:
        places = await store.workspaces_knowing(session=session, user_id=user_id, team_id=team_id)
        for ws, team, enterprise in places:
            done = Forgotten(team, enterprise, anonymous_token(secrets.token_hex(6)))
            held = await ownership.roles_held(session=session, workspace_id=ws, user_id=user_id)
            done.roles_held = [(channel.slack_channel_id, role) for channel, role in held]
            texts = await store.drop_own_question_texts(
                session=session, workspace_id=ws, user_id=user_id, now=now
            )
            if texts:
                done.changed["question.text"] = texts
            mentions = 0
            for question_id, text in await store.texts_mentioning(
                session=session, workspace_id=ws, user_id=user_id
            ):
                await store.set_question_text(
                    session=session,
                    question_id=question_id,
                    text=scrub_mentions(text, user_id, done.token),
                )
                mentions += 1
            for assignment_id, text in await store.responsibilities_mentioning(
                session=session, workspace_id=ws, user_id=user_id
            ):
                await store.set_responsibilities(
                    session=session,
                    assignment_id=assignment_id,
                    text=scrub_mentions(text, user_id, done.token),
                )
                mentions += 1
            if mentions:
                done.changed["mentions"] = mentions
            done.changed.update(
                await store.replace_user_id(
                    session=session, workspace_id=ws, user_id=user_id, token=done.token
                )
            )
            people = await store.anonymise_person(
                session=session, workspace_id=ws, user_id=user_id, token=done.token
            )
            if people:
                done.changed["person"] = people
            figures = 0
            for run_id, stored in await store.digest_figures(session=session, workspace_id=ws):
                scrubbed = replace_user(stored, user_id, done.token)
                if scrubbed != stored:
                    await store.set_digest_figures(session=session, run_id=run_id, figures=scrubbed)
                    figures += 1
            if figures:
                done.changed["digest_run.figures"] = figures
            report.append(done)
            # This process must not keep the person's side (and name) in memory either.
            services.people.forget((Tenant(team, enterprise), user_id))
        if commit:
            await session.commit()
        else:
            await session.rollback()
    return report
