"""Accept (or reject) every tracked change of a .docx in LibreOffice Writer (headless), save the result as .docx.

Run by a Python that has LibreOffice's `uno` module (Debian: python3-uno for /usr/bin/python3):

    /usr/bin/python3 tests/lo_accept.py IN.docx OUT.docx PROFILE_DIR [accept|reject]

Prints one JSON line: the tracked changes Writer saw before (their count, types and authors) and
how many were left after «accept all» or «reject all» (tests/test_diff.py expects none).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _redlines(doc):
    found = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        r = enum.nextElement()
        found.append((r.getPropertyValue("RedlineType"), r.getPropertyValue("RedlineAuthor")))
    return found


def main(src, dst, profile, mode="accept"):
    pipe = f"reportgen_accept_{os.getpid()}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless",
                               "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(1200):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(Path(src).resolve())), "_blank", 0,
                                           (_prop("Hidden", True),))
        before = _redlines(doc)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges", "", 0, ())
        after = _redlines(doc)
        doc.storeToURL(uno.systemPathToFileUrl(str(Path(dst).resolve())), (_prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge goes down with it
            pass
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
    print(json.dumps({"before": len(before), "types": sorted({t for t, _ in before}),
                      "authors": sorted({a for _, a in before}), "after": len(after)}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
