/* SmartJobFit Coach: the signed-in user's dashboard. Plain JS, no build step.
 * It uses the widget's script API (window.SmartJobFitCoach) for the account token, for opening a conversation
 * in the chat panel, and to draw tool results (the salary card and chart) exactly as the chat shows them.
 * Each panel is one entry in PANELS: a later feature adds its panel there. */
"use strict";

const coach = () => window.SmartJobFitCoach;
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `Request failed (HTTP ${status}).`);
    this.status = status;
    this.field = error.field;
    this.body = body;
  }
}

/** JSON request with the account's token; a 401 means the session is over. */
async function api(path, { method = "GET", body, auth = true } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = coach().getToken();
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (_) {
    throw new ApiError(0, { error: { message: "Can't reach the coach. Check your connection and try again." } });
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && auth) showSignIn("Your session has ended. Please sign in again.");
    throw new ApiError(res.status, data);
  }
  return data;
}

const notice = (text) => { $("notice").textContent = text || ""; };

// ---- panels -------------------------------------------------------------------------------------------

const PROFILE_FIELDS = [
  ["current_role", "Current role", "text"], ["target_role", "Target role", "text"], ["location", "Location", "text"],
  ["experience_years", "Years of experience", "number"], ["industry", "Industry", "text"],
];

function profilePanel(section) {
  const form = el("form", { "data-testid": "profile-form", novalidate: true });
  const error = el("p", { class: "error", role: "alert", "data-testid": "profile-error" });
  for (const [name, label, type] of PROFILE_FIELDS) {
    form.append(el("label", {}, label, el("input", { name, type, step: type === "number" ? "0.5" : null,
      min: type === "number" ? "0" : null, "data-testid": `profile-${name}` })));
  }
  form.append(error, el("button", { type: "submit", class: "btn-primary", text: "Save profile" }));
  async function load() {
    const profile = await api("/api/me/profile");
    for (const [name] of PROFILE_FIELDS) form.elements[name].value = profile[name] ?? "";
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const body = {};
    for (const [name, , type] of PROFILE_FIELDS) {
      const value = form.elements[name].value.trim();
      if (value) body[name] = type === "number" ? Number(value) : value;
    }
    try {
      await api("/api/me/profile", { method: "PATCH", body });
      notice("Profile saved.");
      await load();
    } catch (err) {
      error.textContent = err.message;
      if (err.field && form.elements[err.field]) form.elements[err.field].focus();
    }
  });
  section.append(el("p", { class: "muted", text: "The coach also fills this in when you tell it about yourself in chat." }), form);
  return load;
}

function salaryPanel(section) {
  const form = el("form", { class: "inline", "data-testid": "salary-form" },
    el("label", {}, "Job title", el("input", { name: "title", required: true, placeholder: "e.g. Registered nurse", "data-testid": "salary-title" })),
    el("label", {}, "Location", el("input", { name: "location", placeholder: "e.g. Denver, CO (optional)", "data-testid": "salary-location" })),
    el("button", { type: "submit", class: "btn-primary", text: "Look up" }));
  const result = el("div", { class: "result", "aria-live": "polite", "data-testid": "salary-result" });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const title = form.elements.title.value.trim(), location = form.elements.location.value.trim();
    result.replaceChildren();
    if (!title) { result.append(el("p", { class: "error", text: "Enter a job title." })); return; }
    const query = new URLSearchParams({ title });
    if (location) query.set("location", location);
    try {
      const data = await api(`/api/salary/market-data?${query}`);
      const host = el("div", { class: "card-host", "data-testid": "salary-card-host" });
      result.append(host);
      coach().mountCard(host, "salary_lookup", data);
    } catch (err) {
      const suggestions = ((err.body && err.body.error && err.body.error.suggestions) || []).map((s) => s.title || s);
      result.append(el("p", { class: "error", role: "alert", text: err.message }));
      if (suggestions.length) result.append(el("p", { class: "muted", text: `Try: ${suggestions.slice(0, 5).join(", ")}` }));
    }
  });
  section.append(form, result);
}

function historyPanel(section) {
  const list = el("ul", { class: "threads", "data-testid": "thread-list" });
  async function load() {
    const threads = await api("/api/chat/threads");
    list.replaceChildren();
    if (!threads.length) list.append(el("li", { class: "muted", text: "No conversations yet. Open the chat in the corner to start one." }));
    for (const t of threads) {
      const when = new Date(t.updated_at.endsWith("Z") ? t.updated_at : `${t.updated_at}Z`);
      list.append(el("li", { "data-testid": "thread" },
        el("span", {}, el("strong", { text: t.title || "Conversation" }), el("small", { text: ` · ${when.toLocaleString()}` })),
        el("span", { class: "row" },
          el("button", { type: "button", class: "btn-secondary", text: "Open", "aria-label": `Open ${t.title}`,
            onclick: () => coach().openThread(t.id) }),
          el("button", { type: "button", class: "btn-danger", text: "Delete", "aria-label": `Delete ${t.title}`,
            onclick: async () => {
              if (!window.confirm(`Delete “${t.title}”?`)) return;
              await api(`/api/chat/threads/${encodeURIComponent(t.id)}`, { method: "DELETE" });
              notice("Conversation deleted.");
              load();
            } }))));
    }
  }
  section.append(list, el("button", { type: "button", class: "btn-secondary", text: "Refresh", onclick: () => load() }));
  return load;
}

function negotiationPanel(section) {
  const plays = el("ul", { class: "threads", "data-testid": "roleplay-list" });
  const plans = el("ul", { class: "threads", "data-testid": "strategy-list" });
  const money = (v) => (v == null ? "—" : `$${Math.round(v).toLocaleString("en-US")}`);
  async function load() {
    const [sessions, strategies] = await Promise.all([api("/api/salary/simulations"), api("/api/salary/negotiation-strategies")]);
    plays.replaceChildren(...(sessions.length ? sessions.map((s) => el("li", { "data-testid": "roleplay" },
      el("span", {}, el("strong", { text: `${s.scenario.occupation}, ${s.scenario.area}` }),
        el("small", { text: ` · ${s.scenario.persona_label} recruiter · ${new Date(`${s.created_at}Z`).toLocaleDateString()}` })),
      el("span", { class: "num", text: s.performance_score != null ? `${Math.round(s.performance_score)}/100` : s.status })))
      : [el("li", { class: "muted", text: "No role-plays yet: press Role-play in the chat to rehearse an offer call." })]));
    plans.replaceChildren(...(strategies.length ? strategies.map((p) => el("li", { "data-testid": "strategy" },
      el("span", {}, el("strong", { text: p.position }), el("small", { text: p.location ? ` · ${p.location}` : "" })),
      el("span", { text: `offer ${money(p.offer_base)} → target ${money(p.target_salary)}` })))
      : [el("li", { class: "muted", text: "No plans yet: tell the coach about an offer to get one." })]));
  }
  section.append(el("h3", { text: "Role-plays" }), plays, el("h3", { text: "Plans" }), plans,
    el("button", { type: "button", class: "btn-secondary", text: "Refresh", onclick: () => load() }));
  return load;
}

const PANELS = [
  { id: "profile", title: "Profile", render: profilePanel },
  { id: "history", title: "Conversations", render: historyPanel },
  { id: "negotiation", title: "Negotiations", render: negotiationPanel },
  { id: "salary", title: "Salary look-up", render: salaryPanel, wide: true },
];

// ---- sign-in ------------------------------------------------------------------------------------------

function showSignIn(message) {
  $("panels").hidden = true;
  $("sign-out").hidden = true;
  $("who").textContent = "";
  $("sign-in").hidden = false;
  $("auth-error").textContent = message || "";
}

async function showDashboard(user) {
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  $("who").textContent = user.email;
  const container = $("panels");
  container.replaceChildren();
  container.hidden = false;
  for (const panel of PANELS) {
    const section = el("section", { class: panel.wide ? "panel wide" : "panel", id: `panel-${panel.id}`, "aria-labelledby": `panel-${panel.id}-title`,
      "data-testid": `panel-${panel.id}` }, el("h2", { id: `panel-${panel.id}-title`, text: panel.title }));
    container.append(section);
    const load = panel.render(section);
    if (load) load().catch((err) => section.append(el("p", { class: "error", text: err.message })));
  }
}

async function start() {
  $("auth-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target, action = e.submitter ? e.submitter.value : "login";
    const body = { email: form.elements.email.value.trim(), password: form.elements.password.value };
    $("auth-error").textContent = "";
    try {
      // Registering with the widget's guest token turns that guest into the account, conversation included.
      const reply = await api(`/api/auth/${action}`, { method: "POST", body, auth: action === "register" });
      coach().setToken(reply.token);
      notice(action === "register" ? "Account created. Welcome!" : "Signed in.");
      await showDashboard(reply.user);
    } catch (err) {
      $("auth-error").textContent = err.message;
      if (err.field && form.elements[err.field]) form.elements[err.field].focus();
    }
  });
  $("sign-out").addEventListener("click", () => { coach().setToken(null); notice("Signed out."); showSignIn(); });

  if (!coach().getToken()) return showSignIn();
  try {
    const user = await api("/api/auth/me");
    if (user.is_guest) showSignIn(); else await showDashboard(user);
  } catch (err) {
    if (err.status !== 401) showSignIn(err.message);
  }
}

start();
