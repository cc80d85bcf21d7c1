"""Office Open XML packages read by their relationships, not by fixed part names.

Excel puts the workbook at `xl/workbook.xml`; other software puts it at the package root,
writes zip names with backslashes, or uses the Strict namespaces. The package relationships
(`_rels/.rels`) and the content types say where the main document is and what it is, so that
is what is read here. The XML parser takes no DTDs, entities or network: parts may be crafted.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_DOCUMENT = ("/officeDocument/2006/relationships/officeDocument",  # Transitional
                   "/officeDocument/relationships/officeDocument")  # Strict (purl.oclc.org)
REL_NAMESPACES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                  "http://purl.oclc.org/ooxml/officeDocument/relationships")
MAX_PART = 16 * 1024 * 1024  # relationships and content types are kilobytes


def parser():
    from lxml import etree

    # No entities, no network, no huge trees: the package may be crafted.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def parse(data: bytes):
    from lxml import etree

    return etree.fromstring(data, parser())


@dataclass(frozen=True)
class Package:
    """A zip's parts by normalised name (forward slashes, no leading slash, any case)."""

    zf: zipfile.ZipFile
    names: dict[str, str]  # normalised lower-case name → the member's name in the zip

    @classmethod
    def of(cls, zf: zipfile.ZipFile) -> Package:
        names = {}
        for info in zf.infolist():
            names.setdefault(normalise(info.filename).lower(), info.filename)
        return cls(zf, names)

    def has(self, name: str) -> bool:
        return normalise(name).lower() in self.names

    def read(self, name: str, limit: int = MAX_PART) -> bytes | None:
        member = self.names.get(normalise(name).lower())
        if member is None:
            return None
        with self.zf.open(member) as f:
            return f.read(limit)

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(Id, Type, target part) of a part's relationships; "" for the package's own."""
        folder, base = posixpath.split(normalise(part))
        data = self.read(posixpath.join(folder, "_rels", f"{base}.rels"))
        if not data:
            return []
        try:
            root = parse(data)
        except Exception:  # noqa: BLE001 - a broken relationships part: as if there were none
            return []
        out = []
        for rel in root.iter(f"{PKG_REL_NS}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            out.append((rel.get("Id") or "", rel.get("Type") or "", resolve(folder, target)))
        return out

    def main_part(self) -> str | None:
        """The office document the package relationships point at (workbook, document…)."""
        for _, rel_type, target in self.relationships(""):
            if rel_type.endswith(OFFICE_DOCUMENT) and self.has(target):
                return target
        return None

    def content_type(self, part: str) -> str:
        data = self.read("[Content_Types].xml")
        if not data:
            return ""
        try:
            root = parse(data)
        except Exception:  # noqa: BLE001
            return ""
        wanted = "/" + normalise(part).lower()
        for override in root.iter(f"{CT_NS}Override"):
            if (override.get("PartName") or "").replace("\\", "/").lower() == wanted:
                return override.get("ContentType") or ""
        extension = wanted.rsplit(".", 1)[-1]
        for default in root.iter(f"{CT_NS}Default"):
            if (default.get("Extension") or "").lower() == extension:
                return default.get("ContentType") or ""
        return ""


def normalise(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name, relative to the source part's folder."""
    target = target.replace("\\", "/")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path).lstrip("/") if path else path
