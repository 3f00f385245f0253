"""World builders: the negotiations the API tests act in, built through the API with the
driver (``tests.support.driver``), and the co-facilitator's pen on a working copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.support.driver import As, Driver


@dataclass
class World:
    """A process in negotiation with a published zero draft of six units."""

    process_id: int
    document_id: int
    revision_id: int
    people: dict[str, As] = field(default_factory=dict)
    driver: Driver | None = None

    def __getitem__(self, name: str) -> As:
        return self.people[name]

    @property
    def p(self) -> str:
        return f"/processes/{self.process_id}"

    @property
    def d(self) -> str:
        return f"/documents/{self.document_id}"

    def working_version(self) -> int:
        version: int = self["cofac"].ok("GET", f"{self.d}/working-copy")["version"]
        return version

    def propose(self, who: str = "mex", unit: str = "op1", kind: str = "change_words",
                text: str | None = "We commit to cooperate on safe, dignified and "
                                   "sustainable return.", submit: bool = True,
                **extra: Any) -> dict[str, Any]:
        body = {"revision_id": self.revision_id, "unit": unit, "kind": kind, "text": text,
                "submit": submit, **extra}
        if text is None:
            body.pop("text")
        reply = self[who].post(f"{self.p}/amendments", body)
        assert reply.status == 201, reply.body
        result: dict[str, Any] = reply.body
        return result

    def set_phase(self, phase: str) -> None:
        current = self["cofac"].ok("GET", self.p)["phase"]
        if current == phase:
            return
        reply = self["cofac"].post(f"{self.p}/phase", {"phase": phase,
                                                       "reason": "Testing every phase."})
        assert reply.status == 200, reply.body


ZERO_DRAFT = [
    {"key": "pre", "kind": "preamble", "heading": "Preamble"},
    {"key": "pp1", "kind": "paragraph", "parent": "pre", "number": "1",
     "text": "We, the Heads of State and Government, have gathered to affirm our resolve."},
    {"key": "obj1", "kind": "section", "heading": "Objective 1: Cooperate on return"},
    {"key": "op1", "kind": "paragraph", "parent": "obj1", "number": "2",
     "text": "We commit to cooperate on safe and dignified return [and regional] frameworks."},
    {"key": "op1a", "kind": "subparagraph", "parent": "op1", "number": "(a)",
     "text": "Develop bilateral frameworks for return;"},
    {"key": "op2", "kind": "paragraph", "parent": "obj1", "number": "3",
     "text": "We further commit to review progress every four years."},
]


def build_world(api: Driver, *, phase: str = "negotiation") -> World:
    """The process the tests negotiate in: "Compact on Human Mobility", a published zero
    draft (``ZERO_DRAFT``), then ``phase``. People: "admin"; co-facilitators "cofac" and
    "cofac2"; "sec" of the secretariat; the focal points "mex", "che", "nga" of Mexico,
    Switzerland and Nigeria, and "afg" of the African Group (Nigeria and Egypt); observer
    "obs"; "outsider", who has an account but takes no part."""
    admin = api.user("admin@accord.example", admin=True)
    process = admin.ok("POST", "/processes", {
        "slug": "compact", "title": "Compact on Human Mobility",
        "clusters": [{"key": "rights", "name": "Human rights of all migrants"},
                     {"key": "drivers", "name": "Drivers of migration"}]}, status=201)
    pid = process["id"]
    cofac = api.add(admin, pid, "cofac@accord.example", "co_facilitator")
    people: dict[str, As] = {"admin": admin, "cofac": cofac}
    people["cofac2"] = api.add(cofac, pid, "cofac2@accord.example", "co_facilitator")
    people["sec"] = api.add(cofac, pid, "sec@accord.example", "secretariat")
    for code, name in [("MEX", "Mexico"), ("CHE", "Switzerland"), ("NGA", "Nigeria"),
                       ("EGY", "Egypt")]:
        cofac.ok("POST", f"/processes/{pid}/delegations",
                 {"code": code, "name": name, "kind": "state"}, status=201)
    cofac.ok("POST", f"/processes/{pid}/delegations",
             {"code": "AFRICAN_GROUP", "name": "African Group", "kind": "group",
              "members": ["NGA", "EGY"]}, status=201)
    for who, code in [("mex", "MEX"), ("che", "CHE"), ("nga", "NGA"),
                      ("afg", "AFRICAN_GROUP")]:
        people[who] = api.add(cofac, pid, f"{who}@accord.example", "delegate", code,
                               focal_point=True)
    people["obs"] = api.add(cofac, pid, "obs@accord.example", "observer")
    people["outsider"] = api.user("outsider@accord.example")
    cofac.ok("POST", f"/processes/{pid}/phase", {"phase": "stocktaking"})
    draft = cofac.ok("POST", f"/processes/{pid}/documents",
                     {"title": "Compact on Human Mobility", "units": ZERO_DRAFT},
                     status=201)
    published = cofac.ok("POST", f"/documents/{draft['document_id']}/revisions",
                         {"base_version": draft["version"]}, status=201)
    world = World(pid, draft["document_id"], published["revision"]["id"], people, api)
    world.set_phase(phase)
    return world


def open_process(api: Driver, *, slug: str = "open-talks",
                 observers_see: tuple[str, ...] = ("negotiation",)) -> World:
    """A small process in negotiation whose observers see attributed amendments in the given
    phases: co-facilitator "cofac", delegations MEX and CHE (focal points "mex", "che"),
    observer "obs", a published zero draft of two units "p1", "p2"."""
    admin = api.user(f"admin@{slug}.example", admin=True)
    process = admin.ok("POST", "/processes", {"slug": slug, "title": "Open talks",
                                               "observers_see_amendments_in":
                                                   list(observers_see)}, status=201)
    pid = process["id"]
    cofac = api.add(admin, pid, f"cofac@{slug}.example", "co_facilitator")
    people: dict[str, As] = {"admin": admin, "cofac": cofac}
    for code, name in [("MEX", "Mexico"), ("CHE", "Switzerland")]:
        cofac.ok("POST", f"/processes/{pid}/delegations",
                 {"code": code, "name": name, "kind": "state"}, status=201)
    people["mex"] = api.add(cofac, pid, f"mex@{slug}.example", "delegate", "MEX",
                            focal_point=True)
    people["che"] = api.add(cofac, pid, f"che@{slug}.example", "delegate", "CHE",
                            focal_point=True)
    people["obs"] = api.add(cofac, pid, f"obs@{slug}.example", "observer")
    cofac.ok("POST", f"/processes/{pid}/phase", {"phase": "stocktaking"})
    draft = cofac.ok("POST", f"/processes/{pid}/documents", {"title": "Open text", "units": [
        {"key": "p1", "kind": "paragraph", "number": "1", "text": "Parties shall cooperate."},
        {"key": "p2", "kind": "paragraph", "number": "2", "text": "Parties shall report."}]},
        status=201)
    published = cofac.ok("POST", f"/documents/{draft['document_id']}/revisions",
                         {"base_version": draft["version"]}, status=201)
    cofac.ok("POST", f"/processes/{pid}/phase", {"phase": "negotiation"})
    return World(pid, draft["document_id"], published["revision"]["id"], people, api)


def snapshot(world: World) -> dict[str, Any]:
    """What a rejected request must leave as it was."""
    cofac = world["cofac"]
    return {
        "process": cofac.ok("GET", world.p),
        "log": cofac.get(f"{world.p}/log", limit=1000).body,
        "amendments": {name: world[name].get(f"{world.p}/amendments", limit=1000).body
                       for name in ("cofac", "mex", "che", "nga", "afg")},
        "documents": cofac.ok("GET", f"{world.p}/documents"),
        "working": cofac.ok("GET", f"{world.d}/working-copy"),
        "silence": cofac.ok("GET", f"{world.p}/silence"),
        "delegations": cofac.ok("GET", f"{world.p}/delegations"),
        "participants": cofac.ok("GET", f"{world.p}/participants"),
    }


class Pen:
    """The co-facilitator's pen on the working copy, tracking its version."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.cofac = world["cofac"]
        self.version = world.working_version()

    def _done(self, result: dict[str, Any]) -> dict[str, Any]:
        assert result["version"] == self.version + 1, result["version"]
        self.version = result["version"]
        return result

    def edit(self, key: str, **fields: Any) -> dict[str, Any]:
        return self._done(self.cofac.ok("PATCH", f"{self.world.d}/working-copy/units/{key}",
                                        {"base_version": self.version, **fields}))

    def insert(self, after: str | None, **unit: Any) -> dict[str, Any]:
        return self._done(self.cofac.ok("POST", f"{self.world.d}/working-copy/units",
                                        {"base_version": self.version, "after": after,
                                         "unit": unit}, status=201))

    def delete(self, key: str) -> dict[str, Any]:
        return self._done(self.cofac.ok("POST",
                                        f"{self.world.d}/working-copy/units/{key}/delete",
                                        {"base_version": self.version}))

    def renumber(self) -> dict[str, Any]:
        return self._done(self.cofac.ok("POST", f"{self.world.d}/working-copy/renumber",
                                        {"base_version": self.version}))

    def publish(self, label: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"base_version": self.version}
        if label is not None:
            body["label"] = label
        result: dict[str, Any] = self.cofac.ok("POST", f"{self.world.d}/revisions", body,
                                               status=201)
        self.version = 1  # the new working copy starts again
        return result


def publish_rev1(world: World) -> dict[str, Any]:
    """Rev.1: op1 reworded and agreed ad ref, a 2 bis inserted, op1a deleted, op2 renumbered."""
    pen = Pen(world)
    pen.edit("op1", text="We commit to cooperate on safe, dignified and sustainable return.",
             status="agreed_ad_ref")
    pen.insert("op1", key="op1bis", kind="paragraph", parent="obj1", number="2 bis",
               text="We commit to reintegration.")
    pen.delete("op1a")
    pen.edit("op2", number="4", text="We further commit to review progress every two years.")
    return pen.publish()
