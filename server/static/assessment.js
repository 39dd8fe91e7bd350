/* SmartJobFit Coach: the career questionnaires page (/assessment), and assessmentResult(), which draws a stored
 * result both here and in the dashboard's Assessments panel. Plain JS, no build step; it uses app.js's helpers
 * (el, api, the fields that show the API's errors), so pages load app.js too. The items, their response scale and
 * the scoring all come from the API: nothing about a questionnaire is written here but how to show it.
 * Guests can take them: without a token the page asks for a guest token and hands it to the widget
 * (window.SmartJobFitCoach), so signing up later on the dashboard keeps the results. */
"use strict";

const RESULT_TITLES = { interests: "Interests (RIASEC)", work_style: "Work style (Big Five)", values: "Work values" };
// The scores of the interests questionnaire are keyed by Holland's letters (the result names only the top three).
const RIASEC_NAMES = { R: "Realistic", I: "Investigative", A: "Artistic", S: "Social", E: "Enterprising", C: "Conventional" };

/** One stored result (POST or GET /api/career/assessment): the scores as bars, then what they point to
 *  (the best `occupations` of the matches). */
function assessmentResult(record, { occupations: shown = 10 } = {}) {
  const result = record.result || {};
  const scoreList = (rows, max) => el("ul", { class: "scores" }, ...rows.map(([name, value]) => el("li", { "data-testid": "score" },
    el("span", { class: "score-name", text: name }), bar(value, max),
    el("span", { class: "num", text: Number.isInteger(value) ? String(value) : Number(value).toFixed(2) }))));
  const parts = [];
  if (record.kind === "interests") {
    parts.push(el("p", { "data-testid": "holland-code" }, "Your Holland code: ", el("strong", { text: result.code }),
      ` (${(result.top || []).join(", ")})`),
    scoreList(Object.entries(record.scores).map(([code, v]) => [`${RIASEC_NAMES[code] || code} (${code})`, v]), 40),
    el("p", { class: "muted", text: "Each area scores 0 to 40." }));
  } else if (record.kind === "work_style") {
    parts.push(scoreList(Object.entries(result.traits || {}), 5), el("p", { class: "muted", text: "Each trait scores 1 to 5." }),
      (result.notes || []).length ? el("ul", { class: "notes" }, ...result.notes.map((n) => el("li", { text: n.note }))) : null);
  } else {
    parts.push(el("p", {}, "What matters most to you: ", el("strong", { text: (result.top || []).join(", ") })),
      scoreList(Object.entries(record.scores), 5), el("p", { class: "muted", text: "Each value scores 1 to 5." }));
  }
  const occupations = (result.occupations || []).slice(0, shown);
  if (result.occupations) {
    parts.push(el("h4", { text: "Occupations that fit" }),
      occupations.length ? el("ol", { class: "occupations" }, ...occupations.map((o) => el("li", { "data-testid": "occupation" },
        el("span", { class: "grow" }, el("strong", { text: o.title }), el("small", { class: "muted", text: ` · SOC ${o.soc_code} · ${o.job_zone_name || `job zone ${o.job_zone}`}` })),
        el("span", { class: "num", text: `fit ${Number(o.fit).toFixed(2)}` }))))
        : el("p", { class: "muted", text: result.note || "No occupation matched." }),
      el("p", { class: "source", text: [result.job_zone ? `Job zones near ${result.job_zone} (${result.job_zone_basis})` : "All job zones",
        result.source ? `Source: ${result.source}` : null].filter(Boolean).join(" · ") }));
  }
  return el("div", { class: "assessment-result", "data-testid": "assessment-result" },
    el("h3", { text: RESULT_TITLES[record.kind] || record.kind }), ...parts.filter(Boolean),
    result.questionnaire ? el("p", { class: "source", text: result.questionnaire.title }) : null);
}

// ---- the questionnaires page ---------------------------------------------------------------------------

/** The signed-in user, or a guest made now: the results are stored for whoever holds the token. */
async function questionnaireUser() {
  if (coach().getToken()) {
    try {
      return await api("/api/auth/me");
    } catch (err) {
      if (err.status !== 401) throw err; // a session that ended: carry on as a new guest
    }
  }
  const guest = await api("/api/auth/guest", { method: "POST", auth: false });
  coach().setToken(guest);
  return guest.user;
}

async function startQuestionnaires(root) {
  const [catalog, user] = await Promise.all([api("/api/career/assessment/questionnaires", { auth: false }), questionnaireUser()]);
  const forms = new Map(catalog.questionnaires.map((q) => [q.kind, q]));
  $("who").textContent = user.is_guest ? "Guest" : user.email;
  const account = user.is_guest
    ? el("p", { class: "muted", "data-testid": "guest-note" }, "You are taking this as a guest. ",
      el("a", { href: "/app", text: "Create an account" }), " in this browser to keep your results.")
    : el("p", { class: "muted" }, "Your results are saved to your ", el("a", { href: "/app", text: "dashboard" }), ".");

  function choose() {
    history.replaceState(null, "", location.pathname);
    root.replaceChildren(account, el("ul", { class: "choices", "data-testid": "choices" }, ...catalog.questionnaires.map((q) => el("li", {},
      el("h2", { text: q.title }), el("p", { text: q.instructions }),
      el("button", { type: "button", class: "btn-primary", "data-testid": `start-${q.kind}`, text: `Start (${q.items.length} items)`,
        onclick: () => take(q) })))));
  }

  function take(q) {
    history.replaceState(null, "", `${location.pathname}?kind=${encodeURIComponent(q.kind)}`);
    const saved = `sjf-assessment:${q.kind}`; // answers so far survive a reload of the page
    let draft = {};
    try { draft = JSON.parse(sessionStorage.getItem(saved) || "{}"); } catch (_) { /* none */ }
    const count = el("span", { id: "answered", "data-testid": "answered" });
    const meter = el("progress", { max: String(q.items.length), value: "0", "aria-labelledby": "answered", "data-testid": "progress" });
    const form = el("form", { class: "questionnaire", novalidate: true, "data-testid": "questionnaire" },
      ...q.items.map((item, i) => {
        const error = el("p", { class: "error", id: `${item.id}-error`, "data-error-for": `answers.${item.id}` });
        return el("fieldset", { class: "item", "data-testid": "item" },
          el("legend", { text: `${i + 1}. ${item.text}` }),
          el("div", { class: "options", style: `--options:${q.response_scale.length}` }, ...q.response_scale.map((option) => el("label", {},
            el("input", { type: "radio", name: item.id, value: String(option.value), checked: draft[item.id] === option.value,
              "aria-describedby": error.id }),
            el("span", { text: option.label })))),
          error);
      }),
      formError("questionnaire-error"),
      el("div", { class: "row" }, el("button", { type: "submit", class: "btn-primary", "data-testid": "submit-answers", text: "See my results" }),
        el("button", { type: "button", class: "btn-secondary", text: "Choose another questionnaire", onclick: choose })));
    const answers = () => Object.fromEntries(q.items.map((item) => [item.id, form.elements[item.id].value])
      .filter(([, value]) => value !== "").map(([id, value]) => [id, Number(value)]));
    const update = () => {
      const done = Object.keys(answers()).length;
      meter.value = done;
      count.textContent = `${done} of ${q.items.length} answered`;
      try { sessionStorage.setItem(saved, JSON.stringify(answers())); } catch (_) { /* not kept */ }
    };
    form.addEventListener("change", update);
    onSubmit(form, async () => {
      const record = await api("/api/career/assessment", { method: "POST", body: { kind: q.kind, answers: answers() } });
      try { sessionStorage.removeItem(saved); } catch (_) { /* nothing kept */ }
      showResult(record);
    });
    const heading = el("h2", { tabindex: "-1", text: q.title });
    root.replaceChildren(
      heading, el("p", { text: q.instructions }),
      el("p", { class: "source" }, `${q.source.citation} `, el("a", { href: q.source.url, target: "_blank", rel: "noopener", text: "Source" }),
        ` · ${q.source.license}`),
      account, el("div", { class: "progress-sticky" }, meter, count), form);
    update();
    heading.focus();
  }

  function showResult(record) {
    const heading = el("h2", { tabindex: "-1", text: "Your results" });
    root.replaceChildren(heading, el("p", { class: "notice", role: "status", "data-testid": "saved", text: "Saved to your results." }),
      el("div", { "data-testid": "result" }, assessmentResult(record)), account,
      el("div", { class: "row" }, el("button", { type: "button", class: "btn-secondary", text: "Take another questionnaire", onclick: choose }),
        el("a", { class: "btn-secondary", href: "/app", text: "Open my dashboard" })));
    heading.focus();
  }

  const asked = forms.get(new URLSearchParams(location.search).get("kind"));
  if (asked) take(asked); else choose();
}

const questionnaireRoot = document.getElementById("questionnaire-app"); // only on /assessment
if (questionnaireRoot) {
  startQuestionnaires(questionnaireRoot).catch((err) => {
    questionnaireRoot.replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
  });
}
