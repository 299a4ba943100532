"""Word lists that type the speakers of news text: outlets, platforms, documents, groups.

General lists, not tuned to any one article. Outlet names live in the packaged file
``data/outlets.txt``; a name shaped like an outlet's ("Kyiv Post", "The Moscow Times") needs no
entry.
"""

from __future__ import annotations

import functools
from importlib import resources

#: words a news outlet's name commonly ends in ("Kyiv Post", "Moscow Times", "Fox News")
OUTLET_NAME_ENDINGS = frozenset(
    [
        "News",
        "Times",
        "Post",
        "Journal",
        "Herald",
        "Tribune",
        "Gazette",
        "Daily",
        "Magazine",
        "Radio",
        "TV",
        "Television",
        "Telegraph",
        "Observer",
        "Express",
        "Chronicle",
        "Review",
        "Insider",
        "Today",
        "Independent",
        "Guardian",
        "Mirror",
        "Sun",
        "Star",
        "Register",
        "Inquirer",
        "Bulletin",
        "Dispatch",
        "Examiner",
        "Courier",
        "Monitor",
        "Pravda",
        "Izvestia",
        "Novosti",
        "Wire",
        "Press",
    ]
)
#: platforms a statement can be made on; typed organization, never a hop of their own
PLATFORMS = frozenset(
    [
        "Twitter",
        "X",
        "Facebook",
        "Instagram",
        "Telegram",
        "YouTube",
        "TikTok",
        "LinkedIn",
        "Reddit",
        "Substack",
        "Threads",
        "Mastodon",
        "Weibo",
        "WeChat",
        "VKontakte",
        "VK",
        "Snapchat",
        "WhatsApp",
        "Bluesky",
        "Truth",
        "Social",
    ]
)
#: nouns that describe an outlet ("the publication", "the newspaper")
OUTLET_NOUNS = frozenset(
    [
        "publication",
        "newspaper",
        "paper",
        "outlet",
        "agency",
        "magazine",
        "site",
        "website",
        "network",
        "channel",
        "broadcaster",
        "tabloid",
        "daily",
        "weekly",
        "portal",
        "wire",
        "newsroom",
    ]
)
#: outlet nouns that can only mean the press ("the newspaper", "the daily"; not "the agency")
PRESS_NOUNS = frozenset(
    [
        "publication",
        "newspaper",
        "paper",
        "outlet",
        "magazine",
        "broadcaster",
        "tabloid",
        "daily",
        "weekly",
        "newsroom",
    ]
)
#: nouns that name a document someone wrote ("Bremmer's message", "in a mailing")
DOCUMENT_NOUNS = frozenset(
    [
        "message",
        "mailing",
        "letter",
        "memo",
        "memorandum",
        "email",
        "e-mail",
        "note",
        "statement",
        "report",
        "post",
        "tweet",
        "newsletter",
        "release",
        "document",
        "filing",
        "complaint",
        "lawsuit",
        "affidavit",
        "transcript",
        "article",
        "column",
        "op-ed",
        "blog",
        "study",
        "survey",
        "poll",
        "analysis",
        "briefing",
        "dossier",
        "cable",
        "text",
        "bulletin",
        "communique",
        "communiqué",
        "announcement",
        "decree",
        "ruling",
        "testimony",
        "recording",
        "video",
        "podcast",
        "book",
        "essay",
        "editorial",
        "dispatch",
        "notice",
        "circular",
    ]
)
#: collective nouns that name a group of speakers even in the singular
COLLECTIVE_NOUNS = frozenset(["media", "press", "public", "community", "opposition"])
#: nouns that describe an organisation ("the company said")
ORGANIZATION_NOUNS = frozenset(
    [
        "company",
        "firm",
        "group",
        "ministry",
        "department",
        "government",
        "administration",
        "agency",
        "office",
        "campaign",
        "committee",
        "commission",
        "council",
        "court",
        "party",
        "organization",
        "organisation",
        "institute",
        "university",
        "embassy",
        "bank",
        "army",
        "military",
        "police",
        "service",
    ]
)
FIRST_PERSON = frozenset(["i", "we", "us", "me", "our", "my", "ours"])
MALE_PRONOUNS = frozenset(["he", "him", "his", "himself"])
FEMALE_PRONOUNS = frozenset(["she", "her", "hers", "herself"])
PLURAL_PRONOUNS = frozenset(["they", "them", "their", "theirs", "themselves"])
SPEAKER_KINDS = frozenset({"person", "organization", "outlet", "group"})


@functools.lru_cache(maxsize=1)
def known_outlets() -> frozenset[str]:
    """The packaged list of outlet names (``data/outlets.txt``)."""
    text = resources.files("sourcetrace").joinpath("data/outlets.txt").read_text("utf-8")
    names = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line)
            if line.startswith("The "):
                names.add(line[4:])
    return frozenset(names)


def is_outlet_name(name: str) -> bool:
    """True for a known outlet or a name shaped like one ("Kyiv Post", "The Moscow Times")."""
    bare = name[4:] if name.startswith("The ") else name
    if bare in known_outlets():
        return True
    words = bare.split()
    return len(words) >= 2 and words[-1] in OUTLET_NAME_ENDINGS


#: abbreviated titles before a name ("Gov. Chris Christie"), read as the noun a later
#: description uses ("the governor")
TITLE_ABBREVIATIONS = {
    "gov.": "governor",
    "sen.": "senator",
    "rep.": "representative",
    "gen.": "general",
    "sec.": "secretary",
    "pres.": "president",
    "lt.": "lieutenant",
    "col.": "colonel",
    "capt.": "captain",
    "sgt.": "sergeant",
    "adm.": "admiral",
    "amb.": "ambassador",
    "atty.": "attorney",
    "supt.": "superintendent",
    "prof.": "professor",
    "dr.": "doctor",
    "rev.": "reverend",
}
