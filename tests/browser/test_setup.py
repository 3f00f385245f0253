"""Issue 13, "Done when": a process set up from an EMPTY database entirely in the browser.

Its own server (not the demo's), whose database holds one administrator made with
``accord user add --admin``, as a deployment starts. In chromium:

1. the administrator opens a process from the page (title, time zone, phase) and invites a
   co-facilitator, whose invitation link arrives through the test SMTP server;
2. the co-facilitator accepts (choosing their own password), adds delegations and a group
   with members, renames one, removes another after confirming, adds a thematic cluster and
   writes the stocktaking summary;
3. the administrator invites Mexico's focal point, sends another invitation again and revokes
   it, each listed as not yet answered;
4. the co-facilitator imports the plastics treaty's zero draft PDF on the import page (skipped
   with the reason when /work/shared/data is absent), previews the renumbering, publishes the
   zero draft and moves the process to negotiation, each after a confirmation;
5. the delegate finds a word, reads in its inbox that the zero draft was published, downloads
   the compilation as DOCX, and changes its name on its account screen.

Every new view is checked with axe-core, and the screens are photographed (70-79).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import Page, axe, go, need_browser, screenshot
from tests.support.data import ROOT
from tests.support.mail import link_in, mailbox
from tests.support.servers import ServerProcess, accord, free_port, server_env

PLASTICS = ROOT.parent / "shared" / "data" / "plastics-inc-2023"
ZERO_DRAFT = PLASTICS / "UNEP-PP-INC.3-4-zero-draft-2023-09-04.pdf"
ADMIN = "root@accord.example"
PASSWORD = "the administrator's own 1"


class EmptyServer:
    """A server on a fresh database with only an administrator."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server

    @property
    def base(self) -> str:
        return self.server.base


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmptyServer]:
    need_browser()
    work = tmp_path_factory.mktemp("setup")
    env = server_env(f"sqlite:///{work / 'accord.sqlite3'}", work / "instance", free_port())
    env["ACCORD_LOGIN_RATE"] = "1000/minute"
    accord(env, "db", "upgrade")
    accord(env, "user", "add", ADMIN, "--name", "Root Administrator", "--admin",
           "--password", PASSWORD)
    server = ServerProcess(env, work / "server.log")
    server.start(60)
    try:
        yield EmptyServer(server)
    finally:
        server.kill()


@pytest.fixture(scope="module")
def chromium(browser: Any, empty_server: EmptyServer) -> Any:
    """The session's browser: Playwright's sync API runs one instance per process, so a
    second ``sync_playwright()`` beside the session's would fail (it did, in the full run)."""
    return browser


class People:
    """A browser context per person, each page recording its script errors."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.contexts: list[Any] = []

    def page(self) -> Page:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900},
                                           base_url=self.base, accept_downloads=True)
        self.contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"),
                                          dialog.dismiss()))
        return page

    def sign_in(self, email: str, password: str) -> Page:
        page = self.page()
        page.goto("/")
        page.fill("#email", email)
        page.fill("#password", password)
        page.click("#signin-form button[type=submit]")
        page.wait_for_selector("#processes-title")
        return page

    def accept(self, token: str, password: str) -> Page:
        """The invited person opens the link they were mailed and chooses their password."""
        page = self.page()
        page.goto(f"/#/invitation/{token}")
        page.wait_for_selector("#invitation-title")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Password again").fill(password)
        page.get_by_role("button", name="Accept").click()
        page.wait_for_selector("#home-title")
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def invite(page: Page, email: str, name: str, role: str, delegation: str | None = None,
           focal_point: bool = False) -> str:
    """Fill the People screen's invitation form; the token of the link mailed."""
    since = mailbox().mark()
    form = page.locator("form.invite")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Role", exact=True).select_option(role)
    if delegation:
        form.get_by_label("Delegation", exact=True).select_option(delegation)
    if focal_point:
        form.get_by_label("Focal point of the delegation").check()
    form.get_by_role("button", name="Send the invitation").click()
    page.wait_for_selector(f"table.invitations tr.invited:has-text('{email}')")
    kind, token = link_in(mailbox().wait_for(email, since))
    assert kind == "invitation"
    return token


def add_delegation(page: Page, name: str, code: str, kind: str = "state",
                   members: tuple[str, ...] = (), proposed: str | None = None) -> None:
    """Add a delegation with the form; the code proposed from the name is ``proposed`` (the
    code itself unless given), and ``code`` is what is sent."""
    form = page.locator("form.add-delegation")
    form.get_by_label("Name", exact=True).fill(name)
    assert form.get_by_label("Code").input_value() == (proposed or code)
    form.get_by_label("Code").fill(code)
    form.get_by_label("Kind").select_option(kind)
    for member in members:
        form.get_by_label(member, exact=True).check()
    form.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_selector(f"[data-code='{code}'], .group h3:has-text('{name}')")
    settle(page)


def settle(page: Page) -> None:
    """Let the live event of one's own change arrive and its refresh (200 ms later) end."""
    page.wait_for_timeout(600)
    page.wait_for_load_state("networkidle")


def confirm(page: Page, button: str) -> None:
    panel = page.locator("section.confirm")
    panel.wait_for()
    panel.get_by_role("button", name=button).click()


def test_a_process_is_set_up_from_an_empty_database_in_the_browser(
        chromium: Any, empty_server: EmptyServer) -> None:
    if not ZERO_DRAFT.exists():
        pytest.skip(f"the plastics zero draft is not in {PLASTICS} (/work/shared/data absent)")
    people = People(chromium, empty_server.base)
    try:
        _set_up(people)
    finally:
        people.close()


def _set_up(people: People) -> None:
    # 1. The administrator opens the process and invites its co-facilitator.
    admin = people.sign_in(ADMIN, PASSWORD)
    assert "You take part in no process yet." in admin.inner_text("#view")
    form = admin.locator("#new-process")
    form.get_by_label("Title").fill("Plastic pollution: towards an instrument")
    form.get_by_label("Time zone of the room").fill("Africa/Nairobi")
    form.get_by_label("Phase it opens in").select_option("stocktaking")
    axe(admin, "the process list with Open a process")
    screenshot(admin, "70-open-a-process")
    form.get_by_role("button", name="Open the process").click()
    admin.wait_for_selector("#people-title")
    process_id = int(admin.url.split("/p/")[1].split("/")[0])
    assert "Plastic pollution: towards an instrument" in admin.inner_text(".process-nav")
    token = invite(admin, "chair@plastics.example", "Gustavo Meza-Cuadra", "co_facilitator")

    # 2. The co-facilitator accepts, and sets up the delegations, groups and clusters.
    chair = people.accept(token, "the chair's own passphrase")
    go(chair, f"#/p/{process_id}/delegations", "#delegations-title")
    add_delegation(chair, "Mexico", "MEX", proposed="MEXICO")
    for name, code in (("Nigeria", "NIGERIA"), ("Egypt", "EGYPT"), ("Germany", "GERMANY"),
                       ("Peru", "PERU")):
        add_delegation(chair, name, code)
    add_delegation(chair, "African Group", "AFRICAN_GROUP", "group", ("Nigeria", "Egypt"))
    add_delegation(chair, "European Union", "EUROPEAN_UNION", "organisation", ("Germany",))
    group = chair.locator("article.group", has_text="African Group")
    assert group.locator("ul.members li").all_inner_texts()[0].startswith("Egypt")
    # Renaming keeps the code; removing asks first.
    settle(chair)
    chair.get_by_role("button", name="Rename: Germany").click()
    chair.get_by_label("New name of Germany").fill("Federal Republic of Germany")
    chair.locator("form.rename").get_by_role("button", name="Save").click()
    chair.wait_for_selector("[data-code='GERMANY']:has-text('Federal Republic of Germany')")
    settle(chair)
    chair.get_by_role("button", name="Remove: Peru").click()
    chair.locator("section.confirm").wait_for()
    axe(chair, "delegations with the removal's confirmation")
    confirm(chair, "Remove")
    chair.wait_for_selector("[data-code='PERU']", state="detached")
    axe(chair, "delegations and groups")
    screenshot(chair, "71-delegations", full_page=True)

    go(chair, f"#/p/{process_id}/clusters", "#clusters-title")
    chair.locator("form.add-cluster").get_by_label("Name").fill("Plastic products")
    chair.get_by_role("button", name="Add the cluster").click()
    chair.wait_for_selector("ul.clusters li:has-text('Plastic products')")
    settle(chair)
    summary = chair.locator("form.summary-form")
    summary.get_by_label("Kind").select_option("stocktaking")
    summary.get_by_label("Title").fill("Stocktaking of the submissions")
    summary.get_by_label("Text").fill("Members called for binding obligations on products.")
    summary.get_by_role("button", name="Publish the summary").click()
    chair.wait_for_selector(".summary-group:has-text('Stocktaking of the submissions')")
    axe(chair, "clusters and summaries")
    screenshot(chair, "73-clusters-summaries", full_page=True)

    # 3. The administrator invites Mexico's focal point, and manages a pending invitation.
    go(admin, f"#/p/{process_id}", "#home-title")
    go(admin, f"#/p/{process_id}/people", "#people-title")
    delegate_token = invite(admin, "focal@mexico.example", "Camila Zepeda", "delegate", "MEX",
                            focal_point=True)
    settle(admin)
    first = invite(admin, "observer@press.example", "A journalist", "observer")
    settle(admin)
    since = mailbox().mark()
    admin.get_by_role("button", name="Send again: observer@press.example").click()
    again = link_in(mailbox().wait_for("observer@press.example", since))[1]
    assert again != first
    settle(admin)
    rows = admin.locator("table.invitations tbody tr")
    assert rows.count() == 2, rows.all_inner_texts()
    axe(admin, "people with pending invitations")
    screenshot(admin, "72-people-invitations", full_page=True)
    admin.get_by_role("button", name="Revoke: observer@press.example").click()
    confirm(admin, "Revoke")
    admin.wait_for_selector("table.invitations tr:has-text('observer@press.example')",
                            state="detached")
    delegate = people.accept(delegate_token, "camila's own passphrase")

    # 4. The co-facilitator imports the zero draft PDF, previews renumbering, publishes.
    go(chair, f"#/p/{process_id}", "#import-link")
    chair.click("#import-link")
    chair.wait_for_selector("#import-form")
    chair.set_input_files("#import-file", str(ZERO_DRAFT))
    chair.select_option("#import-into", "new")
    chair.fill("#import-title", "Zero draft text of the instrument")
    chair.click("#import-preview-button")
    chair.wait_for_selector("#import-preview:not([hidden]) #import-units li", timeout=120_000)
    chair.click("#import-confirm")
    chair.wait_for_selector("#wc-title", timeout=120_000)
    document_id = int(chair.url.rsplit("/", 1)[1])
    chair.locator(".process-nav a", has_text="Renumber").click()
    chair.wait_for_selector("#renumber-title")
    chair.wait_for_selector(".renumber-summary")
    axe(chair, "the renumbering preview")
    screenshot(chair, "74-renumber-preview", full_page=False)
    go(chair, f"#/p/{process_id}/working/{document_id}", "#wc-title")
    chair.fill("#publish-label", "Zero draft")
    chair.click("#publish-preview")
    chair.wait_for_selector("#publish-summary")
    confirm(chair, "Publish")
    chair.wait_for_selector("#text-title:has-text('Zero draft')", timeout=60_000)
    go(chair, f"#/p/{process_id}/manage", "#manage-title")
    chair.locator("form.phase-move select[name=phase]").select_option("negotiation")
    chair.locator("form.phase-move").get_by_role("button", name="Move phase").click()
    confirm(chair, "Move phase")
    chair.wait_for_selector(".process-nav .badge.phase:has-text('Negotiation')")

    # 5. The delegate finds a word, reads its inbox, exports the compilation.
    go(delegate, f"#/p/{process_id}", "#nav-search")
    delegate.fill("#nav-search", "pollution")
    delegate.press("#nav-search", "Enter")
    delegate.wait_for_selector("#search-summary, #search-error")
    found = delegate.inner_text("#view")
    assert delegate.locator("#search-results .search-hit").count() > 0, found
    assert "pollution" in delegate.inner_text("#search-results").lower()
    go(delegate, "#/inbox", "#inbox-title")
    delegate.wait_for_selector(".inbox-item")
    assert "Zero draft" in delegate.inner_text(".inbox-items")
    go(delegate, f"#/p/{process_id}", ".process-nav")
    delegate.locator(".process-nav a", has_text="Compilation").click()
    delegate.wait_for_selector("#comp-title")
    delegate.wait_for_load_state("networkidle")
    menu = delegate.locator(".export-compilation")
    menu.locator("summary").click()
    with delegate.expect_download() as info:
        menu.locator("a", has_text="Word (.docx)").click()
    path = info.value.path()
    assert path is not None and info.value.suggested_filename.endswith(".docx")
    from docx import Document

    words = "\n".join(p.text for p in Document(io.BytesIO(Path(path).read_bytes())).paragraphs)
    assert "plastic" in words.lower()
    go(delegate, "#/account", "#account-title")
    delegate.get_by_label("Name", exact=True).fill("Camila Zepeda Lizama")
    delegate.get_by_role("button", name="Save the name").click()
    delegate.wait_for_selector("#user:has-text('Camila Zepeda Lizama')")
    axe(delegate, "the account screen")
    screenshot(delegate, "75-account", full_page=True)
    for page in (admin, chair, delegate):
        assert page.errors == [], page.errors
