// Booking enhancements. Works without it: pages are plain HTML.
// 1. On the public times page, offer times in the visitor's own zone.
// 2. The video room: WebRTC between the two browsers, signalling relayed over a WebSocket.
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
  var iceServers = JSON.parse(room.getAttribute("data-ice") || "[]").map(function (u) { return { urls: u }; });
  var loopbackOnly = room.getAttribute("data-loopback-only") === "true";
  var pc = new RTCPeerConnection({ iceServers: iceServers });
  window.tendoVideo = pc;
  var socket = null;
  var say = function (text) { status.textContent = text; };

  function send(message) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(message));
  }
  function allowed(candidate) {
    if (!loopbackOnly || !candidate) return true;
    var parts = candidate.candidate.split(" ");
    var address = parts[4] || "";
    return address === "127.0.0.1" || address === "::1";
  }

  pc.onicecandidate = function (event) {
    if (event.candidate && allowed(event.candidate)) send({ type: "candidate", candidate: event.candidate });
  };
  pc.ontrack = function (event) { remote.srcObject = event.streams[0]; };
  pc.onconnectionstatechange = function () {
    var labels = { connected: "Connected.", connecting: "Connecting…", disconnected: "The connection dropped; waiting for it to come back.", failed: "The connection failed. Reload the page to try again.", closed: "The call has ended." };
    say(labels[pc.connectionState] || pc.connectionState);
    room.setAttribute("data-state", pc.connectionState);
  };

  async function offer() {
    var description = await pc.createOffer();
    await pc.setLocalDescription(description);
    send({ type: "offer", sdp: pc.localDescription });
  }

  async function onMessage(event) {
    var message = JSON.parse(event.data);
    if (message.type === "joined") say(message.peers > 1 ? "Connecting…" : "Waiting for the other person to join.");
    else if (message.type === "peer-joined") { say("Connecting…"); await offer(); }
    else if (message.type === "offer") {
      await pc.setRemoteDescription(message.sdp);
      var answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      send({ type: "answer", sdp: pc.localDescription });
    } else if (message.type === "answer") await pc.setRemoteDescription(message.sdp);
    else if (message.type === "candidate") { try { await pc.addIceCandidate(message.candidate); } catch (e) { /* a late candidate */ } }
    else if (message.type === "peer-left") say("The other person has left.");
    else if (message.type === "full") say("Two people are already in this room.");
  }

  navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (stream) {
    local.srcObject = stream;
    stream.getTracks().forEach(function (track) { pc.addTrack(track, stream); });
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + room.getAttribute("data-signal"));
    socket.onmessage = function (event) { onMessage(event).catch(function (e) { say("Something went wrong: " + e.message); }); };
    socket.onclose = function (event) {
      if (event.code === 4001) { pc.close(); say("You opened this video room in another window, so it closed here."); }
      else if (event.code === 4002) { pc.close(); say("You have signed out, so the video room closed. Sign in again to join."); }
      else if (pc.connectionState !== "connected") say("The room closed. Reload the page to join again.");
    };
  }).catch(function () {
    say("Tendo cannot use your camera or microphone. Allow them in your browser, then reload the page.");
  });

  var leave = document.getElementById("video-leave");
  if (leave) leave.addEventListener("click", function () { pc.close(); if (socket) socket.close(); say("You left the call."); });
})();
