/* SmartJobFit Coach: the server's own pages. Plain JS, no build step.
 * The helpers at the top (el, api, the form fields that show the API's errors next to the field they name) serve
 * every page; the dashboard (/app) starts only where its markup is, and the questionnaire page (/assessment,
 * assessment.js) loads this file for the helpers.
 * It uses the widget's script API (window.SmartJobFitCoach) for the account token, for opening a conversation
 * in the chat panel, and to draw tool results (the salary card and chart) exactly as the chat shows them.
 * Each dashboard panel is one entry in PANELS: a later feature adds its panel there. */
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
  node.append(...children.filter((c) => c != null && c !== false));
  return node;
}

class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `Request failed (HTTP ${status}).`);
    this.status = status;
    this.field = error.field;
    this.code = error.code;
    this.body = body;
  }
}

// What a 401 means depends on the page: the dashboard asks the user to sign in again.
let onSessionEnd = () => {};

/** fetch() with the account's token; an answer that is not 2xx throws an ApiError with the API's message and field.
 *  A FormData body goes as a multipart upload, anything else as JSON. */
async function request(path, { method = "GET", body, auth = true, accept = "application/json" } = {}, retried = false) {
  const headers = { Accept: accept };
  const upload = body instanceof FormData; // the browser writes the multipart boundary itself
  if (body !== undefined && !upload) headers["Content-Type"] = "application/json";
  const token = coach().getToken();
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined || upload ? body : JSON.stringify(body) });
  } catch (_) {
    throw new ApiError(0, { error: { message: "Can't reach the coach. Check your connection and try again." } });
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    // An access token lives an hour: the refresh token gets a new one, once; a session that ended is signed out.
    if (res.status === 401 && auth && token && !retried && (await coach().refreshToken())) {
      return request(path, { method, body, auth, accept }, true);
    }
    if (res.status === 401 && auth) onSessionEnd();
    throw new ApiError(res.status, data);
  }
  return res;
}

/** JSON request (see request()); a 204 gives null. */
async function api(path, options) {
  const res = await request(path, options);
  return res.status === 204 ? null : res.json().catch(() => null);
}

const notice = (text) => { const line = $("notice"); if (line) line.textContent = text || ""; };
/** A time from the API: SQLite gives back times without their zone, and they are UTC. */
const timeOf = (iso) => new Date(/(Z|[+-]\d\d:\d\d)$/.test(iso) ? iso : `${iso}Z`);
const money = (v) => (v == null ? "—" : `${v < 0 ? "−" : ""}$${Math.round(Math.abs(v)).toLocaleString("en-US")}`);
const signed = (v, text) => (v > 0 ? `+${text}` : text); // money() and percentages carry their own minus sign
const percent = (v) => `${v < 0 ? "−" : ""}${Math.abs(Number(v)).toFixed(1)}%`;

// ---- form fields whose errors come from the API ----------------------------------------------------------

let fieldCount = 0;

/** A labelled control with its own error line right under it. The API's error names a field (`text`,
 *  `milestones.0.title`, `answers.ip7`): showFieldError() puts the message on that field's line. */
function field(label, control, { hint } = {}) {
  if (!control.id) control.id = `field-${++fieldCount}`;
  const testid = control.getAttribute("data-testid");
  const error = el("p", { class: "error", id: `${control.id}-error`, "data-error-for": control.name,
    "data-testid": testid ? `${testid}-error` : null });
  const help = hint ? el("small", { class: "muted", id: `${control.id}-hint`, text: hint }) : null;
  control.setAttribute("aria-describedby", [help && help.id, error.id].filter(Boolean).join(" "));
  return el("div", { class: "field" }, el("label", { for: control.id, text: label }), help, control, error);
}

/** The line for errors that name no field of the form. */
const formError = (testid) => el("p", { class: "error", role: "alert", "data-error-for": "*", "data-testid": testid });

function clearFieldErrors(scope) {
  for (const line of scope.querySelectorAll("[data-error-for]")) line.textContent = "";
  for (const control of scope.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

/** Show an error next to the field it names (`milestones.0.title` falls back to the closest line there is:
 *  `milestones.0`, then `milestones`), else on the form's general line, and move focus there (to the control the
 *  error names when several share the line) so keyboard and screen-reader users land on it. */
function showFieldError(scope, err, { focus = true } = {}) {
  const lines = [...scope.querySelectorAll("[data-error-for]")];
  const name = String(err.field || "");
  const within = lines.filter((l) => l.dataset.errorFor !== "*" && name.startsWith(`${l.dataset.errorFor}.`));
  const line = lines.find((l) => l.dataset.errorFor === name)
    || within.sort((a, b) => b.dataset.errorFor.length - a.dataset.errorFor.length)[0]
    || lines.find((l) => l.dataset.errorFor === "*") || lines[0];
  if (!line) return notice(err.message);
  const suggestions = ((err.body && err.body.error && err.body.error.suggestions) || []).map((s) => s.title || s).slice(0, 5);
  line.textContent = suggestions.length ? `${err.message}. Try: ${suggestions.join(", ")}` : err.message;
  const described = [...scope.querySelectorAll(`[aria-describedby~="${line.id}"]`)];
  const target = described.find((c) => c.name === name) || described[0]
    || line.closest("fieldset")?.querySelector("input, select, textarea");
  if (target) { target.setAttribute("aria-invalid", "true"); if (focus) target.focus(); }
}

/** Submit handling shared by the forms: clear old errors, run `action`, show a refusal next to its field. */
function onSubmit(form, action) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const button = e.submitter || form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    try {
      await action(e);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showFieldError(form, err);
    } finally {
      if (button) button.disabled = false;
      // Disabling the button dropped the focus: give it back unless the form moved it (an error) or left the page.
      if (button && button.isConnected && document.activeElement === document.body) button.focus();
    }
  });
}

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
      const when = timeOf(t.updated_at);
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

// ---- career panels ------------------------------------------------------------------------------------

const httpUrl = (url) => (/^https?:\/\//i.test(url || "") ? url : null); // links only to web pages
const linkOrText = (url, text) => (httpUrl(url) ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text }) : el("span", { text }));

/** A value against its maximum as a bar; the figure is in the text beside it, the bar only draws it. */
function bar(value, max) {
  const share = max > 0 ? Math.max(0, Math.min(1, Number(value) / max)) : 0;
  return el("span", { class: "bar", "aria-hidden": "true" }, el("span", { style: `width:${(share * 100).toFixed(1)}%` }));
}

/** Fill empty inputs from the saved profile (`{input name: profile field}`), so the user sees what is used. */
async function fillFromProfile(form, fields) {
  const profile = await api("/api/me/profile");
  for (const [name, key] of Object.entries(fields)) {
    if (!form.elements[name].value && profile[key] != null) form.elements[name].value = profile[key];
  }
  return profile;
}

function skillsPanel(section) {
  const text = el("textarea", { name: "text", rows: "6", placeholder: "Paste your resume, or a list of your skills…",
    "data-testid": "skills-text" });
  const file = el("input", { type: "file", name: "file", "data-testid": "skills-file",
    accept: ".pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  const role = el("input", { name: "target_role", placeholder: "e.g. Data analyst", "data-testid": "skills-target-role" });
  const form = el("form", { "data-testid": "skills-form", novalidate: true },
    field("Resume text", text),
    field("Or upload a resume (PDF, DOCX or TXT, up to 5 MB)", file, { hint: "A chosen file is read instead of the text." }),
    field("Target role", role, { hint: "Optional: the role to find your gaps for." }),
    formError("skills-error"),
    el("button", { type: "submit", class: "btn-primary", text: "Analyse my skills" }));
  const result = el("div", { class: "result", "aria-live": "polite", "data-testid": "skills-result" });

  async function load() {
    try {
      result.replaceChildren(analysisView(await api("/api/career/skills-analysis/latest")));
    } catch (err) {
      if (err.status !== 404) throw err;
      result.replaceChildren(el("p", { class: "muted", text: "No analysis yet: paste or upload your resume above." }));
    }
  }
  onSubmit(form, async () => {
    const upload = file.files[0], target = role.value.trim() || undefined;
    let body = { text: text.value, target_role: target };
    if (upload) {
      body = new FormData();
      body.append("file", upload);
      if (target) body.append("target_role", target);
    }
    await api("/api/career/skills-analysis", { method: "POST", body });
    file.value = "";
    notice("Skills analysed and saved.");
    await load();
    document.dispatchEvent(new CustomEvent("coach:skills-analysed")); // the learning plan follows the new gaps
  });
  section.append(form, result);
  return () => Promise.all([load(), fillFromProfile(form, { target_role: "target_role" })]);
}

/** A stored skills analysis (GET /api/career/skills-analysis/latest): skills with the words that show them, the
 *  target role's gaps (most pressing first) and the requirements already met. */
function analysisView(a) {
  const levels = (s) => `you ${Number(s.current_level ?? 0).toFixed(1)} of ${Number(s.target_level).toFixed(1)} needed`;
  const gaps = a.gaps.slice(0, 10);
  return el("div", { "data-testid": "skills-analysis" },
    el("p", { class: "muted", text: `Analysed ${new Date(a.assessed_at).toLocaleString()}` +
      (a.target_role ? ` · target role: ${a.target_role}` : "") }),
    el("h3", { text: `Skills found (${a.skills.length})` }),
    a.skills.length ? el("ul", { class: "items" }, ...a.skills.map((s) => el("li", { "data-testid": "skill" },
      linkOrText(s.esco_uri, s.skill_name),
      s.evidence ? el("small", { class: "muted" }, " · found as ", el("q", { text: s.evidence })) : null)))
      : el("p", { class: "muted", text: "No skills recognised in that text." }),
    a.target_role ? el("h3", { text: `Gaps for ${a.target_role} (${a.gaps.length})` }) : null,
    a.target_role ? (gaps.length ? el("ol", { class: "items" }, ...gaps.map((g) => el("li", { "data-testid": "gap" },
      el("span", { class: "grow" }, el("strong", { text: g.skill_name }),
        el("small", { class: "muted", text: ` · importance ${Number(g.importance_score ?? 0).toFixed(1)} · ${levels(g)}` })),
      bar(g.current_level ?? 0, g.target_level))))
      : el("p", { class: "muted", text: "No gaps: you meet the role's requirements." }))
      : el("p", { class: "muted", text: "Name a target role to see what you would need to learn." }),
    a.gaps.length > gaps.length ? el("p", { class: "muted", text: `…and ${a.gaps.length - gaps.length} more.` }) : null,
    a.met.length ? el("h3", { text: "Requirements you already meet" }) : null,
    a.met.length ? el("ul", { class: "chips" }, ...a.met.map((s) => el("li", { text: s.skill_name }))) : null);
}

const PLAN_STATUSES = [["planned", "Planned"], ["in_progress", "In progress"], ["completed", "Completed"], ["skipped", "Skipped"]];

function learningPanel(section) {
  const hours = el("input", { name: "hours_per_week", type: "number", min: "0.5", max: "80", step: "0.5", value: "5",
    "data-testid": "plan-hours" });
  const skills = el("input", { name: "skills", placeholder: "e.g. SQL, Python", "data-testid": "plan-skills" });
  const freeOnly = el("input", { type: "checkbox", name: "free_only", "data-testid": "plan-free" });
  const form = el("form", { class: "inline", "data-testid": "plan-form", novalidate: true },
    field("Hours a week", hours), field("Skills to learn", skills, { hint: "Empty: the gaps of your latest skills analysis." }),
    el("label", { class: "check" }, freeOnly, "Free courses only"),
    el("button", { type: "submit", class: "btn-primary", text: "Show my plan" }), formError("plan-error"));
  const result = el("div", { class: "result", "aria-live": "polite", "data-testid": "plan-result" });
  const WHY_NONE = { no_skills: "No plan yet: run a skills analysis with a target role, or list the skills to learn above.",
    no_gaps: "Your latest skills analysis shows no gaps: list other skills above to plan them." };

  // Asking with other settings makes a new plan: the form shows the settings of the plan on screen.
  function showPlan(plan) {
    hours.value = plan.hours_per_week;
    freeOnly.checked = plan.free_only;
    skills.value = plan.gaps_from.kind === "skills" ? plan.gaps.map((g) => g.skill).join(", ") : "";
    result.replaceChildren(planView(plan));
  }
  async function show() {
    const query = new URLSearchParams({ hours_per_week: hours.value || "5", free_only: String(freeOnly.checked) });
    if (skills.value.trim()) query.set("skills", skills.value.trim());
    showPlan(await api(`/api/career/learning-plan?${query}`));
  }
  async function showOrExplain() {
    try {
      await show();
    } catch (err) {
      if (!WHY_NONE[err.code]) throw err;
      result.replaceChildren(el("p", { class: "muted", "data-testid": "plan-empty", text: WHY_NONE[err.code] }));
    }
  }
  async function load() { // the stored plan, progress and all; without one, a first plan from the skills analysis
    try {
      showPlan(await api("/api/career/learning-plan/latest"));
    } catch (err) {
      if (err.status !== 404) throw err;
      await showOrExplain();
    }
  }
  onSubmit(form, show);
  const onAnalysed = () => { // a new analysis: a plan for its gaps, with the settings in the form
    if (!section.isConnected) return document.removeEventListener("coach:skills-analysed", onAnalysed); // signed out since
    showOrExplain().catch((err) => notice(err.message));
  };
  document.addEventListener("coach:skills-analysed", onAnalysed);
  section.append(form, result);
  return load;
}

function planView(plan) {
  const s = plan.schedule;
  return el("div", { "data-testid": "plan" },
    el("p", { class: "muted", text: [`${plan.total_hours} h in total`,
      s.mode === "microlearning" ? `${s.sessions_per_week} sessions of ${s.session_minutes} min a week (microlearning)`
        : `${s.sessions_per_week} sessions of ${s.session_minutes} min a week`,
      plan.finish_date ? `done by ${plan.finish_date}` : null].filter(Boolean).join(" · ") }),
    el("ol", { class: "plan-items" }, ...plan.items.map(planItem)),
    plan.skills_without_course.length ? el("p", { class: "muted", text: `No course in the catalog yet for: ${plan.skills_without_course.join(", ")}.` }) : null,
    el("p", { class: "source", text: `Courses: ${plan.source.catalog}` }));
}

/** One course of the plan, with its status and progress, which the user updates in place. */
function planItem(item) {
  const status = el("select", { name: "status", "data-testid": "plan-status", "aria-label": `Status: ${item.title}` },
    ...PLAN_STATUSES.map(([value, label]) => el("option", { value, selected: value === item.status, text: label })));
  const progress = el("input", { name: "progress", type: "number", min: "0", max: "100", step: "5", value: String(item.progress),
    "data-testid": "plan-progress", "aria-label": `Progress %: ${item.title}` });
  const moved = el("p", { class: "muted", role: "status", "data-testid": "plan-level" });
  const form = el("form", { class: "inline compact", novalidate: true },
    field("Status", status), field("Progress %", progress),
    el("button", { type: "submit", class: "btn-secondary", text: "Update" }), formError(null));
  const row = el("li", { class: item.status === "completed" ? "done" : null, "data-testid": "plan-item" },
    el("div", { class: "grow" }, linkOrText(item.url, item.title || item.course_id),
      el("small", { class: "muted", text: [item.skill && `${item.skill}${item.stage ? ` (${item.stage})` : ""}`, item.provider,
        item.hours != null ? `${item.hours} h` : null, item.price === 0 ? "free" : item.price != null ? money(item.price) : null,
        item.target_date ? `target ${item.target_date}` : null].filter(Boolean).join(" · ") }),
      bar(item.progress, 100)),
    form, moved);
  onSubmit(form, async () => {
    const body = { status: status.value, progress: progress.value === "" ? undefined : Number(progress.value) };
    const answer = await api(`/api/career/learning-plan/items/${item.id}`, { method: "PATCH", body });
    const next = planItem(answer.item);
    const level = answer.skill_level;
    if (level) next.querySelector('[data-testid="plan-level"]').textContent =
      `${level.skill}: level ${Number(level.current_level).toFixed(2)} of ${Number(level.target_level).toFixed(2)} (from ${Number(level.start_level).toFixed(2)}).`;
    row.replaceWith(next);
    next.querySelector("[type=submit]").focus(); // keep the keyboard user's place in the list
    notice("Course updated.");
  });
  return row;
}

const SCENARIO_NAMES = { direct: "Direct move", bridge: "Via a bridge role", education: "Education first" };

function roadmapPanel(section) {
  const input = (name, placeholder) => el("input", { name, placeholder, "data-testid": `roadmap-${name}` });
  const form = el("form", { class: "inline", "data-testid": "roadmap-form", novalidate: true },
    field("Current role", input("current", "e.g. Registered nurse")), field("Target role", input("target", "e.g. Nurse practitioner")),
    field("Location", input("location", "e.g. Denver (optional)")),
    el("button", { type: "submit", class: "btn-primary", text: "Show paths" }), formError("roadmap-error"));
  const result = el("div", { class: "result", "aria-live": "polite", "data-testid": "roadmap-result" });
  async function show() {
    const query = new URLSearchParams();
    for (const name of ["current", "target", "location"]) if (form.elements[name].value.trim()) query.set(name, form.elements[name].value.trim());
    result.replaceChildren(roadmapView(await api(`/api/career/roadmap?${query}`)));
  }
  onSubmit(form, show);
  section.append(form, result);
  return async () => {
    const profile = await fillFromProfile(form, { current: "current_role", target: "target_role", location: "location" });
    if (!profile.current_role || !profile.target_role) {
      result.replaceChildren(el("p", { class: "muted", text: "Enter your current and target roles, or save them in your profile." }));
      return;
    }
    try {
      await show();
    } catch (err) { // a saved role that matches nothing: say so by the field, without taking the focus on load
      if (!(err instanceof ApiError)) throw err;
      showFieldError(form, err, { focus: false });
    }
  };
}

function roadmapView(r) {
  const median = (pay) => (pay.annual_median == null ? "not published" : `${pay.top_coded ? "at least " : ""}${money(pay.annual_median)}`);
  return el("div", { "data-testid": "roadmap" },
    el("h3", { text: `${r.current.title} → ${r.target.title}` }),
    el("p", { class: "muted", text: [r.location, r.message].filter(Boolean).join(" · ") }),
    el("div", { class: "scenarios" }, ...r.scenarios.map((sc) => {
      const last = sc.steps[sc.steps.length - 1] || {}, outlook = last.outlook || {};
      const zones = { from: ((sc.steps[0] || {}).preparation || {}).job_zone_from, to: (last.preparation || {}).job_zone_to };
      const reward = sc.reward;
      return el("article", { class: "scenario", "data-testid": "scenario", "aria-label": SCENARIO_NAMES[sc.name] || sc.name },
        el("h4", { text: SCENARIO_NAMES[sc.name] || sc.name }),
        el("p", { text: sc.summary }),
        el("dl", { class: "facts" },
          el("dt", { text: "Time" }), el("dd", { text: [`${sc.steps.length} step${sc.steps.length === 1 ? "" : "s"}`,
            outlook.typical_education, zones.from !== zones.to ? `job zone ${zones.from} → ${zones.to}` : null]
            .filter(Boolean).join(" · ") }),
          el("dt", { text: "Pay change" }), el("dd", { "data-testid": "scenario-pay" },
            el("strong", { text: reward.change == null ? "n/a" : `${signed(reward.change, money(reward.change))}${reward.change_percent != null ? ` (${signed(reward.change_percent, percent(reward.change_percent))})` : ""}` }),
            el("small", { class: "muted", text: ` ${median(reward.current)} → ${median(reward.target)} a year` })),
          el("dt", { text: "Outlook" }), el("dd", { text: [outlook.growth_category,
            outlook.change_percent != null ? `${signed(outlook.change_percent, percent(outlook.change_percent))} jobs 2024–34` : null,
            outlook.annual_openings != null ? `${outlook.annual_openings.toLocaleString("en-US")} openings a year` : null].filter(Boolean).join(" · ") || "n/a" }),
          el("dt", { text: "Risk" }), el("dd", {}, el("span", { class: `risk risk-${sc.risk}`, text: sc.risk })),
          el("dt", { text: "Skills to gain" }), el("dd", { text: String(sc.skills_to_gain_total) })),
        el("ol", { class: "steps" }, ...sc.steps.map((st) => el("li", {},
          el("strong", { text: st.kind === "education" ? `Prepare: ${st.preparation.zone_name || "more education"}` : `${st.from_occupation.title} → ${st.to_occupation.title}` }),
          el("small", { class: "muted", text: ` · ${st.risk} risk: ${st.risk_note}` }),
          st.skills_to_gain.length ? el("small", { class: "skills-to-gain", text: `Gain: ${st.skills_to_gain.slice(0, 4).map((k) => k.name).join(", ")}` }) : null))));
    })),
    r.notes.length ? el("ul", { class: "muted" }, ...r.notes.map((n) => el("li", { text: n }))) : null,
    el("p", { class: "source", text: `Sources: ${r.sources.map((s) => [s.name, s.release].filter(Boolean).join(" ")).join("; ")}` }));
}

const ASSESSMENT_ORDER = ["interests", "work_style", "values"];

function assessmentsPanel(section) {
  const list = el("div", { class: "assessments", "data-testid": "assessment-results" });
  async function load() {
    const records = await api("/api/career/assessment");
    const kinds = [...new Set(records.map((r) => r.kind))].sort((a, b) => ASSESSMENT_ORDER.indexOf(a) - ASSESSMENT_ORDER.indexOf(b));
    list.replaceChildren(...(kinds.length ? kinds.map((kind) => {
      const taken = records.filter((r) => r.kind === kind), latest = taken[0]; // newest first
      return el("article", { class: "assessment", "data-testid": `assessment-${kind}` },
        assessmentResult(latest, { occupations: 5 }),
        el("p", { class: "muted" }, `Taken ${new Date(latest.created_at).toLocaleDateString()}`,
          taken.length > 1 ? ` · ${taken.length - 1} earlier` : "", " · ",
          el("a", { href: `/assessment?kind=${encodeURIComponent(kind)}`, text: "Retake" })));
    }) : [el("p", { class: "muted", text: "No results yet. The questionnaires take 5 to 10 minutes." })]));
  }
  section.append(el("p", {}, el("a", { class: "btn-primary", href: "/assessment", "data-testid": "take-assessment", text: "Take a questionnaire" })),
    list, el("button", { type: "button", class: "btn-secondary", text: "Refresh", onclick: () => load() }));
  return load;
}

function goalsPanel(section) {
  const description = el("input", { name: "description", placeholder: "e.g. Become a product manager", "data-testid": "goal-description" });
  const targetDate = el("input", { name: "target_date", type: "date", "data-testid": "goal-date" });
  const milestones = el("textarea", { name: "milestones", rows: "3", "data-testid": "goal-milestones",
    placeholder: "Finish the SQL course | 2027-01-15\nBuild a portfolio" });
  const form = el("form", { "data-testid": "goal-form", novalidate: true },
    field("Goal", description), field("Target date", targetDate),
    field("Milestones", milestones, { hint: "One a line; a due date may follow a bar: “Finish the SQL course | 2027-01-15”." }),
    formError("goal-error"), el("button", { type: "submit", class: "btn-primary", text: "Add goal" }));
  const list = el("ul", { class: "goals", "data-testid": "goal-list" });
  async function load() {
    const goals = await api("/api/career/goals");
    list.replaceChildren(...(goals.length ? goals.map(goalItem)
      : [el("li", { class: "muted", text: "No goals yet. Add one above, or tell the coach in chat." })]));
  }
  onSubmit(form, async () => {
    const steps = milestones.value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
      const [title, due] = line.split("|").map((part) => part.trim());
      return { title, target_date: due || undefined };
    });
    await api("/api/career/goal-tracking", { method: "POST", body: { description: description.value.trim(),
      target_date: targetDate.value || undefined, milestones: steps } });
    form.reset();
    notice("Goal added.");
    await load();
  });
  section.append(el("div", { class: "split" }, el("div", {}, el("h3", { text: "Add a goal" }), form),
    el("div", {}, el("h3", { text: "Your goals" }), list,
      el("div", { class: "row" }, el("button", { type: "button", class: "btn-secondary", text: "Export to calendar (.ics)",
        "data-testid": "goals-ics", onclick: downloadCalendar }),
      el("button", { type: "button", class: "btn-secondary", text: "Refresh", onclick: () => load() })))));
  return load;
}

/** One goal: its progress, overdue flags, and milestones to tick (or a percentage when it has none). */
function goalItem(goal) {
  const pct = Math.round(goal.progress_percentage);
  const overdueIds = new Set(goal.overdue_milestones.map((m) => m.id));
  const form = el("form", { class: "goal-form", novalidate: true });
  const row = el("li", { class: goal.overdue || overdueIds.size ? "goal overdue" : "goal", "data-testid": "goal" },
    el("p", {}, el("strong", { text: goal.description }),
      el("small", { class: "muted", text: [goal.target_date ? ` · by ${goal.target_date}` : "", goal.status !== "active" ? ` · ${goal.status}` : ""].join("") }),
      goal.overdue ? el("span", { class: "badge", "data-testid": "goal-overdue", text: "Overdue" }) : null),
    el("div", { class: "progress-row" },
      el("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(pct),
        "aria-label": `${goal.description}: progress`, "data-testid": "goal-progress" }, el("span", { style: `width:${pct}%` })),
      el("span", { class: "num", text: `${pct}%` })),
    form);
  const report = async (body, focus) => {
    clearFieldErrors(form);
    try {
      const next = goalItem(await api("/api/career/goal-tracking", { method: "POST", body: { goal_id: goal.id, ...body } }));
      row.replaceWith(next);
      next.querySelector(focus).focus(); // the same control in the redrawn goal: the keyboard user keeps their place
      notice("Progress saved.");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showFieldError(form, err);
    }
  };
  if (goal.milestones.length) {
    form.append(el("ul", { class: "milestones" }, ...goal.milestones.map((m) => el("li", {},
      el("label", { class: "check" },
        el("input", { type: "checkbox", checked: m.done, "data-testid": "milestone", "data-milestone": m.id,
          onchange: (e) => report({ milestone: m.id, done: e.target.checked }, `[data-milestone="${m.id}"]`) }),
        m.title, m.target_date ? el("small", { class: "muted", text: ` · due ${m.target_date}` }) : null,
        overdueIds.has(m.id) ? el("span", { class: "badge", "data-testid": "milestone-overdue", text: "Overdue" }) : null)))),
    formError(null));
  } else {
    const progress = el("input", { name: "progress_percentage", type: "number", min: "0", max: "100", step: "5", value: String(pct),
      "data-testid": "goal-progress-input" });
    form.classList.add("inline", "compact");
    form.append(field("Progress %", progress), el("button", { type: "submit", class: "btn-secondary", text: "Update" }), formError(null));
    onSubmit(form, () => report({ progress_percentage: progress.value === "" ? undefined : Number(progress.value) },
      "[name=progress_percentage]"));
  }
  return row;
}

/** Save a file the API serves. It needs the token, so it is fetched and saved rather than linked; the name is
 *  the server's (Content-Disposition, quoted or not), else `fallbackName`. */
async function saveDownload(path, accept, fallbackName) {
  const res = await request(path, { accept });
  const name = (/filename="?([^";]+)"?/.exec(res.headers.get("Content-Disposition") || "") || [])[1] || fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A calendar file the API serves, saved; a failure is said on the notice line. */
async function saveCalendar(path, fallbackName) {
  try {
    await saveDownload(path, "text/calendar", fallbackName);
  } catch (err) {
    notice(err.message);
  }
}

/** The goals as an iCalendar file. */
const downloadCalendar = () => saveCalendar("/api/career/goals.ics", "career-goals.ics");

// ---- what the coach remembers, and the user's data ----------------------------------------------------

const MEMORY_KINDS = [["constraint", "Constraints", "Constraint"], ["preference", "Preferences", "Preference"],
  ["background", "Background", "Background"], ["goal", "Goals", "Goal"], ["fact", "Facts", "Fact"],
  ["note", "Your notes", "Note"], ["summary", "Past conversations", "Conversation"]];

function timeTag(iso) {
  const when = iso ? timeOf(iso) : null;
  if (!when || Number.isNaN(when.getTime())) return el("span", { text: "at an unknown time" });
  return el("time", { datetime: when.toISOString(), text: when.toLocaleString() });
}

function memoryPanel(section) {
  const heading = section.querySelector("h2");
  heading.tabIndex = -1; // where focus goes when the last memory is deleted
  const onOff = el("input", { type: "checkbox", role: "switch", "data-testid": "memory-switch", "aria-describedby": "memory-switch-help" });
  const switchError = el("p", { class: "error", role: "alert", "data-testid": "memory-switch-error" });
  const summary = el("p", { class: "muted", role: "status", "data-testid": "memory-summary" });
  const groups = el("div", { class: "memory-groups", "data-testid": "memory-groups" });
  const noteText = el("textarea", { name: "text", rows: "2", "data-testid": "memory-note", placeholder: "e.g. I want to stay in healthcare" });
  const noteKind = el("select", { name: "kind", "data-testid": "memory-note-kind" },
    ...MEMORY_KINDS.filter(([value]) => value !== "summary") // the coach writes those, from the chat
      .map(([value, , one]) => el("option", { value, selected: value === "note", text: one })));
  const addForm = el("form", { class: "memory-add", "data-testid": "memory-add-form", novalidate: true },
    field("Something the coach should remember", noteText), field("Kind", noteKind),
    el("button", { type: "submit", class: "btn-primary", text: "Add note" }), formError("memory-add-error"));
  let titles = new Map(); // thread id → title, for "from the conversation ..."

  function draw(data) {
    onOff.checked = data.enabled;
    summary.textContent = `${data.enabled ? "Memory is on" : "Memory is off"} · ${data.count} ${data.count === 1 ? "memory" : "memories"} stored.`;
    const kinds = [...MEMORY_KINDS, ...Object.keys(data.groups).filter((k) => !MEMORY_KINDS.some(([known]) => known === k)).map((k) => [k, k])];
    groups.replaceChildren(...kinds.filter(([kind]) => (data.groups[kind] || []).length).map(([kind, title]) =>
      el("div", { class: "memory-group", "data-testid": `memory-group-${kind}` },
        el("h3", { text: title }), el("ul", { class: "memories" }, ...data.groups[kind].map(memoryItem)))));
    if (!data.count) groups.append(el("p", { class: "muted", "data-testid": "memory-empty",
      text: "Nothing remembered yet. Tell the coach about your constraints and preferences in chat, or add a note below." }));
  }
  async function load() {
    const [data, threads] = await Promise.all([api("/api/memory"), api("/api/chat/threads")]);
    titles = new Map(threads.map((t) => [t.id, t.title || "Conversation"]));
    draw(data);
  }
  /** Redraw, then put the focus where the keyboard user was: `pick` gets the memory rows in order. */
  async function reload(pick) {
    await load();
    const rows = [...groups.querySelectorAll("[data-memory-id]")];
    const target = pick ? pick(rows) : null;
    (target || heading).focus();
  }

  function origin(memory) {
    if (memory.thread_id && titles.has(memory.thread_id)) {
      const title = titles.get(memory.thread_id);
      return el("span", {}, "From the conversation ", el("button", { type: "button", class: "link-btn", text: `“${title}”`,
        "aria-label": `Open the conversation “${title}” in the chat`, "data-testid": "memory-thread",
        onclick: () => coach().openThread(memory.thread_id) }));
    }
    if (memory.thread_id) return el("span", { text: "From a conversation since deleted" });
    return el("span", { text: memory.source === "user" ? "Added by you" : "From a conversation" });
  }

  function memoryItem(memory) {
    const row = el("li", { class: "memory", "data-testid": "memory", "data-memory-id": memory.id });
    const rowError = el("p", { class: "error", role: "alert", "data-testid": "memory-error" });
    const versionsId = `memory-versions-${memory.id}`;
    const versions = memory.history.length ? el("ol", { class: "memory-versions", id: versionsId, hidden: true,
      "data-testid": "memory-versions" }, ...[...memory.history].reverse().map((old) => el("li", {},
      el("span", { text: old.text }), el("small", { class: "muted" }, " · replaced ", timeTag(old.replaced_at))))) : null;
    const edit = el("button", { type: "button", class: "btn-secondary", text: "Edit", "aria-label": `Edit: ${memory.text}`,
      "data-action": "edit", onclick: () => startEdit() });
    const remove = el("button", { type: "button", class: "btn-danger", text: "Delete", "aria-label": `Delete: ${memory.text}`,
      "data-action": "delete", onclick: () => askDelete() });
    const toggle = versions ? el("button", { type: "button", class: "link-btn", "aria-expanded": "false", "aria-controls": versionsId,
      "data-testid": "memory-history-toggle", text: `Show earlier versions (${memory.history.length})`,
      onclick: () => {
        versions.hidden = !versions.hidden;
        toggle.setAttribute("aria-expanded", String(!versions.hidden));
        toggle.textContent = `${versions.hidden ? "Show" : "Hide"} earlier versions (${memory.history.length})`;
      } }) : null;
    const view = el("div", { class: "memory-view" },
      el("p", { class: "memory-text", "data-testid": "memory-text", text: memory.text }),
      el("small", { class: "muted memory-meta" }, origin(memory), " · ", timeTag(memory.updated_at)),
      toggle, versions);
    const actions = el("div", { class: "row memory-actions" }, edit, remove);
    row.append(view, actions, rowError);

    function startEdit() {
      const text = el("textarea", { name: "text", rows: "2", "data-testid": "memory-edit-text" });
      text.value = memory.text;
      const cancel = () => { form.replaceWith(view); actions.hidden = false; edit.focus(); };
      const form = el("form", { class: "memory-edit", novalidate: true, "data-testid": "memory-edit-form" },
        field("Corrected memory", text, { hint: "The earlier text is kept under “earlier versions”." }), formError(null),
        el("div", { class: "row" }, el("button", { type: "submit", class: "btn-primary", text: "Save" }),
          el("button", { type: "button", class: "btn-secondary", text: "Cancel", onclick: cancel })));
      form.addEventListener("keydown", (e) => { if (e.key === "Escape") cancel(); });
      onSubmit(form, async () => {
        await api(`/api/memory/${encodeURIComponent(memory.id)}`, { method: "PATCH", body: { text: text.value } });
        notice("Memory corrected.");
        await reload((rows) => rows.find((r) => r.dataset.memoryId === memory.id)?.querySelector('[data-action="edit"]'));
      });
      view.replaceWith(form);
      actions.hidden = true;
      text.focus();
    }

    function askDelete() {
      const keep = el("button", { type: "button", class: "btn-secondary", text: "Keep it", onclick: () => {
        confirmBar.remove(); actions.hidden = false; remove.focus(); } });
      const confirmBar = el("div", { class: "row memory-confirm", role: "group", "aria-label": "Confirm deletion", "data-testid": "memory-confirm" },
        el("span", { text: "Delete this memory? The coach will no longer know it." }),
        el("button", { type: "button", class: "btn-danger", text: "Yes, delete", "data-testid": "memory-confirm-delete", onclick: async (e) => {
          e.target.disabled = true;
          rowError.textContent = "";
          try {
            await api(`/api/memory/${encodeURIComponent(memory.id)}`, { method: "DELETE" });
          } catch (err) {
            e.target.disabled = false;
            rowError.textContent = err.message;
            return;
          }
          notice("Memory deleted.");
          const ids = [...groups.querySelectorAll("[data-memory-id]")].map((r) => r.dataset.memoryId);
          const at = ids.indexOf(memory.id); // the next memory takes its place; after the last, the one before
          await reload((rows) => (rows[at] || rows[at - 1])?.querySelector('[data-action="edit"]'));
        } }),
        keep);
      actions.hidden = true;
      actions.after(confirmBar);
      keep.focus(); // the safe choice first: Enter twice does not delete
    }
    return row;
  }

  onOff.addEventListener("change", async () => {
    switchError.textContent = "";
    onOff.disabled = true;
    try {
      draw(await api("/api/memory", { method: "PATCH", body: { enabled: onOff.checked } }));
      notice(onOff.checked ? "Memory is on." : "Memory is off.");
    } catch (err) {
      onOff.checked = !onOff.checked; // the API did not change it
      switchError.textContent = err.message;
    } finally {
      onOff.disabled = false;
      onOff.focus();
    }
  });
  onSubmit(addForm, async () => {
    await api("/api/memory", { method: "POST", body: { text: noteText.value, kind: noteKind.value } });
    addForm.reset();
    notice("Noted: the coach will remember it.");
    await load();
    noteText.focus(); // ready for another note; the new one is in its group above
  });

  section.append(
    el("label", { class: "switch" }, onOff, "Remember what I tell the coach"),
    el("p", { class: "muted", id: "memory-switch-help", text: "On: the coach saves what matters from your conversations "
      + "(constraints, preferences, background, goals) and brings it up in later ones. Off: the coach neither saves nor "
      + "uses memories; what is stored stays until you delete it." }),
    switchError,
    el("div", { class: "row memory-bar" }, summary,
      el("button", { type: "button", class: "btn-secondary", text: "Refresh", onclick: () => load().catch((err) => notice(err.message)) })),
    groups, el("h3", { text: "Add a note" }), addForm);
  return load;
}

/** Your data: all of it as a JSON file, or the account erased. Erasing asks for DELETE typed in a box, which the
 *  API checks itself (a wrong word is refused next to the box and nothing is deleted). */
function dataPanel(section) {
  const download = el("button", { type: "button", class: "btn-secondary", text: "Download my data", "data-testid": "export-data",
    onclick: async () => {
      download.disabled = true;
      try {
        await saveDownload("/api/me/export", "application/json", "smartjobfit-export.json");
        notice("Your data was downloaded as a JSON file.");
      } catch (err) {
        notice(err.message);
      } finally {
        download.disabled = false;
      }
    } });
  const confirmation = el("input", { name: "confirm", autocomplete: "off", spellcheck: "false", "data-testid": "erase-confirm" });
  const form = el("form", { "data-testid": "erase-form", novalidate: true },
    field("Type DELETE to confirm", confirmation, { hint: "This erases your account, profile, conversations, memories and "
      + "everything else, and cannot be undone." }),
    formError("erase-error"),
    el("button", { type: "submit", class: "btn-danger", text: "Delete my account and all my data", "data-testid": "erase-account" }));
  onSubmit(form, async () => {
    try {
      await api("/api/me", { method: "DELETE", body: { confirm: confirmation.value } });
    } catch (err) {
      // The API's words are for programs ('send {"confirm": "DELETE"}'); a person is asked to type the word.
      if (err.code === "confirmation_required") err.message = "Type DELETE in capitals to confirm. Nothing was deleted.";
      throw err;
    }
    coach().setToken(null);
    showSignIn("Your account and all its data were deleted."); // said on the sign-in form's alert line
    $("auth-form").elements.email.focus();
  });
  section.append(el("p", { class: "muted", text: "Everything stored about you: your profile, goals, plans, assessments, "
    + "memories and conversations." }), el("p", {}, download), el("h3", { text: "Delete my account" }), form);
}

/** The account: whether the address is confirmed (and a new link), the password, and where you are signed in. */
function accountPanel(section) {
  const status = el("p", { "data-testid": "email-status" });
  const resend = el("button", { type: "button", class: "btn-secondary", text: "Send the confirmation link again",
    "data-testid": "resend-verification", hidden: true,
    onclick: async () => {
      resend.disabled = true;
      try {
        const sent = await api("/api/auth/verify-email/send", { method: "POST" });
        notice(`A new link is on its way to ${sent.email}.`);
      } catch (err) {
        notice(err.message);
      } finally {
        resend.disabled = false;
      }
    } });
  const current = el("input", { type: "password", name: "current_password", autocomplete: "current-password", "data-testid": "current-password" });
  const fresh = el("input", { type: "password", name: "new_password", autocomplete: "new-password", minlength: "8", "data-testid": "new-password" });
  const form = el("form", { "data-testid": "password-form", novalidate: true },
    field("Current password", current), field("New password", fresh, { hint: "At least 8 characters." }),
    formError("password-error"), el("button", { type: "submit", class: "btn-primary", text: "Change password", "data-testid": "change-password" }));
  onSubmit(form, async () => {
    const done = await api("/api/auth/password", { method: "POST", body: { current_password: current.value, new_password: fresh.value } });
    form.reset();
    notice(`Password changed. ${done.sessions_ended} other session${done.sessions_ended === 1 ? "" : "s"} signed out.`);
    await load();
  });
  const sessions = el("ul", { class: "threads", "data-testid": "sessions" });
  async function load() {
    const me = await api("/api/auth/me");
    status.textContent = me.email_verified ? `${me.email} is confirmed.` : `${me.email} is not confirmed yet: open the link we e-mailed you.`;
    resend.hidden = me.email_verified;
    const open = await api("/api/auth/sessions");
    sessions.replaceChildren(...open.map((row) => el("li", {},
      `${row.current ? "This device" : row.user_agent || "Another device"} · last used ${timeOf(row.last_used_at).toLocaleString()}`,
      row.current ? null : el("button", { type: "button", class: "link-btn", text: "Sign out", "data-testid": "end-session",
        onclick: async () => { await api(`/api/auth/sessions/${row.id}`, { method: "DELETE" }); await load(); } }))));
  }
  section.append(status, resend, el("h3", { text: "Password" }), form, el("h3", { text: "Signed in on" }), sessions);
  return load;
}

// ---- mentoring: finding a mentor, the mentorships, and offering mentoring ----------------------------------

const WEEKDAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"],
  ["sat", "Saturday"], ["sun", "Sunday"]];
const MENTORSHIP_STATUSES = { requested: "Requested", accepted: "Accepted", active: "Active", declined: "Declined",
  withdrawn: "Withdrawn", ended: "Ended" };
const RATINGS = [["", "No rating"], ["1", "1 · not useful"], ["2", "2"], ["3", "3"], ["4", "4"], ["5", "5 · very useful"]];
const STYLES = [["structured", "Structured"], ["casual", "Casual"]];
const FREQUENCIES = [["weekly", "Weekly"], ["biweekly", "Every two weeks"], ["monthly", "Monthly"]];
const NEW_SLOT = { day: "tue", start: "18:00", end: "19:00" };

const listOf = (text) => text.split(",").map((part) => part.trim()).filter(Boolean);
const linesOf = (text) => text.split("\n").map((line) => line.trim()).filter(Boolean);
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const dayOf = (iso) => timeOf(iso).toLocaleDateString();
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function choice(name, options, value, attrs = {}) {
  return el("select", { name, ...attrs }, ...options.map(([v, label]) => el("option", { value: v, selected: v === value, text: label })));
}

/** Run a button's action: the button is off while it runs, and a refusal is said on `line`. */
async function run(button, line, work) {
  button.disabled = true;
  line.textContent = "";
  try {
    await work();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    line.textContent = err.message;
  } finally {
    button.disabled = false;
    if (button.isConnected && document.activeElement === document.body) button.focus();
  }
}

/** An IANA timezone (the browser's by default), with the names the browser knows as suggestions. */
function zoneInput(testid) {
  if (!$("iana-zones") && Intl.supportedValuesOf) {
    document.body.append(el("datalist", { id: "iana-zones" },
      ...Intl.supportedValuesOf("timeZone").map((zone) => el("option", { value: zone }))));
  }
  return el("input", { name: "timezone", value: browserZone(), list: "iana-zones", autocomplete: "off", spellcheck: "false",
    "data-testid": testid });
}

/** Weekly availability: rows of day, from and to, in the person's timezone. A row's controls are named
 *  `availability.N.day|start|end` and share the row's error line (`availability.N`), so what the API refuses (a slot
 *  that overlaps another, one that ends before it starts) is said on its row, with focus on the control it names. */
function slotsEditor(testid, legend) {
  const rows = el("ol", { class: "slots" });
  const add = el("button", { type: "button", class: "btn-secondary", text: "Add a time", "data-testid": `${testid}-add`,
    onclick: () => { addRow(NEW_SLOT); rows.lastElementChild.querySelector("select").focus(); } });
  const box = el("fieldset", { class: "slots-box", "data-testid": testid }, el("legend", { text: legend }), rows,
    el("p", { class: "error", "data-error-for": "availability", "data-testid": `${testid}-error` }), add);

  function addRow(slot) {
    const line = el("p", { class: "error", id: `slot-${++fieldCount}-error`, "data-testid": "slot-error" });
    const part = (name, control) => { control.dataset.part = name; control.setAttribute("aria-describedby", line.id); return control; };
    const row = el("li", { "data-testid": "slot" },
      el("fieldset", { class: "slot" }, el("legend"),
        el("label", {}, "Day", part("day", choice("", WEEKDAYS, slot.day))),
        el("label", {}, "From", part("start", el("input", { type: "time", value: slot.start.slice(0, 5) }))),
        el("label", {}, "To", part("end", el("input", { type: "time", value: slot.end.slice(0, 5) }))),
        el("button", { type: "button", class: "link-btn", text: "Remove", onclick: () => {
          const next = row.nextElementSibling || row.previousElementSibling;
          row.remove();
          renumber();
          (next ? next.querySelector("select") : add).focus();
        } })),
      line);
    rows.append(row);
    renumber();
  }
  function renumber() {
    [...rows.children].forEach((row, i) => {
      row.querySelector("legend").textContent = `Time ${i + 1}`;
      row.querySelector("[data-testid=slot-error]").dataset.errorFor = `availability.${i}`;
      row.querySelector("button").setAttribute("aria-label", `Remove time ${i + 1}`);
      for (const control of row.querySelectorAll("[data-part]")) control.name = `availability.${i}.${control.dataset.part}`;
    });
  }
  return {
    node: box,
    set(slots) { rows.replaceChildren(); for (const slot of slots) addRow(slot); },
    value: () => [...rows.children].map((row) =>
      Object.fromEntries([...row.querySelectorAll("[data-part]")].map((control) => [control.dataset.part, control.value]))),
  };
}

/** Mentoring, as a mentee and as a mentor: find mentors and ask one (with the coach's draft), then every
 *  mentorship you are in, with what you can do in its status (accept or decline, find a time, check in after a
 *  session, message, end), the invites and the calendar feed. */
function mentoringPanel(section) {
  const target = el("input", { name: "target_role", placeholder: "e.g. Marketing manager", "data-testid": "match-target-role" });
  const learn = el("input", { name: "skills_to_learn", placeholder: "e.g. SQL, market research", "data-testid": "match-skills" });
  const form = el("form", { "data-testid": "match-form", novalidate: true },
    field("Target role", target),
    field("Skills to learn", learn, { hint: "Optional, with commas. Empty: the gaps of your latest skills analysis." }),
    el("button", { type: "submit", class: "btn-primary", text: "Find mentors" }), formError("match-error"));
  const found = el("div", { "aria-live": "polite", "data-testid": "match-result" });
  const list = el("ul", { class: "mentorships", "data-testid": "mentorship-list" });
  const said = new Map(); // mentorship id → what was last done to it, shown in it once the list is redrawn

  onSubmit(form, async () => {
    const result = await api("/api/career/mentor-matching", { method: "POST",
      body: { target_role: target.value.trim() || undefined, skills_to_learn: listOf(learn.value) } });
    const on = result.matched_on;
    const basis = [on.target_occupation && `the target role ${on.target_occupation.title}`,
      on.skills.length && `${on.skills.join(", ")} (${on.skills_from})`].filter(Boolean).join(" and ");
    found.replaceChildren(el("p", { class: "muted", text: `Matched on ${basis}.` }),
      result.mentors.length ? el("ul", { class: "matches" }, ...result.mentors.map(matchItem))
        : el("p", { class: "muted", "data-testid": "match-empty", text: result.note || "No mentor fits yet." }));
  });

  function matchItem(m) {
    const error = el("p", { class: "error", role: "alert", "data-testid": "match-item-error" });
    const ask = el("button", { type: "button", class: "btn-primary", text: "Ask for mentorship",
      "aria-label": `Ask ${m.name} for mentorship`, onclick: () => run(ask, error, async () => {
        const draft = await api(`/api/mentorships/draft?mentor_id=${encodeURIComponent(m.mentor_id)}`);
        const request = requestForm(m, draft, () => { request.remove(); ask.hidden = false; ask.focus(); });
        ask.hidden = true;
        row.append(request);
        request.querySelector("textarea").focus();
      }) });
    const facts = [m.headline, m.industry, `${m.years_experience} years`, m.timezone, plural(m.open_places, "open place")];
    const row = el("li", { class: "match", "data-testid": "mentor-match", "data-mentor-id": m.mentor_id },
      el("div", { class: "grow" },
        el("p", {}, el("strong", { text: m.name }), el("small", { class: "muted", text: ` · ${facts.filter(Boolean).join(" · ")}` })),
        el("p", {}, el("span", { class: "num", "data-testid": "match-score", text: `Score ${m.score.toFixed(2)}` }), " ", bar(m.score, 1)),
        el("ul", { class: "notes", "data-testid": "match-reasons" }, ...m.reasons.map((reason) => el("li", { text: reason })))),
      ask, error);
    return row;
  }

  function requestForm(m, draft, cancel) {
    const message = el("textarea", { name: "message", rows: "8", maxlength: "2000", "data-testid": "request-message" });
    message.value = draft.message;
    const goals = el("textarea", { name: "goals", rows: "2", placeholder: "A portfolio by March", "data-testid": "request-goals" });
    const zone = zoneInput("request-timezone");
    const slots = slotsEditor("request-slots", "When you can meet (weekly, in your timezone)");
    slots.set([NEW_SLOT]);
    const request = el("form", { class: "request-form", novalidate: true, "aria-label": `Request to ${m.name}`, "data-testid": "request-form" },
      field("Your message", message, { hint: "The coach drafted it from what you two share: make it yours." }),
      field("Goals", goals, { hint: "Optional, one a line." }),
      field("Your timezone", zone, { hint: "IANA name, e.g. America/Denver." }), slots.node, formError("request-error"),
      el("div", { class: "row" }, el("button", { type: "submit", class: "btn-primary", text: "Send request" }),
        el("button", { type: "button", class: "btn-secondary", text: "Cancel", onclick: cancel })));
    onSubmit(request, async () => {
      const made = await api("/api/mentorships", { method: "POST", body: { mentor_id: m.mentor_id, message: message.value,
        goals: linesOf(goals.value), timezone: zone.value.trim(), availability: slots.value() } });
      const sent = el("p", { role: "status", tabindex: "-1", "data-testid": "request-sent",
        text: `Request sent to ${m.name}: the answer will show under “Your mentorships”.` });
      request.replaceWith(sent);
      said.set(made.id, "Request sent.");
      await loadMine();
      sent.focus();
    });
    return request;
  }

  async function loadMine(focus) {
    const rows = await api("/api/mentorships");
    list.replaceChildren(...(rows.length ? rows.map(mentorshipItem) : [el("li", { class: "muted",
      text: "No mentorships yet. Find a mentor to ask; requests sent to you as a mentor show here too." })]));
    if (focus) {
      const item = list.querySelector(`[data-mentorship-id="${focus[0]}"]`);
      (item && (item.querySelector(focus[1]) || item.querySelector("h4")))?.focus();
    }
  }

  function mentorshipItem(m) {
    const base = `/api/mentorships/${m.id}`;
    const asMentor = m.you_are === "mentor";
    const other = asMentor ? "your mentee" : m.mentor.name;
    const error = el("p", { class: "error", role: "alert", "data-testid": "mentorship-error" });
    const extra = el("div", { class: "mentorship-extra" }); // the form an action opens
    const actions = el("div", { class: "row" });
    /** After a change: say what it did, redraw the list, and put the focus back in this mentorship. */
    const done = async (text, selector) => {
      said.set(m.id, text);
      notice(text);
      await loadMine([m.id, selector]);
    };
    const button = (text, label, action, kind = "btn-secondary") => {
      const node = el("button", { type: "button", class: kind, text, "aria-label": label, "data-action": text,
        onclick: () => run(node, error, () => action(node)) });
      return node;
    };
    const cancel = (back) => el("button", { type: "button", class: "btn-secondary", text: "Cancel",
      onclick: () => { extra.replaceChildren(); back.focus(); } });
    /** Open a form under the actions, ended by its submit button (`submit`) and Cancel (focus back to `back`). */
    const open = (panelForm, submit, back) => {
      panelForm.append(formError(null), el("div", { class: "row" }, submit, cancel(back)));
      extra.replaceChildren(panelForm);
      panelForm.querySelector("input, select, textarea").focus();
    };
    /** A form with an optional reason (declining, withdrawing, ending), sent by `send(reason)`. */
    const withReason = (label, confirm, send) => (back) => {
      const reason = el("textarea", { name: "reason", rows: "2", maxlength: "1000", "data-testid": "reason" });
      const reasonForm = el("form", { novalidate: true, "data-testid": "reason-form" }, field(label, reason));
      onSubmit(reasonForm, () => send(reason.value.trim() || undefined));
      open(reasonForm, el("button", { type: "submit", class: "btn-danger", text: confirm }), back);
    };
    const post = (path, body) => api(`${base}${path}`, { method: "POST", body });

    if (asMentor && m.status === "requested") {
      actions.append(
        button("Accept", "Accept the request", async () => {
          await post("/accept");
          await done("Request accepted: find a time for your first session.", '[data-action="Find times"]');
        }, "btn-primary"),
        button("Decline", "Decline the request", withReason("Reason (optional; your mentee sees it)", "Decline request",
          async (reason) => { await post("/decline", { reason }); await done("Request declined."); })));
    }
    if (!asMentor && m.status === "requested") {
      actions.append(button("Withdraw request", `Withdraw the request to ${m.mentor.name}`,
        withReason("Reason (optional)", "Withdraw request", async (reason) => {
          await post("/end", { reason });
          await done("Request withdrawn.");
        })));
    }
    if (m.status === "accepted" || m.status === "active") {
      actions.append(button("Find times", `Find times with ${other}`, (back) => findTimes(back)),
        button("End mentorship", `End the mentorship with ${other}`,
          withReason("Reason (optional)", "End mentorship", async (reason) => {
            await post("/end", { reason });
            await done("Mentorship ended.");
          }), "btn-danger"));
    }
    if (m.sessions.length) {
      actions.append(button("Download invite (.ics)", `Download the sessions with ${other} as a calendar file (.ics)`,
        () => saveCalendar(`${base}/invite.ics`, `mentorship-${m.id}.ics`)));
    }

    async function findTimes(back) {
      const times = await api(`${base}/times`);
      if (!times.length) {
        extra.replaceChildren(el("p", { class: "muted", "data-testid": "no-times",
          text: "No hour in the next two weeks when you are both free: add times to your availability." }));
        return;
      }
      const [yours, theirs] = asMentor ? ["mentor_local", "mentee_local"] : ["mentee_local", "mentor_local"];
      const pick = el("form", { novalidate: true, "data-testid": "times-form" },
        el("fieldset", {}, el("legend", { text: "Pick a time for a 60-minute session" }),
          ...times.map((t, i) => el("label", { class: "check" },
            el("input", { type: "radio", name: "starts_at", value: t.starts_at, checked: i === 0, "data-testid": "time-option" }),
            `${t[yours]} your time (${t[theirs]} for ${other})`))));
      onSubmit(pick, async () => {
        const planned = await post("/sessions", { starts_at: pick.elements.starts_at.value, minutes: 60 });
        await done(planned.invited.length ? `Session scheduled. Invite e-mailed to ${planned.invited.join(" and ")}.`
          : "Session scheduled: download the invite (.ics) to add it to your calendar.", '[data-action="Find times"]');
      });
      open(pick, el("button", { type: "submit", class: "btn-primary", text: "Schedule session" }), back);
    }

    function checkIn(s, back) {
      const happened = el("input", { type: "checkbox", name: "happened", checked: true, "data-testid": "checkin-happened" });
      const rating = choice("rating", RATINGS, "", { "data-testid": "checkin-rating" });
      const notes = el("textarea", { name: "notes", rows: "2", maxlength: "2000", "data-testid": "checkin-notes" });
      const checkForm = el("form", { novalidate: true, "data-testid": "checkin-form" },
        el("label", { class: "check" }, happened, "The session happened"), field("How useful was it?", rating),
        field("Notes", notes, { hint: "Optional; both of you see them." }));
      onSubmit(checkForm, async () => {
        await post(`/sessions/${s.id}/check-in`, { happened: happened.checked,
          rating: rating.value ? Number(rating.value) : null, notes: notes.value.trim() || null });
        await done("Check-in saved.");
      });
      open(checkForm, el("button", { type: "submit", class: "btn-primary", text: "Save check-in" }), back);
    }

    const sessionItem = (s) => {
      const due = s.status === "scheduled" && timeOf(s.starts_at) <= new Date();
      const check = due ? el("button", { type: "button", class: "btn-secondary", text: "Check in", "data-testid": "check-in",
        "aria-label": `Check in: the session of ${timeOf(s.starts_at).toLocaleString()}`,
        onclick: (e) => checkIn(s, e.target) }) : null;
      return el("li", { "data-testid": "session" },
        el("span", {}, timeTag(s.starts_at), ` · ${s.minutes} min · ${s.status}`,
          s.rating ? ` · rated ${s.rating}/5` : "", s.notes ? el("small", { class: "muted", text: ` · ${s.notes}` }) : null),
        check);
    };

    const h = m.health;
    const dates = [`Requested ${dayOf(m.requested_at)}`, m.responded_at && `answered ${dayOf(m.responded_at)}`,
      m.start_date && `started ${m.start_date}`, m.ended_at && `ended ${dayOf(m.ended_at)}`].filter(Boolean).join(" · ");
    return el("li", { class: "mentorship", "data-testid": "mentorship", "data-mentorship-id": m.id },
      el("h4", { tabindex: "-1" }, asMentor ? "Your mentee" : m.mentor.name,
        el("small", { class: "muted", text: asMentor ? " · you are the mentor" : m.mentor.headline ? ` · ${m.mentor.headline}` : "" }),
        el("span", { class: `status status-${m.status}`, "data-testid": "mentorship-status", text: MENTORSHIP_STATUSES[m.status] || m.status })),
      el("p", { class: "muted", "data-testid": "mentorship-dates", text: dates }),
      m.their_email ? el("p", { "data-testid": "mentorship-contact" }, "E-mail: ",
        el("a", { href: `mailto:${m.their_email}`, text: m.their_email })) : null,
      el("p", { class: "muted", text: asMentor ? "Their request:" : "Your request:" }),
      el("blockquote", { "data-testid": "mentorship-message", text: m.message }),
      m.goals.length ? el("p", { text: `Goals: ${m.goals.join("; ")}` }) : null,
      m.reason ? el("p", { class: "muted", text: `Reason given: ${m.reason}` }) : null,
      m.start_date ? el("p", { "data-testid": "mentorship-health" },
        `${plural(h.sessions_held, "session")} held · ${h.sessions_missed} missed`,
        h.average_rating != null ? ` · average rating ${h.average_rating}/5` : "",
        h.months_active > 0 ? ` · ${h.months_active} months active` : "", // none yet before the first session
        h.beyond_six_months ? el("span", { class: "badge good", text: "Beyond six months" }) : null) : null,
      m.sessions.length ? el("ul", { class: "sessions", "aria-label": "Sessions" }, ...m.sessions.map(sessionItem)) : null,
      actions, extra,
      el("p", { class: "notice", role: "status", "data-testid": "mentorship-said", text: said.get(m.id) || "" }), error,
      messageThread(base, other, !["declined", "withdrawn"].includes(m.status)));
  }

  section.append(el("div", { class: "split" },
    el("div", {}, el("h3", { text: "Find a mentor" }), form, found),
    el("div", {}, el("h3", { text: "Your mentorships" }), list,
      el("div", { class: "row" },
        el("button", { type: "button", class: "btn-secondary", text: "Refresh", onclick: () => loadMine().catch((err) => notice(err.message)) }),
        el("button", { type: "button", class: "btn-secondary", text: "Download calendar feed (.ics)", "data-testid": "mentorship-feed",
          onclick: () => saveCalendar("/api/mentorships/calendar.ics", "mentorship-sessions.ics") })))));
  return () => Promise.all([loadMine(), fillFromProfile(form, { target_role: "target_role" })]);
}

/** A mentorship's messages, read when opened; `canPost` is false once a request was declined or withdrawn. */
function messageThread(base, other, canPost) {
  const items = el("ol", { class: "messages", "data-testid": "message-list" });
  const text = el("textarea", { name: "text", rows: "2", maxlength: "4000", "data-testid": "message-text" });
  const form = el("form", { novalidate: true, "data-testid": "message-form" }, field("Your message", text), formError(null),
    el("button", { type: "submit", class: "btn-primary", text: "Send message" }));
  const box = el("details", { class: "thread", "data-testid": "messages" }, el("summary", { text: "Messages" }), items,
    canPost ? form : null);
  async function load() {
    const rows = await api(`${base}/messages`);
    items.replaceChildren(...(rows.length ? rows.map((r) => el("li", { class: r.from === "you" ? "mine" : null, "data-testid": "message" },
      el("small", { class: "muted" }, r.from === "you" ? "You" : other, " · ", timeTag(r.at)), el("p", { text: r.text })))
      : [el("li", { class: "muted", text: "No messages yet." })]));
  }
  box.addEventListener("toggle", () => {
    if (box.open) load().catch((err) => items.replaceChildren(el("li", { class: "error", role: "alert", text: err.message })));
  });
  onSubmit(form, async () => {
    await api(`${base}/messages`, { method: "POST", body: { text: text.value } });
    form.reset();
    await load();
    text.focus();
  });
  return box;
}

/** Offer mentoring: the mentor profile (GET/PUT /api/mentors/me; none yet is a 404), and stopping (DELETE). */
function offerPanel(section) {
  const input = (name, attrs = {}) => el("input", { name, "data-testid": `mentor-${name}`, ...attrs });
  const controls = {
    display_name: input("display_name", { autocomplete: "name", maxlength: "80" }),
    current_role: input("current_role", { placeholder: "e.g. Marketing manager" }),
    past_roles: input("past_roles", { placeholder: "e.g. Market research analyst" }),
    skills: input("skills", { placeholder: "e.g. SQL, market research, hiring" }),
    industries: input("industries", { placeholder: "e.g. Software, Healthcare" }),
    years_experience: input("years_experience", { type: "number", min: "0", max: "60", step: "1" }),
    languages: input("languages", { value: "English" }),
    timezone: zoneInput("mentor-timezone"),
    capacity: input("capacity", { type: "number", min: "1", max: "20", step: "1", value: "2" }),
    style: choice("style", STYLES, "structured", { "data-testid": "mentor-style" }),
    frequency: choice("frequency", FREQUENCIES, "biweekly", { "data-testid": "mentor-frequency" }),
    bio: el("textarea", { name: "bio", rows: "3", maxlength: "2000", "data-testid": "mentor-bio" }),
  };
  const LISTS = ["past_roles", "skills", "industries", "languages"];
  const accepting = el("input", { type: "checkbox", name: "accepting", checked: true, "data-testid": "mentor-accepting" });
  const slots = slotsEditor("mentor-slots", "When you can meet (weekly, in your timezone)");
  const status = el("p", { role: "status", "data-testid": "mentor-status" });
  const save = el("button", { type: "submit", class: "btn-primary", "data-testid": "mentor-save" });
  const stop = el("button", { type: "button", class: "btn-danger", text: "Stop offering", "data-testid": "mentor-stop", onclick: askStop });
  const buttons = el("div", { class: "row" }, save, stop);
  const form = el("form", { "data-testid": "mentor-form", novalidate: true },
    el("div", { class: "field-grid" },
      field("Name mentees see", controls.display_name), field("Current role", controls.current_role, { hint: "Matched to an O*NET occupation." }),
      field("Past roles", controls.past_roles, { hint: "Optional, with commas." }), field("Skills you can teach", controls.skills, { hint: "With commas." }),
      field("Industries", controls.industries, { hint: "Optional, with commas." }), field("Years of experience", controls.years_experience),
      field("Languages", controls.languages, { hint: "With commas." }), field("Your timezone", controls.timezone, { hint: "IANA name, e.g. America/Denver." }),
      field("Mentees at once", controls.capacity, { hint: "1 to 20. To pause, untick “Taking new mentees”." }),
      field("Style", controls.style, { hint: "Structured: an agenda and goals. Casual: open talk." }), field("How often", controls.frequency)),
    slots.node, field("About you", controls.bio, { hint: "Optional: what mentees can expect." }),
    el("label", { class: "check" }, accepting, "Taking new mentees"), formError("mentor-error"), buttons);

  function show(profile) {
    stop.hidden = !profile;
    save.textContent = profile ? "Save mentor profile" : "Start offering mentoring";
    if (!profile) {
      status.textContent = "You don't offer mentoring yet. Fill this in and mentees aiming for your role or skills can find you and ask.";
      if (!slots.value().length) slots.set([NEW_SLOT]);
      return;
    }
    const values = { ...profile, past_roles: (profile.roles || []).slice(1).map((role) => role.title) };
    for (const [name, control] of Object.entries(controls)) {
      const value = values[name];
      control.value = Array.isArray(value) ? value.join(", ") : value ?? "";
    }
    accepting.checked = profile.accepting;
    slots.set(profile.availability);
    status.textContent = `You offer mentoring as ${profile.display_name} (${profile.roles.map((r) => r.onet_title).join(", ")}): `
      + `${plural(profile.capacity, "mentee")} at once, ${profile.accepting ? "taking new mentees" : "paused"}.`;
  }
  async function load() {
    try {
      show(await api("/api/mentors/me"));
    } catch (err) {
      if (err.status !== 404) throw err;
      show(null);
    }
  }
  onSubmit(form, async () => {
    const body = { accepting: accepting.checked, availability: slots.value() };
    for (const [name, control] of Object.entries(controls)) {
      const value = control.value.trim();
      if (LISTS.includes(name)) body[name] = listOf(value);
      else if (control.type === "number") body[name] = value === "" ? undefined : Number(value);
      else body[name] = value;
    }
    show(await api("/api/mentors/me", { method: "PUT", body }));
    notice("Mentor profile saved: mentees aiming for your role or skills can find you.");
  });

  function askStop() {
    const error = el("p", { class: "error", role: "alert" });
    const keep = el("button", { type: "button", class: "btn-secondary", text: "Keep offering", onclick: () => {
      confirmBar.remove(); buttons.hidden = false; stop.focus(); } });
    const yes = el("button", { type: "button", class: "btn-danger", text: "Yes, stop offering", "data-testid": "mentor-stop-confirm",
      onclick: () => run(yes, error, async () => {
        await api("/api/mentors/me", { method: "DELETE" });
        confirmBar.remove();
        buttons.hidden = false;
        show(null);
        notice("You no longer offer mentoring: mentees will not find you.");
        save.focus();
      }) });
    const confirmBar = el("div", { class: "row confirm", role: "group", "aria-label": "Confirm stopping" },
      el("span", { text: "Stop offering mentoring? Your mentor profile is deleted and mentees no longer find you." }), yes, keep, error);
    buttons.hidden = true;
    buttons.after(confirmBar);
    keep.focus(); // the safe choice first
  }

  section.append(status, form);
  return load;
}

const PANELS = [
  { id: "profile", title: "Profile", render: profilePanel },
  { id: "history", title: "Conversations", render: historyPanel },
  { id: "negotiation", title: "Negotiations", render: negotiationPanel },
  { id: "memory", title: "What the coach remembers", render: memoryPanel, wide: true },
  { id: "salary", title: "Salary look-up", render: salaryPanel, wide: true },
  { id: "skills", title: "Skills", render: skillsPanel, wide: true },
  { id: "learning", title: "Learning plan", render: learningPanel, wide: true },
  { id: "roadmap", title: "Career roadmap", render: roadmapPanel, wide: true },
  { id: "assessments", title: "Assessments", render: assessmentsPanel, wide: true },
  { id: "goals", title: "Goals", render: goalsPanel, wide: true },
  { id: "mentoring", title: "Mentoring", render: mentoringPanel, wide: true },
  { id: "offer-mentoring", title: "Offer mentoring", render: offerPanel, wide: true },
  { id: "account", title: "Account", render: accountPanel },
  { id: "data", title: "Your data", render: dataPanel },
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
  onSessionEnd = () => showSignIn("Your session has ended. Please sign in again.");
  $("auth-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target, action = e.submitter ? e.submitter.value : "login";
    const body = { email: form.elements.email.value.trim(), password: form.elements.password.value };
    $("auth-error").textContent = "";
    try {
      // Registering with the widget's guest token turns that guest into the account, conversation included.
      const reply = await api(`/api/auth/${action}`, { method: "POST", body, auth: action === "register" });
      coach().setToken(reply);
      notice(action === "register" ? `Account created. Welcome! We sent a link to ${reply.user.email} to confirm the address.`
        : "Signed in.");
      await showDashboard(reply.user);
    } catch (err) {
      $("auth-error").textContent = err.message;
      if (err.field && form.elements[err.field]) form.elements[err.field].focus();
    }
  });
  $("sign-out").addEventListener("click", async () => {
    await api("/api/auth/logout", { method: "POST" }).catch(() => null); // the session ends on the server too
    coach().setToken(null);
    notice("Signed out.");
    showSignIn();
  });

  if (!coach().getToken()) return showSignIn();
  try {
    const user = await api("/api/auth/me");
    if (user.is_guest) showSignIn(); else await showDashboard(user);
  } catch (err) {
    if (err.status !== 401) showSignIn(err.message);
  }
}

if ($("panels")) start(); // the dashboard; other pages load this file for its helpers
