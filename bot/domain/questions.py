"""Reading chat messages: does this ask something, is it small talk, is it "I'll take it"?

Text arrives as Slack sends it (mrkdwn): links `<https://x?y|label>`, mentions `<@U123>`,
`<#C123|name>`, `<!here>`, inline `code`, ```code blocks```, quoted lines and the escapes
`&lt; &gt; &amp;`. We first reduce a message to the prose a reader sees: code and quoted lines
dropped, links, mentions and code spans replaced by a placeholder word, so a `?` in a URL or a
stack trace does not count (DESIGN: "a `?` outside links and code").

These are heuristics; the table in tests/domain/test_questions.py records what they decide.
Every pattern is linear (negated character classes, no nested ambiguous quantifiers) because a
message can be 40,000 characters long.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.domain.localtime import as_utc


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_THING = "@@"  # stands for a link, mention or code span: a noun the reader sees
_SLACK_TOKEN = re.compile(r"<([^<>\n]*)>")
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>]+|\bwww\.[^\s<>]+", re.IGNORECASE)
_EMOJI = re.compile(r":[a-z0-9_+'\-]{1,64}:")
_WORD = re.compile(r"@@|[^\W\d_]+(?:['\-][^\W\d_]+)*")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\n]+")
_QUESTION_MARKS = ("?", "\uff1f", "\u00bf")  # ?, fullwidth ？ and Spanish ¿

_WH = _word_set("who what when where why how which whose whom")
_WH_CONTRACTIONS = _word_set("whats hows wheres whos whens")
_AUX = _word_set(
    # English, with negative forms ("Isn't it…", "Don't you…")
    "can could would will shall should is are am was were do does did has have had may might "
    "must isn't aren't wasn't weren't don't doesn't didn't hasn't haven't hadn't can't couldn't "
    "wouldn't won't shouldn't mightn't mustn't "
    # Dutch and German verbs that open a yes/no question before their subject
    "kan kun kunt kunnen zijn ben bent heeft hebben heb hebt weet weten moet moeten mag mogen zou "
    "zouden wordt worden gaat klopt waren kann kannst können könnt ist sind bist seid hat hast "
    "habt haben gibt weiß weißt wisst soll sollen sollte muss müssen wird werden war darf dürfen "
    "könnte könnten würde würden geht funktioniert"
)
_SUBJECTS = _word_set(
    "i you u ya we they he she it someone somebody anyone anybody everyone everybody anything "
    "something everything there this that these those the my our your their his her its y'all "
    "yall @@ je jij wij ik iemand er het de dit dat deze die jullie hij zij ze mijn ons onze jouw "
    "uw du ihr sie wir ich jemand es das der den dem man dies diese dieser dieses mein meine "
    "unser unsere euer eure"
)
_PEOPLE = _word_set("i you u ya we they he she someone somebody anyone anybody everyone everybody")
# Question words of other languages that rarely start an English sentence.
_FOREIGN_WH = _word_set(
    "wie wat wanneer waar waarom hoe welke welk hoeveel wer wann wo warum wieso weshalb welche "
    "welcher welches wieviel qui quoi quand où pourquoi quel quelle quels quelles combien "
    "est-ce qu'est-ce qué quién quiénes cuándo dónde cómo cuál cuáles cuánto cuántos"
)
_FRENCH_INVERSION = ("-vous", "-tu", "-il", "-elle", "-ils", "-elles")  # "pouvez-vous"
_HOW_FOLLOWERS = _word_set("much many long often far soon about come big old exactly")
_ANY_NOUNS = _word_set(
    "idea ideas update updates news chance eta thoughts progress feedback luck word plans "
    "objections suggestions advice tips recommendations reason clue pointers estimate"
)
_QUESTION_PHRASES = (
    "quick question",
    "quick q",
    "question about",
    "question for",
    "question regarding",
    "i have a question",
    "i wonder",
    "i was wondering",
    "i'm wondering",
    "wondering",
)
# Words skipped when reading a sentence's opening ("So, btw, can you…").
_LEADING_FILLER = _word_set(
    "@@ so also btw fyi ok okay sorry and but please pls plz oh um uh hmm hm well just anyway "
    "actually guys team all everyone folks"
)

_GREETINGS = _word_set(
    "hi hello hey heya hiya hallo hoi howdy yo morning afternoon evening gm moin bonjour salut "
    "hola greetings welcome goedemorgen goedemiddag servus ciao bye goodbye cya congrats "
    "congratulations happy merry night"
)
_THANKS = _word_set(
    "thanks thank thx thnx tnx ty tysm cheers kudos dank danke bedankt merci gracias grazie "
    "appreciated appreciate"
)
# Words that make a clause small talk ("how's everyone doing", "all good", "have a nice weekend").
_SMALL_TALK = _word_set(
    "ok okay kk great awesome perfect nice cool super lovely brilliant excellent amazing wonderful "
    "fantastic sweet noted yay woohoo wow yes yep yeah sure np fine good well glad fun safe "
    "healthy how how's hows how're hope hoping weekend holiday holidays vacation going doing "
    "up new weather"
)
# Words small talk may also contain, but that do not make a clause small talk by themselves.
_PLEASANT_FILLER = _word_set(
    "@@ all everyone everybody team folks guys people y'all yall there you u ya you're youre "
    "you've your so much very really a an lot lots heaps tons loads again in advance for the this "
    "that it it's its both and too as always to of help support quick fast reply response answer "
    "update info heads oh ah dear mate friends gang crew many one are is was were been had have "
    "having has did i we we're i'm im all's things today tonight life on at end side everyone's "
    "what's whats sup wassup enjoyed enjoy enjoying finds message email day week meet see soon "
    "later us here channel aboard year vielen veel beaucoup muchas de bien wel allemaal iedereen "
    "zusammen tout le monde todos"
)

_ACK_PREFIXES = ("i'll", "i will", "ill", "i'm", "im", "i am", "i've", "ive", "i", "let me", "will")
_ACK_ALONE = frozenset(  # fine with no "I'll" in front
    ["on it", "on this", "looking into it", "looking into this", "taking it", "taking this",
     "taking this one", "checking", "investigating", "grabbing it", "grabbing this", "got this"]
)  # fmt: skip
_ACK_AFTER_PREFIX = _ACK_ALONE | frozenset(
    ["take it", "take this", "take that", "take this one", "take care of it",
     "take care of this", "handle it", "handle this", "look into it", "look into this",
     "have a look", "take a look", "check", "check it", "grab it", "grab this", "do", "do it"]
)  # fmt: skip
_ACK_LEADING = _word_set("@@ ok okay sure yes yep yeah np no problem alright cool hey hi")
_ACK_TRAILING = _word_set("@@ now asap today right away thanks thx too")


def looks_like_question(text: str) -> bool:
    """Whether a top-level message asks something (DESIGN "Question", auto-capture).

    True for a `?` outside links and code, or a sentence that opens like a question ("can you…",
    "does anyone…", "how do I…"), after skipping leading mentions and greetings. Greetings,
    thanks and small talk are not questions, even with a `?` ("how's everyone doing?"). A
    message with no words ("?", ":eyes:") asks nothing.
    """
    prose = _prose(text)
    if not any(word != _THING for word in _words(prose)):
        return False
    if _is_pleasantry(prose):
        return False
    if any(mark in prose for mark in _QUESTION_MARKS):
        return True
    for match in _SENTENCE.finditer(prose):
        if _asks(_words(match[0]), exclaimed="!" in match[0]):
            return True
    return False


def is_greeting_or_thanks(text: str) -> bool:
    """Whether the message is only greetings, thanks or small talk ("Hi all!", "thanks so much")."""
    return _is_pleasantry(_prose(text))


def is_acknowledgement(text: str) -> bool:
    """Whether a short message takes the question on ("I'll take it", "on it", "looking into it").

    DESIGN: an acknowledgement is shown but never counted as a response, so only short messages
    qualify; "I'll take it, the fix is to restart the worker" is an answer.
    """
    words = _words(_prose(text))
    if not words or len(words) > 10:
        return False
    while words and words[0] in _ACK_LEADING:
        words.pop(0)
    while words and words[-1] in _ACK_TRAILING:
        words.pop()
    phrase = " ".join(words)
    if phrase in _ACK_ALONE:
        return True
    for prefix in _ACK_PREFIXES:
        if phrase.startswith(prefix + " ") and phrase[len(prefix) + 1 :] in _ACK_AFTER_PREFIX:
            return True
    return False


def joins_previous(
    previous_asked_at: datetime,
    previous_last_at: datetime,
    at: datetime,
    window_minutes: int = 5,
) -> bool:
    """Whether a further message from the asker at `at` joins their question.

    It joins when sent no earlier than the question and within `window_minutes` (inclusive) of
    the asker's last message in it. A message that arrives out of order, between the question
    and its last message, joins too.
    """
    asked = as_utc(previous_asked_at, "previous_asked_at")
    last = as_utc(previous_last_at, "previous_last_at")
    at = as_utc(at, "at")
    if window_minutes < 0:
        raise ValueError(f"window_minutes must be >= 0, got {window_minutes}")
    if last < asked:
        raise ValueError("previous_last_at is before previous_asked_at")
    return asked <= at <= last + timedelta(minutes=window_minutes)


# Reading the prose of a Slack message.


def _prose(text: str) -> str:
    """The text a reader sees as prose; see the module docstring."""
    text = _drop_code(text)
    # Quoted lines ("> …", escaped by Slack as "&gt; …") repeat someone else's words.
    lines = text.split("\n")
    text = "\n".join(line for line in lines if not line.lstrip().startswith(("&gt;", ">")))
    text = _SLACK_TOKEN.sub(_replace_slack_token, text)
    text = _BARE_URL.sub(f" {_THING} ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _EMOJI.sub(" ", text)
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _drop_code(text: str) -> str:
    """Remove ```blocks``` (they end a line) and `spans` (they read as a noun)."""
    outside = []
    for block_index, segment in enumerate(_code_split(text, "```")):
        if block_index % 2:
            outside.append("\n")
            continue
        for span_index, piece in enumerate(_code_split(segment, "`")):
            outside.append(f" {_THING} " if span_index % 2 else piece)
    return "".join(outside)


def _code_split(text: str, fence: str) -> list[str]:
    """Split on `fence`: odd items are code. An unmatched last fence is plain text, as in Slack."""
    parts = text.split(fence)
    if len(parts) % 2 == 0:
        parts[-2:] = [parts[-2] + fence + parts[-1]]
    return parts


def _replace_slack_token(match: re.Match[str]) -> str:
    inner = match[1]
    if inner.startswith(("@", "#", "!")):  # a person, channel, user group or <!here>
        return f" {_THING} "
    _, bar, label = inner.partition("|")
    if bar and label.strip():
        # A link's label is visible, but a `?` inside a link does not make a question.
        for mark in _QUESTION_MARKS:
            label = label.replace(mark, " ")
        return f" {label} "
    return f" {_THING} "


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


# Questions.


def _asks(words: list[str], *, exclaimed: bool) -> bool:
    """Whether a sentence opens like a question, after mentions, fillers and a greeting."""
    start, greeted = 0, False
    while start < len(words) and (words[start] in _LEADING_FILLER or words[start] in _GREETINGS):
        greeted = greeted or words[start] in _GREETINGS
        start += 1
    # After a greeting, one or two names may come first: "Hey Anna Smith can you…".
    candidates = range(start, start + 3) if greeted else range(start, start + 1)
    return any(_opens_question(words, at, exclaimed=exclaimed) for at in candidates)


def _opens_question(words: list[str], at: int, *, exclaimed: bool) -> bool:
    if at >= len(words):
        return False
    word = words[at]
    following = words[at + 1] if at + 1 < len(words) else ""
    third = words[at + 2] if at + 2 < len(words) else ""
    if " ".join(words[at : at + 4]).startswith(_QUESTION_PHRASES):
        return True
    if word in _AUX and following in _SUBJECTS:  # "can you", "is the build", "kun je"
        # "Do the migration first" and "Don't merge it" are orders: "do" needs a person.
        return word not in ("do", "don't") or following in _PEOPLE
    if word in ("anyone", "anybody", "iemand", "jemand") and following:  # "anyone seen…"
        return True
    if word == "any" and following in _ANY_NOUNS:  # "any idea why…", "any update"
        return True
    if (word in _FOREIGN_WH and following) or word.endswith(_FRENCH_INVERSION):
        return True
    # A wh-opening ending in "!" exclaims: "What a day!", "How cool is that!".
    if exclaimed:
        return False
    base, apostrophe, rest = word.partition("'")
    if word in _WH_CONTRACTIONS or (apostrophe and base in _WH and rest in ("s", "re", "d", "ll")):
        return True  # "what's the status", "who's on call"
    if word not in _WH:
        return False
    return (
        following in _AUX  # "when is", "how do", "where can"
        or (word == "why" and bool(following))  # "why the delay"
        or (word == "how" and following in _HOW_FOLLOWERS)  # "how long", "how about"
        or (word in ("what", "which", "whose") and third in _AUX)  # "which version should"
    )


# Greetings, thanks and small talk.


def _is_pleasantry(prose: str) -> bool:
    clauses = [words for part in _CLAUSE_BREAK.split(prose) if (words := _words(part))]
    return bool(clauses) and all(_pleasant_clause(words) for words in clauses)


def _pleasant_clause(words: list[str]) -> bool:
    first = next((word for word in words if word != _THING), "")
    if first in _THANKS or words[:2] in (["many", "thanks"], ["much", "appreciated"]):
        # "thanks for the quick fix" is thanks; "thanks can you also…" asks something.
        return not any(word in _AUX or word in _WH for word in words)
    marked, last_head = False, -3
    for index, word in enumerate(words):
        if word in _GREETINGS or word in _THANKS:
            marked, last_head = True, index
        elif word in _SMALL_TALK:
            marked = True
        elif word in _PLEASANT_FILLER:
            continue
        elif index - last_head > 2 or word in _AUX or word in _WH or word in _SUBJECTS:
            return False  # a real word, not a name right after "hi" / "thanks"
    return marked


# A question's text is what Slack allows in one message. A client who keeps writing within the
# join window keeps joining the question; past this, later messages still join (and count) but
# add no text, so a chatty thread cannot grow one row without bound.
QUESTION_TEXT_LIMIT = 40_000


def joined_text(earlier: str | None, more: str) -> str:
    """The question's text with a further message from its asker appended."""
    text = f"{earlier or ''}\n{more}"
    return text if len(text) <= QUESTION_TEXT_LIMIT else (earlier or "")[:QUESTION_TEXT_LIMIT]
