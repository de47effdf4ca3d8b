r"""The one escaping helper every string from data passes before it reaches a page.

folium puts text into pages as raw HTML, and some of it inside JavaScript template
literals. So a string is HTML-escaped (``& < > " '``) and the
characters that mean something in a template literal or a regular expression replacement
(`` ` $ \ { } ``) become character references too. The result is inert as HTML, as an
attribute value and inside a JS template literal, and the browser shows the original text.

CSV files meant for spreadsheets get the neutralisation OWASP recommends against formula
injection (https://owasp.org/www-community/attacks/CSV_Injection): a text cell starting with
``= + - @``, a tab or a carriage return gets a leading single quote, so Excel, LibreOffice
and Google Sheets show it as text instead of running it.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "from_spreadsheet_cell",
    "href",
    "script_json",
    "spreadsheet_cell",
    "spreadsheet_frame",
    "text",
]

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def text(value: object) -> str:
    """Text from data, safe to put anywhere in a page."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


def href(value: object) -> str | None:
    """An escaped http(s) URL for a link, or None when the value is not one."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return text(value.strip())


def script_json(value: object) -> str:
    """JSON that can sit inside a <script> element: no ``</script>`` or ``<!--`` can close it."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        raw.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# OWASP's list: a cell starting with one of these is read as a formula by some spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will show as text: a leading ``'`` before a formula start.

    Only strings change; numbers (a negative longitude) are left as they are. A text that
    already starts with quotes before a formula start gets one more, so that
    :func:`from_spreadsheet_cell` gives back exactly the original (a candidates file is
    read back by ``review``).
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet_cell(value: object) -> object:
    """The text :func:`spreadsheet_cell` was given (for files we write and read back)."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`spreadsheet_cell` applied to every text column."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[col] = series.map(spreadsheet_cell)
    return out
