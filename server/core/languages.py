# ruff: noqa: RUF001  (the six languages' own characters, on purpose)
"""The six UN languages: their codes, names, writing direction and how each numbers articles.

Pure: no imports outside the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The six official languages of the United Nations, in the UN's (English alphabetical) order.
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT_SOURCE = "en"
#: Each language's name in English (the history's sentences are English).
ENGLISH_NAMES: dict[str, str] = {"ar": "Arabic", "zh": "Chinese", "en": "English",
                                 "fr": "French", "ru": "Russian", "es": "Spanish"}


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    #: The language's name in itself (what a delegate picks it by).
    name: str
    #: "rtl" for Arabic, else "ltr".
    direction: str
    #: The word for "Article" (Chinese wraps the number: 第…条).
    article_word: str


INFO: dict[str, Language] = {
    "ar": Language("ar", "العربية", "rtl", "المادة"),
    "zh": Language("zh", "中文", "ltr", "条"),
    "en": Language("en", "English", "ltr", "Article"),
    "fr": Language("fr", "Français", "ltr", "Article"),
    "ru": Language("ru", "Русский", "ltr", "Статья"),
    "es": Language("es", "Español", "ltr", "Artículo"),
}

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def chinese_to_int(text: str) -> int | None:
    """The value of a Chinese numeral (一 → 1, 十二 → 12, 七十六 → 76, 一百零三 → 103), or None.

    >>> [chinese_to_int(s) for s in ("一", "十", "十四", "二十", "七十六", "一百零三", "x")]
    [1, 10, 14, 20, 76, 103, None]
    """
    if not text:
        return None
    total = 0
    current = 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


def int_to_chinese(value: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 76 → 七十六, 103 → 一百零三 (0 < value < 1000).

    >>> [int_to_chinese(n) for n in (1, 10, 14, 20, 76, 103, 110)]
    ['一', '十', '十四', '二十', '七十六', '一百零三', '一百一十']
    """
    if not 0 < value < 1000:
        return str(value)
    digits = "〇一二三四五六七八九"
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


def western_digits(text: str) -> str:
    """Arabic-Indic (and Persian) digits as 0-9: "٣٤" → "34"."""
    return text.translate(_ARABIC_INDIC)


def article_label(language: str, number: int) -> str:
    """How the text in ``language`` names article ``number``.

    >>> [article_label(code, 1) for code in LANGUAGES]
    ['المادة 1', '第一条', 'Article 1', 'Article premier', 'Статья 1', 'Artículo 1']
    """
    if language == "zh":
        return f"第{int_to_chinese(number)}条"
    if language == "fr" and number == 1:
        return "Article premier"
    return f"{INFO[language].article_word} {number}"


def paragraph_label(language: str, number: int) -> str:
    """A numbered paragraph's number as the text in ``language`` prints it (一、 in Chinese)."""
    if language == "zh":
        return f"{int_to_chinese(number)}、"
    return f"{number}."
