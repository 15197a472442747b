"""FUNDS from a budget line with no verb: "사업비: 12억원(시비 6, 구비 6)", "용역비 3억원(구비)",
and from a funding word written with its amount ("3년간 국비 최대 160억원").

A unit that opens with a budget word (structure.toml [table] money) followed by a colon names the
money of the program in context; each funding word in it (grammar.toml [money]) names a payer:
국비 -> the ministry that leads the program (or runs it, national_programs.toml); 도비 -> the
province above the publishing city; 시비/구비/군비 -> the publishing city, or for 시비 written by a
구/군 the city above it. A bracketed budget with no funding word ("(’26년 예산 210억원)" after an
item of a plan) is the publisher's own money (budget:own).
"""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.document import AnnotatedDoc
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import grammar, structure
from citykg.extract.rules.context import Context
from citykg.extract.rules.fields import card
from citykg.extract.rules.names import national_owner


@lru_cache(maxsize=1)
def _line() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(structure().table.money, key=len, reverse=True))
    return re.compile(rf"^[\s\-○·▪•※]*(?:{words})\s*[:：]")


@lru_cache(maxsize=1)
def _amount() -> re.Pattern[str]:
    """A funding word written with its amount: "국비 최대 160억원", "국비 120억 원"."""
    m = grammar().money
    words = "|".join(re.escape(w) for w in sorted({*m.state, *m.province, *m.local}, key=len, reverse=True))
    unit = r"[\d,.]+\s*(?:조|억|천만|백만|만)"
    return re.compile(rf"(?:{words})\s*(?:최대\s*|총\s*)?{unit}\s*(?:[\d,.]+\s*(?:천만|백만|만)\s*)?원")


@lru_cache(maxsize=1)
def _own() -> re.Pattern[str]:
    """ "(’24년 신규 예산 120억원)", "(예산 85억원)": a budget in brackets, no funding word."""
    words = "|".join(re.escape(w) for w in sorted(grammar().money.own_budget, key=len, reverse=True))
    return re.compile(
        rf"\(\s*(?:[’'‘]?\d{{2,4}}\s*년(?:도)?\s*)?(?:신규\s*|기정\s*)?(?:{words})\s*(?:최대\s*|총\s*)?[\d,.]+\s*(?:조|억|천만|백만|만)\s*원"
    )


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    money = grammar().money
    ents = adoc.entity
    pub = ents.get(adoc.publisher) if adoc.publisher else None
    home = pub if pub is not None and pub.type == "City" else None
    for ui, u in enumerate(adoc.units):
        line = _line().match(u.text)
        amount = None if line else _amount().search(u.text)
        own = None if (line or amount or pub is None or pub.type not in ("Ministry", "City")) else _own().search(u.text)
        if own:
            p = ctx.program(ui, u.start + own.start())
            if p is not None:
                rels.add(pub.id, "FUNDS", p.props["eid"], u, "budget:own")
            continue
        if not (line or amount):
            continue
        # a budget line names the money of the program in context; an amount within a sentence or
        # an item, that of the program named before it in the unit (or in context)
        # (a budget line under a heading that names its program, "2. P 조성" then "○ 사업비: …", is P's)
        p = (card(adoc, ui) if line else None) or ctx.program(ui, u.start if line else u.start + amount.start())
        if p is None:
            continue
        pid = p.props["eid"]
        payers: list[str] = []
        if any(w in u.text for w in money.state):
            lead = [r.source for r in rels.of_type("LEADS") if r.target == pid and ents[r.source].type == "Ministry"]
            owner = national_owner(ents[pid].name)
            payers += lead[:1] or ([owner] if owner in ents else [])
        if home is not None:
            parent = home.properties.get("parent")
            if any(w in u.text for w in money.province) and parent in ents:
                grand = ents[parent].properties.get("parent")
                payers.append(grand if grand in ents else parent)
            for w in money.local:
                if w not in u.text:
                    continue
                above = w.startswith("시") and home.name.endswith(("구", "군")) and parent in ents
                payers.append(parent if above else home.id)
        for payer in dict.fromkeys(payers):
            rels.add(payer, "FUNDS", pid, u, "budget:line" if line else "budget:amount")
