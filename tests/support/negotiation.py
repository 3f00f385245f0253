"""A negotiation set up over real HTTP against a server process (admin, co-facilitator,
delegations with a delegate and a bearer token each, a published draft), and the amendments
its delegates submit: shared by the process-level tests and the benchmarks."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.support.mail import link_in, mailbox
from tests.support.servers import PASSWORD, ServerProcess, add_user


class ApiError(RuntimeError):
    pass


class Client:
    """Blocking JSON calls with one bearer token (or a session cookie)."""

    def __init__(self, api: str, token: str | None = None, timeout: float = 30.0) -> None:
        self.api, self.token, self.timeout = api, token, timeout
        self.http = requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, body: Any = None, expect: int | None = None) -> Any:
        reply = self.http.request(method, self.api + path, json=body, timeout=self.timeout)
        payload = reply.json() if reply.content else None
        wanted = expect if expect is not None else (201 if method == "POST" else 200)
        if reply.status_code != wanted:
            raise ApiError(f"{method} {path} -> {reply.status_code}: {payload}")
        return payload


def login_token(api: str, email: str, password: str = PASSWORD, patience: float = 130.0) -> str:
    """Sign in with the password, then issue a bearer token with that session (waiting
    out the sign-in throttle, should the server not take ACCORD_LOGIN_RATE)."""
    session = Client(api)
    deadline = time.monotonic() + patience
    try:
        while True:
            reply = session.http.post(api + "/auth/login", timeout=session.timeout,
                                      json={"email": email, "password": password})
            if reply.status_code != 429 or time.monotonic() > deadline:
                break
            time.sleep(2.0)
        if reply.status_code != 200:
            raise ApiError(f"POST /auth/login -> {reply.status_code}: {reply.text}")
        token: str = session.call("POST", "/auth/tokens", {"name": "bench"}, expect=201)["token"]
        return token
    finally:
        session.close()


def invite(inviter: Client, process_id: int, body: dict[str, Any],
           password: str = PASSWORD) -> None:
    """``inviter`` invites a new person, who accepts the link mailed to them with
    ``password`` (their own choice)."""
    since = mailbox().mark()
    inviter.call("POST", f"/processes/{process_id}/participants", body, expect=201)
    _kind, token = link_in(mailbox().wait_for(body["email"], since, timeout=30))
    invited = Client(inviter.api)
    try:
        invited.call("POST", "/invitations/accept", {"token": token, "password": password},
                     expect=200)
    finally:
        invited.close()


ACTIONS = ["to strengthen international cooperation on", "to develop national frameworks for",
           "to improve the coordination of policies on", "to invest in programmes on"]
CLAUSES = [
    "in full respect of national sovereignty and applicable international law",
    "taking into account different national realities, capacities and levels of development",
    "with the meaningful participation of all relevant stakeholders",
    "through the exchange of good practices and lessons learned",
    "including by mobilising adequate, predictable and sustainable resources",
    "with particular attention to persons in vulnerable situations",
    "so as to ensure accountability, transparency and the rule of law",
]
TOPICS = ["safe and dignified return", "regular pathways", "labour mobility",
          "the protection of migrant workers", "data collection", "border governance",
          "consular protection", "remittances", "integration and social cohesion",
          "the prevention of trafficking in persons"]
VERBS = ["We commit", "We further commit", "We resolve", "We undertake", "We decide",
         "We call upon States", "We encourage Member States", "We agree"]


def paragraph_text(index: int) -> str:
    """A plausible operative paragraph of 40 to 70 words, different for every ``index``."""
    topic = TOPICS[index % len(TOPICS)]
    verb = VERBS[index % len(VERBS)]
    action = ACTIONS[index % len(ACTIONS)]
    first = CLAUSES[index % len(CLAUSES)]
    second = CLAUSES[(index * 3 + 1) % len(CLAUSES)]
    return (f"{verb} {action} {topic}, {first}, and to review the implementation of "
            f"commitments on {topic} [every four years] at the regional and global levels, "
            f"{second}, building on existing mechanisms (paragraph {index}).")


def build_units(paragraphs: int) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = [{"key": "obj", "kind": "section",
                                    "heading": "Objectives and commitments"}]
    for i in range(1, paragraphs + 1):
        units.append({"key": f"op{i}", "kind": "paragraph", "parent": "obj",
                      "number": str(i), "text": paragraph_text(i)})
    return units


@dataclass
class Negotiation:
    """A process in the negotiation phase with a published draft and its delegates."""

    api: str
    process_id: int
    document_id: int
    revision_id: int
    units: dict[str, str]
    delegates: list[tuple[str, str]] = field(default_factory=list)  # (delegation code, token)
    cofac_token: str = ""
    admin_token: str = ""


def setup_negotiation(server: ServerProcess, *, delegates: int, paragraphs: int = 40,
                      slug: str = "compact") -> Negotiation:
    """Admin (by the command line), a process, a co-facilitator, ``delegates`` delegations
    each with one delegate and a bearer token, a published draft, and the negotiation phase
    (the sequence of ``tests.support.worlds.build_world``)."""
    api = server.api
    admin_token = add_user(server.env, "admin@bench.example", name="Admin", admin=True)
    admin = Client(api, admin_token)
    try:
        process = admin.call("POST", "/processes", {
            "slug": slug, "title": "Compact on Human Mobility",
            "clusters": [{"key": "rights", "name": "Human rights of all migrants"}]},
            expect=201)
        pid = process["id"]
        invite(admin, pid, {"email": "cofac@bench.example", "name": "Co-facilitator",
                            "role": "co_facilitator"})
    finally:
        admin.close()
    cofac_token = login_token(api, "cofac@bench.example")
    cofac = Client(api, cofac_token)
    try:
        codes = [f"D{i:03d}" for i in range(1, delegates + 1)]
        for code in codes:
            cofac.call("POST", f"/processes/{pid}/delegations",
                       {"code": code, "name": f"Delegation {code}", "kind": "state"}, expect=201)
            invite(cofac, pid, {"email": f"{code.lower()}@bench.example",
                                "name": f"Delegate of {code}", "role": "delegate",
                                "delegation": code, "focal_point": True})
        tokens = [(code, login_token(api, f"{code.lower()}@bench.example")) for code in codes]
        cofac.call("POST", f"/processes/{pid}/phase", {"phase": "stocktaking"}, expect=200)
        units = build_units(paragraphs)
        draft = cofac.call("POST", f"/processes/{pid}/documents",
                           {"title": "Compact on Human Mobility", "units": units}, expect=201)
        published = cofac.call("POST", f"/documents/{draft['document_id']}/revisions",
                               {"base_version": draft["version"]}, expect=201)
        cofac.call("POST", f"/processes/{pid}/phase", {"phase": "negotiation"}, expect=200)
    finally:
        cofac.close()
    texts = {u["key"]: u["text"] for u in units if u["kind"] == "paragraph"}
    return Negotiation(api, pid, draft["document_id"], published["revision"]["id"], texts,
                       tokens, cofac_token, admin_token)


# ---- amendments --------------------------------------------------------------------------

QUALIFIERS = ["as appropriate", "in accordance with national legislation",
              "on a voluntary basis", "where relevant", "subject to available resources",
              "in line with national priorities"]
REPLACEMENTS = [("commit", "endeavour"), ("strengthen", "enhance"), ("ensure", "promote"),
                ("all relevant", "relevant"), ("review", "consider"),
                ("sustainable", "long-term"), ("adequate", "sufficient")]


def amended_text(base: str, rng: Any) -> str:
    """A delegation's rewording of ``base``: a qualifier added, a word replaced or a bracketed
    phrase removed; never the same as ``base``."""
    choice = rng.randrange(3)
    text = base
    if choice == 1:
        old, new = REPLACEMENTS[rng.randrange(len(REPLACEMENTS))]
        text = base.replace(old, new, 1)
    elif choice == 2 and "[" in base:
        start, end = base.index("["), base.index("]")
        text = (base[:start] + base[end + 2:]).replace("  ", " ")
    if text == base:
        words = base.rstrip(".").split(" ")
        at = rng.randrange(2, len(words))
        qualifier = QUALIFIERS[rng.randrange(len(QUALIFIERS))]
        text = " ".join([*words[:at], qualifier + ",", *words[at:]]) + "."
    if text == base:  # pragma: no cover - cannot happen with a qualifier inserted
        text = base + " " + QUALIFIERS[0]
    return text


def amendment_body(negotiation: Negotiation, rng: Any) -> dict[str, Any]:
    unit = rng.choice(list(negotiation.units))
    return {"revision_id": negotiation.revision_id, "unit": unit, "kind": "change_words",
            "text": amended_text(negotiation.units[unit], rng), "submit": True}


def add_amendments(negotiation: Negotiation, revision_id: int, per_delegation: int,
                   seed: int = 7) -> int:
    """Each delegation submits ``per_delegation`` amendments to the given revision; every
    fifth keeps one more as a draft (seen by itself only)."""
    rng = random.Random(seed)
    keys = list(negotiation.units)
    made = 0
    for index, (code, token) in enumerate(negotiation.delegates):
        client = Client(negotiation.api, token)
        try:
            drafts = 1 if index % 5 == 0 else 0
            for n in range(per_delegation + drafts):
                key = keys[rng.randrange(len(keys))]
                client.call("POST", f"/processes/{negotiation.process_id}/amendments", {
                    "revision_id": revision_id, "unit": key, "kind": "change_words",
                    "text": amended_text(negotiation.units[key], rng),
                    "justification": f"{code} proposes this for clarity.",
                    "submit": n < per_delegation}, expect=201)
                made += 1
        finally:
            client.close()
    return made


def publish_next(negotiation: Negotiation, run: int) -> dict[str, Any]:
    """The co-facilitator edits one paragraph of the working copy and publishes it."""
    cofac = Client(negotiation.api, negotiation.cofac_token)
    try:
        d = negotiation.document_id
        copy = cofac.call("GET", f"/documents/{d}/working-copy")
        unit = next(u for u in copy["units"] if u["kind"] == "paragraph")
        edited = cofac.call("PATCH", f"/documents/{d}/working-copy/units/{unit['key']}", {
            "base_version": copy["version"],
            "text": unit["text"].rstrip(".") + f", as revised in round {run}."})
        published: dict[str, Any] = cofac.call("POST", f"/documents/{d}/revisions",
                                               {"base_version": edited["version"]},
                                               expect=201)
        return published
    finally:
        cofac.close()
