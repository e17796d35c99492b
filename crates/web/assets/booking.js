// Booking enhancements. Works without it: pages are plain HTML.
// 1. On the public times page, offer times in the visitor's own zone.
// 2. The video room: a device check (preview, camera and microphone, level), then WebRTC
//    between the two browsers, signalling relayed over a WebSocket; mute and camera off.
(function () {
  "use strict";

  var zoneLink = document.querySelector("[data-zone-from-browser]");
  if (zoneLink) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var url = new URL(window.location.href);
    if (zone && !url.searchParams.get("tz")) {
      url.searchParams.set("tz", zone);
      window.location.replace(url.toString());
    }
  }

  var room = document.getElementById("video-room");
  if (!room) return;
  var status = document.getElementById("video-status");
  var local = document.getElementById("video-local");
  var remote = document.getElementById("video-remote");
  var preview = document.getElementById("video-preview");
  var cameraSelect = document.getElementById("video-camera");
  var micSelect = document.getElementById("video-microphone");
  var level = document.getElementById("video-level");
  var setup = document.getElementById("video-setup");
  var call = document.getElementById("video-call");
  var waiting = document.getElementById("video-waiting");
  var remoteNote = document.getElementById("video-remote-note");
  var muteButton = document.getElementById("video-mute");
  var cameraButton = document.getElementById("video-camera-toggle");
  // Each server is `{urls}` (STUN) or `{urls, username, credential}` (TURN, a time-limited login).
  var iceServers = JSON.parse(room.getAttribute("data-ice") || "[]").map(function (server) {
    return typeof server === "string" ? { urls: server } : server;
  });
  var loopbackOnly = room.getAttribute("data-loopback-only") === "true";
  var other = room.getAttribute("data-other") || "the other person";
  var pc = null;
  var socket = null;
  var stream = null;
  var audioContext = null;
  var say = function (text) { status.textContent = text; };
  var setState = function (state) { room.setAttribute("data-state", state); };

  function send(message) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  }
  function allowed(candidate) {
    if (!loopbackOnly || !candidate) return true;
    var parts = candidate.candidate.split(" ");
    var address = parts[4] || "";
    return address === "127.0.0.1" || address === "::1";
  }
  function showWaiting(on) {
    waiting.hidden = !on;
    if (on) { setState("waiting"); say("Waiting for " + other + " to join."); }
  }

  // The device check: a preview, a choice of camera and microphone, and a level meter.
  function meter(source) {
    if (!level || !window.AudioContext || source.getAudioTracks().length === 0) return;
    if (audioContext) audioContext.close();
    audioContext = new AudioContext();
    var analyser = audioContext.createAnalyser();
    analyser.fftSize = 256;
    audioContext.createMediaStreamSource(source).connect(analyser);
    var samples = new Uint8Array(analyser.fftSize);
    (function tick() {
      if (!audioContext || audioContext.state === "closed") return;
      analyser.getByteTimeDomainData(samples);
      var peak = 0;
      for (var i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i] - 128) / 128);
      level.value = peak;
      window.requestAnimationFrame(tick);
    })();
  }
  function fill(select, devices, kind, current) {
    select.innerHTML = "";
    devices.filter(function (d) { return d.kind === kind; }).forEach(function (device, index) {
      var option = document.createElement("option");
      option.value = device.deviceId;
      option.textContent = device.label || (kind === "videoinput" ? "Camera " : "Microphone ") + (index + 1);
      if (device.deviceId === current) option.selected = true;
      select.appendChild(option);
    });
  }
  function open(constraints) {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    return navigator.mediaDevices.getUserMedia(constraints).then(function (got) {
      stream = got;
      preview.srcObject = got;
      meter(got);
      var video = got.getVideoTracks()[0];
      var audio = got.getAudioTracks()[0];
      return navigator.mediaDevices.enumerateDevices().then(function (devices) {
        fill(cameraSelect, devices, "videoinput", video && video.getSettings().deviceId);
        fill(micSelect, devices, "audioinput", audio && audio.getSettings().deviceId);
        setState("setup");
        say("Check that you can see yourself and that the level moves when you speak, then join.");
      });
    });
  }
  function chosen() {
    return {
      video: cameraSelect.value ? { deviceId: { exact: cameraSelect.value } } : true,
      audio: micSelect.value ? { deviceId: { exact: micSelect.value } } : true
    };
  }
  function refused() {
    setState("no-devices");
    say("Tendo cannot use your camera or microphone. Allow them in your browser, then reload the page.");
  }
  open({ video: true, audio: true }).catch(refused);
  cameraSelect.addEventListener("change", function () { open(chosen()).catch(refused); });
  micSelect.addEventListener("change", function () { open(chosen()).catch(refused); });

  // The call itself.
  async function offer() {
    var description = await pc.createOffer();
    await pc.setLocalDescription(description);
    send({ type: "offer", sdp: pc.localDescription });
  }
  function shareState() {
    send({ type: "media", audio: muteButton.getAttribute("aria-pressed") !== "true",
      video: cameraButton.getAttribute("aria-pressed") !== "true" });
  }
  async function onMessage(event) {
    var message = JSON.parse(event.data);
    if (message.type === "joined") {
      if (message.peers > 1) say("Connecting…"); else showWaiting(true);
    } else if (message.type === "peer-joined") { showWaiting(false); say("Connecting…"); await offer(); shareState(); }
    else if (message.type === "offer") {
      showWaiting(false);
      await pc.setRemoteDescription(message.sdp);
      var answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      send({ type: "answer", sdp: pc.localDescription });
      shareState();
    } else if (message.type === "answer") await pc.setRemoteDescription(message.sdp);
    else if (message.type === "candidate") { try { await pc.addIceCandidate(message.candidate); } catch (e) { /* a late candidate */ } }
    else if (message.type === "media") {
      var notes = [];
      if (message.audio === false) notes.push(other + " has muted their microphone.");
      if (message.video === false) notes.push(other + " has turned their camera off.");
      remoteNote.textContent = notes.join(" ");
    } else if (message.type === "peer-left") { remoteNote.textContent = ""; showWaiting(true); say(other + " has left. Waiting for them to come back."); }
    else if (message.type === "full") say("Two people are already in this room.");
  }
  function join() {
    if (!stream) { refused(); return; }
    if (audioContext) { audioContext.close(); audioContext = null; }
    setup.hidden = true;
    call.hidden = false;
    local.srcObject = stream;
    pc = new RTCPeerConnection({ iceServers: iceServers });
    window.tendoVideo = pc;
    pc.onicecandidate = function (event) {
      if (event.candidate && allowed(event.candidate)) send({ type: "candidate", candidate: event.candidate });
    };
    pc.ontrack = function (event) { remote.srcObject = event.streams[0]; };
    pc.onconnectionstatechange = function () {
      var labels = { connected: "Connected.", connecting: "Connecting…", disconnected: "The connection dropped; waiting for it to come back.", failed: "The connection failed. Reload the page to try again.", closed: "The call has ended." };
      say(labels[pc.connectionState] || pc.connectionState);
      setState(pc.connectionState);
    };
    stream.getTracks().forEach(function (track) { pc.addTrack(track, stream); });
    setState("joining");
    say("Joining…");
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + room.getAttribute("data-signal"));
    socket.onmessage = function (event) { onMessage(event).catch(function (e) { say("Something went wrong: " + e.message); }); };
    socket.onclose = function (event) {
      if (event.code === 4001) { pc.close(); say("You opened this video room in another window, so it closed here."); }
      else if (event.code === 4002) { pc.close(); say("You have signed out, so the video room closed. Sign in again to join."); }
      else if (pc.connectionState !== "connected") say("The room closed. Reload the page to join again.");
    };
  }
  document.getElementById("video-join").addEventListener("click", join);

  // Mute and camera: the track stays in the call, switched off, so switching back is instant.
  function toggle(button, kind, onLabel, offLabel, offSaid, onSaid) {
    button.addEventListener("click", function () {
      var off = button.getAttribute("aria-pressed") !== "true";
      stream.getTracks().filter(function (t) { return t.kind === kind; }).forEach(function (t) { t.enabled = !off; });
      button.setAttribute("aria-pressed", off ? "true" : "false");
      button.textContent = off ? offLabel : onLabel;
      say(off ? offSaid : onSaid);
      shareState();
    });
  }
  toggle(muteButton, "audio", "Mute microphone", "Unmute microphone", "Your microphone is off.", "Your microphone is on.");
  toggle(cameraButton, "video", "Turn camera off", "Turn camera on", "Your camera is off.", "Your camera is on.");

  var leave = document.getElementById("video-leave");
  if (leave) leave.addEventListener("click", function () {
    if (pc) pc.close();
    if (socket) socket.close();
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    setState("left");
    say("You left the call.");
  });
})();
