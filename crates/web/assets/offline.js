// Tendo offline: what a patient logs with no connection waits on the device and is sent once
// when the connection returns. Progressive enhancement only: without this script every form
// still posts to the server, and the server checks everything it is sent.
//
// Sets ticked with no connection are kept in this browser (per patient and day) and shown as
// done; a session finished with no connection goes into the outbox, each with its own
// idempotency key, and is sent through the API's draft twin when the connection returns, so
// a resend never stores it twice. The outbox says plainly what is waiting. The service worker
// (`sw.js`, registered here) keeps the pages a workout needs.
(function () {
  "use strict";

  var OUTBOX = "tendo-outbox";
  var flushing = false;

  function readJson(key, fallback) { try { return JSON.parse(localStorage.getItem(key) || fallback); } catch (e) { return JSON.parse(fallback); } }
  function writeJson(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; } }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  // Today in the patient's own zone (the server's "today"), else this device's.
  function localDate() {
    var box = document.getElementById("outbox");
    var zone = box && box.getAttribute("data-zone");
    if (zone && window.Intl) {
      try {
        var parts = {};
        new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
          .formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
        if (parts.year && parts.month && parts.day) { return parts.year + "-" + parts.month + "-" + parts.day; }
      } catch (e) { /* an unknown zone: this device's date */ }
    }
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function spokenDate(iso) {
    try { return new Date(iso + "T12:00:00").toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" }); } catch (e) { return iso; }
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return "offline-" + crypto.randomUUID(); }
    return "offline-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function draftKey(patient, date) { return "tendo-workout-" + patient + "-" + date; }
  function sameSet(a, b) { return a.exercise === b.exercise && a.set_number === b.set_number; }
  // `later` wins for a set both have.
  function mergeSets(earlier, later) {
    return earlier.filter(function (s) { return !later.some(function (t) { return sameSet(s, t); }); }).concat(later);
  }
  function outbox() { return readJson(OUTBOX, "[]"); }

  function showOutbox(sentNow) {
    var box = document.getElementById("outbox");
    if (!box) { return; }
    var items = outbox();
    box.textContent = "";
    if (!items.length && !sentNow) { box.hidden = true; return; }
    box.hidden = false;
    function line(text, strong) {
      var p = document.createElement("p");
      if (strong) { var b = document.createElement("strong"); b.textContent = text; p.appendChild(b); } else { p.textContent = text; }
      box.appendChild(p);
      return p;
    }
    if (sentNow) { line(sentNow === 1 ? "Your session is sent and saved." : sentNow + " sessions are sent and saved.", true); }
    var waiting = items.filter(function (item) { return !item.error; });
    if (waiting.length) {
      line((waiting.length === 1 ? "1 session is" : waiting.length + " sessions are") + " waiting to be sent.", true);
      line(navigator.onLine
        ? "Sending now. It is kept on this device until the server has it."
        : "You are offline. It is kept on this device and sent as soon as you are back online; stay signed in until then.");
    }
    items.filter(function (item) { return item.error; }).forEach(function (item) {
      line("Your session of " + spokenDate(item.date) + " could not be saved: " + item.error, false);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = "Remove the session of " + spokenDate(item.date) + " from this device";
      remove.onclick = function () {
        writeJson(OUTBOX, outbox().filter(function (other) { return other.key !== item.key; }));
        showOutbox();
      };
      box.appendChild(remove);
    });
  }

  function queueSession(session) {
    var items = outbox();
    session.key = newKey();
    session.queued_at = new Date().toISOString();
    items.push(session);
    var kept = writeJson(OUTBOX, items);
    try { localStorage.removeItem(draftKey(session.patient, session.date)); } catch (e) { /* none */ }
    showOutbox();
    return kept;
  }

  function problem(response) {
    return response.json().then(function (body) {
      var error = body && body.error ? body.error : {};
      var fields = (error.fields || []).map(function (field) { return field.field + ": " + field.message; });
      return (error.message || ("the server answered " + response.status)) + (fields.length ? " (" + fields.join("; ") + ")" : "");
    }, function () { return "the server answered " + response.status; });
  }

  // Sends one queued session: today's draft on the server with these sets added, then the
  // finish under the session's key. Resolves "sent", "failed" (kept with its error) or
  // "offline" (kept as it is).
  function sendSession(item, csrf) {
    var path = "/api/v1/patients/" + item.patient + "/sessions/draft";
    var headers = { "Content-Type": "application/json", "x-csrf-token": csrf };
    function finish() {
      return fetch(path + "/finish", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "x-csrf-token": csrf, "Idempotency-Key": item.key },
        body: JSON.stringify({ pain_during: item.pain_during, pain_after: item.pain_after, note: item.note || null, date: item.date })
      }).then(function (response) {
        if (response.ok) { return "sent"; }
        return problem(response).then(function (text) { item.error = text; return "failed"; });
      });
    }
    return fetch(path, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json().then(function (draft) { return draft.sets || []; }) : []; })
      .then(function (onServer) {
        return fetch(path, {
          method: "PUT", credentials: "same-origin", headers: headers,
          body: JSON.stringify({ sets: mergeSets(onServer, item.sets), date: item.date })
        });
      })
      .then(function (response) {
        // 409: today's sessions are logged, perhaps by this very finish sent before its answer
        // was lost; the finish under the same key says which.
        if (response.ok || response.status === 409) { return finish(); }
        if (response.status === 401) { item.error = "you are signed out; sign in again to send it."; return "failed"; }
        return problem(response).then(function (text) { item.error = text; return "failed"; });
      })
      .catch(function () { return "offline"; });
  }

  function flush() {
    var box = document.getElementById("outbox");
    if (flushing || !box || !navigator.onLine) { return; }
    var csrf = box.getAttribute("data-csrf");
    var items = outbox().filter(function (item) { return !item.error; });
    if (!items.length) { return; }
    flushing = true;
    showOutbox();
    var sent = 0;
    items.reduce(function (previous, item) {
      return previous.then(function (stop) {
        if (stop) { return true; }
        return sendSession(item, csrf).then(function (result) {
          var rest = outbox().filter(function (other) { return other.key !== item.key; });
          if (result === "sent") { sent += 1; writeJson(OUTBOX, rest); }
          if (result === "failed") { rest.push(item); writeJson(OUTBOX, rest); }
          return result === "offline";
        });
      });
    }, Promise.resolve(false)).then(function () {
      flushing = false;
      showOutbox(sent);
      if (sent && location.pathname === "/today") { location.reload(); }
    });
  }

  // What a session form holds, as the API's sets; null when a pain answer is missing.
  function painOf(form, name) {
    var input = form.elements[name];
    var value = input ? parseInt(input.value, 10) : NaN;
    return isFinite(value) && value >= 0 && value <= 10 ? value : null;
  }
  function offlineNotice(form, text) {
    var note = form.querySelector(".offline-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "offline-note note";
      note.setAttribute("tabindex", "-1");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = text;
    note.focus();
  }
  function queueFromForm(form, patient, sets) {
    var during = painOf(form, "pain_during");
    var after = painOf(form, "pain_after");
    if (during === null || after === null) {
      offlineNotice(form, "You are offline. Enter your pain during and straight after (0 to 10), then save: the session is kept on this device and sent when you are back online.");
      return;
    }
    if (!sets.length) {
      offlineNotice(form, "You are offline and no set is ticked yet: tick the sets you did first.");
      return;
    }
    var note = form.elements.note ? form.elements.note.value : "";
    var kept = queueSession({ patient: patient, date: localDate(), sets: sets, pain_during: during, pain_after: after, note: note });
    Array.prototype.forEach.call(form.querySelectorAll("button[type='submit']"), function (button) { button.disabled = true; });
    offlineNotice(form, kept
      ? "Saved on this device: your session of " + spokenDate(localDate()) + " is waiting to be sent. It is sent by itself when you are back online."
      : "This device has no room to keep the session: write your sets down and log them when you are back online.");
  }

  // Today's full session form, offline: its filled-in sets (a cleared set was skipped).
  function todayFormOffline(form) {
    var box = document.getElementById("outbox");
    if (!box) { return; }
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      var sets = {};
      Array.prototype.forEach.call(form.elements, function (input) {
        var match = /^sets\[(\d+)\]\.(\w+)$/.exec(input.name || "");
        if (!match) { return; }
        var set = sets[match[1]] || (sets[match[1]] = {});
        set[match[2]] = input.value;
      });
      var list = Object.keys(sets).map(function (index) { return sets[index]; }).filter(function (set) {
        return set.reps || set.hold_seconds;
      }).map(function (set) {
        var number = function (text) { return text !== undefined && text !== "" ? Number(String(text).replace(",", ".")) : null; };
        return { exercise: set.exercise, set_number: Number(set.set_number), reps: number(set.reps), load_kg: number(set.load_kg), hold_seconds: number(set.hold_seconds) };
      });
      queueFromForm(form, box.getAttribute("data-patient"), list);
    });
  }

  // Workout mode: a set ticked offline is kept here and shown as done (also on a step page the
  // device kept earlier); the whole draft is sent again when the signal is back (a resend
  // changes nothing); finishing offline puts the session in the outbox.
  function workoutDraft(root) {
    var patient = root.getAttribute("data-patient");
    var csrf = root.getAttribute("data-csrf");
    var key = draftKey(patient, root.getAttribute("data-date"));
    function onServer() { try { return JSON.parse(root.getAttribute("data-ticked") || "[]"); } catch (e) { return []; } }
    function local() { return readJson(key, "[]"); }
    function markDone(form, set) {
      form.parentNode.classList.add("done");
      var title = form.querySelector(".set-title");
      if (title) { title.textContent = "Set " + set.set_number + ": kept on this device, sent when you are back online."; }
    }
    function send() {
      var sets = local();
      if (!sets.length || !navigator.onLine) { return; }
      fetch("/api/v1/patients/" + patient + "/sessions/draft", {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify({ sets: sets, date: root.getAttribute("data-date") })
      }).then(function (response) { if (response.ok) { localStorage.removeItem(key); location.reload(); } });
    }
    var forms = root.querySelectorAll("form.set-form");
    Array.prototype.forEach.call(forms, function (form) {
      var mine = { exercise: form.elements.exercise.value, set_number: Number(form.elements.set_number.value) };
      local().forEach(function (set) { if (sameSet(set, mine)) { markDone(form, set); } });
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) { return; }
        event.preventDefault();
        var number = function (name) { var input = form.elements[name]; return input && input.value !== "" ? Number(String(input.value).replace(",", ".")) : null; };
        var set = { exercise: mine.exercise, set_number: mine.set_number, reps: number("reps"), load_kg: number("load_kg"), hold_seconds: number("hold_seconds") };
        writeJson(key, mergeSets(mergeSets(onServer(), local()), [set]));
        markDone(form, set);
      });
    });
    var finish = root.querySelector("form[action='/today/workout/finish']");
    if (finish) {
      finish.addEventListener("submit", function (event) {
        if (navigator.onLine) { return; }
        event.preventDefault();
        queueFromForm(finish, patient, mergeSets(onServer(), local()));
      });
    }
    window.addEventListener("online", send);
    send();
  }

  // Asks the service worker to keep the pages today's workout needs, from Today or a step.
  function keepForOffline() {
    if (!("serviceWorker" in navigator) || !document.getElementById("outbox")) { return; }
    navigator.serviceWorker.register("/sw.js").catch(function () { /* offline use unavailable */ });
    var start = document.querySelector("[data-workout-steps]");
    var root = document.getElementById("workout");
    var steps = start ? parseInt(start.getAttribute("data-workout-steps"), 10) : root ? parseInt(root.getAttribute("data-total"), 10) : 0;
    // Only from Today and the workout's first page: each step page keeps itself when opened.
    if (location.pathname !== "/today" && !(location.pathname === "/today/workout" && !location.search)) { return; }
    var urls = ["/today", "/plan"];
    if (steps > 0) {
      urls.push("/today/workout", "/today/workout?step=finish");
      for (var i = 1; i <= steps; i++) { urls.push("/today/workout?exercise=" + i); }
    }
    navigator.serviceWorker.ready.then(function (registration) {
      if (!navigator.onLine || !registration.active) { return; }
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && typeof event.data.kept === "number") { document.documentElement.setAttribute("data-offline-ready", String(event.data.kept)); }
      });
      registration.active.postMessage({ keep: urls });
    });
  }

  // A patient signing out with sessions still waiting is asked first: signing out clears this
  // device's copies.
  function guardSignOut() {
    var form = document.querySelector("form.signout");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      var waiting = outbox().length;
      if (waiting && !window.confirm(waiting + " session(s) are still waiting to be sent and would be lost. Sign out anyway?")) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showOutbox();
    guardSignOut();
    var sessionForm = document.getElementById("sets");
    if (sessionForm && sessionForm.classList.contains("session-form")) { todayFormOffline(sessionForm); }
    window.addEventListener("online", flush);
    window.addEventListener("offline", function () { showOutbox(); });
    var root = document.getElementById("workout");
    if (root && root.getAttribute("data-patient")) { workoutDraft(root); }
    flush();
    keepForOffline();
  });
})();
