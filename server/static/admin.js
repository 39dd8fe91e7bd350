/* SmartJobFit Coach: the admin page (/admin). Plain JS, no build step. It uses app.js's helpers (el, api, field,
 * formError, onSubmit, showFieldError, notice, timeOf) and the account token the widget keeps
 * (window.SmartJobFitCoach), like the dashboard. Admins only: without a token it shows the sign-in form, and for any
 * other role it says so ("admins only") with the same form.
 * The counts sit on top; each tab is one entry in TABS: a search form, a page of results as a table with
 * Previous/Next, and per row its edit form (the API's refusals shown next to the field they name) or actions.
 * Deactivating asks first. Every change is logged by the API; the Audit log tab lists them. */
"use strict";

(() => {
  const PAGE_SIZE = 20;
  const day = (iso) => (iso ? timeOf(iso).toLocaleDateString() : "—");
  const yesNo = (value) => (value ? "yes" : "no");
  const tag = (text, off) => el("span", { class: off ? "tag off" : "tag", text });
  const shown = (value) => (value == null || value === "" ? "—" : String(value));

  /** Ask before a change that is hard to take back; resolves true when confirmed. Focus returns to the button. */
  function confirmAction(text, okLabel) {
    const dialog = $("confirm");
    $("confirm-text").textContent = text;
    $("confirm-ok").textContent = okLabel;
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
      dialog.showModal();
    });
  }

  // ---- counts -------------------------------------------------------------------------------------------

  /** The providers with the most courses, then the rest in one line (the catalog names hundreds of sites). */
  function topProviders(byProvider, shown = 6) {
    const sorted = Object.entries(byProvider).sort((a, b) => b[1] - a[1]);
    const rest = sorted.slice(shown);
    return [...sorted.slice(0, shown), ...(rest.length ? [[`${rest.length} other providers`, rest.reduce((n, [, v]) => n + v, 0)]] : [])];
  }

  async function loadCounts() {
    const c = await api("/api/admin/counts");
    const group = (title, rows) => el("div", { "data-testid": `counts-${title.toLowerCase().replace(/\W+/g, "-")}` },
      el("h3", { text: title }),
      el("dl", {}, ...rows.flatMap(([name, value]) => [el("dt", { text: name }),
        el("dd", { text: Number(value || 0).toLocaleString(), "data-testid": `count-${name.toLowerCase().replace(/\W+/g, "-")}` })])));
    $("counts").replaceChildren(
      group("Accounts", [["Accounts", c.users.accounts], ["Students", c.users.by_role.student],
        ["Mentors", c.users.by_role.mentor], ["Admins", c.users.by_role.admin], ["Active", c.users.active],
        ["Deactivated", c.users.deactivated], ["Verified e-mail", c.users.verified], ["Guests", c.users.guests]]),
      group("Mentor profiles", [["Profiles", c.mentors.total], ["Accepting", c.mentors.accepting],
        ["Paused", c.mentors.paused], ["Demo", c.mentors.demo]]),
      group("Courses", [["Courses", c.courses.total], ...topProviders(c.courses.by_provider)]),
      group("Mentorships", [["Mentorships", c.mentorships.total], ...Object.entries(c.mentorships.by_status)]),
      group("Audit log", [["Admin actions", c.admin_actions]]));
  }

  // ---- controls -----------------------------------------------------------------------------------------

  /** A labelled control from a spec {name, label, type: text|number|select|checkbox|textarea|list, options, hint};
   *  `value` fills it. Returns the element to place and a reader of its value in the API's terms. */
  function control(prefix, spec, value) {
    const testid = `${prefix}-${spec.name}`;
    if (spec.type === "checkbox") {
      const box = el("input", { type: "checkbox", name: spec.name, "data-testid": testid });
      box.checked = Boolean(value);
      return { node: el("label", { class: "check" }, box, spec.label), read: () => box.checked };
    }
    let input;
    if (spec.type === "select") {
      input = el("select", { name: spec.name, "data-testid": testid },
        ...spec.options.map(([v, label]) => el("option", { value: v, text: label })));
    } else if (spec.type === "textarea") {
      input = el("textarea", { name: spec.name, rows: "2", "data-testid": testid });
    } else {
      input = el("input", { name: spec.name, type: spec.type === "number" ? "number" : "text", step: spec.step || null,
        placeholder: spec.placeholder || null, "data-testid": testid });
    }
    input.value = value == null ? "" : Array.isArray(value) ? value.join(", ") : String(value);
    const read = () => {
      const text = input.value.trim();
      if (spec.type === "list") return text ? text.split(",").map((s) => s.trim()).filter(Boolean) : [];
      if (text === "") return spec.nullable ? null : text;
      if (spec.type === "number") return Number(text);
      if (spec.type === "select" && spec.boolean) return text === "true";
      return text;
    };
    return { node: field(spec.label, input, { hint: spec.hint }), read };
  }

  // ---- one tab: search, a page of rows, edits -----------------------------------------------------------

  function listTab(tab, changed) {
    const panel = el("section", { role: "tabpanel", id: `panel-${tab.id}`, "aria-labelledby": `tab-${tab.id}`,
      "data-testid": `panel-${tab.id}`, hidden: true });
    const filters = tab.filters.map((spec) => control(`${tab.id}-filter`, spec, spec.value));
    const search = el("form", { class: "inline", role: "search", "aria-label": `Search ${tab.title.toLowerCase()}`,
      novalidate: true, "data-testid": `${tab.id}-search` }, ...filters.map((f) => f.node),
      el("button", { type: "submit", class: "btn-primary", text: "Search" }), formError(null));
    const table = el("table", { class: "admin-table", "data-testid": `${tab.id}-table` });
    const status = el("p", { class: "muted", "aria-live": "polite", "data-testid": `${tab.id}-status` });
    const previous = el("button", { type: "button", class: "btn-secondary", text: "Previous", disabled: true });
    const next = el("button", { type: "button", class: "btn-secondary", text: "Next", disabled: true });
    let offset = 0, loaded = false;

    async function load(at = offset) {
      const query = new URLSearchParams({ limit: PAGE_SIZE, offset: at });
      tab.filters.forEach((spec, i) => {
        const value = filters[i].read();
        if (value !== "" && value !== null && value !== false) query.set(spec.name, value);
      });
      const page = await api(`${tab.path}?${query}`);
      offset = page.offset;
      loaded = true;
      draw(page);
    }

    function draw(page) {
      const head = el("tr", {}, ...tab.columns.map(([title]) => el("th", { scope: "col", text: title })),
        tab.actions ? el("th", { scope: "col", text: "Actions" }) : null);
      const body = el("tbody");
      for (const item of page.items) {
        const tr = el("tr", { "data-testid": `${tab.id}-row` }, ...tab.columns.map(([, cell]) => el("td", {}, cell(item))));
        if (tab.actions) tr.append(el("td", { class: "actions" }, ...tab.actions(item, { tr, span: tab.columns.length + 1, done })));
        body.append(tr);
      }
      const first = page.total ? page.offset + 1 : 0, last = page.offset + page.items.length;
      table.replaceChildren(el("caption", { text: `${tab.title}: ${first}–${last} of ${page.total}` }),
        el("thead", {}, head), body);
      status.textContent = page.total ? `Showing ${first}–${last} of ${page.total}.` : "Nothing found.";
      previous.disabled = page.offset === 0;
      next.disabled = last >= page.total;
    }

    /** After a change: this page again, then the counts and the other tabs (their rows or the log changed). */
    async function done(message) {
      notice(message);
      await load();
      changed(tab.id);
    }

    const failed = (err) => { status.textContent = ""; notice(err.message); };
    onSubmit(search, () => load(0));
    previous.addEventListener("click", () => load(Math.max(0, offset - PAGE_SIZE)).catch(failed));
    next.addEventListener("click", () => load(offset + PAGE_SIZE).catch(failed));
    panel.append(search, el("div", { class: "admin-table-wrap" }, table),
      el("div", { class: "row pager" }, previous, next, status));
    return { panel, load: () => load().catch(failed), stale: () => { loaded = false; }, get loaded() { return loaded; } };
  }

  /** An edit form in a row under `tr`: the values that differ from `item` are sent (all of them with `sendAll`);
   *  a refusal is shown next to the field it names. */
  function editRow(ctx, { label, fields, item, send, saved, sendAll = false }) {
    const open = ctx.tr.nextElementSibling;
    if (open && open.classList.contains("edit-row")) { open.querySelector("input, select, textarea")?.focus(); return; }
    const controls = fields.map((spec) => ({ spec, ...control("edit", spec, item[spec.name]) }));
    const opener = document.activeElement;
    const close = () => { row.remove(); if (opener && opener.isConnected) opener.focus(); };
    const form = el("form", { class: "edit", novalidate: true, "aria-label": label, "data-testid": "edit-form" },
      ...controls.map((c) => c.node), formError("edit-error"),
      el("div", { class: "row" }, el("button", { type: "submit", class: "btn-primary", text: "Save" }),
        el("button", { type: "button", class: "btn-secondary", text: "Cancel", onclick: close })));
    const row = el("tr", { class: "edit-row" }, el("td", { colspan: String(ctx.span) }, form));
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
    onSubmit(form, async () => {
      const body = {};
      for (const c of controls) {
        const value = c.read(), before = item[c.spec.name] ?? (c.spec.type === "list" ? [] : null);
        if (sendAll || JSON.stringify(value) !== JSON.stringify(before)) body[c.spec.name] = value;
      }
      if (!Object.keys(body).length) { close(); notice("Nothing changed."); return; }
      const result = await send(body);
      await ctx.done(saved(result));
    });
    ctx.tr.after(row);
    form.querySelector("input, select, textarea")?.focus();
  }

  const button = (text, label, onclick, cls = "btn-secondary") =>
    el("button", { type: "button", class: cls, text, "aria-label": label, onclick });
  const patch = (path, body) => api(path, { method: "PATCH", body });
  const changesText = (changes) => Object.entries(changes || {}).map(([name, [from, to]]) =>
    `${name}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`).join("; ");

  // ---- the tabs -----------------------------------------------------------------------------------------

  const ANY = [["", "Any"]];
  const ROLES = [["student", "student"], ["mentor", "mentor"], ["admin", "admin"]];

  function userActions(user, ctx) {
    const name = user.email || `guest ${user.id}`;
    const path = `/api/admin/users/${encodeURIComponent(user.id)}`;
    const saved = (r) => `${name}: ${changesText(r.changes) || "no change"}.`;
    const edit = () => editRow(ctx, { label: `Edit ${name}`, item: user, saved, send: (body) => patch(path, body),
      fields: [{ name: "role", label: "Role", type: "select", options: ROLES },
        { name: "email_verified", label: "E-mail verified", type: "checkbox" }] });
    const toggle = async () => {
      if (user.is_active && !(await confirmAction(`Deactivate ${name}? They are signed out everywhere at once and `
        + "cannot sign in until an admin reactivates the account.", "Deactivate"))) return;
      try {
        const result = await patch(path, { is_active: !user.is_active });
        await ctx.done(user.is_active ? `${name} deactivated; ${result.sessions_ended} session(s) ended.` : `${name} reactivated.`);
      } catch (err) {
        notice(err.message);
      }
    };
    return [button("Edit", `Edit ${name}`, edit),
      user.is_active ? button("Deactivate", `Deactivate ${name}`, toggle, "btn-danger")
        : button("Reactivate", `Reactivate ${name}`, toggle)];
  }

  function mentorActions(mentor, ctx) {
    const saved = (r) => `${mentor.display_name}: ${changesText(r.changes) || "no change"}.`;
    return [button("Edit", `Edit ${mentor.display_name}`, () => editRow(ctx, {
      label: `Edit ${mentor.display_name}`, item: mentor, saved,
      send: (body) => patch(`/api/admin/mentors/${encodeURIComponent(mentor.user_id)}`, body),
      fields: [{ name: "display_name", label: "Display name", type: "text" },
        { name: "capacity", label: "Capacity (1-20 mentees)", type: "number", step: "1" },
        { name: "accepting", label: "Accepting requests", type: "checkbox" }] }))];
  }

  function courseActions(course, ctx) {
    const saved = (r) => `Course ${course.id}: ${changesText(r.changes) || "no change"}.`;
    return [button("Edit", `Edit ${course.title}`, () => editRow(ctx, {
      label: `Edit ${course.title}`, item: course, saved,
      send: (body) => patch(`/api/admin/courses/${course.id}`, body),
      fields: [{ name: "title", label: "Title", type: "text" },
        { name: "url", label: "Link", type: "text", nullable: true },
        { name: "level", label: "Level", type: "select", nullable: true,
          options: [["", "not stated"], ["beginner", "beginner"], ["intermediate", "intermediate"], ["advanced", "advanced"]] },
        { name: "duration_hours", label: "Hours", type: "number", step: "0.5", nullable: true },
        { name: "price", label: "Price (0 = free)", type: "number", step: "0.01", nullable: true },
        { name: "currency", label: "Currency", type: "text", nullable: true, placeholder: "USD" },
        { name: "rating", label: "Rating (0-5)", type: "number", step: "0.1", nullable: true },
        { name: "subjects", label: "Subjects (comma-separated)", type: "list" }] }))];
  }

  function mentorshipActions(match, ctx) {
    if (!match.allowed_moves.length) return [];
    const verb = match.status === "requested" ? "Close" : "End";
    const label = `${verb} mentorship ${match.id}`;
    return [button(`${verb}…`, label, () => editRow(ctx, {
      label, item: { status: match.allowed_moves[0], reason: "" }, sendAll: true,
      saved: (r) => `Mentorship ${match.id} is now ${r.mentorship.status}.`,
      send: (body) => patch(`/api/admin/mentorships/${match.id}`, body),
      fields: [{ name: "status", label: "New status", type: "select", options: match.allowed_moves.map((s) => [s, s]) },
        { name: "reason", label: "Reason (the pair sees it)", type: "textarea" }] }), "btn-danger")];
  }

  const TABS = [
    { id: "users", title: "Users", path: "/api/admin/users", actions: userActions,
      filters: [{ name: "q", label: "E-mail or id", type: "text" },
        { name: "role", label: "Role", type: "select", options: [...ANY, ...ROLES] },
        { name: "active", label: "Status", type: "select", options: [...ANY, ["true", "active"], ["false", "deactivated"]] },
        { name: "guests", label: "Include guests", type: "checkbox" }],
      columns: [["E-mail", (u) => el("span", {}, u.email || "(guest)", u.is_guest ? tag("guest") : null)],
        ["Role", (u) => u.role],
        ["Status", (u) => (u.is_active ? "active" : tag("deactivated", true))],
        ["Verified", (u) => yesNo(u.email_verified)], ["Mentor profile", (u) => yesNo(u.mentor_profile)],
        ["Created", (u) => day(u.created_at)]] },
    { id: "mentors", title: "Mentors", path: "/api/admin/mentors", actions: mentorActions,
      filters: [{ name: "q", label: "Name, e-mail or role", type: "text" }, { name: "skill", label: "Skill", type: "text" },
        { name: "accepting", label: "Status", type: "select", options: [...ANY, ["true", "accepting"], ["false", "paused"]] },
        { name: "demo", label: "Demo", type: "select", options: [...ANY, ["false", "real"], ["true", "demo"]] }],
      columns: [["Name", (m) => el("span", {}, m.display_name, m.demo ? tag("demo") : null,
        m.is_active ? null : tag("account deactivated", true))],
        ["E-mail", (m) => shown(m.email)], ["Role", (m) => m.current_role],
        ["Skills", (m) => m.skills.slice(0, 4).join(", ") + (m.skills.length > 4 ? "…" : "")],
        ["Mentees", (m) => `${m.active_mentees} of ${m.capacity}`],
        ["Status", (m) => (m.accepting ? "accepting" : tag("paused", true))]] },
    { id: "courses", title: "Courses", path: "/api/admin/courses", actions: courseActions,
      filters: [{ name: "q", label: "Title", type: "text" }, { name: "provider", label: "Provider", type: "text" },
        { name: "subject", label: "Subject or skill", type: "text" },
        { name: "level", label: "Level", type: "select", options: [...ANY, ["beginner", "beginner"], ["intermediate", "intermediate"], ["advanced", "advanced"]] }],
      columns: [["Title", (c) => linkOrText(c.url, c.title)], ["Provider", (c) => c.provider],
        ["Level", (c) => shown(c.level)], ["Hours", (c) => shown(c.duration_hours)],
        ["Price", (c) => (c.price === 0 ? "free" : c.price == null ? "—" : `${c.price} ${c.currency || ""}`.trim())],
        ["Rating", (c) => shown(c.rating)]] },
    { id: "mentorships", title: "Mentorships", path: "/api/admin/mentorships", actions: mentorshipActions,
      filters: [{ name: "participant", label: "Mentor or mentee (e-mail, id, name)", type: "text" },
        { name: "status", label: "Status", type: "select",
          options: [...ANY, ...["requested", "accepted", "active", "declined", "withdrawn", "ended"].map((s) => [s, s])] }],
      columns: [["Id", (m) => String(m.id)],
        ["Mentor", (m) => el("span", {}, shown(m.mentor.name), el("br"), el("small", { class: "muted", text: shown(m.mentor.email) }))],
        ["Mentee", (m) => shown(m.mentee.email || m.mentee.id)], ["Status", (m) => m.status],
        ["Requested", (m) => day(m.requested_at)], ["Reason", (m) => shown(m.reason)]] },
    { id: "audit", title: "Audit log", path: "/api/admin/audit",
      filters: [{ name: "admin", label: "Admin (e-mail or id, cli)", type: "text" },
        { name: "target_type", label: "Target", type: "select",
          options: [...ANY, ["user", "users"], ["mentor", "mentors"], ["course", "courses"], ["mentorship", "mentorships"]] },
        { name: "action", label: "Action", type: "text", placeholder: "e.g. user.deactivate" }],
      columns: [["When", (a) => timeOf(a.at).toLocaleString()], ["Admin", (a) => shown(a.admin_email || a.admin_id)],
        ["Action", (a) => a.action], ["Target", (a) => el("span", {}, `${a.target_type} ${a.target_name || a.target_id}`,
          a.target_name ? el("small", { class: "muted", text: ` · ${a.target_id}` }) : null)],
        ["Changes", (a) => el("ul", { class: "changes" }, ...Object.entries(a.changes).map(([name, [from, to]]) =>
          el("li", { text: `${name}: ${JSON.stringify(from)} → ${JSON.stringify(to)}` })))]] },
  ];

  // ---- tabs ---------------------------------------------------------------------------------------------

  let tabs = [];

  function select(index, { focus = false } = {}) {
    tabs.forEach((t, i) => {
      const on = i === index;
      t.button.setAttribute("aria-selected", String(on));
      t.button.tabIndex = on ? 0 : -1;
      t.list.panel.hidden = !on;
    });
    if (focus) tabs[index].button.focus();
    if (!tabs[index].list.loaded) tabs[index].list.load();
  }

  function buildTabs() {
    const changed = (source) => {
      loadCounts().catch((err) => notice(err.message));
      for (const t of tabs) if (t.spec.id !== source) t.list.stale();
    };
    tabs = TABS.map((spec, i) => {
      const list = listTab(spec, changed);
      const button = el("button", { type: "button", role: "tab", id: `tab-${spec.id}`, "aria-controls": `panel-${spec.id}`,
        "data-testid": `tab-${spec.id}`, text: spec.title, onclick: () => select(i) });
      return { spec, list, button };
    });
    $("tabs").replaceChildren(...tabs.map((t) => t.button));
    $("tab-panels").replaceChildren(...tabs.map((t) => t.list.panel));
    $("tabs").addEventListener("keydown", (e) => {
      const at = tabs.findIndex((t) => t.button === document.activeElement);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (at < 0 || to === undefined) return;
      e.preventDefault();
      select((to + tabs.length) % tabs.length, { focus: true });
    });
    select(0);
  }

  // ---- signing in ---------------------------------------------------------------------------------------

  function showSignIn(message, signedInAs) {
    $("admin").hidden = true;
    $("sign-in").hidden = false;
    $("auth-error").textContent = message || "";
    const only = $("admins-only");
    only.hidden = !signedInAs;
    only.textContent = signedInAs ? `Admins only: you are signed in as ${signedInAs.email} (${signedInAs.role}). `
      + "Sign in with an admin account to use this page." : "";
    $("who").textContent = signedInAs ? signedInAs.email : "";
    $("sign-out").hidden = !signedInAs;
  }

  function enter(user) {
    if (user.is_guest) return showSignIn();
    if (user.role !== "admin") return showSignIn("", user);
    $("sign-in").hidden = true;
    $("admins-only").hidden = true;
    $("admin").hidden = false;
    $("who").textContent = user.email;
    $("sign-out").hidden = false;
    loadCounts().catch((err) => notice(err.message));
    buildTabs();
  }

  function start() {
    onSessionEnd = () => showSignIn("Your session has ended. Please sign in again.");
    $("counts-refresh").addEventListener("click", () => loadCounts().catch((err) => notice(err.message)));
    $("auth-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const form = e.target;
      $("auth-error").textContent = "";
      try {
        const reply = await api("/api/auth/login", { method: "POST", auth: false,
          body: { email: form.elements.email.value.trim(), password: form.elements.password.value } });
        coach().setToken(reply); // the access and refresh tokens: the widget renews an expired access token
        form.reset();
        notice("Signed in.");
        enter(reply.user);
      } catch (err) {
        $("auth-error").textContent = err.message;
        if (err.field && form.elements[err.field]) form.elements[err.field].focus();
      }
    });
    $("sign-out").addEventListener("click", async () => {
      await api("/api/auth/logout", { method: "POST" }).catch(() => null); // an admin session ends on the server too
      coach().setToken(null);
      notice("Signed out.");
      showSignIn();
    });
    if (!coach().getToken()) return showSignIn();
    api("/api/auth/me").then(enter).catch((err) => { if (err.status !== 401) showSignIn(err.message); });
  }

  start();
})();
