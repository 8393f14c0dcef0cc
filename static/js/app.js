// Patient Portal: progressive enhancement only. Every page works without this file.
import { initAll } from "../vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// --- Staff session timeout warning ---------------------------------------------------------
// The server signs staff out after `data-idle-timeout` seconds without activity. Shortly
// before that (`data-idle-warning` seconds), we ask whether they are still there.
const body = document.body;
const dialog = document.getElementById("session-timeout");

if (dialog && body.dataset.idleTimeout && body.dataset.sessionStatusUrl) {
  const timeout = Number(body.dataset.idleTimeout);
  const warning = Number(body.dataset.idleWarning || 120);
  const statusUrl = body.dataset.sessionStatusUrl;
  const countdown = dialog.querySelector("[data-countdown]");
  const announcer = dialog.querySelector("[data-countdown-announcer]");
  const extendForm = dialog.querySelector("form[data-extend]");
  let timer = null;
  let ticker = null;
  let deadline = 0;
  let lastAnnounced = 0;
  let returnFocusTo = null;

  // Singular or plural as the page's language counts (in French, 0 takes the singular).
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const describe = (seconds) => {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    const one = (count) => plural.select(count) === "one";
    if (minutes) parts.push(`${minutes} ${one(minutes) ? dialog.dataset.minute : dialog.dataset.minutes}`);
    if (rest || !minutes) parts.push(`${rest} ${one(rest) ? dialog.dataset.second : dialog.dataset.seconds}`);
    return parts.join(" ");
  };

  const schedule = (secondsUntilWarning) => {
    clearTimeout(timer);
    timer = setTimeout(checkWithServer, Math.max(1, secondsUntilWarning) * 1000);
  };

  const reload = () => window.location.assign(window.location.href);

  async function checkWithServer() {
    let secondsLeft;
    try {
      const response = await fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return reload();
      secondsLeft = (await response.json()).seconds_left;
    } catch {
      return schedule(30);
    }
    if (secondsLeft === null || secondsLeft === undefined) return;
    if (secondsLeft > warning + 5) return schedule(secondsLeft - warning); // active in another tab
    openWarning(secondsLeft);
  }

  function tick() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = describe(left);
    // Tell screen readers at most every 30 seconds, and in the last 10 seconds once.
    if (lastAnnounced - left >= 30 || (left <= 10 && lastAnnounced > 10)) {
      announcer.textContent = describe(left);
      lastAnnounced = left;
    }
    if (left === 0) {
      clearInterval(ticker);
      reload();
    }
  }

  function openWarning(secondsLeft) {
    returnFocusTo = document.activeElement;
    deadline = Date.now() + secondsLeft * 1000;
    lastAnnounced = secondsLeft + 30;
    tick();
    dialog.showModal();
    dialog.querySelector("[data-dialog-heading]").focus();
    clearInterval(ticker);
    ticker = setInterval(tick, 1000);
  }

  async function extend(event) {
    if (event) event.preventDefault();
    clearInterval(ticker);
    try {
      const response = await fetch(extendForm.action, {
        method: "POST",
        body: new FormData(extendForm),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return reload();
    } catch {
      return reload();
    }
    dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
    schedule(timeout - warning);
  }

  extendForm.addEventListener("submit", extend);
  // Escape means "I'm still here" too: it is the friendlier reading of a dismissal.
  dialog.addEventListener("cancel", extend);
  schedule(timeout - warning);
}
