#!/usr/bin/env python3
"""A page of `sopkit build --to confluence` as Confluence shows it, for docs/confluence.md's picture.

Reads one page body in storage format and writes an HTML page in Confluence Cloud's look: the Page
Properties table, status lozenges, info/note/warning panels, the attached flowchart, links. Only the
elements and macros sopkit writes are drawn; anything else is shown as a grey box naming it.

  tools/confluence-preview.py BUILD/PAGE.xml OUT.html [TITLE [SECTION]]

With SECTION (a heading of the page, e.g. Instructions), the preview starts at that heading.

The attachments are looked for beside the page (PAGE.png for flowchart.png). Standard library only.
Photograph the result with headless Chromium:

  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1500 \\
           --screenshot=docs/images/confluence-page.png OUT.html
"""
import html
import os
import sys
import xml.etree.ElementTree as ET

AC, RI = "http://atlassian.com/content", "http://atlassian.com/resource/identifier"
WRAP = f'<root xmlns:ac="{AC}" xmlns:ri="{RI}">'
COLOURS = {"grey": ("#DFE1E6", "#42526E"), "red": ("#FFEBE6", "#BF2600"), "yellow": ("#FFF0B3", "#172B4D"),
           "green": ("#E3FCEF", "#006644"), "blue": ("#DEEBFF", "#0747A6")}
PANELS = {"info": ("#DEEBFF", "ℹ"), "note": ("#EAE6FF", "✎"), "warning": ("#FFEBE6", "⚠")}
STYLE = """
body { font: 14px/1.714 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #172B4D; margin: 0; }
header { height: 48px; border-bottom: 1px solid #DFE1E6; display: flex; align-items: center; padding: 0 24px;
         color: #0052CC; font-weight: 600; }
main { max-width: 760px; margin: 24px auto 48px; }
.crumbs { color: #6B778C; font-size: 13px; }
h1.title { font-size: 28px; font-weight: 500; margin: 8px 0 24px; }
h2 { font-size: 20px; font-weight: 500; margin: 28px 0 8px; }
table { border-collapse: collapse; margin: 8px 0 12px; }
th, td { border: 1px solid #C1C7D0; padding: 7px 10px; text-align: left; vertical-align: top; }
th { background: #F4F5F7; font-weight: 600; }
.properties th { width: 130px; }
.lozenge { display: inline-block; border-radius: 3px; padding: 0 4px; font-size: 11px; font-weight: 700;
           text-transform: uppercase; line-height: 16px; }
.panel { border-radius: 3px; padding: 8px 12px 8px 40px; margin: 8px 0; position: relative; }
.panel .icon { position: absolute; left: 14px; top: 8px; }
.panel .ptitle { font-weight: 600; margin: 0; }
.panel p { margin: 2px 0; }
a { color: #0052CC; text-decoration: none; }
img { max-width: 100%; border: 1px solid #DFE1E6; }
ol > li { margin-bottom: 10px; }
.hidden { display: none; }
.unknown { background: #F4F5F7; color: #6B778C; padding: 4px 8px; border-radius: 3px; }
"""


def local(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def attr(el, ns, name):
    return el.get("{%s}%s" % (ns, name)) or ""


def params(el):
    return {attr(p, AC, "name"): (p.text or "") for p in el if local(p.tag) == "parameter"}


class Page:
    def __init__(self, folder, stem):
        self.folder, self.stem = folder, stem

    def attachment(self, name):
        ext = os.path.splitext(name)[1]
        return os.path.join(self.folder, self.stem + ext)

    def children(self, el):
        out = html.escape(el.text or "")
        for c in el:
            out += self.node(c) + html.escape(c.tail or "")
        return out

    def node(self, el):
        name = local(el.tag)
        if el.tag.startswith("{%s}" % AC):
            return self.ac(el, name)
        if name == "time":
            return html.escape(el.get("datetime", ""))
        if name in ("table",) and el.get("class") is None:
            return f"<table>{self.children(el)}</table>"
        attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in el.attrib.items() if k in ("href",))
        return f"<{name}{attrs}>{self.children(el)}</{name}>"

    def body(self, el):
        for c in el:
            if local(c.tag) == "rich-text-body":
                return self.children(c)
        return ""

    def ac(self, el, name):
        if name == "structured-macro":
            macro, p = attr(el, AC, "name"), params(el)
            if macro == "details":
                return self.body(el).replace("<table>", '<table class="properties">', 1)
            if macro == "status":
                bg, fg = COLOURS.get(p.get("colour", "grey").lower(), COLOURS["grey"])
                return f'<span class="lozenge" style="background:{bg};color:{fg}">{html.escape(p.get("title", ""))}</span>'
            if macro in PANELS:
                bg, icon = PANELS[macro]
                return (f'<div class="panel" style="background:{bg}"><span class="icon">{icon}</span>'
                        f'<p class="ptitle">{html.escape(p.get("title", ""))}</p>{self.body(el)}</div>')
            if macro == "anchor":
                return f'<a id="{html.escape(p.get("", ""))}"></a>'
            return f'<span class="unknown">{html.escape(macro)} macro</span>'
        if name == "image":
            res = next(iter(el), None)
            src = self.attachment(attr(res, RI, "filename")) if res is not None else ""
            width = attr(el, AC, "width")
            size = f' width="{html.escape(width)}"' if width else ""
            return f'<img src="file://{html.escape(os.path.abspath(src))}"{size} alt="{html.escape(attr(el, AC, "alt"))}">'
        if name == "link":
            body = "".join(self.children(c) for c in el if local(c.tag) in ("link-body", "plain-text-link-body"))
            anchor = attr(el, AC, "anchor")
            href = f"#{anchor}" if anchor else "#"
            for c in el:
                if local(c.tag) == "attachment":
                    href = "file://" + os.path.abspath(self.attachment(attr(c, RI, "filename")))
            return f'<a href="{html.escape(href)}">{body}</a>'
        return f'<span class="unknown">ac:{html.escape(name)}</span>'


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, out = argv[0], argv[1]
    title = argv[2] if len(argv) > 2 else ""
    section = argv[3] if len(argv) > 3 else None
    root = ET.fromstring(WRAP + open(source, encoding="utf-8").read() + "</root>")
    folder, stem = os.path.dirname(source), os.path.splitext(os.path.basename(source))[0]
    body = Page(folder, stem).children(root)
    heading = ""
    if section:
        start = body.find(f"<h2>{html.escape(section)}</h2>")
        if start < 0:
            print(f"confluence-preview: no heading {section!r} in {source}", file=sys.stderr)
            return 1
        body, heading = body[start:], " hidden"
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><header>Confluence</header><main>"
            f"<div class='crumbs'>Operations / Standard operating procedures / {html.escape(title)}</div>"
            f"<h1 class='title{heading}'>{html.escape(title)}</h1>{body}</main></body></html>")
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
