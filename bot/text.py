"""Text normalisation and tokenising shared by the index and the query parser.

Everything is folded the same way on both sides: Unicode compatibility forms, case, curly
quotes, dashes and zero-width characters, so "Security‑Token Service" and "security token
service" are the same words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_INPUT = 4000  # characters looked at; a pasted exam question is far shorter
# Characters kept before any parsing (command words, mention markup): twice MAX_INPUT leaves room
# for markup that is stripped, and every parser after the cut runs on a bounded text.
MAX_READ = 2 * MAX_INPUT

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    }
)
_WORD = re.compile(r"[a-z0-9]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STEMMER = snowballstemmer.stemmer("english")

# Words that carry no meaning about which service is meant. Service-name words such as
# "amazon" and "aws" are here too: every name has one, so they only add noise.
STOPWORDS = frozenset(
    """
    a about above across after again against all also am an and any are as at be because been
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your yours
    aws amazon service services company companies customer customers organization organisation
    use used using uses want wants need needs needed following best option options offers offer
    provide provides allow allows help helps let lets make makes way ways able enable enables
    option choose select two three correct statement statements true describe describes
    responsible responsibility
    """.split()
) - {"not"}

# Abbreviations people type, and their spelled-out forms; both sides are expanded so either
# spelling finds the other.
SYNONYMS: dict[str, str] = {
    "sso": "single sign on",
    "ad": "active directory",
    "ddos": "distributed denial of service",
    "pii": "personally identifiable information sensitive data",
    "hsm": "hardware security module",
    "mfa": "multi factor authentication",
    "2fa": "multi factor authentication",
    "iac": "infrastructure as code",
    "k8s": "kubernetes",
    "vm": "virtual machine server",
    "vms": "virtual machines servers",
    "db": "database",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "genai": "generative artificial intelligence",
    "bi": "business intelligence",
    "etl": "extract transform load",
    "cdn": "content delivery network",
    "dns": "domain name system",
    "cicd": "continuous integration continuous delivery",
    "ci": "continuous integration",
    "cd": "continuous delivery",
    "ssl": "tls certificate",
    "tls": "ssl certificate",
    "vpn": "virtual private network",
    "sql": "sql relational",
    "nosql": "nosql non relational",
    "rdbms": "relational database",
    "oltp": "online transaction processing",
    "olap": "online analytical processing",
    "ocr": "optical character recognition extract text",
    "tts": "text to speech",
    "stt": "speech to text",
    "rpo": "recovery point objective",
    "rto": "recovery time objective",
    "byol": "bring your own license",
    "tam": "technical account manager",
    "sla": "service level agreement",
    "os": "operating system",
    "ip": "ip address",
    "az": "availability zone",
    "azs": "availability zones",
    "capex": "capital expense",
    "opex": "operational expense",
    "ri": "reserved instance",
    "ris": "reserved instances",
    "xss": "cross site scripting",
    "cve": "software vulnerability",
    "cves": "software vulnerabilities",
    "siem": "security information event",
}


def valid(text: str) -> str:
    """`text` as valid Unicode: each lone surrogate (invalid UTF-8 read with surrogateescape, or a
    JSON `\\ud800` escape) becomes U+FFFD, so the text can always be encoded and sent."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def bounded(text: str) -> str:
    """`text` cut to MAX_READ characters before any parsing, as valid Unicode."""
    return valid((text or "")[:MAX_READ])


def fold(text: str) -> str:
    """Case-fold and normalise punctuation and Unicode forms; drop control characters."""
    # Cut again after NFKC: one character can become 18 (U+FDFA), and everything after is per word.
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT])[:MAX_INPUT].translate(_TRANSLATE).casefold()
    if text.isprintable():  # nearly always: the per-character pass below is the costly part
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def words(text: str) -> list[str]:
    """The folded words of `text` (letters and digits; everything else separates)."""
    return _WORD.findall(fold(text).replace("'s ", " "))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's English stem (cached: the same few thousand words recur)."""
    return str(_STEMMER.stemWord(word))


def expand(tokens: list[str]) -> list[str]:
    """Add the spelled-out form of each known abbreviation after it."""
    out: list[str] = []
    for token in tokens:
        out.append(token)
        if token in SYNONYMS:
            out.extend(SYNONYMS[token].split())
    return out


def terms(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words of `text`, abbreviations expanded, in order."""
    tokens = expand(words(text))
    if not keep_stopwords:
        tokens = [t for t in tokens if t not in STOPWORDS]
    return [stem(t) for t in tokens]


def name_key(text: str) -> str:
    """How names and aliases are compared: folded words joined by single spaces."""
    return " ".join(words(text))
