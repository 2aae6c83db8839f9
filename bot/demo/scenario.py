"""Four weeks of a sample engagement (Monday 2 to Sunday 29 November 2026, ISO weeks 45–48).

Northwind Digital delivers to two clients over Slack Connect:

- #client-acme (Europe/Amsterdam): Vera owns it, Bram backs her up, Carla leads on Acme's side;
  Gina, a freelancer, is in as a guest. Quick answers, a peer answer, a :question: reaction, a
  question asked on Friday evening and answered on Monday, a question nobody answers (a reminder,
  the breach in its thread, the backup asked, then the delivery leads), two questions from Vera
  to Carla, and in week 4 Vera hands the channel over to Mo for maintenance.
- #client-globex (America/New_York): Sam owns it, but nobody at Globex has been named client
  lead, so its health stays red. Globex people help each other: a peer answer, a question the
  asker resolves with no vendor reply.

The digests of each week are due on Monday at 09:00 in each channel's timezone; the scenario ends
on Monday 30 November after both channels' digest time, when week 48's digests are due.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.demo.cast import (
    ACME,
    AMSTERDAM,
    BRAM,
    CARLA,
    CHRIS,
    CLEO,
    DANA,
    DEPLOY_BOT,
    GINA,
    GLOBEX,
    HANK,
    LEADS,
    LIZ,
    MO,
    NEW_YORK,
    OMAR,
    SAM,
    VERA,
)
from bot.demo.script import Script, local

WEEKS = ("2026-W45", "2026-W46", "2026-W47", "2026-W48")
LAST_WEEK = WEEKS[-1]


def ams(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return local(AMSTERDAM, 2026, month, day, hour, minute)


def nyc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return local(NEW_YORK, 2026, month, day, hour, minute)


START = ams(2, 8, 0)  # Monday 2 November, before anyone is at work
END = nyc(30, 10, 0)  # Monday 30 November, after 09:00 in both channels: week 48's digests
# When each week's digests are due, in order (Monday 09:00 in each channel's timezone).
DIGEST_DAYS = {"2026-W45": 9, "2026-W46": 16, "2026-W47": 23, "2026-W48": 30}


def at_mention(user: str, name: str) -> str:
    """A mention as Slack puts it in a slash command's text."""
    return f"<@{user}|{name}>"


def build_script() -> Script:
    s = build_setup(ams(2, 9, 0), nyc(2, 9, 0))
    _week_45(s)
    _week_46(s)
    _week_47(s)
    _week_48(s)
    return s


def build_setup(acme: datetime, globex: datetime) -> Script:
    """Both channels set up through /owner, as vendor members do on day one: owners, backup,
    Acme's client lead, each channel's timezone and leads channel, and the members recorded."""
    s = Script()
    minute = timedelta(minutes=1)
    s.at(acme).command(
        VERA, ACME, "/owner", f"set {at_mention(VERA, 'vera')}",
        note="Vera names herself owner of #client-acme, Bram backup; she sets the channel's "
        "timezone and the leads channel in /owner settings.",
    )  # fmt: skip
    s.at(acme + minute).command(VERA, ACME, "/owner", f"backup {at_mention(BRAM, 'bram')}")
    s.at(acme + 2 * minute).configure(
        VERA, ACME, timezone=AMSTERDAM, leads_channel_id=LEADS
    ).sync_members(ACME)
    s.at(acme + 5 * minute).command(
        CARLA, ACME, "/owner", f"client {at_mention(CARLA, 'carla')}",
        note="Carla (Acme, over Slack Connect) names herself client lead.",
    )  # fmt: skip
    s.at(globex).command(
        SAM, GLOBEX, "/owner", f"set {at_mention(SAM, 'sam')}",
        note="In #client-globex Sam is named owner, Bram backup; nobody names a client lead.",
    )  # fmt: skip
    s.at(globex + minute).command(SAM, GLOBEX, "/owner", f"backup {at_mention(BRAM, 'bram')}")
    s.at(globex + 2 * minute).configure(
        SAM, GLOBEX, timezone=NEW_YORK, leads_channel_id=LEADS
    ).sync_members(GLOBEX)
    return s


def _week_45(s: Script) -> None:
    s.at(ams(2, 9, 10)).say(
        VERA, ACME, "Welcome to the project channel, everyone! Sprint 1 starts today: ask "
        "anything here."
    )  # fmt: skip
    s.at(ams(2, 9, 30)).say(CARLA, ACME, "Thanks Vera, great to get started.")
    s.at(ams(2, 10, 15)).say(
        CHRIS, ACME, "Morning! Where do we find the staging environment URL?", key="staging",
        show="An owner prompt: Chris asked in the channel; Vera hears of it by DM",
    )  # fmt: skip
    s.at(ams(2, 10, 20)).react(VERA, ACME, "eyes", "staging")
    s.at(ams(2, 10, 40)).say(
        VERA, ACME, "It's https://staging.acme.example and I've put your login in the vault.",
        thread="staging",
        note="Vera acknowledges with :eyes: at 10:20 and answers in the thread at 10:40 "
        "(25 minutes); Chris marks it :white_check_mark:.",
    )  # fmt: skip
    s.at(ams(2, 10, 45)).react(CHRIS, ACME, "white_check_mark", "staging")
    s.at(ams(2, 11, 0)).say(DEPLOY_BOT, ACME, "Deployed build 1.4.2 to staging")
    s.at(nyc(2, 9, 30)).say(
        SAM, GLOBEX, "Hi Globex team, welcome! This is where we run the project."
    )
    s.at(nyc(2, 10, 0)).say(
        HANK, GLOBEX, "Hi team, is the SSO integration on the plan for this sprint?",
        key="sso", show="The first question in #client-globex: ownerbot asks for a client lead",
    )  # fmt: skip
    s.at(nyc(2, 11, 30)).say(
        SAM, GLOBEX, "Yes, SSO is in sprint 2; we start with Okta.", thread="sso"
    )
    # Tuesday to Friday.
    s.at(ams(3, 14, 0)).say(GINA, ACME, "Can the export include the cost centre column?", key="cc")
    s.at(ams(3, 15, 10)).say(
        DANA, ACME, "Yes, it's in the export spec now and ships with build 1.5.", thread="cc"
    )
    s.at(ams(3, 15, 30)).say(CLEO, ACME, "Great news on the export, thanks Dana")
    s.at(ams(4, 9, 30)).command(
        CLEO, ACME, "/ask", "When is the first sprint review scheduled?", key="review",
        note="Cleo asks with /ask: ownerbot posts the question, and its thread is where the "
        "answer goes.",
    )  # fmt: skip
    s.at(ams(4, 10, 5)).say(
        VERA, ACME, "Friday 13 November at 14:00; the invite is on its way.", thread="review"
    )
    s.at(nyc(4, 13, 0)).say(LIZ, GLOBEX, "How do we request a new test environment?", key="env")
    s.at(nyc(4, 13, 20)).say(
        OMAR, GLOBEX, "Liz, there's a form in the wiki under Environments. I used it last week.",
        thread="env", note="Omar answers Liz's question before the vendor does: a peer answer.",
    )  # fmt: skip
    s.at(nyc(4, 15, 0)).say(
        SAM, GLOBEX, "Omar's right: that form, and we set it up within a day.", thread="env"
    )
    s.at(ams(5, 11, 0)).say(CHRIS, ACME, "Pushed the test data set to the shared drive")
    s.at(ams(5, 11, 20)).say(DANA, ACME, "Thanks Chris, importing it now")
    s.at(nyc(5, 10, 0)).say(HANK, GLOBEX, "Uploaded the brand guidelines to the shared folder")
    s.at(ams(6, 16, 0)).say(DEPLOY_BOT, ACME, "Deployed build 1.5.0 to staging")
    s.at(ams(6, 16, 30)).say(
        VERA, ACME, "Build 1.5 is on staging with the cost centre column. Have a good weekend!"
    )


def _week_46(s: Script) -> None:
    s.at(ams(9, 9, 40)).say(
        CARLA, ACME, "Could you share the test plan for the payments module?", key="plan"
    )
    s.at(ams(9, 11, 0)).say(
        VERA, ACME, "Here it is: https://docs.example/acme/payments-test-plan. Comments welcome.",
        thread="plan",
    )  # fmt: skip
    s.at(nyc(9, 10, 0)).say(OMAR, GLOBEX, "Morning all, back from holiday")
    s.at(ams(10, 11, 0)).say(CHRIS, ACME, "Does the API support bulk updates?", key="bulk")
    s.at(ams(10, 11, 10)).say(
        CARLA, ACME, "It does, we used /bulk in the pilot: see section 4 of the API docs.",
        thread="bulk",
    )  # fmt: skip
    s.at(ams(10, 13, 0)).say(
        DANA, ACME, "Carla is right, up to 500 records per call.", thread="bulk"
    )
    s.at(nyc(10, 9, 15)).say(
        HANK, GLOBEX, "Can you walk us through the release checklist on Thursday?", key="check"
    )
    s.at(nyc(10, 10, 30)).say(
        SAM, GLOBEX, "Sure, I've put 30 minutes in the calendar for Thursday 10:00.",
        thread="check",
    )  # fmt: skip
    s.at(ams(11, 10, 0)).say(
        CHRIS, ACME, "The invoices page still shows last month's totals", key="inv"
    )
    s.at(ams(11, 10, 5)).react(
        CARLA, ACME, "question", "inv",
        note="Chris reports a problem without asking; Carla marks it with :question:, which "
        "makes it a question timed from Chris's message.",
    )  # fmt: skip
    s.at(ams(11, 11, 30)).say(
        DANA, ACME, "A caching bug: fixed in build 1.5.1, deploying this afternoon.", thread="inv"
    )
    s.at(ams(11, 14, 0)).say(DEPLOY_BOT, ACME, "Deployed build 1.5.1 to staging")
    s.at(ams(12, 10, 0)).command(
        VERA, ACME, "/ask",
        f"{at_mention(CARLA, 'carla')} Could you confirm who signs off the data migration on "
        "your side?",
        key="signoff",
        note="Vera asks the client a question: the same clock runs, for the client this time.",
    )  # fmt: skip
    s.at(ams(12, 13, 0)).wait(show="75 % of the target on Vera's question: Carla gets a nudge")
    s.at(ams(12, 13, 40)).say(
        CARLA, ACME, "That's our CFO, Anna Ruiz. I'll introduce you tomorrow.", thread="signoff"
    )
    s.at(nyc(12, 11, 0)).say(OMAR, GLOBEX, "Has anyone got the VPN working on a Mac?", key="vpn")
    s.at(nyc(12, 11, 15)).say(
        LIZ, GLOBEX, "Yes: install the profile from the IT portal first, then the client.",
        thread="vpn",
    )  # fmt: skip
    s.at(nyc(12, 11, 30)).react(
        OMAR, GLOBEX, "white_check_mark", "vpn",
        note="Liz answers Omar's VPN question and Omar resolves it: no vendor reply needed.",
    )  # fmt: skip
    s.at(ams(13, 14, 0)).say(
        VERA, ACME, "Thanks for the sprint review, everyone. Notes are in the drive."
    )
    s.at(ams(13, 14, 30)).say(CLEO, ACME, "Thank you! Great progress.")
    s.at(nyc(13, 14, 0)).say(LIZ, GLOBEX, "Thanks for the session today")


def _week_47(s: Script) -> None:
    s.at(ams(16, 10, 0)).say(
        CARLA, ACME, "Can we add a second approver to the payment flow?", key="approver"
    )
    s.at(ams(16, 11, 15)).say(
        VERA, ACME, "Yes, that's a small change: it goes into sprint 3.", thread="approver"
    )
    s.at(nyc(16, 10, 0)).say(
        LIZ, GLOBEX, "What's the timeline for the reporting dashboard?", key="dash"
    )
    s.at(nyc(16, 12, 0)).say(
        SAM, GLOBEX, "A first version at the end of sprint 3, on 4 December.", thread="dash"
    )
    s.at(ams(17, 11, 0)).say(CLEO, ACME, "Our team is on a training day on Thursday, FYI")
    s.at(nyc(17, 15, 0)).say(HANK, GLOBEX, "Reviewed the SSO design, looks good to us")
    s.at(ams(18, 9, 45)).say(CHRIS, ACME, "Is there a sandbox for the payment provider?", key="box")
    s.at(ams(18, 10, 15)).say(
        DANA, ACME, "Yes: sandbox.payments.example, the keys are in the vault.", thread="box"
    )
    s.at(nyc(19, 10, 0)).say(OMAR, GLOBEX, "Deployed our side of the SSO config")
    s.at(ams(20, 18, 40)).say(
        CLEO, ACME, "Quick one before the weekend: can we get read access to the production logs?",
        key="logs",
        note="Friday 18:40, after hours: Cleo's question starts its business clock on Monday "
        "at 09:00.",
    )  # fmt: skip


def _week_48(s: Script) -> None:
    s.at(ams(23, 9, 20)).say(
        VERA, ACME, "Done: you have read access to the production logs in Grafana.",
        thread="logs",
        note="Monday 09:20: Vera answers Cleo's Friday question, 20 business minutes after "
        "the clock started (62 hours on the wall).",
    )  # fmt: skip
    s.at(ams(23, 11, 0)).say(CHRIS, ACME, "Where are the release notes for 2.0?", key="notes")
    s.at(ams(23, 11, 5)).say(
        GINA, ACME, "Chris, they're pinned at the top of this channel.", thread="notes"
    )
    s.at(ams(23, 11, 10)).react(
        CHRIS, ACME, "white_check_mark", "notes",
        note="Gina (a guest, so on the client's side) points Chris to the release notes; Chris "
        "resolves it himself.",
    )  # fmt: skip
    s.at(nyc(23, 10, 0)).say(HANK, GLOBEX, "Is the data export scheduled for this week?", key="gx")
    s.at(nyc(23, 10, 10)).react(SAM, GLOBEX, "eyes", "gx")
    s.at(nyc(23, 12, 0)).say(
        SAM, GLOBEX, "Yes, Wednesday night: you'll have the files on Thursday morning.", thread="gx"
    )
    # Tuesday: the question nobody answers.
    s.at(ams(24, 10, 0)).say(
        CHRIS, ACME,
        "The nightly import failed again with a timeout. Can someone look at it today?",
        key="import",
        note="Tuesday 10:00: Chris's question about the failed import gets no answer.",
    )  # fmt: skip
    s.at(ams(24, 13, 0)).wait(show="75 % of the 4-hour target: a reminder to Vera")
    s.at(ams(24, 14, 0)).wait(
        show="100 %: the breach is named in the thread, and Bram (backup) is asked to help"
    )
    s.at(ams(24, 14, 30)).command(
        VERA, ACME, "/ask",
        f"{at_mention(CARLA, 'carla')} Can you confirm the go-live date with your board this "
        "week?",
        key="golive",
    )  # fmt: skip
    s.at(nyc(24, 11, 0)).say(
        LIZ, GLOBEX, "Can we add two more users to the staging SSO?", key="users"
    )
    s.at(nyc(24, 16, 30)).say(SAM, GLOBEX, "Done, both have access now.", thread="users")
    s.at(ams(25, 9, 45)).say(CARLA, ACME, "The board confirmed 14 December.", thread="golive")
    s.at(ams(25, 10, 0)).wait(show="200 %: the question goes to the delivery leads")
    s.at(ams(25, 10, 30)).say(
        BRAM, ACME,
        "Found it: the import worker ran out of memory. I've doubled it and re-run the import, "
        "all green now.",
        thread="import",
        note="Wednesday 10:30: Bram, the backup, answers the import question; Chris resolves it.",
    )  # fmt: skip
    s.at(ams(25, 10, 40)).react(CHRIS, ACME, "white_check_mark", "import")
    s.at(ams(25, 15, 0)).say(
        CARLA, ACME, "Can we schedule the maintenance window for December?", key="window"
    )
    s.at(ams(26, 9, 30)).say(CHRIS, ACME, "Is the export fix in tomorrow's release?", key="fix")
    s.at(ams(26, 9, 45)).command(
        VERA, ACME, "/owner", f"handover {at_mention(MO, 'mo')} maintenance",
        show="The hand-over: Vera passes #client-acme to Mo for maintenance, open questions "
        "included",
    )  # fmt: skip
    s.at(ams(26, 10, 30)).say(
        MO, ACME, "Proposed: Saturday 12 December, 06:00 to 08:00. Does that work for you?",
        thread="window",
    )  # fmt: skip
    s.at(ams(26, 10, 50)).react(CARLA, ACME, "white_check_mark", "window")
    s.at(ams(26, 11, 15)).say(MO, ACME, "Yes, it's in 2.0.1, out tomorrow morning.", thread="fix")
    s.at(ams(26, 14, 30)).command(
        CLEO, ACME, "/owner", show="/owner in #client-acme: who is accountable now"
    )
    s.at(ams(27, 9, 0)).say(DEPLOY_BOT, ACME, "Deployed build 2.0.1 to production")
    s.at(ams(27, 9, 30)).say(MO, ACME, "2.0.1 is live. Have a good weekend, all!")
    s.at(ams(27, 10, 0)).say(CHRIS, ACME, "Thanks Mo!")
    s.at(nyc(27, 11, 0)).say(OMAR, GLOBEX, "Thanks Sam, the export files look good")
