"""Word lists that type the speakers of news text: outlets, platforms, documents, groups.

General lists, not tuned to any one article. Outlet names live in the packaged file
``data/outlets.txt``; a name shaped like an outlet's ("Kyiv Post", "The Moscow Times") needs no
entry.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from urllib.parse import urlsplit

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
        "rag",
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
        "fund",
        "union",
        "foundation",
        "association",
        "bureau",
        "board",
        "alliance",
        "coalition",
        "center",
        "centre",
        "authority",
        "federation",
        "corporation",
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


# outlet names that are one outlet ("AP" is the Associated Press)
_OUTLET_ALIASES = {
    "ap": "associated press",
    "the associated press": "associated press",
    "afp": "agence france-presse",
    "agence france presse": "agence france-presse",
    "reuters news agency": "reuters",
    "thomson reuters": "reuters",
    "cnn wire": "cnn",
    "upi": "united press international",
}
#: the last labels of a host that name no outlet ("vice.com", "bbc.co.uk", "almaalomah.news")
_HOST_SUFFIXES = frozenset(
    {"com", "org", "net", "co", "uk", "news", "info", "io", "us", "de", "fr", "ru", "ca"}
    | {"au", "in", "gov", "edu", "tv"}
)
_HOST_END = re.compile(rf"(?:\.(?:{'|'.join(sorted(_HOST_SUFFIXES))}))+$")


def norm_outlet(name: str | None) -> str:
    """One spelling per outlet: ``The Associated Press``, ``AP``, ``apnews.com`` agree."""
    if not name:
        return ""
    text = name.strip().lower().removeprefix("www.")
    text = _HOST_END.sub("", text)
    text = text.removeprefix("the ")
    text = _OUTLET_ALIASES.get(text, text)
    return {"apnews": "associated press", "reuters.com": "reuters"}.get(text, text)


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two spellings name one outlet: ``Al-Maalomah News`` and ``almaalomah.news``,
    ``CNN`` and ``cnn.com``, ``AP`` and ``The Associated Press``. In doubt, one: a caller that
    asks whether an outlet is the article's own would rather miss a hand than add one."""

    def key(name: str) -> str:
        name = name.strip().lower()
        if "." in name and " " not in name:  # a host: the name it registers
            labels = [x for x in name.split(".") if x]
            while len(labels) > 1 and labels[-1] in _HOST_SUFFIXES:
                labels.pop()
            name = labels[-1] if labels else name
        squashed = re.sub(r"[^a-z0-9]", "", norm_outlet(name))
        squashed = squashed.removeprefix("the") or squashed  # "theguardian.com"
        return squashed.removesuffix("news") or squashed

    if not (a and b):
        return False
    ka, kb = key(a), key(b)
    # "FOX 13" and "FOX 13 News Utah (KSTU)", "fox13now.com": one name begins the other
    return ka == kb or (min(len(ka), len(kb)) >= 4 and (ka.startswith(kb) or kb.startswith(ka)))


def outlet_of_url(url: str | None) -> str | None:
    """``https://www.vice.com/en/article/...`` -> ``vice.com``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: common given names, read as the gender a pronoun for their bearer takes ("Nick Witney" ->
#: "he"). Names common for both sexes ("Jordan", "Taylor", "Robin") are in neither list.
MALE_GIVEN_NAMES = _words(
    """aaron adam al alan albert alexander alexei andrew andy angelo anthony antonio arnold
    barack barry ben benjamin bernie bill billy bob bobby boris brad bradley brett brian bruce
    bryan carl carlos charles christopher chuck colin craig dan daniel danny dave
    david dennis derek dick don donald doug douglas drew ed eddie edward elon emmanuel eric ernest
    frank fred frederick gary george gerald glenn gordon greg gregory harold harry henry howard
    hugh ian ivan jack jacob jake james jared jason jeb jeff jeffrey jeremy jerry jim jimmy joe
    joel john johnny jon jonathan jose joseph josh joshua juan justin keith ken kenneth kevin
    larry lawrence leon louis luis marco marcus mark martin matt matteo matthew max michael
    mick mike mitch mitt muhammad nathan neil nicholas nick nicolas olaf oliver patrick paul pete
    peter phil philip rafael ralph raymond reince rex richard rick robert rod roger ron ronald
    rudy russell ryan samuel scott sean sergei sergey seth stephen steve steven stuart ted
     thomas tim timothy todd tom tony vince vincent vladimir walter wayne william willie
    xi yuri"""
)
FEMALE_GIVEN_NAMES = _words(
    """abby alice alicia alison amanda amy ana angela angelique ann anna anne barbara
    betsy betty beverly brenda carly carol caroline catherine cathy charlotte cheryl christina
    christine claire condoleezza cynthia deborah debbie diana diane dianne donna doris
    dorothy elaine elizabeth ellen emily emma erin eva evelyn frances gina gloria hannah heather
    heidi helen hillary huma ivana ivanka jane janet janice jennifer jessica jill joan joanne
    joy judith judy julia julie karen kate katherine kathleen kathy kayleigh kellyanne
    kimberly kirsten laura lauren linda lisa liz loretta lori louise lucy madeleine marcia
    margaret margarita maria marie marilyn martha mary megan melania melissa michelle minyon nancy
    natalie nicole nikki olivia pamela patricia patti paula rachel rebecca rosa ruth sally
    samantha sandra sara sarah sharon shirley stephanie susan suzanne tammy teresa theresa
    tiffany tulsi valerie victoria virginia wendy"""
)
#: the honorific before a name, read as its bearer's gender ("Ms. Martin" -> "she")
MALE_HONORIFICS = frozenset(["mr.", "mr", "sir", "mister"])
FEMALE_HONORIFICS = frozenset(["ms.", "ms", "mrs.", "mrs", "miss", "madam", "dame", "lady"])
#: nouns of a person that carry a gender ("the spokeswoman", "the congressman")
MALE_PERSON_NOUNS = frozenset(
    [
        "man",
        "businessman",
        "spokesman",
        "chairman",
        "congressman",
        "father",
        "son",
        "husband",
        "brother",
        "king",
        "prince",
        "boy",
        "actor",
        "gentleman",
        "councilman",
        "anchorman",
    ]
)
FEMALE_PERSON_NOUNS = frozenset(
    [
        "woman",
        "businesswoman",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "mother",
        "daughter",
        "wife",
        "sister",
        "queen",
        "princess",
        "girl",
        "actress",
        "lady",
        "councilwoman",
        "anchorwoman",
    ]
)
#: nouns that describe one person ("the president said", "the governor added"): a definite
#: one, not introduced earlier as a title or appositive, is the person the text is about
PERSON_NOUNS = (
    _words(
        """president senator governor mayor nominee candidate billionaire mogul tycoon developer
        official spokesperson secretary minister chancellor premier chief judge justice lawmaker
        representative legislator leader ambassador general commander director executive ceo
        economist analyst professor scientist author writer host anchor star singer lawyer
        attorney prosecutor adviser advisor aide strategist pollster founder chair speaker
        diplomat envoy commissioner sheriff officer republican democrat libertarian politician
        incumbent challenger contender frontrunner veteran activist"""
    )
    | MALE_PERSON_NOUNS
    | FEMALE_PERSON_NOUNS
)
#: modifiers that make a title another office ("Vice President Biden" is not "the president")
RANK_MODIFIERS = frozenset(
    [
        "vice",
        "deputy",
        "assistant",
        "former",
        "ex",
        "acting",
        "associate",
        "lieutenant",
        "co",
        "under",
        "interim",
        "past",
        "late",
    ]
)
#: nouns that speak for a place's government ("the city sent a letter", "the state argued")
PLACE_GOVERNMENT_NOUNS = frozenset(["city", "state", "county", "town", "country", "nation"])
