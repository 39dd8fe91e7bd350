/* SmartJobFit Coach: demo chat client. Plain JS, no build step, no dependencies. */
"use strict";

const TOKEN_KEY = "sjf.token";
const THREAD_KEY = "sjf.thread";

/** Incremental Server-Sent Events parser. push() text chunks split anywhere; calls onEvent(name, data). */
function createSSEParser(onEvent) {
  let buf = "";
  function dispatch(block) {
    let event = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue; // blank line or comment
      const i = line.indexOf(":");
      const field = i === -1 ? line : line.slice(0, i);
      let value = i === -1 ? "" : line.slice(i + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (!data.length) return;
    let payload = data.join("\n");
    try { payload = JSON.parse(payload); } catch (_) { /* keep the raw string */ }
    onEvent(event, payload);
  }
  return {
    push(chunk) {
      let text = buf + chunk;
      let tail = "";
      // A trailing "\r" may be the first half of "\r\n": keep it until the next chunk.
      if (text.endsWith("\r")) { tail = "\r"; text = text.slice(0, -1); }
      text = text.replace(/\r\n?/g, "\n");
      let idx;
      while ((idx = text.indexOf("\n\n")) !== -1) {
        dispatch(text.slice(0, idx));
        text = text.slice(idx + 2);
      }
      buf = text + tail;
    },
    flush() { // the stream ended: dispatch whatever is left
      if (buf.trim()) dispatch(buf.replace(/\r\n?/g, "\n"));
      buf = "";
    },
  };
}

/** Render text safely (text nodes + <strong> for **bold**; never innerHTML). Newlines via CSS pre-wrap. */
function renderText(el, text) {
  el.replaceChildren();
  String(text).split(/\*\*([^*\n]+?)\*\*/g).forEach((part, i) => {
    if (!part) return;
    if (i % 2) {
      const b = document.createElement("strong");
      b.textContent = part;
      el.append(b);
    } else {
      el.append(document.createTextNode(part));
    }
  });
}

/** Best human-readable message from an error response ({"error": {"message"}} or FastAPI {"detail"}). */
async function errorMessage(res) {
  try {
    const body = await res.json();
    if (body && body.error && body.error.message) return body.error.message;
    if (body && typeof body.detail === "string") return body.detail;
  } catch (_) { /* not JSON */ }
  return `Request failed (HTTP ${res.status}).`;
}

async function getGuestToken() {
  const res = await fetch("/api/auth/guest", { method: "POST" });
  if (!res.ok) throw new Error(await errorMessage(res));
  const body = await res.json();
  localStorage.setItem(TOKEN_KEY, body.token);
  return body.token;
}

/** fetch() with bearer auth. On 401, get a fresh guest token once and retry.
 *  opts.body may be a function so the retry can rebuild it (the old thread id is gone by then). */
async function api(path, opts = {}, retried = false) {
  const token = localStorage.getItem(TOKEN_KEY) || (await getGuestToken());
  const body = typeof opts.body === "function" ? opts.body() : opts.body;
  const res = await fetch(path, { ...opts, body, headers: { ...opts.headers, Authorization: `Bearer ${token}` } });
  if (res.status === 401 && !retried) {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(THREAD_KEY); // threads belong to the old guest user
    return api(path, opts, true);
  }
  return res;
}

function friendly(err) {
  return err instanceof TypeError ? "Network error: could not reach the server." : err.message || String(err);
}

function initChat() {
  const $ = (id) => document.getElementById(id);
  const log = $("chat-log"), form = $("chat-form"), input = $("chat-input");
  const sendBtn = $("chat-send"), newBtn = $("chat-new"), delBtn = $("chat-delete"), statusEl = $("status");
  const chips = document.querySelectorAll(".chip");
  const emptyState = log.querySelector(".empty").cloneNode(true);
  let controller = null; // AbortController of the in-flight reply, if any

  const setStatus = (text) => { statusEl.textContent = text; };
  const scrollDown = () => { log.scrollTop = log.scrollHeight; };
  const clearLog = () => log.replaceChildren(emptyState.cloneNode(true));
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  };

  /** Append a message row (screen-reader label + bubble); returns the bubble. */
  function addMessage(role, text) {
    log.querySelector(".empty")?.remove();
    const row = el("div", `row row-${role}`);
    const bubble = el("div", `msg msg-${role}`);
    bubble.dataset.testid = `msg-${role}`;
    renderText(bubble, text);
    row.append(el("span", "sr-only", role === "user" ? "You said:" : "Coach said:"), bubble);
    log.append(row);
    scrollDown();
    return bubble;
  }

  function toolResult(name, data) {
    const keys = data && typeof data === "object" ? Object.keys(data) : [];
    const label = keys.length ? ` · ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""}` : "";
    const details = el("details", "tool-result");
    details.append(el("summary", null, `${name} result${label}`), el("pre", null, JSON.stringify(data, null, 2)));
    return details;
  }

  function showError(bubble, message) {
    bubble.classList.remove("pending");
    bubble.classList.add("error");
    renderText(bubble, message || "Something went wrong.");
  }

  function setBusy(busy) {
    sendBtn.disabled = busy;
    chips.forEach((c) => { c.disabled = busy; });
    log.setAttribute("aria-busy", String(busy)); // announce the reply once, when complete
  }

  /** Send one message and stream the reply into a new assistant bubble. */
  async function send(raw) {
    const text = raw.trim();
    if (!text || controller) return;
    addMessage("user", text);
    input.value = "";
    autoGrow();
    setStatus("");
    const bubble = addMessage("assistant", "");
    bubble.classList.add("pending");
    setBusy(true);
    const ctrl = (controller = new AbortController());
    let acc = "", finished = false;

    const handlers = {
      token(d) { acc += d.text || ""; bubble.classList.remove("pending"); renderText(bubble, acc); },
      tool_call(d) { bubble.before(el("p", "tool-call", `Using ${d.name}…`)); },
      tool_result(d) { bubble.before(toolResult(d.name, d.data)); },
      done(d) {
        finished = true;
        bubble.classList.remove("pending");
        renderText(bubble, typeof d.reply === "string" ? d.reply : acc);
        if (d.thread_id) localStorage.setItem(THREAD_KEY, d.thread_id);
        const sources = [...new Set((d.citations || []).map((c) => c.source || c.title).filter(Boolean))];
        if (sources.length) bubble.after(el("p", "citations", `Sources: ${sources.join(", ")}`));
      },
      error(d) { finished = true; showError(bubble, d.message); },
    };

    try {
      const res = await api("/api/chat", {
        method: "POST",
        signal: ctrl.signal,
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: () => JSON.stringify({ message: text, thread_id: localStorage.getItem(THREAD_KEY) || undefined }),
      });
      if (!res.ok) throw new Error(await errorMessage(res));
      const parser = createSSEParser((name, data) => {
        const d = data && typeof data === "object" ? data : {};
        if (handlers[name]) handlers[name](d);
        scrollDown();
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
      parser.push(decoder.decode());
      parser.flush();
      if (!finished) throw new Error("The connection closed before the reply was finished.");
    } catch (err) {
      if (err.name !== "AbortError") showError(bubble, friendly(err));
    } finally {
      if (controller === ctrl) controller = null;
      setBusy(false);
      scrollDown();
      if (!ctrl.signal.aborted) input.focus();
    }
  }

  /** Forget the current thread and show an empty conversation. */
  function reset(message) {
    if (controller) controller.abort();
    controller = null;
    localStorage.removeItem(THREAD_KEY);
    clearLog();
    setBusy(false);
    setStatus(message);
    input.focus();
  }

  async function deleteThread() {
    const id = localStorage.getItem(THREAD_KEY);
    if (!id) return reset("Nothing to delete. Started a new conversation.");
    delBtn.disabled = true;
    try {
      const res = await api(`/api/chat/threads/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (res.ok || res.status === 404) reset("Conversation deleted.");
      else setStatus(await errorMessage(res));
    } catch (err) {
      setStatus(friendly(err));
    } finally {
      delBtn.disabled = false;
    }
  }

  /** On load: restore the saved thread, if we still have a token for it. */
  async function loadHistory() {
    const id = localStorage.getItem(THREAD_KEY);
    if (!id || !localStorage.getItem(TOKEN_KEY)) return;
    try {
      const res = await api(`/api/chat/threads/${encodeURIComponent(id)}`);
      if (!res.ok) {
        if (res.status === 404 || res.status === 403) localStorage.removeItem(THREAD_KEY);
        return;
      }
      const thread = await res.json();
      for (const m of thread.messages || []) {
        // Tool steps (assistant turns that only call tools, tool results) are not shown in the history.
        if ((m.role === "user" || m.role === "assistant") && m.content) addMessage(m.role, m.content);
      }
      if (thread.title) setStatus(`Restored conversation: ${thread.title}`);
    } catch (err) {
      setStatus(friendly(err));
    }
  }

  /** Grow the textarea with its content, up to the CSS max-height. */
  function autoGrow() {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight}px`;
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); send(input.value); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(input.value); }
  });
  input.addEventListener("input", autoGrow);
  chips.forEach((chip) => chip.addEventListener("click", () => send(chip.textContent)));
  newBtn.addEventListener("click", () => reset("Started a new conversation."));
  delBtn.addEventListener("click", deleteThread);
  loadHistory();
}

if (typeof document !== "undefined") initChat();
if (typeof module !== "undefined") module.exports = { createSSEParser }; // for node tests only
