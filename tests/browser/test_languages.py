"""The interface in the person's language (issue 14, item 5): a delegate switches the header's
language to French and the text and amendments pages read in French (the document's own words
stay as written); to Arabic, and the page is right to left with the layout mirrored (the
navigation starts at the right); a reload keeps the language (their profile); the account
screen's picker names each language in itself and brings English back. A language chosen
before signing in is kept in the browser and goes into the profile at sign-in. axe-core clean
in French and Arabic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.support.browser import DemoServer, axe, go, screenshot

SignIn = Callable[..., Page]
ME = "() => fetch('/api/v1/auth/me').then((r) => r.json())"


def _switch(page: Page, code: str) -> None:
    page.select_option("#language-switch", code)
    page.wait_for_function("code => document.documentElement.lang === code", arg=code)
    page.wait_for_load_state("networkidle")


def _text_page(page: Page) -> None:
    go(page, "#/p/1", "#home-title")
    page.click(".process-nav a[href*='/text/']")
    page.wait_for_selector("#text-title")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def delegate(sign_in: SignIn) -> Iterator[Page]:
    page = sign_in("delegate.mex")
    yield page
    # The session's server is shared: the profile goes back to no language chosen.
    page.evaluate("""() => fetch('/api/v1/auth/me', {method: 'PATCH',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({language: null})})""")


def test_french_then_arabic_mirrored_then_kept_in_the_profile(delegate: Page) -> None:
    page = delegate
    assert page.evaluate("document.documentElement.lang") == "en"
    _text_page(page)
    assert page.locator("label[for=filter-brackets]").inner_text() == "With brackets"
    _switch(page, "fr")
    # The same screen, drawn again in French without a reload.
    page.wait_for_selector("label[for=filter-brackets]:has-text('Avec crochets')")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    nav = page.locator(".process-nav").inner_text()
    assert "Accueil" in nav and "Texte" in nav and "Chronologie" in nav
    assert "Sélectionnez un paragraphe" in page.locator("#unit-panel").inner_text()
    assert "Publiée le" in page.locator("#text-summary").inner_text()
    assert page.locator("#filter-status option").first.inner_text() == "Tout statut"
    assert page.locator(".legend .badge").first.inner_text() == "Ouvert"
    assert page.evaluate(ME)["user"]["language"] == "fr"
    axe(page, "the text page in French")
    screenshot(page, "100-interface-fr")
    page.click(".process-nav a[href$='/amendments']")
    page.wait_for_selector("#amendments-title")
    page.wait_for_load_state("networkidle")
    assert "Amendements" in page.locator("#amendments-title").inner_text()
    assert page.locator("select[name=state] option").first.inner_text() == "Tous les états"
    axe(page, "the amendments page in French")

    _switch(page, "ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    _text_page(page)
    width = page.viewport_size["width"]  # type: ignore[index]
    first = page.locator(".process-nav ul li").first.bounding_box()
    assert first is not None and first["x"] > width / 2, first  # the navigation starts at the right
    assert page.locator(".process-nav ul li a").first.inner_text() == "الصفحة الرئيسية"
    assert page.locator("label[for=filter-brackets]").inner_text() == "تتضمن أقواساً"
    brand = page.locator("header.top .brand").bounding_box()
    assert brand is not None and brand["x"] > width / 2  # the header mirrors too
    axe(page, "the text page in Arabic")
    screenshot(page, "101-interface-ar")
    page.click(".process-nav a[href$='/amendments']")
    page.wait_for_selector("#amendments-title")
    page.wait_for_load_state("networkidle")
    assert "تعديلات MEX" in page.locator("#amendments-title").inner_text()
    axe(page, "the amendments page in Arabic")
    screenshot(page, "102-amendments-ar")

    # A reload keeps the language: it is in the profile.
    page.reload()
    page.wait_for_selector("#amendments-title")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
        ["ar", "rtl"]
    assert page.locator("#language-switch").input_value() == "ar"

    # The account screen: each language named in itself; English brings left to right back.
    go(page, "#/account", "#account-language")
    names = page.locator("#interface-language label.choice").all_inner_texts()
    assert [n.strip() for n in names][1:] == ["English", "Français", "Español", "العربية", "中文",
                                              "Русский"]
    assert page.locator("#interface-language input[value=ar]").is_checked()
    axe(page, "the account screen in Arabic")
    screenshot(page, "103-account-language")
    page.check("#interface-language input[value=en]")
    page.wait_for_function("() => document.documentElement.dir === 'ltr'")
    page.wait_for_selector("#account-title:has-text('Your account')")
    assert page.evaluate(ME)["user"]["language"] == "en"
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_language_chosen_before_signing_in_goes_into_the_profile(
        browser: Any, demo_server: DemoServer) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=demo_server.base)
    try:
        page = context.new_page()
        page.goto("/")
        page.wait_for_selector("#signin-form")
        _switch(page, "es")
        page.wait_for_selector("#signin-title:has-text('Iniciar sesión')")
        assert page.locator("label[for=password]").inner_text() == "Contraseña"
        page.fill("#email", "focal.che@accord.example")
        page.fill("#password", demo_server.password)
        page.click("#signin-form button[type=submit]")
        page.wait_for_selector("#process-list")
        assert page.locator("#processes-title").inner_text() == "Sus procesos"
        assert page.evaluate(ME)["user"]["language"] == "es"
        page.evaluate("""() => fetch('/api/v1/auth/me', {method: 'PATCH',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({language: null})})""")
    finally:
        context.close()
