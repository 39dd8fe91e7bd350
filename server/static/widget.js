/* SmartJobFit Coach: the embeddable chat widget. Plain JS, no build step, no dependencies.
 *
 * Embed:  <script src="https://coach.example/widget.js" data-coach-url="https://coach.example" async></script>
 * Options (data attributes on the script tag):
 *   data-coach-url     the coach's base URL (default: where widget.js came from)
 *   data-theme-color   accent colour, any CSS colour (default #2563eb)
 *   data-greeting      first words the visitor sees
 *   data-title         panel title (default "Career coach")
 *   data-suggestions   suggested first messages, separated by "|"
 *   data-position      "right" (default) or "left"
 *   data-theme         "auto" (default: follow the system), "light" or "dark"
 *   data-open          "true" to open the panel at once
 * Script API: window.SmartJobFitCoach (open, close, send, newConversation, openThread, getToken, setToken,
 * mountCard). Everything renders inside a shadow root, so the host page's CSS neither leaks in nor out.
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || window.SmartJobFitCoach) return; // loaded twice: keep the first

  const VERSION = "1.0.0";
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  const data = (script && script.dataset) || {};
  const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  const config = {
    coachUrl: String(data.coachUrl || scriptOrigin).replace(/\/+$/, ""),
    themeColor: data.themeColor || "",
    greeting: data.greeting || "Hi! I'm your career coach. Ask me what a role pays where you live, what " +
      "range to ask for, or where your career could go next.",
    title: data.title || "Career coach",
    suggestions: (data.suggestions || "What does a registered nurse make in Denver?|" +
      "I'm a software developer in Austin with 5 years' experience|What salary range should I ask for?")
      .split("|").map((s) => s.trim()).filter(Boolean).slice(0, 4),
    position: data.position === "left" ? "left" : "right",
    theme: ["light", "dark"].includes(data.theme) ? data.theme : "auto",
    open: data.open === "true",
  };
  performance.mark("sjf:script-start");

  // ---------------------------------------------------------------------------------------------------
  // Storage: per coach URL, so two coaches on one site keep apart; in memory where storage is blocked.
  const memoryStore = {};
  const storeKey = (name) => `sjf:${config.coachUrl}:${name}`;
  const store = {
    get(name) {
      try { return localStorage.getItem(storeKey(name)); } catch (_) { return memoryStore[name] ?? null; }
    },
    set(name, value) {
      try { localStorage.setItem(storeKey(name), value); } catch (_) { memoryStore[name] = value; }
    },
    del(name) {
      try { localStorage.removeItem(storeKey(name)); } catch (_) { delete memoryStore[name]; }
    },
  };

  // ---------------------------------------------------------------------------------------------------
  // HTTP: bearer auth with a guest token and its refresh token; a 401 refreshes, or gets a fresh guest token once.
  class OfflineError extends Error {}

  async function request(path, opts = {}) {
    try {
      return await fetch(config.coachUrl + path, opts);
    } catch (err) {
      if (err.name === "AbortError") throw err;
      // fetch() rejects with a TypeError for DNS, refused connections and CORS refusals alike; tell the
      // site's owner (console) what to check, and the visitor what to do.
      console.warn(`SmartJobFit Coach: ${config.coachUrl}${path} failed (${err.message}). If the coach is up, ` +
        `check that its COACH_CORS_ORIGINS allows ${location.origin}.`);
      throw new OfflineError(`Can't reach the coach at ${config.coachUrl}. Check your connection, then retry.`);
    }
  }

  async function errorMessage(res) {
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) return body.error.message;
      if (body && typeof body.detail === "string") return body.detail;
    } catch (_) { /* not JSON */ }
    return res.status >= 500 ? `The coach had a problem (HTTP ${res.status}). Please retry.`
      : `Request failed (HTTP ${res.status}).`;
  }

  function keepTokens(body) {
    store.set("token", body.token);
    if (body.refresh_token) store.set("refresh", body.refresh_token); else store.del("refresh");
    return body.token;
  }

  async function guestToken() {
    const res = await request("/api/auth/guest", { method: "POST" });
    if (!res.ok) throw new Error(await errorMessage(res));
    return keepTokens(await res.json());
  }

  /** A new access token from the stored refresh token (each refresh token works once), or null when the session
   *  has ended. Calls made at the same moment share one refresh; when another tab refreshed first, its token is
   *  already in the shared storage. */
  let refreshing = null;
  function refreshToken() {
    if (!refreshing) {
      refreshing = (async () => {
        const sent = store.get("refresh");
        if (!sent) return null;
        const res = await request("/api/auth/refresh", {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: sent }) });
        if (res.ok) return keepTokens(await res.json());
        const now = store.get("refresh");
        return now && now !== sent ? store.get("token") : null;
      })().finally(() => { refreshing = null; });
    }
    return refreshing;
  }

  /** fetch() with the visitor's token. opts.body may be a function, so a retry after a 401 rebuilds it
   *  (the old thread belonged to the old token's user). An expired access token is refreshed; a session that
   *  has ended starts over as a new guest. */
  async function api(path, opts = {}, retried = false) {
    const token = store.get("token") || (await guestToken());
    const body = typeof opts.body === "function" ? opts.body() : opts.body;
    const res = await request(path, { ...opts, body, headers: { ...opts.headers, Authorization: `Bearer ${token}` } });
    if (res.status === 401 && !retried) {
      if (await refreshToken()) return api(path, opts, true);
      store.del("token");
      store.del("refresh");
      store.del("thread");
      return api(path, opts, true);
    }
    return res;
  }

  /** Incremental Server-Sent Events parser: push() text chunks split anywhere; onEvent(name, data). */
  function sseParser(onEvent) {
    let buf = "";
    function dispatch(block) {
      let event = "message";
      const lines = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const i = line.indexOf(":");
        const field = i === -1 ? line : line.slice(0, i);
        let value = i === -1 ? "" : line.slice(i + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") event = value;
        else if (field === "data") lines.push(value);
      }
      if (!lines.length) return;
      let payload = lines.join("\n");
      try { payload = JSON.parse(payload); } catch (_) { /* keep the text */ }
      onEvent(event, payload && typeof payload === "object" ? payload : { text: payload });
    }
    return {
      push(chunk) {
        let text = buf + chunk, tail = "";
        if (text.endsWith("\r")) { tail = "\r"; text = text.slice(0, -1); } // maybe half of "\r\n"
        text = text.replace(/\r\n?/g, "\n");
        let idx;
        while ((idx = text.indexOf("\n\n")) !== -1) { dispatch(text.slice(0, idx)); text = text.slice(idx + 2); }
        buf = text + tail;
      },
      flush() { if (buf.trim()) dispatch(buf.replace(/\r\n?/g, "\n")); buf = ""; },
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // DOM helpers. Text always goes in through textContent: model output is never parsed as HTML.
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function safeUrl(raw) {
    try {
      const url = new URL(String(raw), location.href);
      return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
    } catch (_) { return null; }
  }
  const link = (href, text) => {
    const url = safeUrl(href);
    return url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, text) : text;
  };

  // Markdown, the safe way: the text is split into blocks and inline spans, and each becomes DOM nodes
  // holding plain text. A "<img onerror=...>" in a reply is shown as those characters.
  const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+?\*\*)|(\*[^*\s][^*\n]*?\*|_[^_\s][^_\n]*?_)|(\[[^\]\n]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
  function inline(text) {
    const out = [], re = new RegExp(INLINE.source, "g"); // one per call: inline() recurses
    let last = 0, m;
    while ((m = re.exec(text))) {
      const t = m[0];
      if (m[3] && t[0] === "_" && (/\w/.test(text[m.index - 1] || "") || /\w/.test(text[m.index + t.length] || ""))) {
        re.lastIndex = m.index + 1; // "_" inside a word (snake_case, __dunder__) is not emphasis
        continue;
      }
      if (m.index > last) out.push(text.slice(last, m.index));
      if (m[1]) out.push(h("code", { text: t.slice(1, -1) }));
      else if (m[2]) out.push(h("strong", null, ...inline(t.slice(2, -2))));
      else if (m[3]) out.push(h("em", null, ...inline(t.slice(1, -1))));
      else if (m[4]) { const i = t.indexOf("]("); out.push(link(t.slice(i + 2, -1), t.slice(1, i))); }
      else out.push(link(t, t));
      last = m.index + t.length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  function markdown(text) {
    const frag = document.createDocumentFragment();
    const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    let para = [], list = null, code = null;
    const endPara = () => {
      if (!para.length) return;
      const p = h("p");
      para.forEach((line, i) => { if (i) p.append(h("br")); p.append(...inline(line)); });
      frag.append(p);
      para = [];
    };
    const endList = () => { if (list) frag.append(list.node); list = null; };
    for (const line of lines) {
      if (code) {
        if (/^\s*```/.test(line)) { frag.append(h("pre", null, h("code", { text: code.join("\n") }))); code = null; }
        else code.push(line);
        continue;
      }
      let m;
      if (/^\s*```/.test(line)) { endPara(); endList(); code = []; }
      else if ((m = /^(#{1,4})\s+(.*)$/.exec(line))) {
        endPara(); endList();
        frag.append(h(`h${Math.min(m[1].length + 2, 6)}`, { class: "md-h" }, ...inline(m[2])));
      } else if ((m = /^\s*(?:([-*•])|(\d+)[.)])\s+(.*)$/.exec(line))) {
        endPara();
        const kind = m[1] ? "ul" : "ol";
        if (!list || list.kind !== kind) { endList(); list = { kind, node: h(kind) }; }
        list.node.append(h("li", null, ...inline(m[3])));
      } else if (!line.trim()) { endPara(); endList(); }
      else if (list && /^\s{2,}\S/.test(line)) list.node.lastChild.append(" ", ...inline(line.trim()));
      else { endList(); para.push(line); }
    }
    if (code) frag.append(h("pre", null, h("code", { text: code.join("\n") })));
    endPara(); endList();
    return frag;
  }

  // ---------------------------------------------------------------------------------------------------
  // Tool results as cards. Each card is built from the tool's JSON; unknown tools get a compact summary.
  const money = (value, unit = "year") => {
    if (value == null || Number.isNaN(Number(value))) return "n/a";
    const digits = unit === "hour" ? 2 : 0;
    return Number(value).toLocaleString("en-US", { style: "currency", currency: "USD",
      minimumFractionDigits: digits, maximumFractionDigits: digits });
  };
  const pct = (value) => `${value > 0 ? "+" : ""}${Number(value).toFixed(1)}%`;
  const ordinal = (n) => `${n}${["th", "st", "nd", "rd"][(n % 100 > 10 && n % 100 < 14) || n % 10 > 3 ? 0 : n % 10]}`;

  function sourceLine(source) {
    const sources = (Array.isArray(source) ? source : [source]).filter((s) => s && s.name);
    if (!sources.length) return null;
    const parts = sources.map((s) => {
      const label = [s.name, s.release].filter(Boolean).join(", ");
      return [s.url ? link(s.url, label) : label, s.area ? ` · ${s.area}` : ""];
    });
    return h("p", { class: "source", "data-testid": "card-source" }, "Source: ",
      ...parts.flatMap((p, i) => (i ? ["; ", ...p] : p)));
  }

  function card(kind, title, subtitle, ...body) {
    return h("article", { class: `card card-${kind}`, "data-testid": `card-${kind}`, "aria-label": title },
      h("header", null, h("h4", { text: title }), subtitle ? h("p", { class: "sub", text: subtitle }) : null),
      ...body);
  }

  /** Horizontal percentile chart: p10–p90 whisker, p25–p75 box, median marked; returns [svg, table]. */
  function percentileChart(values, what, unit = "year", marks = []) {
    const keys = [["p10", "10th"], ["p25", "25th"], ["median", "Median"], ["p75", "75th"], ["p90", "90th"]];
    const known = keys.map(([k]) => values[k]).filter((v) => v != null);
    if (known.length < 2) return [h("p", { class: "muted", text: "Not enough published figures to chart." })];
    const lo = Math.min(...known, ...marks.map((m) => m.value)), hi = Math.max(...known, ...marks.map((m) => m.value));
    const pad = (hi - lo) * 0.06 || hi * 0.05 || 1;
    const W = 300, x = (v) => 8 + ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (W - 16);
    const v = (k) => values[k] ?? (k === "p90" || k === "p75" ? hi : lo); // top-coded: draw to the edge
    const spoken = keys.filter(([k]) => values[k] != null).map(([k, label]) =>
      `${label === "Median" ? "median" : `${label} percentile`} ${money(values[k], unit)}`).join(", ");
    const chart = svg("svg", { viewBox: `0 0 ${W} 46`, class: "chart", role: "img", "data-testid": "salary-chart",
      "aria-label": `${what}: ${spoken}` },
      svg("title", {}, `${what}: ${spoken}`),
      svg("line", { x1: x(v("p10")), x2: x(v("p90")), y1: 20, y2: 20, class: "whisker" }),
      svg("line", { x1: x(v("p10")), x2: x(v("p10")), y1: 13, y2: 27, class: "whisker" }),
      svg("line", { x1: x(v("p90")), x2: x(v("p90")), y1: 13, y2: 27, class: "whisker" }),
      svg("rect", { x: x(v("p25")), y: 9, width: Math.max(2, x(v("p75")) - x(v("p25"))), height: 22, rx: 4,
        class: "box", "data-testid": "chart-box" }),
      ...(values.median != null ? [
        svg("line", { x1: x(values.median), x2: x(values.median), y1: 5, y2: 35, class: "median",
          "data-testid": "chart-median" }),
        svg("text", { x: Math.min(Math.max(x(values.median), 40), W - 40), y: 45, class: "median-label",
          "text-anchor": "middle" }, `Median ${money(values.median, unit)}`)] : []),
      ...marks.map((m) => svg("circle", { cx: x(m.value), cy: 20, r: 4.5, class: `mark mark-${m.kind}` },
        svg("title", {}, `${m.label} ${money(m.value, unit)}`))));
    const top = (k) => (values.top_coded || []).includes(k);
    const table = h("dl", { class: "figures" }, ...keys.flatMap(([k, label]) => [
      h("div", null, h("dt", { text: label === "Median" ? label : `${label} pct.` }),
        h("dd", { text: values[k] != null ? money(values[k], unit) : top(k) ? "top-coded" : "n/a" }))]));
    return [chart, table];
  }

  function errorCard(name, d) {
    const suggestions = (d.suggestions || []).map((s) => (typeof s === "string" ? s : s.title)).filter(Boolean);
    return card("notice", "No result", d.error,
      suggestions.length ? h("p", { class: "muted" }, `Did you mean: ${suggestions.slice(0, 4).join(", ")}?`) : null);
  }

  function salaryLookupCard(d) {
    const occ = d.occupation || {}, area = d.area || {};
    const annual = d.annual || {};
    const figures = annual.median != null || annual.p10 != null ? annual : d.hourly || {};
    const unit = figures === annual ? "year" : "hour";
    const title = `${occ.title || "Occupation"} · ${area.name || "United States"}`;
    const sub = [`${unit === "year" ? "Annual" : "Hourly"} pay`, d.employment ? `${Number(d.employment).toLocaleString("en-US")} employed` : null,
      occ.soc_code ? `SOC ${occ.soc_code}` : null].filter(Boolean).join(" · ");
    return card("salary", title, sub, ...percentileChart(figures, `${unit === "year" ? "Annual" : "Hourly"} pay for ${title}`, unit),
      sourceLine(d.source));
  }

  function salaryRangeCard(d) {
    const curve = {};
    for (const point of d.curve || []) curve[point.percentile === 50 ? "median" : `p${point.percentile}`] = point.amount;
    const unit = d.unit === "hour" ? "hour" : "year";
    const marks = ["low", "target", "high"].filter((k) => d[k] && d[k].amount != null)
      .map((k) => ({ kind: k, value: d[k].amount, label: k === "target" ? "Target" : k === "low" ? "Low" : "High" }));
    const range = h("p", { class: "range", "data-testid": "range-figures" },
      ...marks.flatMap((m, i) => [i ? " · " : "", h("strong", { text: m.label }), ` ${money(m.value, unit)} (${ordinal(Math.round(d[m.kind].percentile))} pct.)`]));
    return card("salary", `Range to ask · ${d.occupation || ""}`, d.area, range,
      ...percentileChart(curve, `Pay curve for ${d.occupation} in ${d.area}`, unit, marks),
      (d.factors || []).length ? h("ul", { class: "factors" }, ...d.factors.map((f) => h("li", { text: f.reason }))) : null,
      sourceLine(d.source || { name: "BLS OEWS", release: "May 2025", area: d.figures_area }));
  }

  function benchmarksCard(d) {
    const nat = (d.national && d.national.annual) || {};
    const industries = (d.by_industry || []).slice(0, 5);
    return card("salary", `${(d.occupation || {}).title || "Occupation"} · by industry`, "National annual pay",
      ...percentileChart(nat, `National annual pay for ${(d.occupation || {}).title}`),
      industries.length ? h("ol", { class: "list" }, ...industries.map((i) =>
        h("li", null, h("span", { text: i.industry }), h("span", { class: "num", text: money(i.annual && i.annual.median) })))) : null,
      sourceLine(d.source || { name: "BLS OEWS", release: "May 2025", area: "United States" }));
  }

  function compareCard(d) {
    const row = (label, place) => h("li", null, h("span", { text: `${label}: ${place.area_name}` }),
      h("span", { class: "num", text: money(place.annual_median ?? place.estimated_annual_median) }));
    return card("compare", `${d.occupation_name} · two places`, "Annual median pay",
      h("ul", { class: "list" }, row("Home", d.home || {}), row("Job", d.job || {})),
      d.ratio ? h("p", null, `The job's area pays ${pct((d.ratio - 1) * 100)} against home.`) : null,
      sourceLine(d.source));
  }

  function outlookCard(d) {
    const p = d.projection || {};
    return card("outlook", `${d.title || p.title} · outlook`, p.growth_category ? `Growth: ${p.growth_category}` : null,
      h("ul", { class: "list" },
        p.change_percent != null ? h("li", null, h("span", { text: "Jobs 2024→2034" }), h("span", { class: "num", text: pct(p.change_percent) })) : null,
        p.annual_openings != null ? h("li", null, h("span", { text: "Openings a year" }), h("span", { class: "num", text: Number(p.annual_openings).toLocaleString("en-US") })) : null,
        p.typical_education ? h("li", null, h("span", { text: "Typical education" }), h("span", { text: p.typical_education })) : null),
      sourceLine(d.source));
  }

  function profileCard(d) {
    const profile = d.profile || d;
    const rows = Object.entries(profile).filter(([, v]) => v != null && typeof v !== "object");
    if (!rows.length) return null;
    return card("profile", d.changed && Object.keys(d.changed).length ? "Profile updated" : "Your profile", null,
      h("dl", { class: "kv" }, ...rows.map(([k, v]) => h("div", null, h("dt", { text: k.replace(/_/g, " ") }), h("dd", { text: String(v) })))));
  }

  function skillsCard(d) {
    const skills = (d.skills || []).slice(0, 8), gaps = (d.gaps || []).slice(0, 5);
    const name = (s) => (typeof s === "string" ? s : s.name || s.skill || "");
    return card("skills", "Skills", gaps.length ? `${skills.length} found · ${gaps.length} gap${gaps.length === 1 ? "" : "s"}` : `${skills.length} found`,
      h("ul", { class: "chips" }, ...skills.map((s) => h("li", { title: s.evidence ? `“${s.evidence}”` : null }, link(s.esco_uri || "", name(s))))),
      gaps.length ? h("p", { class: "sub", text: "Gaps for the target role" }) : null,
      gaps.length ? h("ol", { class: "list" }, ...gaps.map((g) => h("li", { text: name(g) }))) : null);
  }

  function coursesCard(d) {
    const courses = (d.courses || d.results || []).slice(0, 5);
    return card("courses", "Courses", `${courses.length} suggested`,
      h("ol", { class: "list courses" }, ...courses.map((c) => h("li", null,
        h("span", null, link(c.url || "", c.title || "Course"), h("small", { text: [c.provider, c.level, c.duration].filter(Boolean).join(" · ") })),
        h("span", { class: "num", text: c.price === 0 || c.free ? "Free" : c.price != null ? money(c.price) : "" })))));
  }

  function mentorCard(d) {
    const mentors = (d.mentors || d.matches || []).slice(0, 3);
    return card("mentor", "Mentors", `${mentors.length} matched`, ...mentors.map((m) => h("div", { class: "mentor" },
      h("div", { class: "avatar", "aria-hidden": "true", text: String(m.name || "?").trim().charAt(0).toUpperCase() }),
      h("div", null, h("strong", { text: m.name || "Mentor" }), h("small", { text: [m.headline || m.role, m.industry].filter(Boolean).join(" · ") }),
        m.score != null ? h("small", { text: `Match ${Math.round(Number(m.score) * (m.score <= 1 ? 100 : 1))}%` }) : null,
        (m.reasons || []).length ? h("ul", null, ...m.reasons.slice(0, 3).map((r) => h("li", { text: typeof r === "string" ? r : r.text || r.reason }))) : null))));
  }

  function summaryCard(name, d) {
    const scalars = Object.entries(d || {}).filter(([, v]) => v != null && typeof v !== "object").slice(0, 4);
    return card("summary", name.replace(/_/g, " "), null,
      scalars.length ? h("dl", { class: "kv" }, ...scalars.map(([k, v]) => h("div", null, h("dt", { text: k.replace(/_/g, " ") }), h("dd", { text: String(v) })))) : null,
      h("details", null, h("summary", { text: "Details" }), h("pre", { text: JSON.stringify(d, null, 2) })));
  }

  function strategyCard(d) {
    const m = d.market || {}, annual = m.annual_points || {};
    const marks = [["walk_away", "Walk-away"], ["target", "Target"], ["anchor", "Opening ask"]]
      .filter(([k]) => d[k] && d[k].amount != null).map(([k, label]) => ({ kind: k === "target" ? "target" : k, value: d[k].amount, label }));
    if (d.offer && d.offer.base != null) marks.push({ kind: "offer", value: d.offer.base, label: "Offer" });
    return card("strategy", `Negotiation plan · ${m.occupation || (d.occupation || {}).title || ""}`, m.figures_area,
      h("p", { class: "range", "data-testid": "plan-figures" }, ...marks.flatMap((mk, i) =>
        [i ? " · " : "", h("strong", { text: mk.label }), ` ${money(mk.value)}`])),
      ...percentileChart({ ...annual, top_coded: m.top_coded || [] }, `Annual pay curve for ${m.occupation} in ${m.figures_area}`, "year", marks),
      (d.talking_points || []).length ? h("ul", { class: "factors" }, ...d.talking_points.slice(0, 3).map((t) =>
        h("li", { text: typeof t === "string" ? t : t.text || t.point || "" }))) : null,
      sourceLine(d.source));
  }

  function offersCard(d) {
    const offers = d.offers || [];
    const leads = ((d.comparison || {}).leads || []).slice(0, 2);
    return card("offers", "Offers compared", `${offers.length} offer${offers.length === 1 ? "" : "s"}`,
      h("ol", { class: "list" }, ...offers.map((o) => {
        const c = o.compensation || {}, pos = (o.market || {}).base_percentile;
        return h("li", null, h("span", null, h("strong", { text: o.label }),
          h("small", { text: [o.location, pos != null ? `base at the ${ordinal(Math.round(pos))} pct.` : null].filter(Boolean).join(" · ") })),
          h("span", { class: "num", text: `${money((c.first_year || {}).total)} yr 1` }));
      })),
      ...leads.map((l) => h("p", { class: "muted", text: `${l.leader} leads on ${l.description || l.measure} by ${money(l.margin)}.` })),
      sourceLine(d.source));
  }

  function roadmapCard(d) {
    const scenarios = (d.scenarios || []).slice(0, 3);
    const title = `${(d.current || {}).title || "Now"} → ${(d.target || {}).title || "Target"}`;
    return card("roadmap", title, d.location || d.message, ...scenarios.map((sc) => h("div", { class: "scenario" },
      h("p", { class: "sub" }, h("strong", { text: sc.name }), ` · ${sc.summary || ""}`),
      h("ol", { class: "list" }, ...(sc.steps || []).map((st) => {
        const w = st.wage_change || {};
        return h("li", null, h("span", { text: (st.to_occupation || {}).title || st.kind }),
          h("span", { class: "num", text: w.change != null ? `${w.change >= 0 ? "+" : "−"}${money(Math.abs(w.change))}` : "" }));
      })))),
      sourceLine(d.sources));
  }

  function goalsCard(d) {
    const goals = d.goals || (d.goal ? [d.goal] : []);
    return card("goals", goals.length === 1 ? "Goal" : "Goals", null, ...goals.slice(0, 5).map((g) => h("div", { class: "goal" },
      h("p", null, h("strong", { text: g.description }), g.target_date ? ` · by ${g.target_date}` : ""),
      h("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
        "aria-valuenow": String(Math.round(g.progress_percentage || 0)), "aria-label": `${g.description}: progress` },
        h("span", { style: `width:${Math.min(100, Math.max(0, g.progress_percentage || 0))}%` })),
      (g.overdue_milestones || []).length ? h("p", { class: "note problem", text: `Overdue: ${g.overdue_milestones.map((m) => m.title).join(", ")}` }) : null)));
  }

  function planCard(d) {
    const items = (d.items || []).slice(0, 6);
    return card("plan", "Learning plan", [d.hours_per_week ? `${d.hours_per_week} h a week` : null, d.finish_date ? `done by ${d.finish_date}` : null].filter(Boolean).join(" · "),
      h("ol", { class: "list courses" }, ...items.map((i) => h("li", null,
        h("span", null, link(i.url || "", i.title || i.skill), h("small", { text: [i.skill, i.provider, i.target_date ? `by ${i.target_date}` : null].filter(Boolean).join(" · ") })),
        h("span", { class: "num", text: i.hours ? `${i.hours} h` : "" })))));
  }

  function assessmentCard(d) { // career_assessment: the latest result of each questionnaire
    const r = d.results || {}, i = (r.interests || {}).result, w = (r.work_style || {}).result, v = (r.values || {}).result;
    const traits = Object.entries((w || {}).traits || {}).sort((a, b) => b[1] - a[1]).slice(0, 2);
    const line = (label, text) => (text ? h("p", null, h("strong", { text: `${label}: ` }), text) : null);
    const occupations = ((i || v || {}).occupations || []).slice(0, 5);
    return card("assessment", "Career assessment", i ? `Holland code ${i.code}` : null,
      line("Interests", i && i.top.join(", ")), line("Work style", traits.map(([t, s]) => `${t} ${s}`).join(", ")),
      line("Values", v && v.top.join(", ")),
      occupations.length ? h("ol", { class: "list" }, ...occupations.map((o) => h("li", null, h("span", { text: o.title }),
        h("span", { class: "num", text: `fit ${o.fit}` })))) : null,
      h("p", { class: "sub" }, link(`${config.coachUrl}/assessment`, (d.not_taken || []).length ? "Take a questionnaire" : "Retake a questionnaire")));
  }

  function debriefCard(d) {
    const outcome = d.outcome || {}, words = { accepted: "Deal reached", walked_away: "You walked away",
      ended_by_recruiter: "The recruiter ended it", ended_early: "Ended before a deal" };
    const share = outcome.surplus_captured != null ? `${Math.round(outcome.surplus_captured * 100)}% of the room captured` : null;
    const mandate = Object.entries(d.mandate || {}).filter(([, v]) => v);
    return card("debrief", `Debrief · ${d.performance_score}/100`, [words[outcome.result] || outcome.result, share].filter(Boolean).join(" · "),
      h("p", { class: "score", "data-testid": "debrief-score" }, h("strong", { text: String(d.performance_score) }), " / 100"),
      (d.strengths || []).length ? h("p", { class: "sub", text: "Strengths" }) : null,
      h("ul", { class: "factors" }, ...(d.strengths || []).map((s) => h("li", { text: s }))),
      (d.practice || []).length ? h("p", { class: "sub", text: "Practise next" }) : null,
      h("ul", { class: "factors" }, ...(d.practice || []).map((s) => h("li", { text: s }))),
      mandate.length ? h("details", null, h("summary", { text: "What the recruiter could have given" }),
        h("dl", { class: "kv" }, ...mandate.map(([k, v]) => h("div", null, h("dt", { text: k.replace(/_max$/, "").replace(/_/g, " ") }),
          h("dd", { text: k.includes("days") || k.includes("weeks") ? String(v) : money(v) }))))) : null,
      d.progress && d.progress.change != null ? h("p", { class: "muted", text: `Change since last time: ${d.progress.change > 0 ? "+" : ""}${d.progress.change} points` }) : null);
  }

  const CARDS = {
    salary_lookup: salaryLookupCard, salary_range: salaryRangeCard, salary_benchmarks: benchmarksCard,
    compare_locations: compareCard, job_outlook: outlookCard, career_profile: profileCard,
    extract_skills: skillsCard, search_courses: coursesCard, find_mentor: mentorCard, negotiation_debrief: debriefCard,
    negotiation_strategy: strategyCard, analyze_offers: offersCard, career_roadmap: roadmapCard, track_goal: goalsCard,
    learning_plan: planCard, career_assessment: assessmentCard,
  };

  function renderCard(name, d) {
    if (d && typeof d === "object" && typeof d.error === "string") return errorCard(name, d);
    const make = CARDS[name];
    try {
      return make ? make(d || {}) : summaryCard(name, d);
    } catch (_) { // a tool's shape changed: fall back rather than lose the result
      return summaryCard(name, d);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Styles (inside the shadow root only).
  const STYLES = `
:host{all:initial}
*{box-sizing:border-box}
.sjf{--accent:#2563eb;--on-accent:#fff;--bg:#fff;--fg:#111827;--muted:#5b6474;--line:#e5e7eb;--soft:#f3f4f6;--bubble:#eef2ff;--err:#b91c1c;--errbg:#fef2f2;
  font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);-webkit-font-smoothing:antialiased}
.sjf[data-theme=dark]{--bg:#111827;--fg:#f3f4f6;--muted:#a3acbb;--line:#374151;--soft:#1f2937;--bubble:#1e293b;--err:#fca5a5;--errbg:#3b1212}
button{font:inherit;cursor:pointer}
button:focus-visible,textarea:focus-visible,a:focus-visible,.log:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.launcher{position:fixed;bottom:20px;z-index:2147483000;width:58px;height:58px;border-radius:50%;border:0;background:var(--accent);color:var(--on-accent);
  box-shadow:0 6px 20px rgba(0,0,0,.25);display:grid;place-items:center;transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.launcher svg{width:28px;height:28px;fill:currentColor}
.right .launcher,.right .panel{right:20px}.left .launcher,.left .panel{left:20px}
.panel{position:fixed;bottom:90px;z-index:2147483001;width:400px;max-width:calc(100vw - 24px);height:min(640px,calc(100vh - 110px));
  background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden}
.panel[hidden]{display:none}
.head{display:flex;align-items:center;gap:6px;padding:10px 10px 10px 14px;background:var(--accent);color:var(--on-accent)}
.head h2{font-size:15px;margin:0;flex:1;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.icon{background:transparent;border:0;color:inherit;width:34px;height:34px;border-radius:8px;display:grid;place-items:center;padding:0}
.icon:hover{background:rgba(255,255,255,.18)}
.icon svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.pill{background:rgba(255,255,255,.16);border:1px solid rgba(255,255,255,.5);color:inherit;border-radius:999px;padding:3px 10px;font-size:12px}
.pill[aria-pressed=true]{background:var(--on-accent);color:var(--accent)}
.bar{display:flex;gap:8px;align-items:center;padding:8px 12px;font-size:13px;border-bottom:1px solid var(--line)}
.bar[hidden]{display:none}
.bar p{margin:0;flex:1}
.banner{background:var(--errbg);color:var(--err)}
.confirm{background:var(--soft)}
.btn{border-radius:8px;border:1px solid var(--line);background:var(--bg);color:var(--fg);padding:5px 10px;font-size:13px}
.btn-primary{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.btn-danger{background:var(--err);border-color:var(--err);color:var(--bg)}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px;scroll-behavior:smooth}
.empty p{margin:0 0 10px;color:var(--fg)}
.chips-row{display:flex;flex-wrap:wrap;gap:6px}
.chip{border:1px solid var(--accent);color:var(--fg);background:transparent;border-radius:999px;padding:5px 10px;font-size:13px;text-align:left}
.chip:hover{background:var(--soft)}
.msg{max-width:88%;padding:8px 12px;border-radius:14px;word-wrap:break-word;overflow-wrap:anywhere}
.msg p{margin:0 0 6px}.msg p:last-child{margin-bottom:0}
.msg ul,.msg ol{margin:4px 0 6px;padding-left:20px}
.msg pre{background:var(--soft);padding:8px;border-radius:8px;overflow-x:auto;white-space:pre-wrap}
.msg code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.msg a{color:inherit}
.md-h{font-size:14px;margin:6px 0 4px}
.user{align-self:flex-end;background:var(--accent);color:var(--on-accent);border-bottom-right-radius:4px;white-space:pre-wrap}
.assistant,.recruiter{align-self:flex-start;background:var(--bubble);border-bottom-left-radius:4px}
.recruiter{border-left:3px solid var(--accent)}
.who{font-size:11px;color:var(--muted);margin:0 0 -6px}
.assistant.failed{background:var(--errbg);color:var(--err)}
.note{font-size:12px;color:var(--muted);display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:-4px 0 0}
.note.problem{color:var(--err)}
.activity{font-size:12px;color:var(--muted);margin:0}
.offer-line{font-size:12px;color:var(--muted);margin:-4px 0 0}
.typing{display:inline-flex;gap:4px;padding:4px 0}
.typing i{width:7px;height:7px;border-radius:50%;background:var(--muted);animation:blink 1.2s infinite ease-in-out}
.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}
@keyframes blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}.log{scroll-behavior:auto}.launcher{transition:none}}
.card{border:1px solid var(--line);border-radius:12px;padding:10px 12px;background:var(--bg);max-width:100%}
.card header h4{margin:0;font-size:13.5px}
.card .sub{margin:2px 0 6px;color:var(--muted);font-size:12px}
.chart{width:100%;max-width:480px;height:auto;display:block;margin:4px auto}
.chart .whisker{stroke:var(--muted);stroke-width:2}
.chart .box{fill:var(--accent);opacity:.35}
.chart .median{stroke:var(--accent);stroke-width:3}
.chart .median-label{fill:var(--fg);font-size:10px;font-weight:600}
.chart .mark{fill:var(--bg);stroke:var(--fg);stroke-width:2}.chart .mark-target{fill:var(--accent)}.chart .mark-offer{fill:var(--muted)}
.figures{display:grid;grid-template-columns:repeat(5,1fr);gap:4px;margin:4px auto;max-width:480px}
.figures div{text-align:center}.figures dt{font-size:10.5px;color:var(--muted)}.figures dd{margin:0;font-size:12px;font-weight:600}
.kv{margin:4px 0;display:grid;gap:2px}.kv div{display:flex;gap:8px}.kv dt{color:var(--muted);min-width:110px;text-transform:capitalize}.kv dd{margin:0}
.list{margin:4px 0;padding-left:18px}.list li{display:flex;justify-content:space-between;gap:8px}.list li span:first-child{flex:1}
ol.list{padding-left:0;list-style:none}
.num{font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}
.courses small,.mentor small,.card-offers small{display:block;color:var(--muted);font-size:11.5px}
.chips{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px}
.chips li{background:var(--soft);border-radius:999px;padding:2px 8px;font-size:12px}
.mentor{display:flex;gap:10px;margin:6px 0}.mentor ul{margin:2px 0;padding-left:16px;font-size:12px}
.avatar{width:34px;height:34px;border-radius:50%;background:var(--accent);color:var(--on-accent);display:grid;place-items:center;font-weight:700;flex:none}
.range{margin:2px 0;font-size:12.5px}
.progress{height:6px;background:var(--soft);border-radius:3px;overflow:hidden;margin:4px 0}.progress span{display:block;height:100%;background:var(--accent)}
.goal p{margin:2px 0}.scenario .sub{margin:6px 0 2px}
.card-plan small{display:block;color:var(--muted);font-size:11.5px}
.score{font-size:13px;margin:2px 0}.score strong{font-size:26px;color:var(--accent)}
.factors{font-size:11.5px;color:var(--muted);margin:4px 0;padding-left:16px}
.source{font-size:11px;color:var(--muted);margin:6px 0 0}.source a{color:inherit}
.muted{color:var(--muted)}
details pre{font-size:11px;max-height:180px;overflow:auto;background:var(--soft);padding:6px;border-radius:6px}
.setup{display:grid;gap:6px;border:1px dashed var(--line);border-radius:12px;padding:10px}
.setup label{display:grid;gap:2px;font-size:12px;color:var(--muted)}
.setup input,.setup select{font:inherit;padding:5px 8px;border-radius:8px;border:1px solid var(--line);background:var(--bg);color:var(--fg)}
.composer{display:flex;gap:8px;padding:10px;border-top:1px solid var(--line);align-items:flex-end}
.composer textarea{flex:1;resize:none;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:8px 10px;min-height:40px;max-height:140px}
.composer .btn{height:40px;padding:0 14px}
.composer [hidden]{display:none}
.foot{margin:0;padding:0 12px 8px;font-size:10.5px;color:var(--muted);text-align:center}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (max-width:480px){
  .panel{left:0!important;right:0!important;bottom:0;top:0;width:100%;max-width:100%;height:100%;border-radius:0;border:0}
  .open .launcher{display:none}
  .figures dd{font-size:11px}
}`;

  const ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    plus: "M12 5v14M5 12h14",
    trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
    sun: "M12 4V2M12 22v-2M4 12H2M22 12h-2M5.6 5.6 4.2 4.2M19.8 19.8l-1.4-1.4M5.6 18.4l-1.4 1.4M19.8 4.2l-1.4 1.4M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z",
    moon: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z",
  };
  const icon = (name) => svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" },
    svg("path", { d: ICONS[name] }));

  // ---------------------------------------------------------------------------------------------------
  // The widget.
  const host = document.createElement("div");
  host.id = "smartjobfit-coach";
  host.setAttribute("data-testid", "coach-widget");
  const root = host.attachShadow({ mode: "open" });
  root.append(h("style", { text: STYLES }));

  const ids = { panel: "sjf-panel", title: "sjf-title", input: "sjf-input", hint: "sjf-hint" };
  const launcher = h("button", { class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": ids.panel,
    "aria-label": `Open ${config.title} chat`, "data-testid": "launcher" }, icon("chat"));
  const roleplayBtn = h("button", { class: "pill", type: "button", "aria-pressed": "false", hidden: true,
    "data-testid": "roleplay", "aria-label": "Practice a salary negotiation (role-play)",
    title: "Rehearse a salary negotiation with a recruiter" }, "Role-play");
  const themeBtn = h("button", { class: "icon", type: "button", "data-testid": "theme" });
  const newBtn = h("button", { class: "icon", type: "button", "aria-label": "New conversation", title: "New conversation",
    "data-testid": "new" }, icon("plus"));
  const deleteBtn = h("button", { class: "icon", type: "button", "aria-label": "Delete conversation",
    title: "Delete conversation", "data-testid": "delete" }, icon("trash"));
  const closeBtn = h("button", { class: "icon", type: "button", "aria-label": "Close chat", title: "Close",
    "data-testid": "close" }, icon("close"));
  const bannerText = h("p");
  const bannerRetry = h("button", { class: "btn", type: "button", "data-testid": "banner-retry" }, "Retry");
  const banner = h("div", { class: "bar banner", role: "alert", hidden: true, "data-testid": "banner" }, bannerText, bannerRetry);
  const confirmYes = h("button", { class: "btn btn-danger", type: "button", "data-testid": "confirm-delete" }, "Delete");
  const confirmNo = h("button", { class: "btn", type: "button" }, "Cancel");
  const confirmBar = h("div", { class: "bar confirm", hidden: true, role: "group", "aria-label": "Confirm delete" },
    h("p", { text: "Delete this conversation for good?" }), confirmYes, confirmNo);
  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0",
    "data-testid": "log" });
  const input = h("textarea", { id: ids.input, rows: "1", placeholder: "Ask about pay or careers…",
    "aria-describedby": ids.hint, autocomplete: "off", "data-testid": "input", maxlength: "8000" });
  const sendBtn = h("button", { class: "btn btn-primary", type: "submit", "data-testid": "send" }, "Send");
  const stopBtn = h("button", { class: "btn", type: "button", hidden: true, "data-testid": "stop", "aria-label": "Stop the reply" }, "Stop");
  const form = h("form", { class: "composer" }, h("label", { class: "sr-only", for: ids.input, text: "Message to the coach" }), input, sendBtn, stopBtn);
  const status = h("p", { class: "sr-only", role: "status", "data-testid": "status" });
  const panel = h("section", { class: "panel", id: ids.panel, role: "dialog", "aria-modal": "false", "aria-labelledby": ids.title,
    hidden: true, "data-testid": "panel" },
    h("div", { class: "head" }, h("h2", { id: ids.title, text: config.title }), roleplayBtn, themeBtn, newBtn, deleteBtn, closeBtn),
    banner, confirmBar, log, form,
    h("p", { class: "foot", id: ids.hint }, "Enter sends, Shift+Enter adds a line. Pay figures come from public data with their source."),
    status);
  const shell = h("div", { class: `sjf ${config.position}` }, launcher, panel);
  root.append(shell);

  if (config.themeColor && window.CSS && window.CSS.supports && window.CSS.supports("color", config.themeColor)) {
    shell.style.setProperty("--accent", config.themeColor);
  }

  // ---- theme -----------------------------------------------------------------------------------------
  const darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function currentTheme() {
    const chosen = store.get("theme") || (config.theme !== "auto" ? config.theme : null);
    return chosen || (darkQuery && darkQuery.matches ? "dark" : "light");
  }
  function applyTheme() {
    const theme = currentTheme();
    shell.dataset.theme = theme;
    const next = theme === "dark" ? "light" : "dark";
    themeBtn.replaceChildren(icon(theme === "dark" ? "sun" : "moon"));
    themeBtn.setAttribute("aria-label", `Switch to ${next} theme`);
    themeBtn.title = `Switch to ${next} theme`;
  }
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", applyTheme);

  /** White or near-black text on the accent, whichever reads better (WCAG relative luminance). A canvas
   *  normalises the colour to #rrggbb without the style recalculation getComputedStyle would force. */
  function pickAccentText() {
    if (!config.themeColor) return;
    const ctx = document.createElement("canvas").getContext("2d");
    if (!ctx) return;
    ctx.fillStyle = config.themeColor;
    const m = /^#(..)(..)(..)$/.exec(ctx.fillStyle);
    if (!m) return;
    const [r, g, b] = m.slice(1).map((hex) => parseInt(hex, 16));
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    shell.style.setProperty("--on-accent", (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.05) ? "#fff" : "#111827");
  }

  // ---- state -----------------------------------------------------------------------------------------
  let controller = null;         // AbortController of the reply being streamed
  let features = null;           // from /api/widget/config
  let retryAction = null;        // what the banner's Retry does
  let mode = "coach";            // or "roleplay"
  let simulation = null;         // {id} of the role-play in progress

  const setStatus = (text) => { status.textContent = ""; requestAnimationFrame(() => { status.textContent = text; }); };
  const scrollDown = () => { log.scrollTop = log.scrollHeight; };
  function showBanner(message, retry) {
    bannerText.textContent = message;
    retryAction = retry;
    bannerRetry.hidden = !retry;
    banner.hidden = false;
  }
  const hideBanner = () => { banner.hidden = true; retryAction = null; };

  function emptyState() {
    return h("div", { class: "empty", "data-testid": "empty" }, h("p", { text: config.greeting }),
      h("div", { class: "chips-row", role: "group", "aria-label": "Suggested questions" },
        ...config.suggestions.map((text) => h("button", { class: "chip", type: "button", onclick: () => send(text) }, text))));
  }
  function clearLog() { log.replaceChildren(emptyState()); }

  function addBubble(role, text) {
    log.querySelector(".empty")?.remove();
    const label = role === "user" ? "You" : role === "recruiter" ? "Recruiter" : "Coach";
    const bubble = h("div", { class: `msg ${role}`, "data-testid": `msg-${role}` });
    bubble.append(h("span", { class: "sr-only", text: `${label}: ` }));
    const body = h("div", { class: "body" });
    bubble.append(body);
    if (role === "user") body.textContent = text; else body.append(markdown(text));
    if (role === "recruiter") log.append(h("p", { class: "who", "aria-hidden": "true", text: "Recruiter" }));
    log.append(bubble);
    scrollDown();
    return body;
  }
  const addCard = (name, d) => { const c = renderCard(name, d); if (c) { log.append(c); scrollDown(); } return c; };

  function setBusy(busy) {
    sendBtn.hidden = busy;
    stopBtn.hidden = !busy;
    log.setAttribute("aria-busy", String(busy));
    for (const chip of log.querySelectorAll(".chip")) chip.disabled = busy;
  }

  // ---- one coaching turn ----------------------------------------------------------------------------
  const TOOL_LABELS = { salary_lookup: "Looking up pay data", salary_range: "Working out a range",
    salary_benchmarks: "Comparing industries", compare_locations: "Comparing places", job_outlook: "Checking the outlook",
    career_profile: "Updating your profile", extract_skills: "Reading your skills", search_courses: "Finding courses",
    find_mentor: "Matching mentors", negotiation_strategy: "Planning the negotiation", analyze_offers: "Comparing offers",
    negotiation_practice: "Checking your role-plays", career_roadmap: "Mapping the path", track_goal: "Updating your goals",
    learning_plan: "Planning your learning", career_assessment: "Reading your assessments" };

  /** A reply still arriving, without a "**" or "`" whose closing half has not come yet (it would flash as text). */
  function unclosed(text) {
    for (const marker of ["**", "`"]) {
      if (text.split(marker).length % 2 === 0) { const i = text.lastIndexOf(marker); text = text.slice(0, i) + text.slice(i + marker.length); }
    }
    return text;
  }

  /** Stream the reply to `text` into a new turn. The user's bubble is already shown. */
  async function streamReply(text) {
    const turn = { text, acc: "", finished: false, body: addBubble("assistant", "") };
    const bubble = turn.body.parentElement;
    turn.body.replaceChildren(h("span", { class: "typing", role: "img", "aria-label": "The coach is typing", "data-testid": "typing" },
      h("i"), h("i"), h("i")));
    setBusy(true);
    hideBanner();
    const ctrl = (controller = new AbortController());
    let frame = 0;
    const paint = () => { frame = 0; turn.body.replaceChildren(markdown(turn.finished ? turn.acc : unclosed(turn.acc))); scrollDown(); };
    const handlers = {
      thread(d) { if (d.thread_id) store.set("thread", d.thread_id); },
      token(d) { turn.acc += d.text || ""; if (!frame) frame = requestAnimationFrame(paint); },
      tool_call(d) { bubble.before(h("p", { class: "activity", "data-testid": "activity", text: `${TOOL_LABELS[d.name] || `Using ${d.name}`}…` })); },
      tool_result(d) { const c = renderCard(d.name, d.data); if (c) bubble.before(c); },
      done(d) {
        turn.finished = true;
        if (d.thread_id) store.set("thread", d.thread_id);
        if (typeof d.reply === "string" && d.reply) turn.acc = d.reply;
        cancelAnimationFrame(frame); paint();
      },
      error(d) { turn.finished = true; turn.error = d.message || "The coach could not answer."; },
    };
    try {
      const res = await api("/api/chat", {
        method: "POST", signal: ctrl.signal,
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: () => JSON.stringify({ message: text, thread_id: store.get("thread") || undefined }),
      });
      if (res.status === 404 && store.get("thread")) { // the thread was deleted elsewhere: start afresh
        store.del("thread");
        bubble.remove();
        controller = null;
        return streamReply(text);
      }
      if (!res.ok) throw new Error(await errorMessage(res));
      const parser = sseParser((name, d) => handlers[name] && handlers[name](d));
      const reader = res.body.getReader(), decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
      parser.push(decoder.decode());
      parser.flush();
      if (turn.error) throw new Error(turn.error);
      if (!turn.finished) throw new Error("The connection dropped before the reply was finished.");
      setStatus("The coach replied.");
    } catch (err) {
      cancelAnimationFrame(frame);
      if (turn.acc) paint(); else turn.body.replaceChildren();
      const stopped = err.name === "AbortError";
      if (!turn.acc && !stopped) { bubble.classList.add("failed"); turn.body.textContent = err.message; }
      const note = h("p", { class: `note${stopped ? "" : " problem"}`, "data-testid": stopped ? "stopped-note" : "problem-note" },
        stopped ? "Stopped." : turn.acc ? `${err.message} What arrived is kept above.` : "",
        h("button", { class: "btn", type: "button", "data-testid": "retry", onclick: () => retryTurn(turn, bubble, note) }, "Retry"));
      bubble.after(note);
      if (err instanceof OfflineError) showBanner(err.message, () => retryTurn(turn, bubble, note));
      setStatus(stopped ? "Reply stopped." : err.message);
      if (!turn.acc && stopped) bubble.remove();
    } finally {
      if (controller === ctrl) controller = null;
      setBusy(false);
      if (panelOpen()) input.focus();
    }
  }

  /** Retry a turn that failed or was cut. If the server finished it anyway, show its stored answer
   *  instead of asking again (so nothing is said twice). */
  async function retryTurn(turn, bubble, note) {
    if (controller) return;
    hideBanner();
    const threadId = store.get("thread");
    if (threadId) {
      try {
        const res = await api(`/api/chat/threads/${encodeURIComponent(threadId)}`);
        if (res.ok) {
          const messages = (await res.json()).messages || [];
          const lastUser = messages.map((m) => m.role).lastIndexOf("user");
          const answer = lastUser >= 0 && messages[lastUser].content === turn.text
            && messages.slice(lastUser + 1).some((m) => m.role === "assistant" && !m.tool_calls && m.content);
          if (answer) {
            clearTurn(bubble, note);
            renderStored(messages.slice(lastUser + 1));
            return;
          }
        }
      } catch (err) {
        if (err instanceof OfflineError) { showBanner(err.message, () => retryTurn(turn, bubble, note)); return; }
      }
    }
    clearTurn(bubble, note);
    await streamReply(turn.text);
  }
  function clearTurn(bubble, note) {
    // Remove the failed attempt: its bubble, note, and the cards and activity lines shown before it.
    let node = bubble.previousElementSibling;
    while (node && !node.classList.contains("user")) { const prev = node.previousElementSibling; node.remove(); node = prev; }
    bubble.remove();
    note.remove();
  }

  /** Show stored messages (history): user and assistant text, and tool results as cards. */
  function renderStored(messages) {
    for (const m of messages) {
      if (m.role === "user") addBubble("user", m.content);
      else if (m.role === "tool") addCard(m.name, m.data);
      else if (m.role === "assistant" && m.content && !m.tool_calls) addBubble("assistant", m.content);
    }
  }

  async function send(raw) {
    const text = String(raw || "").trim();
    if (!text || controller) return;
    input.value = "";
    autoGrow();
    if (mode === "roleplay") return roleplayTurn(text);
    addBubble("user", text);
    await streamReply(text);
  }

  // ---- conversations --------------------------------------------------------------------------------
  function newConversation(message = "Started a new conversation.") {
    if (controller) controller.abort();
    store.del("thread");
    clearLog();
    confirmBar.hidden = true;
    setStatus(message);
    input.focus();
  }

  async function deleteConversation() {
    const id = store.get("thread");
    confirmBar.hidden = true;
    if (!id) return newConversation("Nothing to delete; this is a new conversation.");
    try {
      const res = await api(`/api/chat/threads/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (res.ok || res.status === 404) newConversation("Conversation deleted.");
      else showBanner(await errorMessage(res), deleteConversation);
    } catch (err) {
      showBanner(err.message, deleteConversation);
    }
  }

  async function openThread(id) {
    if (controller) controller.abort();
    try {
      const res = await api(`/api/chat/threads/${encodeURIComponent(id)}`);
      if (res.status === 404) { if (store.get("thread") === id) store.del("thread"); return false; }
      if (!res.ok) throw new Error(await errorMessage(res));
      const thread = await res.json();
      store.set("thread", id);
      clearLog();
      renderStored(thread.messages || []);
      if (thread.title) setStatus(`Restored conversation: ${thread.title}`);
      hideBanner();
      return true;
    } catch (err) {
      showBanner(err.message, () => openThread(id));
      return false;
    }
  }

  // ---- role-play (negotiation practice; shown when the server offers it) -----------------------------
  const OFFER_TERMS = [["base", (v) => `base ${money(v)}`], ["signing_bonus", (v) => `signing bonus ${money(v)}`],
    ["equity", (v) => `equity ${money(v)}/yr`], ["pto_days", (v) => `PTO ${v} days`],
    ["remote_days", (v) => `remote ${v} day${v === 1 ? "" : "s"}/wk`], ["start_weeks", (v) => `start in ${v} wk`]];
  function offerLine(offer) {
    if (!offer) return null;
    const terms = OFFER_TERMS.filter(([k]) => offer[k] || (k === "base" && offer[k] != null)).map(([k, f]) => f(offer[k]));
    return h("p", { class: "offer-line", "data-testid": "offer" }, h("strong", { text: "On the table:" }), ` ${terms.join(" · ")}`);
  }
  function showRecruiter(answer) {
    addBubble("recruiter", answer.message);
    const line = offerLine(answer.offer);
    if (line) log.append(line);
    scrollDown();
  }
  function showFinished() {
    log.append(h("p", { class: "note", "data-testid": "roleplay-finished" }, "The negotiation has ended.",
      h("button", { class: "btn btn-primary", type: "button", "data-testid": "debrief", onclick: debrief }, "See the debrief")));
    scrollDown();
  }
  function forgetSimulation() { simulation = null; store.del("simulation"); }

  /** Role-play mode: the setup form, or the session in progress (restored from the server after a reload). */
  async function setMode(next) {
    mode = next;
    store.set("mode", mode);
    roleplayBtn.setAttribute("aria-pressed", String(mode === "roleplay"));
    input.placeholder = mode === "roleplay" ? "Your answer to the recruiter…" : "Ask about pay or careers…";
    hideBanner();
    if (mode === "coach") { clearLog(); const id = store.get("thread"); if (id) await openThread(id); return; }
    log.replaceChildren();
    const id = simulation ? simulation.id : store.get("simulation");
    if (id) {
      const res = await api(`/api/salary/simulation/${encodeURIComponent(id)}`);
      if (res.ok) {
        const session = await res.json();
        simulation = { id };
        for (const line of session.transcript || []) {
          if (line.role === "user") addBubble("user", line.message); else showRecruiter(line);
        }
        if (session.finished) { showFinished(); if (session.debrief) addCard("negotiation_debrief", session.debrief); }
        return;
      }
      forgetSimulation();
    }
    log.append(setupForm());
  }

  function setupForm() {
    const field = (label, name, extra) => h("label", null, label, h("input", { name, ...extra }));
    const select = (label, name, options) => h("label", null, label, h("select", { name },
      ...options.map(([value, text]) => h("option", { value }, text))));
    const setup = h("form", { class: "setup", "data-testid": "roleplay-setup" },
      h("strong", { text: "Rehearse a salary negotiation" }),
      h("p", { class: "muted", text: "A recruiter with a hidden budget answers you. Say what you would really say; " +
        "you get a debrief with a score at the end." }),
      field("Job title", "title", { required: true, placeholder: "e.g. Registered nurse" }),
      field("Location", "location", { placeholder: "e.g. Denver, CO" }),
      field("Their offer (base, optional)", "offer", { inputmode: "numeric", placeholder: "e.g. 85000" }),
      select("Recruiter", "persona", [["", "Surprise me"], ["warm", "Warm and collaborative"],
        ["hard_bargainer", "Hard-bargaining"], ["analytical", "Analytical"], ["rushed_hiring_manager", "Rushed hiring manager"]]),
      select("Company", "company_type", [["", "Surprise me"], ["startup", "Startup"], ["big_tech", "Big tech"],
        ["mid_size", "Mid-size company"], ["non_profit", "Non-profit"], ["public_sector", "Public sector"]]),
      h("button", { class: "btn btn-primary", type: "submit", "data-testid": "roleplay-start" }, "Start"));
    setup.addEventListener("submit", async (e) => {
      e.preventDefault();
      const f = new FormData(setup), base = Number(String(f.get("offer") || "").replace(/[^\d.]/g, ""));
      const body = { title: f.get("title"), location: f.get("location") || undefined, offer: base || undefined,
        persona: f.get("persona") || undefined, company_type: f.get("company_type") || undefined };
      try {
        const res = await api("/api/salary/simulation", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body) });
        if (!res.ok) return showBanner(await errorMessage(res));
        const answer = await res.json();
        simulation = { id: answer.id };
        store.set("simulation", answer.id);
        setup.remove();
        log.append(h("p", { class: "activity", text: `Role-play: ${answer.scenario.persona_label} recruiter, ${answer.scenario.company_label}.` }));
        showRecruiter(answer.recruiter);
        input.focus();
      } catch (err) { showBanner(err.message); }
    });
    return setup;
  }

  async function roleplayTurn(text) {
    if (!simulation) return showBanner("Start the role-play first: fill in the job and place above.");
    addBubble("user", text);
    setBusy(true);
    try {
      const res = await api(`/api/salary/simulation/${encodeURIComponent(simulation.id)}/turn`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: text }) });
      if (!res.ok) throw new Error(await errorMessage(res));
      const answer = await res.json();
      showRecruiter(answer.recruiter);
      if (answer.finished) showFinished();
    } catch (err) { showBanner(err.message); } finally { setBusy(false); input.focus(); }
  }
  async function debrief() {
    if (!simulation) return;
    try {
      const res = await api(`/api/salary/simulation/${encodeURIComponent(simulation.id)}/debrief`);
      if (!res.ok) return showBanner(await errorMessage(res));
      log.querySelector('[data-testid="debrief"]')?.remove();
      addCard("negotiation_debrief", await res.json());
    } catch (err) { showBanner(err.message); }
  }

  // ---- panel -----------------------------------------------------------------------------------------
  const panelOpen = () => !panel.hidden;
  let loaded = false;
  async function loadServer() {
    hideBanner();
    try {
      const res = await request("/api/widget/config");
      if (!res.ok) throw new Error(await errorMessage(res));
      features = (await res.json()).features || {};
      roleplayBtn.hidden = !features.roleplay;
      loaded = true;
      if (features.roleplay && store.get("mode") === "roleplay" && store.get("token")) return await setMode("roleplay");
      const id = store.get("thread");
      if (id && store.get("token") && !log.querySelector(".msg")) await openThread(id);
    } catch (err) {
      showBanner(err instanceof OfflineError ? err.message : `The coach is unavailable: ${err.message}`, loadServer);
    }
  }
  function open() {
    if (panelOpen()) return;
    panel.hidden = false;
    shell.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", `Close ${config.title} chat`);
    store.set("open", "1");
    if (!loaded) loadServer();
    input.focus();
  }
  function close() {
    if (!panelOpen()) return;
    panel.hidden = true;
    shell.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", `Open ${config.title} chat`);
    store.del("open");
    launcher.focus();
  }

  function autoGrow() { input.style.height = "auto"; input.style.height = `${Math.min(input.scrollHeight, 140)}px`; }

  launcher.addEventListener("click", () => (panelOpen() ? close() : open()));
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.stopPropagation(); close(); } });
  form.addEventListener("submit", (e) => { e.preventDefault(); send(input.value); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(input.value); }
  });
  input.addEventListener("input", autoGrow);
  stopBtn.addEventListener("click", () => controller && controller.abort());
  newBtn.addEventListener("click", () => {
    if (mode !== "roleplay") return newConversation();
    forgetSimulation();
    setMode("roleplay");
  });
  deleteBtn.addEventListener("click", () => { confirmBar.hidden = false; confirmYes.focus(); });
  confirmYes.addEventListener("click", deleteConversation);
  confirmNo.addEventListener("click", () => { confirmBar.hidden = true; deleteBtn.focus(); });
  bannerRetry.addEventListener("click", () => { const action = retryAction; hideBanner(); if (action) action(); });
  themeBtn.addEventListener("click", () => { store.set("theme", currentTheme() === "dark" ? "light" : "dark"); applyTheme(); });
  roleplayBtn.addEventListener("click", () => setMode(mode === "roleplay" ? "coach" : "roleplay"));

  applyTheme();
  clearLog();
  function mount() {
    document.body.append(host);
    pickAccentText();
    performance.mark("sjf:launcher-attached");
    // The launcher is painted in the frame after it was attached: mark that moment (see bench/widget.py).
    requestAnimationFrame(() => setTimeout(() => performance.mark("sjf:launcher-painted"), 0));
    if (config.open || store.get("open")) open();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  /** The user id inside a token (JWT payload "sub"), to tell whether a new token is the same user's. */
  function tokenSubject(token) {
    try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub; } catch (_) { return null; }
  }

  /** A card in its own shadow root with the widget's styles, for pages that show tool results (the dashboard). */
  function mountCard(target, name, d) {
    const shadow = target.shadowRoot || target.attachShadow({ mode: "open" });
    const wrap = h("div", { class: "sjf", "data-theme": currentTheme() });
    wrap.style.cssText = shell.style.cssText;
    const c = renderCard(name, d);
    if (c) wrap.append(c);
    shadow.replaceChildren(h("style", { text: STYLES }), wrap);
    return c;
  }

  window.SmartJobFitCoach = {
    version: VERSION, config,
    open, close, send: (text) => { open(); return send(text); }, newConversation,
    openThread: async (id) => { open(); return openThread(id); },
    getToken: () => store.get("token"),
    refreshToken,
    /** A signed-in page hands its user's tokens over (the API's token answer, or null to forget them); another
     *  user's thread is not theirs. */
    setToken(tokens) {
      const previous = store.get("token");
      if (tokens && tokens.token) keepTokens(tokens); else { store.del("token"); store.del("refresh"); }
      const token = tokens && tokens.token;
      if (!token || tokenSubject(token) !== tokenSubject(previous)) { store.del("thread"); clearLog(); }
    },
    mountCard, renderCard, markdown,
  };
})();
