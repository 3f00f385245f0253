"""The administration screens in the interface's other languages (issue 14, deliverable 5): a
co-facilitator who reads French opens People, Delegations and groups and Phases, silence and
presence and reads their headings, columns and buttons in French (names of people and
delegations as they were typed); Spanish on the phases screen. Each screen axe-clean."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.browser import Page, axe, go, screenshot


def in_language(page: Page, code: str) -> None:
    """The interface in ``code`` on this browser only: kept where the client keeps a choice
    made before signing in (storeLanguage) and set at once through the client's own i18n
    module (the same module instance as the screens', by its address). The header's switcher
    would also keep it in the person's profile, which the other tests' pages share."""
    page.evaluate("""async (code) => {
        const i18n = await import("/client/lib/i18n.js");
        i18n.storeLanguage(code);
        i18n.setLanguage(code);
    }""", code)


def test_people_delegations_and_phases_read_in_french(sign_in: Callable[..., Page]) -> None:
    page = sign_in("cofac.ferrer")
    in_language(page, "fr")
    assert page.evaluate("document.documentElement.lang") == "fr"

    go(page, "#/p/1/people", "#people-title")
    assert page.inner_text("#people-title") == "Personnes"
    heads = page.locator("table.people:not(.invitations) thead th").all_inner_texts()
    assert heads == ["Nom", "Rôle", "Délégation", "Ce que vous pouvez faire"]
    assert page.inner_text("#invite-title") == "Inviter un participant"
    assert page.get_by_role("button", name="Envoyer l\u2019invitation").count() == 1
    assert page.get_by_label("Courriel").count() == 1
    caption = page.inner_text("table.invitations caption")
    assert caption.startswith("Invitations en attente de réponse (")
    assert "Send the invitation" not in page.inner_text("#view")
    axe(page, "people (French)")
    screenshot(page, "106-people-fr", full_page=True)

    go(page, "#/p/1/delegations", "#delegations-title")
    assert page.inner_text("#delegations-title") == "Délégations et groupes"
    assert page.inner_text("#add-delegation-title") == "Ajouter une délégation ou un groupe"
    kinds = page.locator("form.add-delegation select[name=kind] option").all_inner_texts()
    assert kinds == ["État", "Organisation", "Groupe"]
    # A delegation's name is the delegation's own words, never translated.
    assert "Mexico" in page.inner_text("ul.delegations")
    assert page.locator("ul.delegations button:has-text('Renommer')").count() >= 1
    axe(page, "delegations (French)")

    go(page, "#/p/1/manage", "form.phase-move select[name=phase]")
    assert page.inner_text("#manage-title") == \
        "Phases, procédure d\u2019approbation tacite et présence"
    form = page.inner_text("form.phase-move")
    assert "Phase actuelle :" in form and "Passer à" in form
    assert page.get_by_role("button", name="Changer de phase").count() == 1
    axe(page, "phases (French)")
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_phases_screen_reads_in_spanish(sign_in: Callable[..., Page]) -> None:
    page = sign_in("cofac.ferrer")
    in_language(page, "es")
    go(page, "#/p/1/manage", "form.phase-move select[name=phase]")
    assert page.inner_text("#manage-title") == "Fases, procedimiento de acuerdo tácito y presencia"
    form = page.inner_text("form.phase-move")
    assert "Fase actual:" in form and "Pasar a" in form
    assert page.get_by_role("button", name="Cambiar de fase").count() == 1
    assert "Huso horario de la sala" in page.inner_text("#view")
    assert "Move phase" not in page.inner_text("#view")
    axe(page, "phases (Spanish)")
    screenshot(page, "107-phases-es", full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_people_in_arabic_mirror_and_the_dashboard_counts_in_russian(
        sign_in: Callable[..., Page]) -> None:
    """Arabic: the page runs right to left, People's words in Arabic (names as typed); Russian:
    the dashboard's total in Russian's own plural form for its count."""
    page = sign_in("cofac.ferrer")
    in_language(page, "ar")
    go(page, "#/p/1/people", "#people-title")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.inner_text("#people-title") == "الأشخاص"
    assert page.inner_text("#invite-title") == "دعوة مشارك"
    assert "Lucía Ferrer Montalvo" in page.inner_text("table.people")
    axe(page, "people (Arabic)")
    screenshot(page, "108-people-ar")

    in_language(page, "ru")
    go(page, "#/p/1/dashboard", "#dash-title")
    assert page.inner_text("#dash-title") == "Сводка"
    total = page.inner_text("p.summary")
    count = int("".join(ch for ch in total if ch.isdigit()))
    form = ("поправка" if count % 10 == 1 and count % 100 != 11
            else "поправки" if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else "поправок")
    assert total.endswith(f"{count} {form}."), total
    assert page.locator("figcaption h3:has-text('Поправки по делегациям')").count() == 1
    axe(page, "dashboard (Russian)")
    screenshot(page, "109-dashboard-ru", full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
