// Projektkereső search page: the URL holds the state (q, filters, page), so links and Back work.
// Titles and snippets arrive as escaped HTML with <mark>s from the API; everything else is text.
"use strict";

const FACETS = [
  ["funder", "Támogató alap"], ["programme", "Program"], ["county", "Megye"], ["year", "Év"],
  ["period", "Időszak"], ["kind", "Típus"], ["language", "Nyelv"],
];
// Facet values shown in Hungarian; the value sent back to the API stays the stored one.
const VALUE_LABELS = {
  kind: { project: "projektoldal", news: "hír", other: "egyéb" },
  language: { hu: "magyar", en: "angol", de: "német", unknown: "ismeretlen" },
};
const ERROR_LEADS = {
  query_syntax: "Hibás keresőkifejezés", bad_request: "Hibás kérés", invalid_parameter: "Hibás paraméter",
  not_found: "Nincs ilyen dokumentum", index_unavailable: "A keresőindex nem érhető el",
  query_timeout: "A keresés túl sokáig tartott; szűkítse a kifejezést",
};
// The API's `reason` codes in Hungarian; its `message` is English, for API users.
const REASONS = {
  unclosed_quote: "lezáratlan idézőjel", unclosed_parenthesis: "lezáratlan zárójel",
  unopened_parenthesis: "záró zárójel nyitó nélkül", empty_not: "a NOT (NEM, -) után nincs mit kizárni",
  missing_value: "a mező neve után hiányzik az érték (pl. county:Zala)",
  year_format: "az év ÉÉÉÉ vagy ÉÉÉÉ..ÉÉÉÉ alakú (pl. year:2017 vagy year:2015..2018)",
  year_order: "az évtartomány vége a kezdete előtt van", year_span: "az évtartomány 200 évnél hosszabb",
  too_long: "túl hosszú a keresőkifejezés", too_many_terms: "túl sok szó a keresőkifejezésben",
};
const PER_PAGE = 10;
const $ = (id) => document.getElementById(id);
const numberFormat = new Intl.NumberFormat("hu-HU");
const millisecondFormat = new Intl.NumberFormat("hu-HU", { maximumFractionDigits: 1 });
let latestRender = 0; // a slower, older response must not overwrite a newer one

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

/** A scraped link only if it is http(s): a `javascript:` URL from a page must not become a link. */
function safeUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function docHref(id) {
  return `/?doc=${encodeURIComponent(id)}`;
}

function state() {
  return new URLSearchParams(location.search);
}

function navigate(params) {
  const url = params.toString() ? `/?${params}` : "/";
  // depth counts in-page steps, so "back" stays on the page when the visit began on a document
  const depth = ((history.state && history.state.depth) || 0) + 1;
  history.pushState({ depth }, "", url);
  render();
}

function withChange(change) {
  const params = state();
  change(params);
  params.delete("doc");
  return params;
}

async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" } });
  } catch {
    throw new Error("A kereső szerver nem érhető el; próbálja újra később.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok || body === null) throw new Error(errorText(response.status, body));
  return body;
}

/** The error in Hungarian: what kind, what is wrong when the API names it, and where in the query. */
function errorText(status, body) {
  const lead = ERROR_LEADS[body && body.error] || `Hiba (HTTP ${status})`;
  const reason = body && REASONS[body.reason];
  let text = reason ? `${lead}: ${reason}` : lead;
  const query = state().get("q") || "";
  if (body && body.position && query) {
    text += ` (${body.position}. karakter):\n${query}\n${" ".repeat(body.position - 1)}^`;
  }
  return text;
}

async function render() {
  const ticket = ++latestRender;
  const params = state();
  $("q").value = params.get("q") || "";
  showSort(params);
  $("year_from").value = params.get("year_from") || "";
  $("year_to").value = params.get("year_to") || "";
  if (params.get("doc")) return showDocument(params.get("doc"), ticket);
  $("document").hidden = true;
  $("results").hidden = false;
  $("filters").hidden = false;
  const query = new URLSearchParams(params);
  query.set("per_page", PER_PAGE);
  $("status").textContent = "Keresés…";
  $("status").className = "";
  $("results").setAttribute("aria-busy", "true");
  try {
    const result = await api(`/search?${query}`);
    if (ticket !== latestRender) return;
    showResults(result, params);
  } catch (error) {
    if (ticket !== latestRender) return;
    $("status").textContent = error.message;
    $("status").className = "error";
    $("suggestion").hidden = true;
    $("partial").hidden = true;
    $("window-note").hidden = true;
    $("hits").replaceChildren();
    $("pager").replaceChildren();
  }
  $("results").setAttribute("aria-busy", "false");
}

/** Without query words nothing ranks by relevance: browsing lists the newest first, and says so. */
function showSort(params) {
  const browsing = !params.get("q");
  const relevance = $("sort").querySelector("option[value=relevance]");
  relevance.disabled = browsing;
  relevance.hidden = browsing;
  const sort = params.get("sort") || "relevance";
  $("sort").value = browsing && sort === "relevance" ? "year" : sort;
}

function showResults(result, params) {
  const shown = result.hits.length;
  $("status").textContent = result.total
    ? `${numberFormat.format(result.total)} találat (${millisecondFormat.format(result.took_ms)} ms)`
    : "Nincs találat.";
  const suggestion = $("suggestion");
  suggestion.hidden = !result.suggestion;
  if (result.suggestion) {
    const link = suggestion.querySelector("a");
    link.textContent = result.suggestion;
    link.href = `/?${withChange((p) => { p.set("q", result.suggestion); p.delete("page"); })}`;
  }
  const partial = $("partial");
  partial.hidden = !result.not_required.length;
  partial.querySelector("strong").textContent = result.not_required.join(", ");
  const pageable = result.total_pages * result.per_page;
  $("window-note").hidden = result.total <= pageable;
  $("window-note").textContent = `Az első ${numberFormat.format(pageable)} találat lapozható; `
    + "a többihez szűkítse a keresést vagy a szűrőket.";
  $("hits").replaceChildren(...result.hits.map(hitItem));
  showFacets(result.facets);
  showYearHints(result.facets.year || []);
  showClearFilters(params);
  showPager(result.page, result.total_pages, shown);
}

function hitItem(hit) {
  const title = element("a", { href: docHref(hit.id), className: "title" });
  title.innerHTML = hit.title || "(cím nélkül)"; // escaped by the API, <mark> only
  const snippet = element("p", { className: "snippet" });
  snippet.innerHTML = hit.snippet; // escaped by the API, <mark> only
  const meta = [hit.project_id, hit.programme, hit.funder.join(", "), hit.county,
    yearSpan(hit.years),
    hit.budget_huf ? `${numberFormat.format(hit.budget_huf)} Ft` : null].filter(Boolean).join(" · ");
  const links = element("p", { className: "links" });
  const original = safeUrl(hit.url);
  if (original) links.append(element("a", { href: original, textContent: "eredeti oldal", rel: "noopener" }));
  links.append(element("a", { href: docHref(hit.id), textContent: "szöveg és hasonlók" }));
  for (const copy of hit.also_at || []) {
    links.append(element("a", { href: safeUrl(copy.url) || docHref(copy.id), textContent: "másolat: " + (copy.url || copy.path) }));
  }
  return element("li", { className: "hit" }, [
    element("h3", {}, [title]), element("p", { className: "meta", textContent: meta }), snippet, links,
  ]);
}

/** "2015" for one year, "2015–2017" for several, null for none. */
function yearSpan(years) {
  if (!years || !years.length) return null;
  const first = Math.min(...years);
  const last = Math.max(...years);
  return first === last ? String(first) : `${first}–${last}`;
}

/** The API lists every selected value (0 hits included) under its stored name, marked `selected`,
 * so a ticked box never disappears, and `county=zala` in a link shows as the ticked Zala. */
function showFacets(facets) {
  const boxes = [];
  for (const [name, label] of FACETS) {
    const values = facets[name] || [];
    if (!values.length) continue;
    const selected = values.filter((item) => item.selected).map((item) => item.value);
    const ordered = name === "year" ? [...values].sort((a, b) => b.value.localeCompare(a.value)) : values;
    // ticked values on top: at the end of a long, scrolled list a ticked value at 0 would be out of sight
    const sorted = [...ordered.filter((item) => item.selected), ...ordered.filter((item) => !item.selected)];
    const items = sorted.map(({ value, count }) => {
      const box = element("input", { type: "checkbox", name, value, checked: selected.includes(value) });
      box.addEventListener("change", () => navigate(withChange((p) => {
        const chosen = new Set(selected); // stored names, so a loosely typed value in the URL is replaced
        if (box.checked) chosen.add(value); else chosen.delete(value);
        p.delete(name);
        for (const item of chosen) p.append(name, item);
        p.delete("page");
      })));
      const shown = (VALUE_LABELS[name] || {})[value] || value;
      return element("li", {}, [element("label", {}, [box, element("span", { textContent: shown }),
        element("span", { className: "count", textContent: numberFormat.format(count) })])]);
    });
    boxes.push(element("section", { className: "facet", id: `facet-${name}` }, [
      element("h2", { textContent: label }), element("ul", {}, items)]));
  }
  $("facets").replaceChildren(...boxes);
}

/** A link back to the query alone (and its sort order) while any filter is on. */
function showClearFilters(params) {
  const kept = new URLSearchParams();
  for (const name of ["q", "sort"]) if (params.get(name)) kept.set(name, params.get(name));
  const filtered = [...params.keys()].some((name) => !["q", "sort", "page"].includes(name));
  $("clear-filters").hidden = !filtered;
  $("clear-filters").querySelector("a").href = kept.toString() ? `/?${kept}` : "/";
}

/** The years the results span, as placeholders of the year range boxes. */
function showYearHints(years) {
  const known = years.map(({ value }) => Number(value)).filter(Number.isInteger);
  $("year_from").placeholder = known.length ? String(Math.min(...known)) : "";
  $("year_to").placeholder = known.length ? String(Math.max(...known)) : "";
}

function showPager(page, pages, shown) {
  const buttons = [];
  if (pages > 1 && shown) {
    const first = Math.max(1, page - 4);
    const last = Math.min(pages, first + 8);
    const go = (target, text) => {
      const button = element("button", { type: "button", textContent: text });
      if (target === page) button.setAttribute("aria-current", "page");
      button.addEventListener("click", () => {
        navigate(withChange((p) => p.set("page", target)));
        $("results").scrollIntoView({ block: "start" }); // the new page starts at its first hit
      });
      return button;
    };
    if (page > 1) buttons.push(go(page - 1, "‹ előző"));
    if (first > 1) buttons.push(go(1, "1"));
    if (first > 2) buttons.push(element("span", { className: "gap", textContent: "…" }));
    for (let target = first; target <= last; target++) buttons.push(go(target, String(target)));
    if (page < pages) buttons.push(go(page + 1, "következő ›"));
  }
  $("pager").replaceChildren(...buttons);
}

/** The project's dates, each said for what it is when the other is unknown; else its years. */
function duration(doc) {
  if (doc.start_date && doc.end_date) return `${doc.start_date} – ${doc.end_date}`;
  if (doc.start_date) return `kezdés: ${doc.start_date}`;
  if (doc.end_date) return `befejezés: ${doc.end_date}`;
  return yearSpan(doc.years);
}

/** The page's address as a link when it is known (and http/https), else its file in the corpus. */
function source(doc) {
  const url = safeUrl(doc.url);
  if (url) return element("a", { href: url, textContent: doc.url, rel: "noopener" });
  return `${doc.path} (fájl a gyűjteményben)`;
}

async function showDocument(id, ticket) {
  $("results").hidden = true;
  $("filters").hidden = true;
  $("document").hidden = false;
  $("document").setAttribute("aria-busy", "true");
  $("doc-title").textContent = "Betöltés…";
  $("doc-meta").replaceChildren();
  $("doc-text").textContent = "";
  $("similar").replaceChildren();
  try {
    const [doc, similar] = await Promise.all([
      api(`/documents/${encodeURIComponent(id)}`), api(`/documents/${encodeURIComponent(id)}/similar`)]);
    if (ticket !== latestRender) return;
    $("doc-title").textContent = doc.title || "(cím nélkül)";
    const rows = [["Projektazonosító", doc.project_id], ["Program", doc.programme], ["Támogató", doc.funder.join(", ")],
      ["Kedvezményezett", doc.beneficiary], ["Település", doc.settlement], ["Megye", doc.county],
      ["Időtartam", duration(doc)],
      ["Támogatás", doc.budget_huf ? `${numberFormat.format(doc.budget_huf)} Ft` : null], ["Forrás", source(doc)]];
    $("doc-meta").replaceChildren(...rows.filter(([, value]) => value).flatMap(([term, value]) => [
      element("dt", { textContent: term }), element("dd", {}, [value]),
    ]));
    $("doc-text").textContent = doc.text;
    $("similar").replaceChildren(...similar.hits.map(hitItem));
    $("similar-heading").hidden = !similar.hits.length;
  } catch (error) {
    if (ticket !== latestRender) return;
    $("doc-title").textContent = error.message;
  }
  $("document").setAttribute("aria-busy", "false");
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  navigate(withChange((p) => { p.set("q", $("q").value.trim()); p.delete("page"); if (!p.get("q")) p.delete("q"); }));
});
$("sort").addEventListener("change", () => navigate(withChange((p) => { p.set("sort", $("sort").value); p.delete("page"); })));
function applyYears() {
  const params = withChange((p) => {
    for (const id of ["year_from", "year_to"]) {
      const value = $(id).value.trim();
      if (/^\d{4}$/.test(value)) p.set(id, value); else p.delete(id);
    }
    p.delete("page");
  });
  if (params.toString() !== state().toString()) navigate(params);
}
$("years-form").addEventListener("submit", (event) => { event.preventDefault(); applyYears(); });
for (const id of ["year_from", "year_to"]) $(id).addEventListener("change", applyYears);
$("back").addEventListener("click", (event) => {
  event.preventDefault();
  if (history.state && history.state.depth > 0) history.back(); else navigate(new URLSearchParams());
});
document.addEventListener("click", (event) => {
  const link = event.target.closest("a");
  if (event.defaultPrevented) return;
  const plainClick = event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey;
  if (link && plainClick && link.origin === location.origin && link.pathname === "/") {
    event.preventDefault();
    navigate(new URL(link.href).searchParams);
  }
});
window.addEventListener("popstate", render);
render();
