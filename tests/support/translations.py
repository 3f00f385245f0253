"""What the translation pages' browser tests share: making a small text in the page's own
session, and correcting a paragraph's translation in place."""

from __future__ import annotations

from playwright.sync_api import Page

#: A page script: creates a document of ``units`` in process 1 and publishes its zero
#: draft; returns the document's id.
MAKE = """async (units) => {
    const send = (method, url, body) => fetch('/api/v1' + url, {method,
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
        .then((r) => r.json());
    const draft = await send('POST', '/processes/1/documents',
                             {title: 'River basin treaty', units});
    const d = draft.document_id;
    await send('POST', `/documents/${d}/revisions`, {base_version: draft.version});
    return d;
}"""


#: The start of a page script on the demo's document 1: its revisions (``published``), the
#: newest one's sequence and text (``latest``, ``rev``) and ``put(seq, lang, key, text)``,
#: which enters a paragraph's translation and gives the answer's status.
DEMO_LATEST = """
    const json = (r) => r.json();
    const doc = await fetch('/api/v1/documents/1').then(json);
    const published = doc.revisions.filter((r) => r.published_at);
    const latest = published.at(-1).sequence;
    const rev = await fetch(`/api/v1/documents/1/revisions/${latest}`).then(json);
    const put = (seq, lang, key, text) => fetch(
        `/api/v1/documents/1/revisions/${seq}/languages/${lang}/units/${key}`,
        {method: 'PUT', headers: {'Content-Type': 'application/json'},
         body: JSON.stringify({text})}).then((r) => r.status);"""


def edit_translation(page: Page, key: str, paragraph: str, text: str) -> None:
    """Open the paragraph's editor, type, save. The open editor holds live refreshes back,
    so it stays open whatever arrives meanwhile."""
    page.wait_for_load_state("networkidle")
    row = page.locator(f"tr[data-key={key}]")
    row.get_by_role("button", name=f"Edit the translation of {paragraph}").click()
    box = row.locator("textarea")
    assert box.get_attribute("lang") == "fr"
    box.fill(text)
    row.locator("button[type=submit]").click()
