"""Site templates for ../shared/tools/make_corpus.py that write project data rows the way no dev
template does, to measure metadata on layouts it was not tuned on:

    python ../shared/tools/make_corpus.py --out /tmp/rows2k --docs 2000 --templates heldout \\
        --heldout-module bench/row_layout_templates.py --sentences ../shared/eval/hu_sentences_nerkor.txt
    python bench/metadata.py --corpus /tmp/rows2k --pipeline

ASP.NET WebForms (the whole body inside `<form id="aspnetForm">`, `<th>`/`<td>` rows), a CMS with
`<dl>` or two-`<td>` rows, a page of bold labels and `<br>` lines, and a crawler's text with tab
rows; labels carry no colon, and footers carry visitor counters and edit dates. These are not the
project's held-out templates (those are kept back); they only vary how rows are written. Gold main
text keeps the generator's `label value` rows, so score word F1 on the dev corpus, not here.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from types import ModuleType
from typing import Any


def _label(text: str) -> str:
    return escape(text.rstrip(": "), quote=False)


def _render(doc: Any, *, heading: str, listing: Callable[[list[str]], str], meta: Callable[[list[tuple[str, str]]], str]) -> str:
    """The doc's blocks as HTML: prose as paragraphs, headings in `heading` (an HTML format with
    `{}`), lists and meta rows by the given renderers."""
    out = []
    for block in doc.blocks:
        kind = block[0]
        if kind in ("p", "date"):
            out.append(f"<p>{escape(block[1], quote=False)}</p>")
        elif kind == "h":
            out.append(heading.format(escape(block[1], quote=False)))
        elif kind == "ul":
            out.append(listing([escape(item, quote=False) for item in block[1]]))
        elif kind == "meta":
            out.append(meta([(_label(k), escape(v, quote=False)) for k, v in block[2]]))
    return "\n".join(out)


def _rows(doc: Any, cell: str) -> str:
    """The doc's blocks as HTML, its meta rows as `cell` rows: "th", "td" (two cells) or "dl"."""
    def meta(rows: list[tuple[str, str]]) -> str:
        if cell == "dl":
            return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
        return '<table class="adatok">' + "".join(f"<tr><{cell}>{k}</{cell}><td>{v}</td></tr>" for k, v in rows) + "</table>"

    return _render(doc, heading="<h3>{}</h3>", listing=lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
                   meta=meta)


def _bold_lines(doc: Any) -> str:
    return _render(
        doc, heading="<p><b>{}</b></p>", listing=lambda items: "<p>" + "<br>".join(f"- {i}" for i in items) + "</p>",
        meta=lambda rows: "<p>" + "<br>\n".join(f"<b>{k}</b> {v}" for k, v in rows) + "</p>",
    )


def templates(cs: ModuleType) -> list[Any]:
    """The generator's hook: template instances built on its kit (`corpus_sites`)."""

    def footer(site: Any, rng: Any) -> str:
        return (f"Látogatók száma: {site.opts['counter'] + rng.randint(0, 5000):06d} – "
                f"Utolsó frissítés: {site.opts['year'] + 8}. {rng.randint(1, 12):02d}. {rng.randint(1, 28):02d}.")

    class WebForms(cs.Template):  # type: ignore[misc, name-defined]
        name = "webforms"
        roles = ("muni", "ngo", "national", "county", "microsite", "portal")

        def url(self, doc: Any, site: Any, rng: Any) -> str:
            return f"https://{site.domain}/Projekt.aspx?id={rng.randint(10, 9999)}"

        def render(self, doc: Any, site: Any, rng: Any, *, encoding: str, declare: bool, repeat: bool) -> str:
            menu = " | ".join(f'<a href="/{cs.cc.slugify(m)}.aspx">{escape(m, quote=False)}</a>' for m in site.menu)
            return "\n".join([
                '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
                '<html xmlns="http://www.w3.org/1999/xhtml"><head id="ctl00_Head1">', cs.charset_meta(encoding, declare, False),
                f"<title>{escape(site.name, quote=False)}</title></head><body>",
                '<form name="aspnetForm" method="post" action="./Projekt.aspx" id="aspnetForm">',
                '<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTk0NjE0Mjc1MGRk" /></div>',
                "<script type=\"text/javascript\">var theForm = document.forms['aspnetForm'];</script>",
                f'<div id="ctl00_fejlec"><span id="ctl00_lblNev">{escape(site.name, quote=False)}</span></div>',
                f'<div id="ctl00_pnlMenu">{menu}</div>',
                '<div id="ctl00_ContentPlaceHolder1_pnlTartalom">',
                f'<span id="ctl00_ContentPlaceHolder1_lblCim" class="cim">{escape(doc.title, quote=False)}</span>',
                _rows(doc, "th"), "</div>",
                f'<div id="ctl00_also">{escape(site.address, quote=False)}<br />{footer(site, rng)}</div>',
                "</form></body></html>",
            ])

    class DefinitionCms(cs.Template):  # type: ignore[misc, name-defined]
        name = "rows-cms"
        roles = ("muni", "ngo", "national", "county", "microsite", "portal")

        def render(self, doc: Any, site: Any, rng: Any, *, encoding: str, declare: bool, repeat: bool) -> str:
            cell = "dl" if site.variant % 2 else "td"
            menu = "".join(f"<li><a href='/{cs.cc.slugify(m)}'>{escape(m, quote=False)}</a></li>" for m in site.menu)
            return "\n".join([
                "<!DOCTYPE html><html lang='hu'><head>", cs.charset_meta(encoding, declare),
                f"<title>{escape(doc.title, quote=False)} - {escape(site.name, quote=False)}</title></head><body>",
                f"<div class='fejlec'><a href='/'>{escape(site.name, quote=False)}</a></div><ul class='fomenu'>{menu}</ul>",
                f"<div class='tartalom'><h1>{escape(doc.title, quote=False)}</h1>{_rows(doc, cell)}</div>",
                f"<div class='lablec'>© {site.opts['year']} {escape(site.name, quote=False)} – {footer(site, rng)}</div>",
                "</body></html>",
            ])

    class BoldLabels(cs.Template):  # type: ignore[misc, name-defined]
        name = "bold-labels"
        roles = ("muni", "ngo", "national", "county", "microsite", "portal")

        def render(self, doc: Any, site: Any, rng: Any, *, encoding: str, declare: bool, repeat: bool) -> str:
            return "\n".join([
                "<html><head>", cs.charset_meta(encoding, declare, False),
                f"<title>{escape(site.name, quote=False)}</title></head><body><table width='100%'><tr>",
                "<td width='180' valign='top'>" + "<br>".join(
                    f"<a href='/{cs.cc.slugify(m)}.html'>{escape(m, quote=False)}</a>" for m in site.menu) + "</td>",
                f"<td valign='top'><h2>{escape(doc.title, quote=False)}</h2>{_bold_lines(doc)}</td></tr></table>",
                f"<center><small>{footer(site, rng)}</small></center></body></html>",
            ])

    class TabText(cs.Template):  # type: ignore[misc, name-defined]
        name = "tab-text"
        ext = "txt"
        roles = ("muni", "ngo", "national", "county", "microsite", "portal")

        def charset(self, rng: Any) -> tuple[str, bool]:
            return "utf-8", False

        def render(self, doc: Any, site: Any, rng: Any, *, encoding: str, declare: bool, repeat: bool) -> str:
            lines = [site.name, "", doc.title, ""]
            for block in doc.blocks:
                kind = block[0]
                if kind in ("p", "h", "date"):
                    lines += [block[1], ""]
                elif kind == "ul":
                    lines += [f"  • {item}" for item in block[1]] + [""]
                elif kind == "meta":
                    lines += [f"{k.rstrip(': ')}\t{v}" for k, v in block[2]] + [""]
            return "\n".join(lines + [footer(site, rng), ""])

    return [WebForms(), DefinitionCms(), BoldLabels(), TabText()]
