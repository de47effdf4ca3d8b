"""The one escaping helper every string from data passes before it reaches a page.

folium puts text into pages as raw HTML, and some of it inside JavaScript template
literals (see ../shared/TRAPS.md). So a string is HTML-escaped (``& < > " '``) and the
characters that mean something in a template literal or a regular expression replacement
(`` ` $ \\ { } ``) become character references too. The result is inert as HTML, as an
attribute value and inside a JS template literal, and the browser shows the original text.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

__all__ = ["href", "script_json", "text"]

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
