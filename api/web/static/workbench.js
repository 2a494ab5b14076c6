// mkutano workbench: the page talks only to this server's /v1 API, with the key as a bearer
// header (never a cookie, never in a URL). Everything from the memory, the glossary and the
// document is put into the page as text (textContent), never as HTML.
"use strict";

(() => {
  const KEY = "mkutano.key";
  const WORK = "mkutano.work";
  const TYPE_LABEL = { context: "101", exact: "100", fuzzy: "fuzzy", pivot: "pivot", subsegment: "subsegment" };
  const BAND_ORDER = ["repetitions", "context", "100", "95-99", "85-94", "75-84", "50-74", "no-match"];

  const $ = (id) => document.getElementById(id);
  const state = { me: null, work: null, active: -1, matches: [], lookup: 0, ahead: new Map() };

  // ---- small DOM helpers: text only --------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function say(message) { $("status").textContent = message; }

  // ---- the API -----------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body) {
      const err = (body && body.error) || {};
      super(err.message || `HTTP ${status}`);
      this.status = status; this.code = err.code; this.details = err.details;
    }
  }
  async function api(method, path, { json, body, contentType, raw } = {}) {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem(KEY) || ""}` };
    let payload = body;
    if (json !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(json); }
    else if (contentType) headers["Content-Type"] = contentType;
    const r = await fetch(path, { method, headers, body: payload, credentials: "omit", cache: "no-store" });
    if (!r.ok) {
      let data = null;
      try { data = await r.json(); } catch (e) { data = null; }
      if (r.status === 401) forget("The key was refused; sign in again.");
      throw new ApiError(r.status, data);
    }
    if (raw) return r;
    return r.status === 204 ? null : r.json();
  }

  // ---- sign in / forget --------------------------------------------------------------------
  async function signIn(key) {
    sessionStorage.setItem(KEY, key);
    try {
      state.me = await api("GET", "/v1/workbench/me");
    } catch (e) {
      sessionStorage.removeItem(KEY);
      $("signin-error").textContent = e.status === 401 ? "Unknown or revoked key." : e.message;
      return false;
    }
    $("key").value = "";
    $("signin-error").textContent = "";
    $("signin").hidden = true;
    $("who").hidden = false;
    $("who-text").textContent = `Signed in: ${state.me.label || "key " + state.me.id} (${state.me.role}${state.me.can_confirm ? "" : ", view only"})`;
    return true;
  }
  function forget(message) {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(WORK);
    state.me = null; state.work = null; state.active = -1;
    $("who").hidden = true; $("open").hidden = true; $("work").hidden = true;
    $("signin").hidden = false;
    $("signin-error").textContent = message || "";
    $("key").focus();
  }

  // ---- open work ---------------------------------------------------------------------------
  async function showOpen() {
    $("work").hidden = true; $("open").hidden = false;
    state.work = null; sessionStorage.removeItem(WORK);
    const [memories, works] = await Promise.all([api("GET", "/v1/memories"), api("GET", "/v1/workbench/work")]);
    const select = $("memory"), consult = $("consult");
    clear(select); clear(consult);
    for (const m of memories.memories) {
      select.append(el("option", { value: m.name, text: m.name }));
      const id = `consult-${m.name}`;
      consult.append(el("span", { class: "check" },
        el("input", { type: "checkbox", id, value: m.name, checked: true }),
        el("label", { for: id, text: m.name })));
    }
    const list = $("work-list");
    clear(list);
    if (!works.work.length) list.append(el("li", { class: "hint", text: "None yet." }));
    for (const w of works.work) {
      const p = w.progress;
      list.append(el("li", {},
        el("button", { type: "button", class: "link", onclick: () => loadWork(w.id),
          "aria-label": `Resume ${w.name}` , text: w.name }),
        ` ${w.source_lang}→${w.target_lang} · ${p.segments_done}/${p.segments} segments · ${w.updated_at}`));
    }
  }
  function formatOf(name) {
    const n = name.toLowerCase();
    if (n.endsWith(".html") || n.endsWith(".htm")) return "html";
    if (n.endsWith(".xlf") || n.endsWith(".xliff")) return "xliff";
    return "text";
  }
  async function openWork(event) {
    event.preventDefault();
    $("open-error").textContent = "";
    const file = $("file").files[0];
    const pasted = $("paste").value;
    if (!file && !pasted.trim()) { $("open-error").textContent = "Choose a document or paste text."; return; }
    const name = file ? file.name : "pasted.txt";
    const params = new URLSearchParams({
      memory: $("memory").value, source_lang: $("source-lang").value,
      target_lang: $("target-lang").value, format: file ? formatOf(name) : "text", filename: name,
    });
    if ($("pivot-lang").value) params.set("pivot_lang", $("pivot-lang").value);
    for (const box of $("consult").querySelectorAll("input:checked")) params.append("consult", box.value);
    say("Segmenting and analysing…");
    $("open-button").disabled = true;
    try {
      const body = file ? await file.arrayBuffer() : pasted;
      const work = await api("POST", `/v1/workbench/work?${params}`, { body, contentType: "application/octet-stream" });
      showWork(work);
    } catch (e) {
      $("open-error").textContent = e.message;
    } finally {
      $("open-button").disabled = false;
      say("");
    }
  }
  async function loadWork(id) {
    try { showWork(await api("GET", `/v1/workbench/work/${encodeURIComponent(id)}`)); }
    catch (e) { sessionStorage.removeItem(WORK); if (e.status !== 401) await showOpen(); }
  }

  // ---- the work view -----------------------------------------------------------------------
  function showWork(work) {
    state.work = work;
    state.ahead.clear();
    sessionStorage.setItem(WORK, work.id);
    $("open").hidden = true; $("work").hidden = false;
    $("work-title").textContent = work.name;
    $("work-langs").textContent = `${work.source_lang} → ${work.target_lang}` +
      (work.pivot_lang ? ` (beside: ${work.pivot_lang})` : "") + ` · into memory ${work.memory}`;
    const list = $("segments");
    clear(list);
    const readOnly = !state.me.can_confirm;
    for (const seg of work.segments) {
      const n = seg.index + 1;
      const target = el("textarea", {
        class: "target", rows: 2, "aria-label": `Target of segment ${n}`, readonly: readOnly,
        lang: work.target_lang, spellcheck: "true",
      });
      target.value = seg.target || "";
      target.addEventListener("focus", () => activate(seg.index));
      target.addEventListener("change", () => saveDraft(seg.index));
      const li = el("li", { class: "segment", "data-index": seg.index, "data-status": seg.status },
        el("div", { class: "meta" },
          el("span", { class: "num", text: String(n) }),
          el("span", { class: `band band-${seg.band}`, text: seg.band }),
          el("span", { class: "status", text: seg.status })),
        el("div", { class: "source", lang: work.source_lang }),
        work.pivot_lang ? el("div", { class: "pivot", lang: work.pivot_lang, "aria-label": `${work.pivot_lang} of segment ${n}` }) : null,
        target,
        el("ul", { class: "seg-findings" }));
      li.querySelector(".source").textContent = seg.text;
      li.addEventListener("click", (e) => { if (e.target === li || !e.target.closest("textarea")) activate(seg.index, false); });
      list.append(li);
    }
    $("confirm").disabled = readOnly;
    $("reason").disabled = readOnly;
    renderProgress(work.progress);
    const first = work.segments.findIndex((s) => s.status !== "confirmed" && s.status !== "repetition");
    activate(first >= 0 ? first : 0);
  }
  function renderProgress(progress) {
    const body = $("analysis").querySelector("tbody");
    clear(body);
    const rows = BAND_ORDER.filter((b) => progress.bands[b]).map((b) => [b, progress.bands[b]]);
    rows.push(["total", progress.total]);
    for (const [band, r] of rows) {
      body.append(el("tr", { class: band === "total" ? "total" : "" },
        el("th", { scope: "row", text: band }),
        el("td", { text: String(r.segments) }), el("td", { text: String(r.words) }),
        el("td", { text: String(r.segments_done) }), el("td", { text: String(r.words_done) })));
    }
  }
  function segmentNode(index) { return $("segments").querySelector(`li[data-index="${index}"]`); }
  function targetOf(index) { return segmentNode(index).querySelector("textarea"); }

  function activate(index, focus = true) {
    if (!state.work || index < 0 || index >= state.work.segments.length) return;
    if (index === state.active) { if (focus) targetOf(index).focus(); return; }
    if (state.active >= 0 && segmentNode(state.active)) {
      segmentNode(state.active).classList.remove("active");
      saveDraft(state.active);
    }
    const step = index < state.active ? -1 : 1;
    state.active = index;
    const li = segmentNode(index);
    li.classList.add("active");
    li.scrollIntoView({ block: "nearest" });
    $("reason").value = "";
    clear($("findings"));
    if (focus) targetOf(index).focus();
    lookup(index, step);
  }

  // Suggestions from 70%: a low threshold makes a lookup in a large memory many times slower
  // (1M units: p50 12 ms at 70, 178 ms at 50). Only a segment whose best match in the analysis
  // was in the 50-69 range is asked down to 50, so it still shows what the analysis counted.
  const FUZZY_FLOOR = 70, ANALYSIS_FLOOR = 50;
  function threshold(seg) {
    return seg.score !== null && seg.score < FUZZY_FLOOR ? ANALYSIS_FLOOR : FUZZY_FLOOR;
  }
  // suggestions, terms and the third language of a segment, asked in parallel
  function fetchLookup(index) {
    const work = state.work, seg = work.segments[index];
    const ask = (target, limit, threshold) => api("POST", "/v1/suggest", { json: {
      text: seg.text, source_lang: work.source_lang, target_lang: target, prev: seg.prev, next: seg.next,
      limit, threshold, memories: work.consult } });
    const jobs = [ask(work.target_lang, 5, threshold(seg)), api("POST", "/v1/terms", { json: { text: seg.text, lang: work.source_lang } })];
    if (work.pivot_lang) jobs.push(ask(work.pivot_lang, 1, 100));
    return Promise.all(jobs);
  }
  // The segment after the active one (in the direction of travel) is looked up while the
  // translator works on this one; a prefetched answer is used once, then asked again.
  function prefetch(index) {
    if (!state.work || index < 0 || index >= state.work.segments.length || state.ahead.has(index)) return;
    const p = fetchLookup(index);
    p.catch(() => state.ahead.delete(index));
    state.ahead.set(index, p);
  }
  async function lookup(index, step) {
    const token = ++state.lookup;
    const panel = $("suggestions-panel");
    panel.dataset.state = "loading";
    panel.dataset.segment = String(index);
    const ahead = state.ahead.get(index);
    state.ahead.delete(index);
    let results;
    try { results = await (ahead || fetchLookup(index)); }
    catch (e) { if (token === state.lookup) { panel.dataset.state = "error"; say(e.message); } return; }
    if (token !== state.lookup) return; // the translator has moved on
    const work = state.work;
    const [sugg, terms, pivot] = results;
    state.matches = sugg.matches;
    renderSuggestions(sugg.matches);
    renderTerms(index, terms.hits);
    if (pivot) {
      const node = segmentNode(index).querySelector(".pivot");
      node.textContent = pivot.matches.length ? pivot.matches[0].target : `(no ${work.pivot_lang} in the memory)`;
    }
    panel.dataset.state = "ready";
    prefetch(index + step);
  }

  function renderDiff(diff) {
    const out = el("span", { class: "diff" });
    for (const d of diff) {
      if (d.op === "equal") out.append(d.tm);
      if (d.op === "delete" || d.op === "replace") out.append(el("del", { title: "only in your segment", text: d.query }));
      if (d.op === "replace") out.append(" ");
      if (d.op === "insert" || d.op === "replace") out.append(el("ins", { title: "only in the memory's source", text: d.tm }));
      out.append(" ");
    }
    return out;
  }
  function markSubstitutions(text, subs) {
    // the parts of the target that were put in from the new segment (numbers, dates, tags)
    const out = el("span", { class: "text" });
    let rest = text;
    const marks = subs.filter((s) => s.target).map((s) => s);
    while (rest) {
      let best = null, at = -1;
      for (const s of marks) {
        const i = rest.indexOf(s.target);
        if (i >= 0 && (at < 0 || i < at)) { best = s; at = i; }
      }
      if (!best) { out.append(rest); break; }
      out.append(rest.slice(0, at));
      out.append(el("mark", { class: `subst subst-${best.kind}`, title: `${best.kind}: ${best.tm} → ${best.query}`, text: best.target }));
      rest = rest.slice(at + best.target.length);
    }
    return out;
  }
  // TMX dates (20240410T101500Z) and ISO ones (2024-04-10T...) shown as 2024-04-10
  function isoDay(date) {
    const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(date);
    return m ? `${m[1]}-${m[2]}-${m[3]}` : date;
  }
  function renderSuggestions(matches) {
    const list = $("suggestions");
    clear(list);
    if (!matches.length) { list.append(el("li", { class: "hint", text: "No suggestion at 70% or more." })); return; }
    matches.forEach((m, i) => {
      const p = m.provenance || {};
      const who = p.changeid || p.creationid || p.origin || "";
      const when = isoDay(p.changedate || p.creationdate || "");
      const type = TYPE_LABEL[m.type] || m.type;
      list.append(el("li", { class: `match match-${m.type}` },
        el("div", { class: "match-head" },
          el("button", { type: "button", class: "insert", "aria-label": `Insert suggestion ${i + 1} (Ctrl+${i + 1})`,
            onclick: () => insertSuggestion(i), text: `Ctrl+${i + 1}` }),
          el("span", { class: "score", text: `${Number(m.score).toFixed(0)}%` }),
          el("span", { class: `type type-${m.type}`, text: type }),
          el("span", { class: "prov", text: `${m.memory} · ${who}${when ? " · " + when : ""}` })),
        el("div", { class: "match-target", lang: m.target_lang }, markSubstitutions(m.target, m.substitutions || [])),
        el("div", { class: "match-source", lang: m.source_lang }, renderDiff(m.diff || [])),
        m.penalties && m.penalties.length
          ? el("div", { class: "penalties", text: "penalties: " + m.penalties.map((x) => `${x.name} ${x.points}`).join(", ") })
          : null));
    });
  }
  function insertAtCursor(textarea, text, replace) {
    if (replace) { textarea.value = text; }
    else {
      const s = textarea.selectionStart, e = textarea.selectionEnd;
      textarea.value = textarea.value.slice(0, s) + text + textarea.value.slice(e);
      textarea.selectionStart = textarea.selectionEnd = s + text.length;
    }
    textarea.focus();
    saveDraft(state.active);
  }
  function insertSuggestion(i) {
    if (state.active < 0 || !state.matches[i] || !state.me.can_confirm) return;
    insertAtCursor(targetOf(state.active), state.matches[i].target, true);
  }

  function renderTerms(index, hits) {
    const source = segmentNode(index).querySelector(".source");
    const text = Array.from(state.work.segments[index].text);
    clear(source);
    let at = 0;
    const sorted = [...hits].sort((a, b) => a.start - b.start);
    for (const h of sorted) {
      if (h.start < at) continue;
      source.append(text.slice(at, h.start).join(""));
      source.append(el("mark", { class: `term term-${h.term.status}`, title: `${h.term.status} term`, text: text.slice(h.start, h.end).join("") }));
      at = h.end;
    }
    source.append(text.slice(at).join(""));
    const list = $("terms");
    clear(list);
    if (!hits.length) { list.append(el("li", { class: "hint", text: "No glossary term in this segment." })); return; }
    const target = state.work.target_lang;
    for (const h of sorted) {
      const renderings = (h.renderings[target] || []).concat(
        Object.keys(h.renderings).filter((l) => l.split("-")[0] === target && l !== target).flatMap((l) => h.renderings[l]));
      const li = el("li", { class: "term-hit" },
        el("span", { class: `term term-${h.term.status}`, text: h.text }),
        el("span", { class: "term-status", text: ` ${h.term.status} ` }));
      const ul = el("ul", { class: "renderings" });
      for (const r of renderings) {
        const bad = r.status === "forbidden" || r.status === "deprecated";
        ul.append(el("li", { class: `rendering status-${r.status}` },
          bad ? el("span", { class: "term-text", text: r.text })
            : el("button", { type: "button", class: "insert-term", "aria-label": `Insert term ${r.text}`,
              onclick: () => state.me.can_confirm && insertAtCursor(targetOf(state.active), r.text, false), text: r.text }),
          el("span", { class: "term-status", text: ` ${r.status}` }),
          r.usage_note ? el("span", { class: "note", text: ` — ${r.usage_note}` }) : null));
      }
      li.append(ul);
      list.append(li);
    }
  }

  // ---- drafts, confirming ------------------------------------------------------------------
  function saveDraft(index) {
    if (!state.work || !state.me.can_confirm || index < 0) return;
    const seg = state.work.segments[index];
    const value = targetOf(index).value;
    if (value === (seg.target || "") || !value.trim()) return;
    seg.target = value;
    if (seg.status === "confirmed" || seg.status === "repetition") setStatus(index, "draft");
    api("PUT", `/v1/workbench/work/${state.work.id}/segments/${index}`, { json: { target: value } })
      .then((r) => renderProgress(r.progress)).catch((e) => say(e.message));
  }
  function setStatus(index, status) {
    state.work.segments[index].status = status;
    const li = segmentNode(index);
    li.dataset.status = status;
    li.querySelector(".status").textContent = status;
  }
  function renderFindings(findings, index) {
    const lists = [$("findings"), segmentNode(index).querySelector(".seg-findings")];
    for (const list of lists) {
      clear(list);
      for (const f of findings) list.append(el("li", { class: `finding sev-${f.severity}`, text: `${f.severity}: ${f.check}: ${f.message}` }));
    }
  }
  async function confirmActive() {
    const index = state.active;
    if (!state.work || index < 0 || !state.me.can_confirm) return;
    const target = targetOf(index).value;
    if (!target.trim()) { say("Type or insert a translation first."); return; }
    const reason = $("reason").value.trim();
    try {
      const r = await api("POST", `/v1/workbench/work/${state.work.id}/segments/${index}/confirm`,
        { json: { target, override_reason: reason || null } });
      state.work.segments[index].target = target;
      state.ahead.clear(); // the memory has changed
      setStatus(index, "confirmed");
      renderFindings(r.findings, index);
      for (const k of r.repetitions) {
        state.work.segments[k].target = target;
        targetOf(k).value = target;
        setStatus(k, "repetition");
      }
      renderProgress(r.progress);
      say(`Segment ${index + 1} confirmed` + (r.repetitions.length ? `; ${r.repetitions.length} repetition(s) filled` : ""));
      const next = state.work.segments.findIndex((s, k) => k > index && s.status !== "confirmed" && s.status !== "repetition");
      if (next >= 0) activate(next);
    } catch (e) {
      if (e.code === "qa_refused") {
        renderFindings(e.details.findings, index);
        segmentNode(index).classList.add("refused");
        say("Refused by QA: fix the errors or type a reason to confirm anyway.");
        $("reason").focus();
      } else say(e.message);
    }
  }

  // ---- concordance -------------------------------------------------------------------------
  // the selected phrase and its language: in a target box the target's, elsewhere the source's
  function selectedText() {
    const t = document.activeElement;
    if (t && t.classList.contains("target") && t.selectionEnd > t.selectionStart) {
      return [t.value.slice(t.selectionStart, t.selectionEnd).trim(), state.work.target_lang];
    }
    return [String(window.getSelection() || "").trim(), state.work.source_lang];
  }
  async function concordance(phrase, lang) {
    const list = $("conc");
    clear(list);
    if (!phrase.trim() || !state.work) return;
    $("conc-q").value = phrase;
    lang = lang || state.work.source_lang;
    const other = lang === state.work.source_lang ? state.work.target_lang : state.work.source_lang;
    try {
      const r = await api("POST", "/v1/concordance", { json: { phrase, lang, target_lang: other, memories: state.work.consult, limit: 20 } });
      if (!r.hits.length) list.append(el("li", { class: "hint", text: `“${phrase}” is not in the memories.` }));
      for (const h of r.hits) {
        const tr = Object.values(h.translations || {})[0] || "";
        list.append(el("li", { class: "conc-hit" },
          el("div", { lang: h.lang }, h.left, el("mark", { text: h.match }), h.right),
          el("div", { class: "conc-tr", lang: other, text: Array.isArray(tr) ? tr.join(" | ") : String(tr) })));
      }
      $("concordance-panel").dataset.state = "ready";
    } catch (e) { say(e.message); }
  }

  // ---- downloads ---------------------------------------------------------------------------
  async function download(kind) {
    if (!state.work) return;
    const r = await api("GET", `/v1/workbench/work/${state.work.id}/download?as=${kind}`, { raw: true });
    const disposition = r.headers.get("Content-Disposition") || "";
    const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "translation";
    const url = URL.createObjectURL(await r.blob());
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ---- the keyboard contract ---------------------------------------------------------------
  function onKey(e) {
    if (!state.work || $("work").hidden) return;
    const digit = /^Digit([1-5])$/.exec(e.code) || /^([1-5])$/.exec(e.key);
    if (e.ctrlKey && !e.altKey && digit) { e.preventDefault(); insertSuggestion(Number(digit[1]) - 1); return; }
    if (e.ctrlKey && e.key === "Enter") { e.preventDefault(); confirmActive(); return; }
    if (e.ctrlKey && (e.key === "k" || e.key === "K")) { e.preventDefault(); const [s, lang] = selectedText(); if (s) concordance(s, lang); else $("conc-q").focus(); return; }
    if (e.altKey && e.key === "ArrowDown") { e.preventDefault(); activate(state.active + 1); return; }
    if (e.altKey && e.key === "ArrowUp") { e.preventDefault(); activate(state.active - 1); }
  }

  // ---- start -------------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", async () => {
    $("signin-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      if (await signIn($("key").value.trim())) await showOpen();
    });
    $("forget").addEventListener("click", () => forget("Key forgotten."));
    $("open-form").addEventListener("submit", openWork);
    $("close-work").addEventListener("click", () => { saveDraft(state.active); state.active = -1; showOpen(); });
    $("confirm").addEventListener("click", confirmActive);
    $("conc-form").addEventListener("submit", (e) => { e.preventDefault(); concordance($("conc-q").value); });
    $("download-doc").addEventListener("click", () => download("document").catch((e) => say(e.message)));
    $("download-xliff").addEventListener("click", () => download("xliff").catch((e) => say(e.message)));
    document.addEventListener("keydown", onKey);
    const key = sessionStorage.getItem(KEY);
    if (key && (await signIn(key))) {
      const work = sessionStorage.getItem(WORK);
      if (work) await loadWork(work); else await showOpen();
    } else {
      $("key").focus();
    }
  });
})();
