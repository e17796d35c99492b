// Tendo's timers for holds, rests and massage-gun sites: a get-ready count, a countdown and a
// sound (Web Audio). Progressive enhancement only: without this script every form still works,
// and the server checks everything it is sent.
//
// Massage-gun timers honour the form's `data-seconds-per-minute` (set from the page's
// `?seconds_per_minute=N` query, 1 to 60, default 60): a timer minute lasts N real seconds, for
// demonstrations and tests. The minutes written into the form are timer minutes, and the server
// still refuses anything above a site's cap or the 5-minute calf total.
(function () {
  "use strict";
  var audio = null;
  var current = null;

  function beep(frequency, milliseconds) {
    try {
      if (!audio) { audio = new (window.AudioContext || window.webkitAudioContext)(); }
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.15;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + milliseconds / 1000);
    } catch (error) { /* no sound available: the text still says what happens */ }
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Runs one timer in `box` for `seconds` timer-seconds; `scale` real seconds per timer-second.
  // `done(elapsed, finished)` gets the timer-seconds that ran.
  function run(box, seconds, label, scale, done) {
    if (current) { current.stop(); }
    var display = box.querySelector(".timer");
    var status = box.querySelector(".timer-status");
    var stopButton = box.querySelector(".timer-stop");
    var starts = box.querySelectorAll(".timer-start, .timer-hold, .timer-rest");
    var count = 3;
    var started = null;
    var interval = null;
    var finished = false;
    function set(running) {
      stopButton.disabled = !running;
      for (var i = 0; i < starts.length; i++) { starts[i].disabled = running; }
    }
    function elapsed() { return started === null ? 0 : Math.min(seconds, (Date.now() - started) / 1000 / scale); }
    function end(completed) {
      if (finished) { return; }
      finished = true;
      clearInterval(interval);
      box.classList.remove("running", "ready");
      set(false);
      current = null;
      var ran = completed ? seconds : elapsed();
      if (completed) { beep(880, 600); }
      status.textContent = (completed ? "Done: " : "Stopped: ") + label + ", " + clock(ran) + ".";
      display.textContent = clock(0);
      done(ran, completed);
    }
    var handle = { stop: function () { end(false); } };
    current = handle;
    set(true);
    box.classList.add("ready");
    status.textContent = "Get ready: " + count;
    display.textContent = clock(seconds);
    beep(440, 120);
    interval = setInterval(function () {
      if (started === null) {
        count -= 1;
        if (count > 0) {
          status.textContent = "Get ready: " + count;
          beep(440, 120);
          return;
        }
        started = Date.now();
        box.classList.remove("ready");
        box.classList.add("running");
        status.textContent = "Go: " + label;
        beep(660, 200);
        return;
      }
      var left = seconds - elapsed();
      display.textContent = clock(left);
      if (left <= 0) { end(true); }
    }, Math.max(20, Math.round(1000 * scale)));
    stopButton.onclick = function () { end(false); };
    return handle;
  }

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) && value > 0 ? value : 0;
  }

  function gunTimers(form) {
    var scale = Math.min(60, Math.max(1, parseInt(form.getAttribute("data-seconds-per-minute"), 10) || 60)) / 60;
    var calfLimit = parseInt(form.getAttribute("data-calf-seconds"), 10) || 300;
    var boxes = form.querySelectorAll("[data-timer='gun']");
    function calfUsed() {
      var used = 0;
      for (var i = 0; i < boxes.length; i++) {
        if (boxes[i].getAttribute("data-calf") === "true") {
          used += number(document.getElementById(boxes[i].getAttribute("data-target"))) * 60;
        }
      }
      return used;
    }
    Array.prototype.forEach.call(boxes, function (box) {
      box.hidden = false;
      var input = document.getElementById(box.getAttribute("data-target"));
      var cap = parseInt(box.getAttribute("data-seconds"), 10) || 0;
      var calf = box.getAttribute("data-calf") === "true";
      var label = box.getAttribute("data-label");
      box.querySelector(".timer-start").onclick = function () {
        var already = number(input) * 60;
        var limit = cap - already;
        if (calf) { limit = Math.min(limit, calfLimit - calfUsed()); }
        if (limit <= 0.5) {
          box.querySelector(".timer-status").textContent = calf
            ? "The limit is reached: no more time on the calf today."
            : "The limit for the " + label + " is reached.";
          return;
        }
        run(box, limit, label, scale, function (ran) {
          var total = Math.min(cap, already + ran) / 60;
          input.value = (Math.floor(total * 10) / 10).toString();
        });
      };
    });
  }

  function exerciseTimers(box) {
    box.hidden = false;
    var label = box.getAttribute("data-label");
    var hold = parseInt(box.getAttribute("data-hold"), 10) || 0;
    var rest = parseInt(box.getAttribute("data-rest"), 10) || 0;
    var holdButton = box.querySelector(".timer-hold");
    var restButton = box.querySelector(".timer-rest");
    if (holdButton) { holdButton.onclick = function () { run(box, hold, "hold, " + label, 1, function () {}); }; }
    if (restButton) { restButton.onclick = function () { run(box, rest, "rest", 1, function () {}); }; }
  }

  // Workout mode: one timer at a time whose live region speaks at the start, halfway and the
  // end only (the countdown itself is hidden from screen readers), with a beep and a vibration
  // where the device allows.
  var workoutTimer = null;
  function buzz(pattern) { if (navigator.vibrate) { try { navigator.vibrate(pattern); } catch (e) { /* none */ } } }
  function workoutTimers(box) {
    box.hidden = false;
    var label = box.getAttribute("data-label");
    var display = box.querySelector(".timer");
    var status = box.querySelector(".timer-status");
    var guide = box.querySelector(".tempo-guide");
    var stopButton = box.querySelector(".timer-stop");
    function stop(message) {
      if (workoutTimer) { clearInterval(workoutTimer); workoutTimer = null; }
      stopButton.disabled = true;
      if (message) { status.textContent = message; }
    }
    function countdown(seconds, what) {
      stop();
      var started = Date.now();
      var halfSaid = false;
      stopButton.disabled = false;
      status.textContent = what + " started: " + seconds + " seconds.";
      display.textContent = clock(seconds);
      beep(660, 150);
      workoutTimer = setInterval(function () {
        var left = seconds - (Date.now() - started) / 1000;
        display.textContent = clock(left);
        if (!halfSaid && left <= seconds / 2) { halfSaid = true; status.textContent = "Halfway: " + Math.ceil(left) + " seconds left."; }
        if (left <= 0) { stop(what + " done."); beep(880, 600); buzz([200, 100, 200]); }
      }, 250);
    }
    var hold = parseInt(box.getAttribute("data-hold"), 10) || 0;
    var rest = parseInt(box.getAttribute("data-rest"), 10) || 0;
    var holdButton = box.querySelector(".timer-hold");
    var restButton = box.querySelector(".timer-rest");
    var tempoButton = box.querySelector(".tempo-start");
    if (holdButton) { holdButton.onclick = function () { countdown(hold, "Hold"); }; }
    if (restButton) { restButton.onclick = function () { countdown(rest, "Rest"); }; }
    stopButton.onclick = function () { stop("Timer stopped."); };
    if (tempoButton && guide) {
      // "3 s down, 3 s up": each phase shown in turn for its seconds.
      var phases = (box.getAttribute("data-tempo") || "").split(",").map(function (part) {
        var match = part.match(/(\d+)\s*s\s*(.*)/);
        return match ? { seconds: parseInt(match[1], 10), word: match[2].trim() } : null;
      }).filter(function (phase) { return phase && phase.seconds > 0; });
      tempoButton.onclick = function () {
        var index = 0;
        function next() {
          if (index >= phases.length) { guide.textContent = ""; status.textContent = "Rep done."; return; }
          var phase = phases[index++];
          guide.textContent = phase.word + " " + phase.seconds + " s";
          beep(520, 80);
          setTimeout(next, phase.seconds * 1000);
        }
        status.textContent = "Follow the guide for one rep.";
        next();
      };
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer='workout']"), workoutTimers);
    var step = document.getElementById("step");
    if (step && !document.querySelector(".error-summary")) { step.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.gun-form"), gunTimers);
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer='exercise']"), exerciseTimers);
  });
})();
