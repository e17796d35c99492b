// Tendo's service worker: the patient's Today, plan, workout steps and exercise demonstrations
// open with no connection.
//
// Pages are fetched from the network first (so what is shown online is always current) and a
// copy is kept; with no network, or none within a few seconds, the copy is shown. Only the
// patient's own training pages and Tendo's assets are kept, never another route, and never a
// redirect (a signed-out visit is not cached). Signing out clears every copy: the server's
// `Clear-Site-Data` header on `/logout` removes this cache and this worker.
//
// Nothing is sent from here: sets and sessions logged offline are queued by `offline.js` in the
// page, each with an idempotency key, and sent when the connection returns.
"use strict";

var CACHE = "tendo-offline-v1";
var ASSETS = ["/assets/style.css", "/assets/app.js", "/assets/patient.css", "/assets/patient.js", "/assets/offline.js", "/assets/icon.svg"];
// The paths a copy is kept of (with their query, so each workout step is its own copy).
var KEPT = [
  /^\/today$/,
  /^\/today\/workout$/,
  /^\/plan$/,
  /^\/exercises\/[a-z0-9-]+\/demonstration\.svg$/,
  /^\/assets\//,
  /^\/manifest\.webmanifest$/
];
// How long a page may take before the kept copy is shown instead (poor signal in a gym).
var NETWORK_WAIT_MS = 4000;

function kept(url) {
  if (url.origin !== self.location.origin) { return false; }
  return KEPT.some(function (pattern) { return pattern.test(url.pathname); });
}

function keep(request, response) {
  if (!response || !response.ok || response.redirected || response.type !== "basic") { return Promise.resolve(); }
  return caches.open(CACHE).then(function (cache) { return cache.put(request, response); });
}

// The demonstrations a kept page shows, so they open offline too.
function keepPictures(html) {
  var found = html.match(/\/exercises\/[a-z0-9-]+\/demonstration\.svg[^"'\s<>]*/g) || [];
  var unique = found.filter(function (url, index) { return found.indexOf(url) === index; })
    .map(function (url) { return url.replace(/&amp;/g, "&"); });
  return Promise.all(unique.map(function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) { return keep(url, response); })
      .catch(function () { /* offline: kept next time */ });
  }));
}

function fromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("slow network")); }, NETWORK_WAIT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function (error) { clearTimeout(timer); reject(error); });
  });
}

function offlinePage() {
  var body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · Tendo</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head>" +
    "<body><main id=\"main\"><h1>You are offline</h1>" +
    "<p>This page was not saved on this device. Today, your plan and today's workout open " +
    "without a connection once you have opened Today online.</p>" +
    "<p><a href=\"/today\">Go to Today</a></p></main></body></html>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!kept(url)) {
    if (request.mode === "navigate" && url.origin === self.location.origin) {
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  event.respondWith(fromNetwork(request).then(function (response) {
    var copy = response.clone();
    event.waitUntil(keep(request, copy));
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true }).then(function (cached) {
      if (cached) { return cached; }
      return request.mode === "navigate" ? offlinePage() : Response.error();
    });
  }));
});

// A page asks for copies of the pages a workout needs (`{ keep: [urls] }`), with the
// demonstrations they show; the answer says how many were kept.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (!Array.isArray(data.keep)) { return; }
  var urls = data.keep.filter(function (url) { return kept(new URL(url, self.location.origin)); });
  var done = Promise.all(urls.map(function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { return false; }
      var forPictures = response.clone();
      return keep(url, response).then(function () { return forPictures.text(); })
        .then(keepPictures).then(function () { return true; });
    }).catch(function () { return false; });
  })).then(function (results) {
    var count = results.filter(Boolean).length;
    if (event.source) { event.source.postMessage({ kept: count, asked: urls.length }); }
  });
  event.waitUntil(done);
});
