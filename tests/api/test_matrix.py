"""The role x action x phase matrix through the real HTTP API.

Every process-scoped endpoint is a *probe* tied to the policy action it performs. Each cell
(phase x probe x role, with cofac / sec / mex / obs representing the four roles) is one
pytest parameter: the cell sets up valid preconditions, sends the real request, and checks

* allowed by the domain (``EXPECTED_TABLE`` of ``tests/support/expected_policy.py``): a 2xx
  answer, and a write leaves an entry in the process log;
* refused: 403 with error code ``forbidden`` and the process log unchanged (read as cofac,
  who may always read it).

One world per backend is built (building one costs seconds of password hashing) and moved
through the phases: the cells are ordered phase by phase, so each phase is entered once, and
preconditions that need another phase (an amendment exists only once proposed in negotiation)
are made by going there and coming back with ``phase.change``, which co-facilitators may do in
every phase.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

import config
from server import create_app
from server.core.phases import Phase
from server.core.policy import Action, Role
from server.models import Process
from tests.support.clock import Clock
from tests.support.databases import BACKENDS
from tests.support.driver import As, Driver, Reply
from tests.support.expected_policy import expected
from tests.support.treaties import river_treaty
from tests.support.views import without_actions
from tests.support.worlds import ZERO_DRAFT, World, build_world

PHASES = [p.value for p in Phase]
#: The person who represents each role.
REPRESENTATIVE = {Role.CO_FACILITATOR: "cofac", Role.SECRETARIAT: "sec", Role.DELEGATE: "mex",
                  Role.OBSERVER: "obs"}
REASON = "Testing every phase of the matrix."


# ---- the scene: one world, its clock, and preconditions on demand --------------------------


@dataclass
class Scene:
    world: World
    clock: Clock
    app: Any
    counter: int = 0
    log_seq: int = 0
    cache: dict[str, int] = field(default_factory=dict)
    known_phase: str | None = None

    # -- plumbing

    @property
    def cofac(self) -> As:
        return self.world["cofac"]

    def n(self) -> int:
        self.counter += 1
        return self.counter

    def phase(self, *, fresh: bool = False) -> str:
        """The process's phase; remembered between the moves this scene makes itself."""
        if fresh or self.known_phase is None:
            self.known_phase = self.cofac.ok("GET", self.world.p)["phase"]
        assert self.known_phase is not None
        return self.known_phase

    def goto(self, phase: str) -> None:
        """Move there as cofac: forward one phase at a time, back in one step (with a reason)."""
        here = self.phase()
        if here != phase:
            # The phase cannot change while a silence procedure runs: let its deadline pass.
            self.no_silence_running()
        while here != phase:
            step = phase if PHASES.index(phase) < PHASES.index(here) else \
                PHASES[PHASES.index(here) + 1]
            self.known_phase = None
            self.cofac.ok("POST", f"{self.world.p}/phase", {"phase": step, "reason": REASON})
            here = self.known_phase = step

    @contextmanager
    def in_phase(self, phase: str) -> Iterator[None]:
        """Go to ``phase`` (as cofac) for a precondition, then back where we were."""
        here = self.phase()
        self.goto(phase)
        try:
            yield
        finally:
            self.goto(here)

    def log_head(self) -> int:
        """The sequence number of the process log's last entry."""
        while True:
            page = self.cofac.get(f"{self.world.p}/log", after_seq=self.log_seq, limit=1000)
            assert page.status == 200, page.body
            if not page.body:
                return self.log_seq
            self.log_seq = page.body[-1]["seq"]

    def log_after(self, seq: int) -> list[dict[str, Any]]:
        page = self.cofac.get(f"{self.world.p}/log", after_seq=seq, limit=1000)
        assert page.status == 200, page.body
        entries: list[dict[str, Any]] = page.body
        return entries

    def set_observer_sight(self, phases: list[str]) -> None:
        """The per-process setting has no endpoint yet: set it in the database."""
        with self.app.app_context():
            session = self.app.extensions["accord"].sessions()
            try:
                session.execute(update(Process).where(Process.id == self.world.process_id)
                                .values(observers_see_amendments_in=phases))
                session.commit()
            finally:
                session.close()

    # -- text

    def latest_revision(self) -> dict[str, Any]:
        revisions: list[dict[str, Any]] = self.cofac.ok("GET", self.world.d)["revisions"]
        return revisions[-1]

    def working_copy(self) -> dict[str, Any]:
        copy: dict[str, Any] = self.cofac.ok("GET", f"{self.world.d}/working-copy")
        return copy

    def edit_preamble(self) -> None:
        """Change pp1 in the working copy (cofac, in a phase where editing is allowed)."""
        with self.in_phase("negotiation"):
            self.cofac.ok("PATCH", f"{self.world.d}/working-copy/units/pp1",
                          {"base_version": self.working_copy()["version"],
                           "text": f"We, the Heads of State and Government, met ({self.n()})."})

    def ensure_publishable(self) -> None:
        """The working copy differs from the latest published revision."""
        latest = self.cofac.ok("GET", f"{self.world.d}/revisions/"
                                      f"{self.latest_revision()['sequence']}")
        if without_actions(latest["units"]) == without_actions(self.working_copy()["units"]):
            self.edit_preamble()

    def inserted_unit(self) -> str:
        """A unit this test inserted into the working copy (and may delete)."""
        for unit in self.working_copy()["units"]:
            if unit["key"].startswith("m"):
                key: str = unit["key"]
                return key
        key = f"m{self.n()}"
        with self.in_phase("negotiation"):
            self.cofac.ok("POST", f"{self.world.d}/working-copy/units",
                          self.insert_body(key), status=201)
        return key

    def insert_body(self, key: str) -> dict[str, Any]:
        return {"base_version": self.working_copy()["version"], "after": "op2",
                "unit": {"key": key, "kind": "paragraph", "parent": "obj1",
                         "number": "3 bis", "text": f"We further commit to act ({key})."}}

    # -- amendments

    def amendment_text(self) -> str:
        return f"We commit to cooperate on safe, dignified and sustainable return ({self.n()})."

    def proposal(self, who: str, state: str) -> dict[str, Any]:
        """An amendment of ``who``'s delegation in ``state`` (draft or submitted), reused while
        it stays so."""
        name = f"{who}:{state}"
        if name in self.cache:
            found = self.world[who].get(f"/amendments/{self.cache[name]}")
            if found.status == 200 and found.body["state"] == state:
                body: dict[str, Any] = found.body
                return body
        with self.in_phase("negotiation"):
            reply = self.world[who].post(f"{self.world.p}/amendments", {
                "revision_id": self.latest_revision()["id"], "unit": "op1",
                "kind": "change_words", "text": self.amendment_text(),
                "submit": state == "submitted"})
        assert reply.status == 201, reply.body
        self.cache[name] = reply.body["id"]
        created: dict[str, Any] = reply.body
        return created

    # -- silence

    def silences(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.cofac.ok("GET", f"{self.world.p}/silence")
        return found

    def no_silence_running(self) -> None:
        if any(s["state"] == "running" for s in self.silences()):
            self.clock.advance(hours=100)  # past every deadline: they are agreed
        assert not any(s["state"] == "running" for s in self.silences())

    def silence_deadline(self) -> str:
        return (self.clock.now + timedelta(hours=73)).isoformat()

    def running_silence(self) -> int:
        for procedure in self.silences():
            if procedure["state"] == "running":
                found: int = procedure["id"]
                return found
        with self.in_phase("negotiation"):
            started = self.cofac.ok("POST", f"{self.world.p}/silence", {
                "revision_id": self.latest_revision()["id"],
                "deadline": self.silence_deadline()}, status=201)
        started_id: int = started["id"]
        return started_id

    def any_silence(self) -> int:
        procedures = self.silences()
        return procedures[-1]["id"] if procedures else self.running_silence()


# ---- probes: one per endpoint --------------------------------------------------------------

Send = Callable[[As], Reply]


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # as in the OpenAPI document, under /api/v1
    action: Action
    #: Builds valid preconditions (in any phase) and returns the request to send.
    prepare: Callable[[Scene], Send]
    writes: bool = False
    #: Roles for which the action is taken under another rule (for example a delegate adding
    #: its own delegates).
    action_for: dict[Role, Action] = field(default_factory=dict)
    #: Roles that may not know the object exists: refused with 404, never 403.
    hidden_from: frozenset[Role] = frozenset()
    why_hidden: str = ""

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    def action_of(self, role: Role) -> Action:
        return self.action_for.get(role, self.action)


def _get(path: Callable[[Scene], str], **query: Any) -> Callable[[Scene], Send]:
    def prepare(scene: Scene) -> Send:
        where = path(scene)
        return lambda who: who.get(where, **query)
    return prepare


def _call(method: str, path: Callable[[Scene], str],
          body: Callable[[Scene], Any]) -> Callable[[Scene], Send]:
    def prepare(scene: Scene) -> Send:
        where, payload = path(scene), body(scene)
        return lambda who: who.call(method, where, payload)
    return prepare


def _p(suffix: str = "") -> Callable[[Scene], str]:
    return lambda scene: scene.world.p + suffix


def _d(suffix: str = "") -> Callable[[Scene], str]:
    return lambda scene: scene.world.d + suffix


def _change_phase(scene: Scene) -> Send:
    target = {"consultation": "stocktaking", "stocktaking": "negotiation",
              "negotiation": "concluded", "concluded": "negotiation"}[scene.phase()]
    return lambda who: who.post(f"{scene.world.p}/phase", {"phase": target, "reason": REASON})


def _add_participant(role: str) -> Callable[[Scene], Send]:
    def prepare(scene: Scene) -> Send:
        n = scene.n()
        body: dict[str, Any] = {"email": f"person{n}@accord.example", "name": f"Person {n}",
                                "role": role}
        if role == "delegate":
            body["delegation"] = "MEX"
        return lambda who: who.post(f"{scene.world.p}/participants", body)
    return prepare


def _group_member(method: str) -> Callable[[Scene], Send]:
    """A new State of the process, joining the African Group (POST) or leaving it (DELETE)."""
    def prepare(scene: Scene) -> Send:
        where = f"{scene.world.p}/delegations"
        state = scene.cofac.ok("POST", where, {"code": f"D{scene.n()}", "name": "Delegation",
                                               "kind": "state"}, status=201)
        group = next(d["id"] for d in scene.cofac.ok("GET", where)
                     if d["code"] == "AFRICAN_GROUP")
        members = f"{where}/{group}/members"
        if method == "POST":
            return lambda who: who.post(members, {"delegation_id": state["id"]})
        scene.cofac.ok("POST", members, {"delegation_id": state["id"]}, status=201)
        return lambda who: who.call("DELETE", f"{members}/{state['id']}")
    return prepare


def _new_participant(scene: Scene, role: str, delegation: str | None = None) -> int:
    """A person invited by cofac who accepted: their participant id."""
    email = f"person{scene.n()}@accord.example"
    driver = scene.world.driver
    assert driver is not None
    driver.add(scene.cofac, scene.world.process_id, email, role, delegation)
    found: int = next(p["id"] for p in scene.cofac.ok("GET", f"{scene.world.p}/participants")
                      if p["email"] == email)
    return found


def _on_participant(method: str, role: str, delegation: str | None, suffix: str = "",
                    body: Any = None) -> Callable[[Scene], Send]:
    def prepare(scene: Scene) -> Send:
        # Mexico's focal point stays "mex" (handing the role on is one of the probes).
        mex = next(p for p in scene.cofac.ok("GET", f"{scene.world.p}/participants")
                   if p["email"] == "mex@accord.example")
        if not mex["focal_point"]:
            scene.cofac.ok("POST", f"{scene.world.p}/participants/{mex['id']}/focal-point")
        where = f"{scene.world.p}/participants/{_new_participant(scene, role, delegation)}"
        return lambda who: who.call(method, where + suffix, body)
    return prepare


def _on_delegation(method: str, suffix: str = "", body: Any = None) -> Callable[[Scene], Send]:
    """A new State of the process (nothing done in its name yet), renamed or removed."""
    def prepare(scene: Scene) -> Send:
        made = scene.cofac.ok("POST", f"{scene.world.p}/delegations",
                              {"code": f"D{scene.n()}", "name": f"Delegation {scene.n()}",
                               "kind": "state"}, status=201)
        where = f"{scene.world.p}/delegations/{made['id']}{suffix}"
        payload = {"name": f"Renamed {scene.n()}"} if body == "name" else body
        return lambda who: who.call(method, where, payload)
    return prepare


def _on_invitation(method: str, suffix: str = "") -> Callable[[Scene], Send]:
    """An invitation by cofac to be a delegate of Mexico, not yet answered (so Mexico's focal
    point may manage it too), revoked or sent again."""
    def prepare(scene: Scene) -> Send:
        mex = next(p for p in scene.cofac.ok("GET", f"{scene.world.p}/participants")
                   if p["email"] == "mex@accord.example")
        if not mex["focal_point"]:
            scene.cofac.ok("POST", f"{scene.world.p}/participants/{mex['id']}/focal-point")
        n = scene.n()
        made = scene.cofac.ok("POST", f"{scene.world.p}/participants", {
            "email": f"invited{n}@accord.example", "name": f"Invited {n}", "role": "delegate",
            "delegation": "MEX"}, status=201)
        where = f"{scene.world.p}/invitations/{made['id']}{suffix}"
        return lambda who: who.call(method, where)
    return prepare


def _rename_cluster(scene: Scene) -> Send:
    body = {"name": f"Human rights of all migrants ({scene.n()})"}
    return lambda who: who.patch(f"{scene.world.p}/clusters/rights", body)


def _edit_text(scene: Scene) -> Send:
    body = {"base_version": scene.working_copy()["version"],
            "text": f"We, the Heads of State and Government, met ({scene.n()})."}
    return lambda who: who.patch(f"{scene.world.d}/working-copy/units/pp1", body)


def _set_status(scene: Scene) -> Send:
    copy = scene.working_copy()
    current = next(u["status"] for u in copy["units"] if u["key"] == "op2")
    body = {"base_version": copy["version"],
            "status": "open" if current == "agreed_ad_ref" else "agreed_ad_ref"}
    return lambda who: who.patch(f"{scene.world.d}/working-copy/units/op2", body)


def _insert_unit(scene: Scene) -> Send:
    body = scene.insert_body(f"m{scene.n()}")
    return lambda who: who.post(f"{scene.world.d}/working-copy/units", body)


def _delete_unit(scene: Scene) -> Send:
    key = scene.inserted_unit()
    body = {"base_version": scene.working_copy()["version"]}
    return lambda who: who.post(f"{scene.world.d}/working-copy/units/{key}/delete", body)


def _share_and_unshare(scene: Scene) -> Send:
    """Shared, then not again: the working copy's own probe expects delegations kept out."""
    path = f"{scene.world.d}/room/sharing"

    def send(who: As) -> Reply:
        shared = who.put(path, {"shared": True})
        return who.put(path, {"shared": False}) if shared.status == 200 else shared
    return send


def _publish(scene: Scene) -> Send:
    scene.ensure_publishable()
    body = {"base_version": scene.working_copy()["version"]}
    return lambda who: who.post(f"{scene.world.d}/revisions", body)


def _preview_publication(scene: Scene) -> Send:
    scene.ensure_publishable()
    body = {"base_version": scene.working_copy()["version"]}
    return lambda who: who.post(f"{scene.world.d}/revisions/preview", body)


def _propose(scene: Scene) -> Send:
    body = {"revision_id": scene.latest_revision()["id"], "unit": "op1",
            "kind": "change_words", "text": scene.amendment_text(), "submit": False}
    return lambda who: who.post(f"{scene.world.p}/amendments", body)


def _on_amendment(who: str, state: str, method: str, suffix: str,
                  body: Callable[[Scene, dict[str, Any]], Any] | None) -> Callable[[Scene], Send]:
    def prepare(scene: Scene) -> Send:
        amendment = scene.proposal(who, state)
        where = f"/amendments/{amendment['id']}{suffix}"
        payload = body(scene, amendment) if body else None
        if method == "GET":
            return lambda actor: actor.get(where)
        return lambda actor: actor.call(method, where, payload)
    return prepare


def _version(_scene: Scene, amendment: dict[str, Any]) -> dict[str, Any]:
    return {"base_version": amendment["version"]}


def _co_sponsor(scene: Scene) -> Send:
    """A fresh submitted amendment of Switzerland's inviting Mexico (the representative
    delegation) to co-sponsor it: Mexico accepts."""
    with scene.in_phase("negotiation"):
        proposed = scene.world["che"].post(f"{scene.world.p}/amendments", {
            "revision_id": scene.latest_revision()["id"], "unit": "op1",
            "kind": "change_words", "text": scene.amendment_text(), "submit": True,
            "co_proponents": ["MEX"]})
    assert proposed.status == 201, proposed.body
    where = f"/amendments/{proposed.body['id']}/co-sponsorship"
    return lambda who: who.put(where, {"status": "accepted"})


def _apply(scene: Scene) -> Send:
    """A fresh submitted amendment adding a paragraph after PP1 (always applicable)."""
    with scene.in_phase("negotiation"):
        proposed = scene.world["che"].post(f"{scene.world.p}/amendments", {
            "revision_id": scene.latest_revision()["id"], "unit": "pp1", "kind": "add_unit",
            "text": f"We also affirm our resolve ({scene.n()}).", "submit": True})
    assert proposed.status == 201, proposed.body
    body = {"base_version": scene.working_copy()["version"],
            "amendments": [{"amendment": proposed.body["id"]}]}
    return lambda who: who.post(f"{scene.world.d}/working-copy/applications", body)


def _reopen(scene: Scene) -> Send:
    """A settled paragraph of the latest revision, not reopened yet (OP2(a) agreed in informals
    and published, when there is none)."""
    def settled() -> tuple[int, str | None]:
        sequence = scene.latest_revision()["sequence"]
        revision = scene.cofac.ok("GET", f"{scene.world.d}/revisions/{sequence}")
        return sequence, next((u["key"] for u in revision["units"]
                               if u["status"] != "open" and not u["reopened"]), None)

    sequence, key = settled()
    if key is None:
        with scene.in_phase("negotiation"):
            if next(u["status"] for u in scene.working_copy()["units"]
                    if u["key"] == "op1a") == "open":
                scene.cofac.ok("PATCH", f"{scene.world.d}/working-copy/units/op1a", {
                    "base_version": scene.working_copy()["version"],
                    "status": "agreed_informals"})
            scene.ensure_publishable()
            scene.cofac.ok("POST", f"{scene.world.d}/revisions",
                           {"base_version": scene.working_copy()["version"]}, status=201)
        sequence, key = settled()
    path = f"{scene.world.d}/revisions/{sequence}/units/{key}/reopen"
    return lambda who: who.post(path, {"reason": REASON})


def _start_silence(scene: Scene) -> Send:
    scene.no_silence_running()
    body = {"revision_id": scene.latest_revision()["id"], "deadline": scene.silence_deadline()}
    return lambda who: who.post(f"{scene.world.p}/silence", body)


def _break_silence(scene: Scene) -> Send:
    # Silence runs only in negotiation (the phase cannot change while it runs); elsewhere the
    # policy refuses before the procedure's state is looked at.
    silence_id = scene.running_silence() if scene.phase() == "negotiation" else \
        scene.any_silence()
    body = {"reason": "Mexico cannot join consensus on paragraph 2 as drafted."}
    return lambda who: who.post(f"/silence/{silence_id}/break", body)


def _reimport(scene: Scene) -> Send:
    """Import the working copy's own Akoma Ntoso export back: the same units (matched by
    lineage, so keys and statuses stay), a new version of the working copy."""
    cofac = scene.world["cofac"]
    exported = cofac.client.get(f"/api/v1{scene.world.d}/working-copy/export",
                                query_string={"format": "akn"},
                                headers={"Authorization": f"Bearer {cofac.token}"})
    assert exported.status_code == 200, exported.data
    body = {"format": "akn", "preview": False, "base_version": scene.working_copy()["version"],
            "content_base64": base64.b64encode(exported.data).decode()}
    return lambda who: who.post(f"{scene.world.d}/working-copy/import", body)


def _multipart(fields: dict[str, str], content: bytes, filename: str) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser's upload sends it: the file in ``file``."""
    boundary = "accord-matrix-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 .encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def _upload_document(scene: Scene) -> Send:
    data, kind = _multipart({"format": "text", "preview": "false",
                             "title": f"Uploaded draft {scene.n()}"}, IMPORTED.encode(),
                            "draft.txt")
    where = f"{scene.world.p}/documents/upload"
    return lambda who: who.call("POST", where, raw=data, content_type=kind)


def _exported(scene: Scene, path: str, fmt: str) -> bytes:
    cofac = scene.world["cofac"]
    exported = cofac.client.get(f"/api/v1{scene.world.d}{path}", query_string={"format": fmt},
                                headers={"Authorization": f"Bearer {cofac.token}"})
    assert exported.status_code == 200, exported.data
    data: bytes = exported.data
    return data


def _upload_revision(scene: Scene) -> Send:
    """The working copy's own Akoma Ntoso export back, uploaded as a file (see _reimport)."""
    data, kind = _multipart({"format": "akn", "preview": "false",
                             "base_version": str(scene.working_copy()["version"])},
                            _exported(scene, "/working-copy/export", "akn"), "draft.xml")
    where = f"{scene.world.d}/working-copy/upload"
    return lambda who: who.call("POST", where, raw=data, content_type=kind)


def _import_translation(scene: Scene) -> Send:
    """A treaty of articles (made once, published) and its French version as a text file:
    every paragraph aligns by its article and number."""
    if "treaty" not in scene.cache:
        with scene.in_phase("negotiation"):
            draft = scene.cofac.ok("POST", f"{scene.world.p}/documents", {
                "title": "River treaty", "units": TREATY}, status=201)
            scene.cofac.ok("POST", f"/documents/{draft['document_id']}/revisions",
                           {"base_version": draft["version"]}, status=201)
        scene.cache["treaty"] = draft["document_id"]
    body = {"format": "text", "preview": False,
            "content_base64": base64.b64encode(TREATY_FR.encode()).decode()}
    where = f"/documents/{scene.cache['treaty']}/revisions/0/languages/fr/import"
    return lambda who: who.post(where, body)


def _import_translation_working(scene: Scene) -> Send:
    """The treaty's French version imported into its working copy."""
    _import_translation(scene)
    body = {"format": "text", "preview": False,
            "content_base64": base64.b64encode(TREATY_FR.encode()).decode()}
    where = f"/documents/{scene.cache['treaty']}/working-copy/languages/fr/import"
    return lambda who: who.post(where, body)


def _set_source_language(suffix: str) -> Callable[[Scene], Send]:
    """Another source language than the one set (Russian or Chinese: nothing is translated
    into either), so that every allowed call changes it and leaves its entry."""
    def prepare(scene: Scene) -> Send:
        where = scene.world.d + suffix
        current = scene.cofac.ok("GET", where.removesuffix("/source"))["source_language"]
        body = {"language": "zh" if current == "ru" else "ru"}
        return lambda who: who.call("PUT", where, body)
    return prepare


TREATY = river_treaty(articles=1)
TREATY_FR = ("Article premier\n\n1. Les Parties protègent le bassin fluvial commun.\n\n"
             "2. Les Parties font rapport tous les deux ans.\n")


IMPORTED = ("Objective 1: Cooperate on return\n\n"
            "1. We commit to cooperate on safe and dignified return.\n"
            "2. We further commit to review progress every four years.\n")
DRAFTS_HIDDEN = frozenset({Role.CO_FACILITATOR, Role.SECRETARIAT, Role.OBSERVER})
DRAFT_NOTE = "a draft is seen only by its delegation: others get 404, not 403"

PROBES: list[Probe] = [
    # process, phases, people
    Probe("GET", "/processes/{process_id}", Action.VIEW_PROCESS, _get(_p())),
    Probe("POST", "/processes/{process_id}/phase", Action.CHANGE_PHASE, _change_phase,
          writes=True),
    Probe("PATCH", "/processes/{process_id}", Action.CONFIGURE_PROCESS,
          _call("PATCH", _p(), lambda s: {"title": f"Compact on Human Mobility ({s.n()})"}),
          writes=True),
    Probe("GET", "/processes/{process_id}/delegations", Action.VIEW_PARTICIPANTS,
          _get(_p("/delegations"))),
    Probe("POST", "/processes/{process_id}/delegations", Action.MANAGE_DELEGATIONS,
          _call("POST", _p("/delegations"),
                lambda s: {"code": f"D{s.n()}", "name": "Delegation", "kind": "state"}),
          writes=True),
    Probe("POST", "/processes/{process_id}/delegations/{group_id}/members",
          Action.MANAGE_DELEGATIONS, _group_member("POST"), writes=True),
    Probe("DELETE", "/processes/{process_id}/delegations/{group_id}/members/{member_id}",
          Action.MANAGE_DELEGATIONS, _group_member("DELETE"), writes=True),
    Probe("PATCH", "/processes/{process_id}/delegations/{delegation_id}",
          Action.MANAGE_DELEGATIONS, _on_delegation("PATCH", body="name"), writes=True),
    Probe("DELETE", "/processes/{process_id}/delegations/{delegation_id}",
          Action.MANAGE_DELEGATIONS, _on_delegation("DELETE"), writes=True),
    Probe("GET", "/processes/{process_id}/invitations", Action.MANAGE_PARTICIPANTS,
          _get(_p("/invitations")), action_for={Role.DELEGATE: Action.ADD_OWN_DELEGATE}),
    Probe("DELETE", "/processes/{process_id}/invitations/{invitation_id}",
          Action.MANAGE_PARTICIPANTS, _on_invitation("DELETE"), writes=True,
          action_for={Role.DELEGATE: Action.ADD_OWN_DELEGATE}),
    Probe("POST", "/processes/{process_id}/invitations/{invitation_id}/resend",
          Action.MANAGE_PARTICIPANTS, _on_invitation("POST", "/resend"), writes=True,
          action_for={Role.DELEGATE: Action.ADD_OWN_DELEGATE}),
    Probe("GET", "/processes/{process_id}/participants", Action.VIEW_PARTICIPANTS,
          _get(_p("/participants"))),
    Probe("POST", "/processes/{process_id}/participants", Action.MANAGE_PARTICIPANTS,
          _add_participant("observer"), writes=True),
    Probe("POST", "/processes/{process_id}/participants#delegate", Action.MANAGE_PARTICIPANTS,
          _add_participant("delegate"), writes=True,
          action_for={Role.DELEGATE: Action.ADD_OWN_DELEGATE}),
    Probe("PATCH", "/processes/{process_id}/participants/{participant_id}",
          Action.MANAGE_PARTICIPANTS,
          _on_participant("PATCH", "observer", None, body={"role": "secretariat"}),
          writes=True),
    Probe("DELETE", "/processes/{process_id}/participants/{participant_id}",
          Action.MANAGE_PARTICIPANTS, _on_participant("DELETE", "observer", None), writes=True),
    Probe("DELETE", "/processes/{process_id}/participants/{participant_id}#delegate",
          Action.MANAGE_PARTICIPANTS, _on_participant("DELETE", "delegate", "MEX"),
          writes=True, action_for={Role.DELEGATE: Action.ADD_OWN_DELEGATE}),
    Probe("POST", "/processes/{process_id}/participants/{participant_id}/focal-point",
          Action.MANAGE_PARTICIPANTS,
          _on_participant("POST", "delegate", "MEX", suffix="/focal-point"), writes=True,
          action_for={Role.DELEGATE: Action.ADD_OWN_DELEGATE}),
    # consultation
    Probe("GET", "/processes/{process_id}/inputs", Action.VIEW_INPUTS, _get(_p("/inputs"))),
    Probe("POST", "/processes/{process_id}/inputs", Action.SUBMIT_INPUT,
          _call("POST", _p("/inputs"),
                lambda s: {"cluster": "rights", "kind": "statement", "title": "Statement",
                           "body": f"Rights of all migrants ({s.n()})."}), writes=True),
    Probe("GET", "/processes/{process_id}/summaries", Action.VIEW_INPUTS,
          _get(_p("/summaries"))),
    Probe("POST", "/processes/{process_id}/summaries", Action.WRITE_SUMMARY,
          _call("POST", _p("/summaries"),
                lambda s: {"kind": "session", "cluster": "rights", "title": "Session summary",
                           "body": f"The session heard many statements ({s.n()})."}),
          writes=True),
    Probe("POST", "/processes/{process_id}/clusters", Action.CONFIGURE_PROCESS,
          _call("POST", _p("/clusters"), lambda s: {"name": f"Cluster {s.n()}"}), writes=True),
    Probe("PATCH", "/processes/{process_id}/clusters/{key}", Action.CONFIGURE_PROCESS,
          _rename_cluster, writes=True),
    # the text
    Probe("GET", "/processes/{process_id}/documents", Action.VIEW_REVISIONS,
          _get(_p("/documents"))),
    Probe("POST", "/processes/{process_id}/documents", Action.CREATE_DOCUMENT,
          _call("POST", _p("/documents"),
                lambda s: {"title": f"Political declaration {s.n()}", "units": ZERO_DRAFT[:2]}),
          writes=True),
    Probe("POST", "/processes/{process_id}/documents/import#preview", Action.CREATE_DOCUMENT,
          _call("POST", _p("/documents/import"),
                lambda s: {"format": "text", "source": IMPORTED, "preview": True})),
    Probe("POST", "/processes/{process_id}/documents/import", Action.CREATE_DOCUMENT,
          _call("POST", _p("/documents/import"),
                lambda s: {"format": "text", "source": IMPORTED, "preview": False,
                           "title": f"Imported draft {s.n()}"}), writes=True),
    Probe("GET", "/documents/{document_id}", Action.VIEW_REVISIONS, _get(_d())),
    Probe("GET", "/documents/{document_id}/revisions", Action.VIEW_REVISIONS,
          _get(_d("/revisions"))),
    Probe("GET", "/documents/{document_id}/revisions/{sequence}", Action.VIEW_REVISIONS,
          _get(_d("/revisions/0"))),
    Probe("GET", "/documents/{document_id}/diff", Action.VIEW_REVISIONS,
          _get(_d("/diff"), **{"from": 0, "to": 0})),
    # search (what each person may see of the hits is tests/api/test_search.py's)
    Probe("GET", "/processes/{process_id}/search", Action.VIEW_PROCESS,
          _get(_p("/search"), q="return")),
    Probe("GET", "/processes/{process_id}/search/languages", Action.VIEW_PROCESS,
          _get(_p("/search/languages"))),
    Probe("GET", "/documents/{document_id}/amendment-counts", Action.VIEW_REVISIONS,
          _get(_d("/amendment-counts"), revision=0)),
    Probe("GET", "/documents/{document_id}/revisions/{sequence}/compilation",
          Action.VIEW_REVISIONS, _get(_d("/revisions/0/compilation"))),
    Probe("GET", "/documents/{document_id}/collisions", Action.VIEW_REVISIONS,
          _get(_d("/collisions"))),
    Probe("GET", "/processes/{process_id}/dashboard", Action.VIEW_REVISIONS,
          _get(_p("/dashboard"))),
    Probe("GET", "/documents/{document_id}/lineage", Action.VIEW_REVISIONS,
          _get(_d("/lineage"), **{"from": 0, "to": 0})),
    Probe("GET", "/documents/{document_id}/units/{key}/attribution", Action.VIEW_REVISIONS,
          _get(_d("/units/op1/attribution"))),
    Probe("GET", "/documents/{document_id}/working-copy", Action.VIEW_WORKING_COPY,
          _get(_d("/working-copy"))),
    Probe("PATCH", "/documents/{document_id}/working-copy/units/{key}", Action.EDIT_WORKING_COPY,
          _edit_text, writes=True),
    Probe("PATCH", "/documents/{document_id}/working-copy/units/{key}#status",
          Action.SET_UNIT_STATUS, _set_status, writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/units", Action.EDIT_WORKING_COPY,
          _insert_unit, writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/units/{key}/delete",
          Action.EDIT_WORKING_COPY, _delete_unit, writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/renumber", Action.EDIT_WORKING_COPY,
          _call("POST", _d("/working-copy/renumber"),
                lambda s: {"base_version": s.working_copy()["version"]}), writes=True),
    Probe("GET", "/documents/{document_id}/working-copy/renumber/preview",
          Action.EDIT_WORKING_COPY, _get(_d("/working-copy/renumber/preview"))),
    Probe("POST", "/documents/{document_id}/revisions", Action.PUBLISH_REVISION, _publish,
          writes=True),
    Probe("POST", "/documents/{document_id}/revisions/preview", Action.PUBLISH_REVISION,
          _preview_publication),
    Probe("POST", "/documents/{document_id}/revisions/{sequence}/units/{key}/reopen",
          Action.SET_UNIT_STATUS, _reopen, writes=True),
    # amendments
    Probe("GET", "/processes/{process_id}/amendments", Action.VIEW_AMENDMENTS,
          _get(_p("/amendments"))),
    Probe("POST", "/processes/{process_id}/amendments", Action.PROPOSE_AMENDMENT, _propose,
          writes=True),
    Probe("GET", "/amendments/{amendment_id}", Action.VIEW_AMENDMENTS,
          _on_amendment("che", "submitted", "GET", "", None)),
    Probe("PATCH", "/amendments/{amendment_id}", Action.PROPOSE_AMENDMENT,
          _on_amendment("mex", "draft", "PATCH", "",
                        lambda s, a: {"base_version": a["version"], "text": s.amendment_text()}),
          writes=True, hidden_from=DRAFTS_HIDDEN, why_hidden=DRAFT_NOTE),
    Probe("POST", "/amendments/{amendment_id}/submit", Action.PROPOSE_AMENDMENT,
          _on_amendment("mex", "draft", "POST", "/submit", _version),
          writes=True, hidden_from=DRAFTS_HIDDEN, why_hidden=DRAFT_NOTE),
    Probe("POST", "/amendments/{amendment_id}/withdraw", Action.WITHDRAW_AMENDMENT,
          _on_amendment("mex", "submitted", "POST", "/withdraw", _version), writes=True),
    Probe("PUT", "/amendments/{amendment_id}/co-proponents", Action.PROPOSE_AMENDMENT,
          _on_amendment("mex", "submitted", "PUT", "/co-proponents",
                        lambda s, a: {"base_version": a["version"], "co_proponents": ["NGA"]}),
          writes=True),
    Probe("PUT", "/amendments/{amendment_id}/co-sponsorship", Action.CO_SPONSOR_AMENDMENT,
          _co_sponsor, writes=True),
    Probe("PUT", "/amendments/{amendment_id}/stance", Action.RESPOND_TO_AMENDMENT,
          _on_amendment("che", "submitted", "PUT", "/stance", lambda s, a: {"stance": "support"}),
          writes=True),
    Probe("POST", "/amendments/{amendment_id}/decision", Action.DECIDE_AMENDMENT,
          _on_amendment("che", "submitted", "POST", "/decision",
                        lambda s, a: {"base_version": a["version"], "decision": "not_reflected",
                                      "note": "Not taken up."}), writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/applications", Action.APPLY_AMENDMENT,
          _apply, writes=True),
    Probe("GET", "/documents/{document_id}/working-copy/applications", Action.VIEW_WORKING_COPY,
          _get(_d("/working-copy/applications"))),
    # silence procedure and history
    Probe("GET", "/processes/{process_id}/silence", Action.VIEW_REVISIONS,
          _get(_p("/silence"))),
    Probe("POST", "/processes/{process_id}/silence", Action.START_SILENCE, _start_silence,
          writes=True),
    Probe("GET", "/silence/{silence_id}", Action.VIEW_REVISIONS,
          lambda s: _get(lambda _: f"/silence/{s.any_silence()}")(s)),
    Probe("POST", "/silence/{silence_id}/break", Action.BREAK_SILENCE, _break_silence,
          writes=True),
    Probe("GET", "/processes/{process_id}/log", Action.VIEW_LOG, _get(_p("/log"))),
    Probe("GET", "/documents/{document_id}/revisions/{sequence}/export", Action.VIEW_REVISIONS,
          _get(_d("/revisions/0/export"), format="markdown")),
    Probe("GET", "/documents/{document_id}/working-copy/export", Action.VIEW_WORKING_COPY,
          _get(_d("/working-copy/export"), format="text")),
    Probe("GET", "/documents/{document_id}/diff/export", Action.VIEW_REVISIONS,
          _get(_d("/diff/export"), **{"from": 0, "to": 0, "format": "html"})),
    Probe("GET", "/documents/{document_id}/revisions/{sequence}/compilation/export",
          Action.VIEW_REVISIONS, _get(_d("/revisions/0/compilation/export"), format="text")),
    Probe("GET", "/documents/{document_id}/amendments/export", Action.VIEW_REVISIONS,
          _get(_d("/amendments/export"))),
    Probe("GET", "/amendments/{amendment_id}/export", Action.VIEW_AMENDMENTS,
          _on_amendment("che", "submitted", "GET", "/export", None)),
    Probe("GET", "/processes/{process_id}/revisions.atom", Action.VIEW_REVISIONS,
          _get(_p("/revisions.atom"))),
    Probe("POST", "/processes/{process_id}/documents/import-file", Action.CREATE_DOCUMENT,
          _call("POST", _p("/documents/import-file"),
                lambda s: {"format": "text", "preview": False,
                           "content_base64": base64.b64encode(IMPORTED.encode()).decode(),
                           "title": f"Imported file {s.n()}"}), writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/import", Action.EDIT_WORKING_COPY,
          _reimport, writes=True),
    Probe("PUT",
          "/documents/{document_id}/revisions/{sequence}/languages/{language}/units/{key}",
          Action.EDIT_TRANSLATIONS,
          _call("PUT", _d("/revisions/0/languages/fr/units/op1"),
                lambda s: {"text": f"Nous coopérons ({s.n()})."}), writes=True),
    Probe("GET", "/documents/{document_id}/revisions/{sequence}/languages",
          Action.VIEW_REVISIONS, _get(_d("/revisions/0/languages"), langs="en,fr")),
    Probe("GET", "/documents/{document_id}/revisions/{sequence}/languages/{language}/out-of-date",
          Action.VIEW_REVISIONS, _get(_d("/revisions/0/languages/fr/out-of-date"))),
    Probe("GET", "/documents/{document_id}/working-copy/languages", Action.VIEW_WORKING_COPY,
          _get(_d("/working-copy/languages"), langs="en,fr")),
    Probe("GET", "/documents/{document_id}/working-copy/languages/{language}/out-of-date",
          Action.VIEW_WORKING_COPY, _get(_d("/working-copy/languages/fr/out-of-date"))),
    Probe("PUT", "/documents/{document_id}/working-copy/languages/{language}/units/{key}",
          Action.EDIT_TRANSLATIONS,
          _call("PUT", _d("/working-copy/languages/es/units/op1"),
                lambda s: {"text": f"Cooperamos ({s.n()})."}), writes=True),
    Probe("POST", "/documents/{document_id}/revisions/{sequence}/languages/{language}/import",
          Action.EDIT_TRANSLATIONS, _import_translation, writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/languages/{language}/import",
          Action.EDIT_TRANSLATIONS, _import_translation_working, writes=True),
    Probe("PUT", "/documents/{document_id}/revisions/{sequence}/languages/source",
          Action.EDIT_TRANSLATIONS, _set_source_language("/revisions/0/languages/source"),
          writes=True),
    Probe("PUT", "/documents/{document_id}/working-copy/languages/source",
          Action.EDIT_TRANSLATIONS, _set_source_language("/working-copy/languages/source"),
          writes=True),
    Probe("POST", "/processes/{process_id}/documents/upload", Action.CREATE_DOCUMENT,
          _upload_document, writes=True),
    Probe("POST", "/documents/{document_id}/working-copy/upload", Action.EDIT_WORKING_COPY,
          _upload_revision, writes=True),
    Probe("GET", "/documents/{document_id}/room", Action.VIEW_REVISIONS, _get(_d("/room"))),
    Probe("PUT", "/documents/{document_id}/room/sharing", Action.SHARE_WORKING_COPY,
          _share_and_unshare, writes=True),
    Probe("PUT", "/documents/{document_id}/room/discussion", Action.SET_DISCUSSION,
          _call("PUT", _d("/room/discussion"),
                lambda s: {"unit": ("op1", "op2")[s.n() % 2]}), writes=True),
]



def _in_a_process(endpoint: str) -> bool:
    """Signing in, the catalogue of codes, the list of one's processes (and opening one, for
    administrators), answering an invitation, what administrators do to accounts and one's
    own inbox (across processes; each item is the policy's, tests/api/test_inbox.py) stand
    outside any process: not part of the matrix."""
    return endpoint.split(" ")[1].split("/")[1] not in (
        "auth", "catalogue", "invitations", "administrators", "users", "inbox") and \
        endpoint not in {"GET /processes", "POST /processes"}


#: Endpoints of this stop not yet probed cell by cell: their own tests check who may use them
#: in which phase (tests/api/test_translations.py, test_markup.py, test_lineage_import.py);
#: the next stop adds their probes and empties this set.
NOT_YET_PROBED = frozenset({
    "POST /documents/{document_id}/markup",
    "POST /documents/{document_id}/markup/preview",
    # a read answering from the policy (markup_delegations), checked in test_markup.py
    "GET /processes/{process_id}/markup/delegations",
})

CELLS = [(phase, probe, role) for phase in PHASES for probe in PROBES for role in REPRESENTATIVE]


def _cell_id(phase: str, probe: Probe, role: Role) -> str:
    return f"{phase}-{role.value}-{probe.action_of(role).value}-{probe.name}"


# ---- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def scene(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          sqlite_template: Path, reset_postgres: Callable[[str], None]) -> Iterator[Scene]:
    """One negotiation world per backend, shared by every cell of the matrix."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("matrix") / "accord.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database")
        reset_postgres(url)
    clock = Clock()
    app = create_app(config.TestConfig(url))
    app.extensions["accord"].clock = clock
    world = build_world(Driver(app))
    built = Scene(world, clock, app)
    # Observers see attributed amendments in every phase here, so that the role x phase table
    # (not the visibility setting) decides what they may do with one.
    built.set_observer_sight(PHASES)
    yield built
    app.extensions["accord"].engine.dispose()


@pytest.fixture
def at(scene: Scene, request: pytest.FixtureRequest) -> Scene:
    """The scene, in the phase the cell names (indirect parameter ``at``)."""
    scene.goto(request.param)
    return scene


# ---- the matrix ----------------------------------------------------------------------------


def test_every_process_endpoint_is_in_the_matrix(scene: Scene) -> None:
    spec = scene.world["cofac"].get("/openapi.json")
    assert spec.status == 200
    published = {f"{method.upper()} {path.removeprefix('/api/v1')}"
                 for path, operations in spec.body["paths"].items() for method in operations}
    probed = {probe.name.split("#")[0] for probe in PROBES}
    assert {e for e in published if _in_a_process(e)} - probed - NOT_YET_PROBED == set(), \
        "endpoints missing from the matrix"
    assert published >= NOT_YET_PROBED
    assert not NOT_YET_PROBED & probed
    assert probed - published == set(), "probes of endpoints that no longer exist"
    covered = {probe.action_of(role) for probe in PROBES for role in REPRESENTATIVE}
    assert set(Action) - covered == set(), "policy actions that no endpoint performs"


@pytest.mark.parametrize(("at", "probe", "role"), CELLS, indirect=["at"],
                         ids=[_cell_id(*cell) for cell in CELLS])
def test_cell(at: Scene, probe: Probe, role: Role) -> None:
    scene = at
    phase = Phase(scene.phase())
    action = probe.action_of(role)
    allowed = expected(role, action, phase)
    hidden = role in probe.hidden_from
    who = scene.world[REPRESENTATIVE[role]]
    send = probe.prepare(scene)
    assert scene.phase() == phase.value, "a precondition did not return to the phase"
    # What the server tells the browser this person may do is what it then accepts.
    shown = who.ok("GET", scene.world.p)
    told = shown["actions"]
    # Observers see attributed amendments only in the phases the process names.
    narrowed = action is Action.VIEW_AMENDMENTS and role is Role.OBSERVER and (
        phase.value not in shown["observers_see_amendments_in"])
    assert (action.value in told) == (allowed and not narrowed), (
        f"{who.name} ({role.value}) in {phase.value} is told {told}; {action.value} is "
        f"{'allowed' if allowed else 'refused'}")
    before = scene.log_head()
    try:
        reply = send(who)
        after = scene.log_after(before)
        cell = (f"{probe.name} by {who.name} ({role.value}) in {phase.value} "
                f"[{action.value}]: {reply.status} {reply.body}")
        if hidden:
            assert reply.status == 404 and reply.error["code"] == "not_found", \
                f"expected 404 ({probe.why_hidden}); got {cell}"
            assert after == [], f"refused, yet the log grew by {after}; {cell}"
        elif allowed:
            assert reply.status != 403, f"the domain allows this, the API refused it: {cell}"
            assert 200 <= reply.status < 300, f"allowed with valid preconditions: {cell}"
            if probe.writes:
                assert after, f"an allowed write left no entry in the process log: {cell}"
        else:
            assert reply.status == 403, f"the domain refuses this: expected 403, got {cell}"
            assert reply.error["code"] == "forbidden", cell
            assert after == [], f"refused, yet the log grew by {after}; {cell}"
    finally:
        if probe.action is Action.CHANGE_PHASE:  # it may have moved the process: go back
            scene.phase(fresh=True)
            scene.goto(phase.value)


# ---- object-level rules over HTTP ----------------------------------------------------------


def test_observers_without_the_setting_see_no_attributed_amendments(scene: Scene) -> None:
    """With the default setting observers cannot even learn that amendments exist: 404 on each
    one (not 403), and none in the list; the other roles are not affected."""
    scene.goto("negotiation")
    amendment = scene.proposal("che", "submitted")
    scene.set_observer_sight([])
    try:
        obs = scene.world["obs"]
        before = scene.log_head()
        assert obs.get(f"/amendments/{amendment['id']}").status == 404
        listed = obs.get(f"{scene.world.p}/amendments")
        assert listed.status == 200 and listed.body == []
        for method, suffix, body in [
                ("PUT", "/stance", {"stance": "support"}),
                ("POST", "/withdraw", {"base_version": amendment["version"]}),
                ("POST", "/decision", {"base_version": amendment["version"],
                                       "decision": "reflected"})]:
            reply = obs.call(method, f"/amendments/{amendment['id']}{suffix}", body)
            assert reply.status == 404, (method, suffix, reply.status, reply.body)
        assert scene.log_after(before) == []
        for name in ("cofac", "sec", "mex"):
            ids = [a["id"] for a in scene.world[name].ok("GET", f"{scene.world.p}/amendments")]
            assert amendment["id"] in ids, name
    finally:
        scene.set_observer_sight(PHASES)


@pytest.mark.parametrize("probe", PROBES, ids=[probe.name for probe in PROBES])
def test_someone_outside_the_process_learns_nothing(scene: Scene, probe: Probe) -> None:
    """A signed-in user who takes no part in the process gets 404 everywhere, changing
    nothing."""
    scene.goto("negotiation")
    send = probe.prepare(scene)
    before = scene.log_head()
    reply = send(scene.world["outsider"])
    assert reply.status == 404, (probe.name, reply.status, reply.body)
    assert reply.error["code"] == "not_found"
    assert scene.log_after(before) == []


@pytest.mark.parametrize("target", ["concluded", "stocktaking"])
def test_leaving_negotiation_does_not_take_away_the_right_to_break_silence(
        scene: Scene, target: str) -> None:
    """A text under silence is adopted unless a delegation breaks silence before the deadline
    (DOMAIN.md). So while a procedure runs, either the co-facilitators cannot move the process
    out of negotiation, or delegations can still break silence after they did."""
    scene.goto("negotiation")
    scene.no_silence_running()
    silence_id = scene.running_silence()
    try:
        moved = scene.cofac.post(f"{scene.world.p}/phase", {"phase": target, "reason": REASON})
        scene.phase(fresh=True)
        if moved.status == 200:
            broken = scene.world["mex"].post(f"/silence/{silence_id}/break",
                                             {"reason": "Mexico objects to paragraph 2."})
            assert broken.status == 200, (
                f"The process moved to {target} while silence {silence_id} was running, and "
                f"a delegation can no longer break it before its deadline: {broken.status} "
                f"{broken.body}")
        else:
            assert moved.status in (409, 422), (moved.status, moved.body)
    finally:
        scene.goto("negotiation")
        scene.no_silence_running()
