"""Co-sponsorship by consent, in the browser: Mexico invites the European Union, Russia and
China from its amendment's card; the EU accepts from its list of invitations (and later
withdraws), Russia declines; Mexico sees who is invited, who accepted, who declined."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]
OURS = "#/p/1/amendments?delegation=MEX&state=submitted&kind="


def _a_submitted_amendment_of_mexico(page: Page) -> dict[str, Any]:
    """Mexico proposes one (over the API, as its page would) on the first paragraph of the
    latest revision it may propose on, naming nobody."""
    created: dict[str, Any] = page.evaluate("""async () => {
        const json = (r) => r.json();
        const doc = await fetch('/api/v1/documents/1').then(json);
        const latest = doc.revisions.filter((r) => r.published_at).at(-1);
        const rev = await fetch(`/api/v1/documents/1/revisions/${latest.sequence}`).then(json);
        const unit = rev.units.find((u) => u.actions.includes('propose') && u.text);
        const made = await fetch('/api/v1/processes/1/amendments', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({revision_id: rev.id, unit: unit.key, kind: 'change_words',
                                  text: unit.text.replace(/\\.$/, ', leaving no one behind.'),
                                  submit: true})});
        return made.json();
    }""")
    assert created.get("state") == "submitted", created
    return created


def test_invited_delegations_answer_for_themselves_and_mexico_sees_their_answers(
        sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    amendment = _a_submitted_amendment_of_mexico(mexico)
    card_of = f"article.amendment[data-id='{amendment['id']}']"
    go(mexico, OURS, card_of)
    card = mexico.locator(card_of)
    card.get_by_role("button", name="Invite co-sponsors").click()
    form = card.locator("form.co-form")
    for code in ("EU", "RUS", "CHN"):
        form.locator(f"input[value={code}]").check()
    form.get_by_role("button", name="Save invitations").click()
    mexico.wait_for_selector("#notices :text('invitations to co-sponsor the amendment')")
    go(mexico, OURS, f"{card_of} .co-sponsors")
    said = mexico.locator(f"{card_of} .co-sponsors").inner_text()
    assert "Invited to co-sponsor: China, European Union, Russian Federation." in said
    assert "EU" not in mexico.locator(f"{card_of} header").inner_text()  # not yet with it

    # The EU finds the invitation at the top of its amendments, and accepts.
    eu = sign_in("focal.eu")
    go(eu, "#/p/1/amendments", "#invitations-title")
    invitation = eu.locator(f".co-sponsor-invitations {card_of}")
    assert "Invited to co-sponsor:" in invitation.locator(".co-sponsor-invitation").inner_text()
    axe(eu, "an invitation to co-sponsor")
    invitation.scroll_into_view_if_needed()
    screenshot(eu, "27-co-sponsorship-invitation")
    invitation.get_by_role("button", name="Accept").click()
    eu.wait_for_selector("#notices :text('Your delegation co-sponsors the amendment')")
    go(eu, "#/p/1/amendments?delegation=EU&state=submitted&kind=", card_of)
    ours_now = eu.locator(card_of)
    # (The list may be drawn again as live events arrive: wait for the card as it is now.)
    ours_now.get_by_role("button", name="Withdraw my co-sponsorship").wait_for()
    assert ours_now.get_by_role("button", name="Accept").count() == 0

    # Russia declines.
    russia = sign_in("focal.rus")
    go(russia, "#/p/1/amendments", "#invitations-title")
    russia.locator(f".co-sponsor-invitations {card_of}").get_by_role(
        "button", name="Decline").click()
    russia.wait_for_selector("#notices :text('Your delegation declined to co-sponsor')")

    # Mexico sees each answer, and the EU among its co-proponents.
    go(mexico, OURS, card_of)
    mexico.wait_for_function(
        "sel => document.querySelector(sel)?.textContent.includes('Declined to co-sponsor')",
        arg=f"{card_of} .co-sponsors")
    said = mexico.locator(f"{card_of} .co-sponsors").inner_text()
    assert "Co-sponsored by European Union." in said
    assert "Invited to co-sponsor: China." in said
    assert "Declined to co-sponsor: Russian Federation." in said
    mexico.locator(f"{card_of} header .proponents", has_text="EU").wait_for()
    axe(mexico, "the proposer's view of its co-sponsors")
    mexico.locator(card_of).scroll_into_view_if_needed()
    screenshot(mexico, "28-co-sponsors-answers")

    # The EU leaves again, by its own act.
    ours_now.get_by_role("button", name="Withdraw my co-sponsorship").click()
    eu.wait_for_selector("#notices :text('withdrew its co-sponsorship')")
    for page in (mexico, eu, russia):
        assert page.errors == []  # type: ignore[attr-defined]
