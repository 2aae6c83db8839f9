"""Who takes part in the demo: a vendor team, two client teams over Slack Connect (one person a
guest account instead), a deploy bot, and the channels they share.

Everything here is fixed, so every run of the demo plays the same engagement."""

from __future__ import annotations

from dataclasses import dataclass

VENDOR_TEAM = "T0VENDOR"
ACME_TEAM = "T0ACME"
GLOBEX_TEAM = "T0GLOBEX"

# The vendor: Northwind Digital, in Amsterdam.
VERA = "U0VERA"  # project owner of #client-acme; hands over to Mo in week 4
MO = "U0MO"  # the maintenance owner who takes #client-acme over
BRAM = "U0BRAM"  # backup of both channels
DANA = "U0DANA"  # developer
SAM = "U0SAM"  # owner of #client-globex
LENA = "U0LENA"  # delivery lead: reads #delivery-leads

# Acme (Slack Connect), in Berlin; Gina is a freelance consultant with a guest account.
CARLA = "U0CARLA"  # Acme's client lead
CHRIS = "U0CHRIS"
CLEO = "U0CLEO"
GINA = "U0GINA"

# Globex (Slack Connect), in New York: nobody has been named client lead.
HANK = "U0HANK"
LIZ = "U0LIZ"
OMAR = "U0OMAR"

DEPLOY_BOT = "U0DEPLOY"
DEPLOY_BOT_ID = "B0DEPLOY"

ACME = "C0ACME"
GLOBEX = "C0GLOBEX"
LEADS = "C0LEADS"

AMSTERDAM = "Europe/Amsterdam"
NEW_YORK = "America/New_York"


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    team_id: str
    timezone: str
    guest: bool = False
    bot: bool = False
    about: str = ""
    works_for: str | None = None  # the organisation, when not the Slack team (a guest)

    @property
    def organisation(self) -> str:
        return self.works_for or self.team_id


@dataclass(frozen=True)
class Room:
    channel_id: str
    name: str
    members: tuple[str, ...]
    shared: bool
    timezone: str
    client_team: str | None  # the organisation on the other side, None for a vendor channel


PEOPLE: tuple[Person, ...] = (
    Person(VERA, "Vera Jansen", VENDOR_TEAM, AMSTERDAM, about="project owner, #client-acme"),
    Person(MO, "Mo Bakker", VENDOR_TEAM, AMSTERDAM, about="maintenance"),
    Person(BRAM, "Bram de Vries", VENDOR_TEAM, AMSTERDAM, about="backup, both channels"),
    Person(DANA, "Dana Smit", VENDOR_TEAM, AMSTERDAM, about="developer"),
    Person(SAM, "Sam Okafor", VENDOR_TEAM, NEW_YORK, about="owner, #client-globex"),
    Person(LENA, "Lena Visser", VENDOR_TEAM, AMSTERDAM, about="delivery lead"),
    Person(CARLA, "Carla Reyes", ACME_TEAM, "Europe/Berlin", about="client lead"),
    Person(CHRIS, "Chris Weber", ACME_TEAM, "Europe/Berlin"),
    Person(CLEO, "Cleo Park", ACME_TEAM, "Europe/Berlin"),
    Person(
        GINA,
        "Gina Ford",
        VENDOR_TEAM,
        "Europe/London",
        guest=True,
        about="a freelancer for Acme, with a guest account",
        works_for=ACME_TEAM,
    ),
    Person(HANK, "Hank Miller", GLOBEX_TEAM, NEW_YORK),
    Person(LIZ, "Liz Chen", GLOBEX_TEAM, NEW_YORK),
    Person(OMAR, "Omar Haddad", GLOBEX_TEAM, NEW_YORK),
    Person(DEPLOY_BOT, "Deploy Bot", VENDOR_TEAM, AMSTERDAM, bot=True),
)

ROOMS: tuple[Room, ...] = (
    Room(
        ACME,
        "client-acme",
        (VERA, MO, BRAM, DANA, CARLA, CHRIS, CLEO, GINA, DEPLOY_BOT),
        shared=True,
        timezone=AMSTERDAM,
        client_team=ACME_TEAM,
    ),
    Room(
        GLOBEX,
        "client-globex",
        (SAM, BRAM, DANA, HANK, LIZ, OMAR),
        shared=True,
        timezone=NEW_YORK,
        client_team=GLOBEX_TEAM,
    ),
    Room(
        LEADS,
        "delivery-leads",
        (LENA, VERA, SAM, BRAM),
        shared=False,
        timezone=AMSTERDAM,
        client_team=None,
    ),
)

CLIENT_CHANNELS = (ACME, GLOBEX)
TEAM_NAMES = {
    VENDOR_TEAM: "Northwind Digital (the vendor)",
    ACME_TEAM: "Acme (client, Slack Connect)",
    GLOBEX_TEAM: "Globex (client, Slack Connect)",
}

BY_ID = {person.user_id: person for person in PEOPLE}
ROOM_BY_ID = {room.channel_id: room for room in ROOMS}


def person(user_id: str) -> Person:
    return BY_ID[user_id]


def room(channel_id: str) -> Room:
    return ROOM_BY_ID[channel_id]


def by_handle(handle: str) -> Person | None:
    """A person by first name, full name or id, case-insensitively ("alice", "Vera Jansen")."""
    wanted = handle.strip().lstrip("@").lower()
    for candidate in PEOPLE:
        first = candidate.name.split()[0].lower()
        if wanted in {first, candidate.name.lower(), candidate.user_id.lower()}:
            return candidate
    return None


def room_by_name(name: str) -> Room | None:
    wanted = name.strip().lstrip("#").lower()
    for candidate in ROOMS:
        if wanted in {candidate.name, candidate.channel_id.lower()}:
            return candidate
    return None


def people_of(organisation: str) -> list[Person]:
    return [p for p in PEOPLE if not p.bot and p.organisation == organisation]
