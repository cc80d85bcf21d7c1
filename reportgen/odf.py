"""OpenDocument vocabulary in one place (ooxml.py's sibling): the names the .ods scans ask for.

calamine reads an .ods's values; what it does not report (merged cells, the save time) is read
from the package's XML, parsed by ooxml's safe parser. Readers ask for names here, they do not
spell namespaces.
"""

from __future__ import annotations

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_TABLE = f"{{{NS['table']}}}"


def clark(prefix: str, local: str) -> str:
    """`{namespace}local`, the name lxml gives an element or attribute of NS[prefix]."""
    return f"{{{NS[prefix]}}}{local}"


def table(local: str) -> str:
    """An element or attribute of the table vocabulary: table("table-cell"), table("name")."""
    return _TABLE + local
