"""PDF made from the HTML print view (or a DOCX) by an external converter: LibreOffice
headless (``soffice``/``libreoffice``, the HTML read by Writer, so that footnotes are printed
at the foot of their page), else Chromium's ``--print-to-pdf`` for HTML (footnotes at the
end of their article, as the print view shows them).

Each conversion runs in a fresh temporary directory with its own LibreOffice profile and a
time limit, so concurrent conversions do not share state.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from server.core.errors import DomainError

__all__ = ["PdfUnavailable", "available", "docx_to_pdf", "html_to_pdf", "office_binary"]

TIMEOUT: Final = 120.0
_OFFICE: Final = ("soffice", "libreoffice")
_CHROMIUM: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailable(DomainError):
    """No converter is installed, or the conversion failed."""

    code = "unavailable"


def office_binary() -> str | None:
    return next((path for name in _OFFICE if (path := shutil.which(name))), None)


def chromium_binary() -> str | None:
    return next((path for name in _CHROMIUM if (path := shutil.which(name))), None)


def available() -> bool:
    return office_binary() is not None or chromium_binary() is not None


def _office_convert(office: str, source: Path, target_filter: str,
                    infilter: str | None = None) -> bytes:
    work = source.parent
    profile = work / "profile"
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck",
               *([f"--infilter={infilter}"] if infilter else []),
               "--convert-to", target_filter, "--outdir", str(work / "out"), str(source)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT,
                       cwd=work, stdin=subprocess.DEVNULL)
    except (subprocess.SubprocessError, OSError) as error:
        raise PdfUnavailable(f"The PDF conversion failed ({type(error).__name__}).") from None
    produced = work / "out" / (source.stem + ".pdf")
    if not produced.exists():
        raise PdfUnavailable("The PDF conversion produced no file.")
    return produced.read_bytes()


def docx_to_pdf(data: bytes) -> bytes:
    """Convert a DOCX file to PDF with LibreOffice (which must be installed)."""
    office = office_binary()
    if office is None:
        raise PdfUnavailable("LibreOffice is not installed on the server.")
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(data)
        return _office_convert(office, source, "pdf")


def html_to_pdf(html: str) -> bytes:
    """Convert the HTML print view to PDF (LibreOffice, else Chromium headless)."""
    office, chromium = office_binary(), chromium_binary()
    if office is None and chromium is None:
        raise PdfUnavailable("No PDF converter (LibreOffice or Chromium) is installed on "
                             "the server.")
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as tmp:
        source = Path(tmp) / "document.html"
        source.write_text(html, encoding="utf-8")
        if office is not None:
            # Read into Writer itself, not Writer/Web: Writer/Web put the page's first block
            # on a page of its own and lost it (the title), and only Writer makes the
            # footnotes (sdfootnote) real ones at the foot of the page.
            return _office_convert(office, source, "pdf:writer_pdf_Export",
                                   infilter="HTML (StarWriter)")
        assert chromium is not None
        target = Path(tmp) / "document.pdf"
        command = [chromium, "--headless", "--disable-gpu", "--no-sandbox",
                   f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL)
        except (subprocess.SubprocessError, OSError) as error:
            raise PdfUnavailable(
                f"The PDF conversion failed ({type(error).__name__}).") from None
        if not target.exists():
            raise PdfUnavailable("The PDF conversion produced no file.")
        return target.read_bytes()
