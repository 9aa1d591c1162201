// Projektkereső search page: the URL holds the state (q, filters, page), so links and Back work.
// Titles and snippets arrive as escaped HTML with <mark>s from the API; everything else is text.
"use strict";

const FACETS = [
  ["funder", "Támogató alap"], ["programme", "Program"], ["county", "Megye"], ["year", "Év"],
  ["period", "Időszak"], ["kind", "Típus"], ["language", "Nyelv"],
];
const PER_PAGE = 10;
const $ = (id) => document.getElementById(id);
const numberFormat = new Intl.NumberFormat("hu-HU");

function element(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function state() {
  return new URLSearchParams(location.search);
}

function navigate(params, { replace = false } = {}) {
  const url = params.toString() ? `/?${params}` : "/";
  history[replace ? "replaceState" : "pushState"](null, "", url);
  render();
}

function withChange(change) {
  const params = state();
  change(params);
  params.delete("doc");
  return params;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || `HTTP ${response.status}`);
  return body;
}

async function render() {
  const params = state();
  $("q").value = params.get("q") || "";
  $("sort").value = params.get("sort") || "relevance";
  $("year_from").value = params.get("year_from") || "";
  $("year_to").value = params.get("year_to") || "";
  if (params.get("doc")) return showDocument(params.get("doc"));
  $("document").hidden = true;
  $("results").hidden = false;
  const query = new URLSearchParams(params);
  query.set("per_page", PER_PAGE);
  $("status").textContent = "Keresés…";
  $("status").className = "";
  try {
    showResults(await api(`/search?${query}`), params);
  } catch (error) {
    $("status").textContent = error.message;
    $("status").className = "error";
    $("hits").replaceChildren();
    $("pager").replaceChildren();
  }
}

function showResults(result, params) {
  const shown = result.hits.length;
  $("status").textContent = result.total
    ? `${numberFormat.format(result.total)} találat (${result.took_ms} ms)`
    : "Nincs találat.";
  const suggestion = $("suggestion");
  suggestion.hidden = !result.suggestion;
  if (result.suggestion) {
    const link = suggestion.querySelector("a");
    link.textContent = result.suggestion;
    link.href = `/?${withChange((p) => { p.set("q", result.suggestion); p.delete("page"); })}`;
  }
  $("hits").replaceChildren(...result.hits.map(hitItem));
  showFacets(result.facets, params);
  showPager(result.page, result.total_pages, shown);
}

function hitItem(hit) {
  const title = element("a", { href: `/?doc=${encodeURIComponent(hit.id)}`, className: "title" });
  title.innerHTML = hit.title || "(cím nélkül)"; // escaped by the API, <mark> only
  const snippet = element("p", { className: "snippet" });
  snippet.innerHTML = hit.snippet; // escaped by the API, <mark> only
  const meta = [hit.project_id, hit.programme, hit.funder.join(", "), hit.county,
    hit.years.length ? `${Math.min(...hit.years)}–${Math.max(...hit.years)}` : null,
    hit.budget_huf ? `${numberFormat.format(hit.budget_huf)} Ft` : null].filter(Boolean).join(" · ");
  const links = element("p", { className: "links" });
  if (hit.url) links.append(element("a", { href: hit.url, textContent: "eredeti oldal", rel: "noopener" }));
  links.append(element("a", { href: `/?doc=${encodeURIComponent(hit.id)}`, textContent: "szöveg és hasonlók" }));
  for (const copy of hit.also_at || []) {
    links.append(element("a", { href: copy.url || `/?doc=${encodeURIComponent(copy.id)}`, textContent: "másolat: " + (copy.url || copy.path) }));
  }
  return element("li", { className: "hit" }, [
    element("h3", {}, [title]), element("p", { className: "meta", textContent: meta }), snippet, links,
  ]);
}

function showFacets(facets, params) {
  const boxes = [];
  for (const [name, label] of FACETS) {
    const values = facets[name] || [];
    const selected = new Set(params.getAll(name));
    if (!values.length && !selected.size) continue;
    const sorted = name === "year" ? [...values].sort((a, b) => b.value.localeCompare(a.value)) : values;
    const items = sorted.map(({ value, count }) => {
      const box = element("input", { type: "checkbox", name, value, checked: selected.has(value) });
      box.addEventListener("change", () => navigate(withChange((p) => {
        const chosen = new Set(p.getAll(name));
        if (box.checked) chosen.add(value); else chosen.delete(value);
        p.delete(name);
        for (const item of chosen) p.append(name, item);
        p.delete("page");
      })));
      return element("li", {}, [element("label", {}, [box, element("span", { textContent: value }),
        element("span", { className: "count", textContent: numberFormat.format(count) })])]);
    });
    boxes.push(element("section", { className: "facet", id: `facet-${name}` }, [
      element("h2", { textContent: label }), element("ul", {}, items)]));
  }
  $("facets").replaceChildren(...boxes);
}

function showPager(page, pages, shown) {
  const buttons = [];
  if (pages > 1 && shown) {
    const first = Math.max(1, page - 4);
    const last = Math.min(pages, first + 8);
    const go = (target, text) => {
      const button = element("button", { type: "button", textContent: text });
      if (target === page) button.setAttribute("aria-current", "page");
      button.addEventListener("click", () => navigate(withChange((p) => p.set("page", target))));
      return button;
    };
    if (page > 1) buttons.push(go(page - 1, "‹ előző"));
    for (let target = first; target <= last; target++) buttons.push(go(target, String(target)));
    if (page < pages) buttons.push(go(page + 1, "következő ›"));
  }
  $("pager").replaceChildren(...buttons);
}

async function showDocument(id) {
  $("results").hidden = true;
  $("document").hidden = false;
  $("doc-title").textContent = "Betöltés…";
  try {
    const [doc, similar] = await Promise.all([
      api(`/documents/${encodeURIComponent(id)}`), api(`/documents/${encodeURIComponent(id)}/similar`)]);
    $("doc-title").textContent = doc.title || "(cím nélkül)";
    const rows = [["Projektazonosító", doc.project_id], ["Program", doc.programme], ["Támogató", doc.funder.join(", ")],
      ["Kedvezményezett", doc.beneficiary], ["Település", doc.settlement], ["Megye", doc.county],
      ["Időtartam", [doc.start_date, doc.end_date].filter(Boolean).join(" – ")],
      ["Támogatás", doc.budget_huf ? `${numberFormat.format(doc.budget_huf)} Ft` : null], ["Forrás", doc.url || doc.path]];
    $("doc-meta").replaceChildren(...rows.filter(([, value]) => value).flatMap(([term, value]) =>
      [element("dt", { textContent: term }), element("dd", { textContent: value })]));
    $("doc-text").textContent = doc.text;
    $("similar").replaceChildren(...similar.hits.map(hitItem));
  } catch (error) {
    $("doc-title").textContent = error.message;
  }
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  navigate(withChange((p) => { p.set("q", $("q").value.trim()); p.delete("page"); if (!p.get("q")) p.delete("q"); }));
});
$("sort").addEventListener("change", () => navigate(withChange((p) => { p.set("sort", $("sort").value); p.delete("page"); })));
for (const id of ["year_from", "year_to"]) {
  $(id).addEventListener("change", () => navigate(withChange((p) => {
    const value = $(id).value.trim();
    if (/^\d{4}$/.test(value)) p.set(id, value); else p.delete(id);
    p.delete("page");
  })));
}
$("back").addEventListener("click", (event) => { event.preventDefault(); history.back(); });
document.addEventListener("click", (event) => {
  const link = event.target.closest("a");
  if (event.defaultPrevented) return;
  if (link && link.origin === location.origin && link.pathname === "/" && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    history.pushState(null, "", link.href);
    render();
  }
});
window.addEventListener("popstate", render);
render();
