/* The pages e-mailed links open: /verify-email?token=... confirms the address; /reset-password asks for the link
 * (without a token) or sets the new password (with one). Plain JS, no build step. */
"use strict";

const byId = (id) => document.getElementById(id);

async function post(path, body) {
  let res;
  try {
    res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body) });
  } catch (_) {
    throw new Error("Can't reach the coach. Check your connection and try again.");
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error((data && data.error && data.error.message) || `Request failed (HTTP ${res.status}).`);
  return data;
}

function say(title, text) {
  byId("account-title").textContent = title;
  byId("account-status").textContent = text;
}

async function verifyEmail(token) {
  say("Confirming your address…", "");
  try {
    const user = await post("/api/auth/verify-email", { token });
    say("Address confirmed", `Thank you: ${user.email} is confirmed.`);
  } catch (err) {
    say("This link did not work", `${err.message} You can ask for a new one on your dashboard.`);
  }
}

function resetRequest() {
  say("Forgot your password?", "");
  const form = byId("reset-request");
  form.hidden = false;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = form.querySelector(".error");
    error.textContent = "";
    try {
      const sent = await post("/api/auth/password-reset/send", { email: form.elements.email.value.trim() });
      form.hidden = true;
      say("Check your e-mail", `If an account has the address ${sent.email}, a link to choose a new password is on its way.`);
    } catch (err) {
      error.textContent = err.message;
    }
  });
}

function resetPassword(token) {
  say("Choose a new password", "");
  const form = byId("reset-form");
  form.hidden = false;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const error = form.querySelector(".error");
    const password = form.elements.new_password.value;
    error.textContent = "";
    if (password !== form.elements.again.value) { error.textContent = "The two passwords differ."; return; }
    try {
      await post("/api/auth/password-reset", { token, new_password: password });
      form.hidden = true;
      say("Password changed", "Your new password is saved, and every device was signed out. Sign in on your dashboard.");
    } catch (err) {
      error.textContent = err.message;
    }
  });
}

const token = new URLSearchParams(location.search).get("token");
// The token has done its job once read: keep it out of the history and of anything copied from the address bar.
if (token) history.replaceState(null, "", location.pathname);
if (location.pathname === "/verify-email") {
  if (token) verifyEmail(token); else say("This link is incomplete", "Open the whole link from the e-mail.");
} else if (token) {
  resetPassword(token);
} else {
  resetRequest();
}
