/* aleppo_map: draws a state map. The data come as scripts that call AM.load(kind, payload)
   (aleppo_map/pagedata.py documents every key): "places" and "claims" once per site, "day"
   per map date. Every string in them was HTML-escaped in Python (aleppo_map/escape.py), so
   it is inserted as HTML without risk; numbers only ever index into those strings. */
var AM = (function () {
  "use strict";
  var RADIUS = {city: 7, town: 5, airport: 5, airbase: 5, landmark: 4, neighbourhood: 4,
                village: 3, district: 3, subdistrict: 3, governorate: 4, country: 4};
  var data = {places: null, claims: null}, days = {}, waiting = {};
  /* claims.js is read after the map is drawn (a year's is megabytes no one needs for the
     first frame): its URL, and who waits for it. */
  var claimsUrl = null, claimsWaiting = [], claimsAsked = false;
  var DIGIT = new Int16Array(128);  /* character code -> its value as a base-62 digit (PlacesData.alphabet) */

  /* Called by every data script with its payload packed (pagedata.pack: JSON, deflated, in
     base64): unpacked by the browser's own DecompressionStream, then taken (accept). What
     needs the page's data (draw, timeline) waits until every payload asked for is in. */
  var unpacking = 0, whenIn = [];
  function load(kind, packed) {
    if (typeof DecompressionStream === "undefined") { unreadable(); return; }
    unpacking++;
    var bin = atob(packed), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    new Response(stream).text().then(function (text) {
      accept(kind, JSON.parse(text));
    }).catch(function (e) {
      if (window.console) { console.error("aleppo_map: cannot read the " + kind + " data", e); }
    }).then(function () {
      if (--unpacking === 0) { var ready = whenIn; whenIn = []; ready.forEach(function (cb) { cb(); }); }
    });
  }
  function whenLoaded(cb) {
    if (document.getElementById("am-unreadable")) { return; }  /* nothing to draw with */
    if (unpacking) { whenIn.push(cb); } else { cb(); }
  }

  /* A browser older than 2023 (no DecompressionStream) cannot unpack the data: say so. */
  function unreadable() {
    if (document.getElementById("am-unreadable")) { return; }
    var note = document.createElement("div");
    note.id = "am-unreadable";
    note.className = "am-panel";
    note.setAttribute("role", "alert");
    note.textContent = "This browser cannot read this map's data. Open it in a browser from 2023 or later " +
      "(Chrome or Edge 80, Firefox 113, Safari 16.4).";
    (document.body || document.documentElement).appendChild(note);
  }

  /* A payload, unpacked. A date's payload also wakes whoever waits for it. */
  function accept(kind, payload) {
    mark("loaded " + kind);
    if (kind === "places") {
      for (var c = 0; c < payload.alphabet.length; c++) { DIGIT[payload.alphabet.charCodeAt(c)] = c; }
    }
    if (kind === "claims") {
      data.claims = payload;
      var ready = claimsWaiting;
      claimsWaiting = [];
      ready.forEach(function (cb) { cb(); });
      if (AM.state) { AM.state.claims = true; }
      return;
    }
    if (kind !== "day") { data[kind] = payload; return; }
    days[payload.date] = payload;
    (waiting[payload.date] || []).forEach(function (cb) { cb(payload); });
    delete waiting[payload.date];
  }

  /* Where the time goes when a page opens (the browser's performance panel, the benchmarks). */
  function mark(name) { if (window.performance && performance.mark) { performance.mark("am: " + name); } }

  /* A date's data, now if loaded, else from base + date + ".js" through a <script> element
     (file:// pages may load scripts, never fetch JSON). */
  function need(base, date, cb) {
    if (days[date]) { cb(days[date]); return; }
    if (waiting[date]) { waiting[date].push(cb); return; }
    waiting[date] = [cb];
    var s = document.createElement("script");
    s.src = base + date + ".js";
    s.onerror = function () { delete waiting[date]; };
    document.head.appendChild(s);
  }

  /* Run cb once claims.js is here, asking for it (a <script> element) unless ``later``: then
     it comes when the page has loaded and the browser is idle (askClaims). */
  function withClaims(cb, later) {
    if (data.claims) { cb(); return; }
    claimsWaiting.push(cb);
    if (!later) { askClaims(); }
  }
  function askClaims() {
    if (claimsUrl && !claimsAsked && !data.claims) {
      claimsAsked = true;
      var s = document.createElement("script");
      s.src = claimsUrl;
      document.head.appendChild(s);
    }
  }

  /* Varints (pagedata.Known): 5-bit groups, least significant first, chr(63 + group), plus
     32 when another group follows; signed ones are zigzag-coded. */
  function varints(s, signed) {
    var out = [], at = 0;
    while (at < s.length) {
      var shift = 0, value = 0, b;
      do { b = s.charCodeAt(at++) - 63; value += (b & 0x1f) * Math.pow(2, shift); shift += 5; } while (b >= 0x20);
      out.push(signed ? (value % 2 ? -(value + 1) / 2 : value / 2) : value);
    }
    return out;
  }

  /* Fixed-width base-62 numbers (pagedata._digits): the n-th of width digits in s. */
  function digitsAt(s, width, n) {
    var v = 0;
    for (var c = 0; c < width; c++) { v = v * 62 + DIGIT[s.charCodeAt(n * width + c)]; }
    return v;
  }

  /* A place's circle. Its popup is bound when first asked for (a click, a search, a link):
     10,000 popup objects and their listeners made at load cost more than the circles.
     Made on first use: Leaflet may load after this script. */
  var PlaceMarker = null;
  function placeMarker(latlng, style) {
    if (!PlaceMarker) {
      PlaceMarker = L.CircleMarker.extend({
        setPlacePopup: function (content) {
          this.placePopup = content;
          if (this._popup) { this._popup.setContent(content); }
          return this;
        },
        getPopup: function () { this.bindPlacePopup(); return L.CircleMarker.prototype.getPopup.call(this); },
        openPopup: function (ll) { this.bindPlacePopup(); return L.CircleMarker.prototype.openPopup.call(this, ll); },
        bindPlacePopup: function () { if (!this._popup && this.placePopup) { this.bindPopup(this.placePopup); } }
      });
    }
    return new PlaceMarker(latlng, style);
  }

  function pointStyle(P, code, kind, stale) {
    var st = P.states[code];
    var s = {radius: RADIUS[kind] || 3, weight: 1, color: "#222", opacity: 1,
             fillColor: st.colour, fillOpacity: 0.9};
    if (st.kind === "unknown") { s.radius = 2; s.weight = 0; s.fillOpacity = 0.45; }
    if (st.kind === "contested") { s.weight = 2.5; s.dashArray = "3 3"; s.color = "#000"; s.fillOpacity = 0.6; }
    if (st.kind === "disputed") { s.weight = 2.5; s.dashArray = "1 4"; s.color = "#000"; s.fillOpacity = 0.2; }
    if (stale) { s.fillOpacity *= 0.35; s.opacity = 0.4; }
    return s;
  }

  function polygonStyle(P, code, stale, kind, zones) {
    var st = P.states[code];
    /* Regions are drawn lighter than neighbourhoods: a governorate's state is coarse. */
    var s = {weight: 1, color: "#555", fillColor: st.colour, fillOpacity: kind === "governorate" ? 0.15 : 0.35, opacity: 0.8};
    if (st.kind === "unknown") { s.fillOpacity = 0; s.color = "#999"; s.weight = 0.6; }
    if (st.kind === "contested") { s.dashArray = "6 4"; s.weight = 2; s.color = "#000"; }
    if (st.kind === "disputed") { s.dashArray = "2 5"; s.weight = 2; s.color = "#000"; s.fillOpacity = 0.1; }
    if (stale) { s.fillOpacity *= 0.35; }
    /* With estimated zones drawn, a governorate's coarse fill would tint them: outline only. */
    if (kind === "governorate" && zones) { s.fillOpacity = 0; }
    return s;
  }

  var PRECISION = {1: "exact", 2: "approximate", 3: "centroid of a region"};

  /* The claims table (pagedata.ClaimsData) is read where it lies: a claim is decoded when a
     popup cites it. Indexes (where each id run and each day starts; each place's own claims)
     are made on first use. */
  var index = {claims: null};
  function claimsIndex(C) {
    if (index.claims !== C) {
      var idStart = [], dayStart = [], at = 0;
      /* A run's numbers: a count of consecutive ones, or the rises (less one) after the first. */
      var numbers = C.ids.map(function (r) {
        if (typeof r === "string" || typeof r[3] === "number") { return null; }
        var out = [r[2]];
        varints(r[3], false).forEach(function (v) { out.push(out[out.length - 1] + 1 + v); });
        return out;
      });
      C.ids.forEach(function (r, i) { idStart.push(at); at += typeof r === "string" ? 1 : (numbers[i] ? numbers[i].length : r[3]); });
      at = 0;
      C.per_day.forEach(function (n) { dayStart.push(at); at += n; });
      index = {claims: C, idStart: idStart, numbers: numbers, dayStart: dayStart, own: null, ownStart: null};
    }
    return index;
  }
  /* The last i with starts[i] <= r. */
  function runOf(starts, r) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= r) { lo = mid; } else { hi = mid - 1; } }
    return lo;
  }
  function claimId(C, r) {
    var I = claimsIndex(C), i = runOf(I.idStart, r), run = C.ids[i];
    if (typeof run === "string") { return run; }
    var number = String(I.numbers[i] ? I.numbers[i][r - I.idStart[i]] : run[2] + r - I.idStart[i]);
    while (number.length < run[1]) { number = "0" + number; }
    return run[0] + number;
  }
  function claimAt(C, r) {
    var I = claimsIndex(C), W = C.widths;
    return {id: claimId(C, r), date: C.days[runOf(I.dayStart, r)], who: C.words[digitsAt(C.who, W.who, r)],
            what: C.words[digitsAt(C.what, W.what, r)], link: C.words[digitsAt(C.link, W.link, r)],
            quote: C.quotes[String(r)] || "", place: digitsAt(C.place, W.place, r) - 1};
  }
  /* The row of a claim cited by id (one dated after the map), or -1. */
  function rowOfId(C, id) {
    var I = claimsIndex(C);
    for (var i = 0; i < C.ids.length; i++) {
      var run = C.ids[i];
      if (typeof run === "string") { if (run === id) { return I.idStart[i]; } continue; }
      var rest = id.slice(run[0].length), n = parseInt(rest, 10);
      if (id.lastIndexOf(run[0], 0) !== 0 || !/^[0-9]+$/.test(rest) || rest.length !== run[1]) { continue; }
      if (I.numbers[i]) {
        var k = I.numbers[i].indexOf(n);
        if (k >= 0) { return I.idStart[i] + k; }
      } else if (n >= run[2] && n < run[2] + run[3]) { return I.idStart[i] + n - run[2]; }
    }
    return -1;
  }
  /* Each place's own claims, in table order (a counting sort of the place column, once). */
  function ownIndex(C) {
    var I = claimsIndex(C);
    if (!I.own) {
      /* Each place's own claims, in table order: a counting sort of the place column. */
      var n = C.count, w = C.widths.place, start = new Int32Array(data.places.ids.length + 2), own = new Int32Array(n), r;
      for (r = 0; r < n; r++) { start[digitsAt(C.place, w, r) + 1]++; }
      for (r = 1; r < start.length; r++) { start[r] += start[r - 1]; }
      var fill = start.slice();
      for (r = 0; r < n; r++) { own[fill[digitsAt(C.place, w, r)]++] = r; }
      I.own = own; I.ownStart = start;
    }
    return I;
  }
  /* How many of a place's own claims are among the first ``count`` rows (dated up to the map). */
  function ownCount(C, row, count) {
    var I = ownIndex(C), lo = I.ownStart[row + 1], hi = I.ownStart[row + 2];  /* place + 1 is the column's value */
    while (lo < hi) { var mid = (lo + hi) >> 1; if (I.own[mid] < count) { lo = mid + 1; } else { hi = mid; } }
    return lo - I.ownStart[row + 1];
  }
  /* How many of a place's own claims are dated before ``since`` (YYYY-MM-DD; none if ""). */
  function ownBefore(C, row, since) {
    var I = ownIndex(C), start = I.ownStart[row + 1], lo = start, hi = I.ownStart[row + 2];
    if (!since) { return 0; }
    while (lo < hi) { var mid = (lo + hi) >> 1; if (C.days[runOf(I.dayStart, I.own[mid])] < since) { lo = mid + 1; } else { hi = mid; } }
    return lo - start;
  }
  /* A reference (pagedata.Known): 3k the place's own k-th claim, 3j + 1 its j-th from the
     last up to the map, 3m + 2 its m-th since its since date, -1 - r row r, a string an id. */
  function claimRow(C, ref, row, count, since) {
    if (typeof ref === "string") { return rowOfId(C, ref); }
    if (ref < 0) { return -1 - ref; }
    var I = ownIndex(C), q = Math.floor(ref / 3), k = q;
    if (ref % 3 === 1) { k = ownCount(C, row, count) - 1 - q; }
    if (ref % 3 === 2) { k = ownBefore(C, row, since) + q; }
    var at = I.ownStart[row + 1] + k;
    return k >= 0 && at < I.ownStart[row + 2] ? I.own[at] : -1;
  }
  function refList(x) { return typeof x === "string" ? varints(x, true) : x; }

  function claimItem(D, ref, row, since) {
    var C = data.claims, r = claimRow(C, ref, row, D.day.claims_count, since);
    if (r < 0 || r >= C.count) { return ""; }
    var c = claimAt(C, r);
    var scope = (c.place >= 0 && c.place !== row) ? " (for all of " + D.places.names[c.place] + ")" : "";
    /* A claim dated after the page's date still shapes the state (a later denial makes an
       earlier capture disputed): it is listed, and says so. */
    var later = (D.day && c.date > D.day.date) ? " <b class=\"later\">reported later</b>" : "";
    return "<li>" + c.date + later + " \u00b7 " + c.who + ": " + c.what + scope +
      (c.quote ? " <q>" + c.quote + "</q>" : "") + " <span class=\"meta\">[" + c.id + "] " + c.link + "</span></li>";
  }

  /* One place on one date, from the shared columns and the date's data. */
  function placeInfo(D, n) {
    var P = D.places, Y = D.day, key = String(n);
    var p = {row: n, id: P.ids[n], name: P.names[n], name_ar: P.names_ar[n], kind: P.kinds[P.kind[n]],
             state: D.code[n], stale: !!D.stale[n], precision: P.precision[key] || 1, radius: P.radius[key],
             note: P.notes[key], was: Y.was[key]};
    var j = D.knownAt[n] - 1;
    if (j >= 0) {
      var K = Y.known;
      p.since = D.since[n] - 1; p.confidence = D.confidence[j]; p.claims = refList(K.claims[j]);
      if (K.against[j]) { p.against = refList(K.against[j]); }
      p.more = D.more[j];  /* relative to the place's own claims not listed (placePopup) */
    }
    return p;
  }

  function placePopup(D, p) {
    var P = D.places, st = P.states[p.state];
    var h = "<div class=\"am-popup\"><h3>" + p.name + (p.name_ar ? " <span dir=\"rtl\" lang=\"ar\">" + p.name_ar + "</span>" : "") +
      "</h3><div><b>" + st.label + "</b>";
    if (p.since !== undefined && p.since >= 0) { h += " \u00b7 since " + D.day.words[p.since]; }
    if (p.confidence !== undefined) { h += " \u00b7 confidence " + (p.confidence / 100).toFixed(2); }
    h += " \u00b7 location " + PRECISION[p.precision] + (p.radius ? ", within " + (p.radius / 1000) + " km" : "");
    if (p.stale) { h += " \u00b7 <b>stale</b>: no confirmation for a long time"; }
    h += "</div>";
    if (p.was !== undefined) { h += "<div><b>Changed</b> since " + D.day.previous + ": " + P.states[p.was].label + " \u2192 " + st.label + "</div>"; }
    if (p.note) { h += "<div class=\"meta\">" + p.note + "</div>"; }
    if (!data.claims && ((p.claims && p.claims.length) || p.against)) {
      /* The claims table is still on its way: say so; the open popup is rewritten when it comes. */
      withClaims(function () { if (D.open && D.open.isOpen()) { D.open.update(); } });
      return h + "<div class=\"meta\">Loading the sources\u2026</div></div>";
    }
    var since = p.since !== undefined && p.since >= 0 ? D.day.words[p.since] : "";
    if (p.claims && p.claims.length) { h += "<div>Claims behind it:</div><ul>" + p.claims.map(function (j) { return claimItem(D, j, p.row, since); }).join("") + "</ul>"; }
    if (p.against) { h += "<div class=\"against\">Claims against it:</div><ul>" + p.against.map(function (j) { return claimItem(D, j, p.row, since); }).join("") + "</ul>"; }
    if (p.more !== undefined && data.claims) {
      /* more counts beyond the place's own claims up to the map that the popup leaves out */
      var own = p.claims ? p.claims.filter(function (r) { return typeof r === "number" && r >= 0; }).length : 0;
      p.more += Math.max(ownCount(data.claims, p.row, D.day.claims_count) - ownBefore(data.claims, p.row, since) - own, 0);
    }
    if (p.more) { h += "<div class=\"meta\">\u2026 and " + p.more + " more claim(s) between the first and the latest listed: <code>aleppo-map explain " + p.id + "</code> lists them all.</div>"; }
    if (!(p.claims && p.claims.length) && !p.against) { h += "<div>No claim about this place up to this date.</div>"; }
    return h + "</div>";
  }

  function basicPopup(D, p) {
    var st = D.places.states[p.state];
    return "<b>" + p.name + "</b>" + (p.name_ar ? " <span dir=\"rtl\">" + p.name_ar + "</span>" : "") +
      "<br>" + p.kind + " \u00b7 " + st.label;
  }

  /* A place's popup, written when it opens (10,000 popups written at load cost a second). */
  function popupFor(D, n) {
    var p = placeInfo(D, n);
    return (p.since !== undefined || p.note) ? placePopup(D, p) : basicPopup(D, p);
  }

  /* The events of one place and type (rows of the date's ``events``): each source's
     figures as it gave them, never added up. */
  function eventPopup(D, rows) {
    var P = D.places, w = D.day.words, e0 = rows[0];
    var items = rows.map(function (e) {
      return "<li>" + w[e[2]] + (w[e[3]] ? " \u00b7 " + w[e[3]] : "") + " \u00b7 " + w[e[4]] +
        (e[7] ? " <q>" + e[7] + "</q>" : "") + " <span class=\"meta\">[" + e[6] + "] " + w[e[5]] + "</span></li>";
    }).join("");
    return "<div class=\"am-popup\"><h3>" + P.names[e0[0]] + ": " + w[e0[1]] + "</h3>" +
      "<div class=\"meta\">Figures as each source reported them; never added up across sources.</div><ul>" + items + "</ul></div>";
  }

  function areaPopup(P, props) {
    var km = props.km.toLocaleString("en-US", {minimumFractionDigits: 1, maximumFractionDigits: 1});
    return "<div class=\"am-popup\"><b>Estimated area: " + P.states[props.s].label + "</b><br>" + km + " km\u00b2" +
      "<div class=\"meta\">An estimate: the ground nearest to each place held by its side " +
      "(Voronoi cells of the place points, clipped to the country). Not a front line.</div></div>";
  }

  function add(group, layer) { if (group) { group.addLayer(layer); } }

  /* Rings sent as encoded polylines of thousandths of a degree (pagedata._encode), back to
     GeoJSON coordinates; nested lists keep their nesting. */
  function decodeRings(x) {
    if (typeof x !== "string") { return x.map(decodeRings); }
    var out = [], at = 0, last = [0, 0];
    while (at < x.length) {
      var point = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, value = 0, b;
        do { b = x.charCodeAt(at++) - 63; value |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
        last[k] += (value & 1) ? ~(value >> 1) : (value >> 1);
        point[k] = last[k] / 1000;
      }
      out.push(point);
    }
    return out;
  }

  /* The drawing's view of one date: the shared data, the date's, and per place row its
     state code, whether it is stale and which of the date's details its popup gives. */
  function dayView(D, Y) {
    var P = D.places, N = P.ids.length, code = new Int16Array(N), stale = {}, knownAt = new Int32Array(N);
    for (var n = 0; n < N; n++) { code[n] = DIGIT[Y.state.charCodeAt(n)]; }
    Y.stale.forEach(function (r) { stale[r] = 1; });
    var K = Y.known, s = K.at, at = 0;
    /* 0: no detail; else 1 + the detail's position (varints, most used details shortest) */
    for (n = 0; n < N && at < s.length; n++) {
      var shift = 0, value = 0, b;
      do { b = s.charCodeAt(at++) - 63; value += (b & 0x1f) * Math.pow(2, shift); shift += 5; } while (b >= 0x20);
      knownAt[n] = value;
    }
    D.day = Y; D.code = code; D.stale = stale; D.knownAt = knownAt;
    D.since = varints(K.since, false); D.confidence = varints(K.confidence, false); D.more = varints(K.more, true);
    return D;
  }

  /* The places' rows in drawing order: places of unknown state first, so the known ones are
     drawn on top. */
  function drawOrder(D) {
    var P = D.places, unknown = [], known = [];
    for (var n = 0; n < P.ids.length; n++) { (P.states[D.code[n]].kind === "unknown" ? unknown : known).push(n); }
    return unknown.concat(known);
  }

  /* A page whose cached claims.js is older than the page (claims.js carries no version, so
     that editing one claim does not rewrite every page): say so rather than cite wrongly. */
  function claimsAreCurrent(D) {
    var C = data.claims, k = D.day.claims_count;
    return !k || (C.count >= k && claimId(C, k - 1) === D.day.claims_last);
  }

  function draw(map, groups, opts, inTimeline) {
    mark("draw");
    var D = dayView({places: data.places}, days[opts.date]);
    if (opts.claims) { claimsUrl = opts.claims; }
    map.on("popupopen", function (e) { D.open = e.popup; });
    var P = D.places;
    var renderer = L.canvas({padding: 0.25});
    /* Nothing is added to the map until its view is final (finish): every layer is then
       projected and painted once, not once at the page's first view and again after
       fitBounds. */
    var shown = [];
    function add(group, layer) { if (group) { shown.push([group, layer]); } }
    if (P.country) {
      add(groups.base, L.geoJSON(P.country, {interactive: false,
        style: {color: "#444", weight: 1.5, fill: true, fillColor: "#f4f1ea", fillOpacity: 1}}));
    }
    var polyLayers = {};
    if (P.polygons) {
      add(groups.polygons, L.geoJSON(P.polygons, {
        style: function (f) {
          var n = f.properties.row;
          return polygonStyle(P, D.code[n], D.stale[n], P.kinds[P.kind[n]], inTimeline ? null : D.day.areas);
        },
        onEachFeature: function (f, layer) {
          var n = f.properties.row;
          polyLayers[P.ids[n]] = layer;
          layer.bindPopup(function () { return popupFor(D, n); });
        }
      }));
    }
    if (D.day.areas) {
      var zones = {type: "FeatureCollection", features: D.day.areas.features.map(function (f) {
        return {type: "Feature", properties: f.properties,
                geometry: {type: f.geometry.type, coordinates: decodeRings(f.geometry.coordinates)}};
      })};
      add(groups.areas, L.geoJSON(zones, {
        style: function (f) {
          var st = P.states[f.properties.s];
          return {weight: 0.5, color: st.colour, fillColor: st.colour, fillOpacity: 0.25,
                  dashArray: st.kind === "side" ? null : "4 4"};
        },
        onEachFeature: function (f, layer) { layer.bindPopup(function () { return areaPopup(P, f.properties); }); }
      }));
    }
    /* One circle per place on one canvas; popups and the tooltip are written when needed. */
    var placeLayers = {}, markers = [], approx = [];
    drawOrder(D).forEach(function (n) {
      var ll = L.latLng(P.lat[n], P.lon[n]);
      var m = placeMarker(ll, pointStyle(P, D.code[n], P.kinds[P.kind[n]], D.stale[n]));
      m.options.renderer = renderer;
      m.feature = {properties: {row: n}};
      m.setPlacePopup(function () { return popupFor(D, n); });
      placeLayers[P.ids[n]] = m;
      markers.push(m);
      var r = P.radius[String(n)];
      if (r) {
        approx.push(L.circle(ll, {radius: r, renderer: renderer, fill: false,
          weight: 1.2, color: "#333", dashArray: "5 5", interactive: false}));
      }
    });
    var placeGroup = L.featureGroup(markers);
    /* The first click on a place binds its popup and opens it (later ones are its own). */
    placeGroup.on("click", function (e) {
      var m = e.propagatedFrom || e.layer;
      if (m && m.bindPlacePopup && !m.isPopupOpen()) { L.DomEvent.stop(e); m.openPopup(e.latlng); }
    });
    placeGroup.bindTooltip(function (layer) { return P.names[layer.feature.properties.row]; });
    add(groups.places, placeGroup);
    approx.forEach(function (c) { add(groups.approx, c); });
    if (!inTimeline && D.day.events) { add(groups.events, eventMarkers(D)); }
    D.show = function () {
      shown.forEach(function (gl) { gl[0].addLayer(gl[1]); });
      if (!inTimeline && Object.keys(D.day.was).length) { changeRings(map, groups.changes, D, renderer); }
      if (groups.places) { placeLabels(map, groups.places, D); }
      mark("shown");
    };
    mark("drawn");
    /* For people and tests poking at the page from the console: what was drawn. */
    AM.state = {map: map, groups: groups, places: placeLayers, polygons: polyLayers, ready: false, shown: opts.date || null,
                claims: !!data.claims};
    if (!inTimeline) {
      withClaims(function () {
        if (!claimsAreCurrent(D)) {
          var title = document.querySelector(".am-title");
          if (title) { title.insertAdjacentHTML("beforeend", "<div class=\"against\">Your browser kept an older list of claims than this map cites: reload the page to see every source.</div>"); }
        }
      }, true);
      finish(map, D, placeLayers, null, null);
    }
    return D;
  }

  /* One symbol per place and type of event (the rows come sorted by place, type, date, id). */
  function eventMarkers(D) {
    var P = D.places, w = D.day.words, groups = [], last = null;
    D.day.events.forEach(function (e) {
      if (last && last[0][0] === e[0] && last[0][1] === e[1]) { last.push(e); } else { last = [e]; groups.push(last); }
    });
    return L.layerGroup(groups.map(function (rows) {
      var e = rows[0];
      var m = L.marker([P.lat[e[0]], P.lon[e[0]]], {icon: L.divIcon({className: "am-event", iconSize: [18, 18],
        html: "<span>" + (P.symbols[w[e[1]]] || "\u2022") + "</span>"})});
      return m.bindPopup(function () { return eventPopup(D, rows); });
    }));
  }

  /* Rings around the places that changed. Rings within 40 px of each other at the current
     zoom are drawn as one numbered ring (a click zooms to them), so a hundred changes in one
     city read as one mark at country zoom instead of a black blot. */
  function changeRings(map, group, D, renderer) {
    var rings = L.layerGroup(), P = D.places;
    add(group, rings);
    var items = Object.keys(D.day.was).map(function (key) {
      var n = parseInt(key, 10);
      return {ll: L.latLng(P.lat[n], P.lon[n]), k: P.kinds[P.kind[n]]};
    });
    function redraw() {
      rings.clearLayers();
      var z = map.getZoom(), groupsAt = [];
      /* Greedy: each ring joins the first group whose first ring is within 40 px. */
      items.forEach(function (it) {
        var pt = map.project(it.ll, z);
        for (var g = 0; g < groupsAt.length; g++) {
          if (groupsAt[g].pt.distanceTo(pt) < 40) { groupsAt[g].items.push(it); return; }
        }
        groupsAt.push({pt: pt, items: [it]});
      });
      groupsAt.forEach(function (group) {
        var c = group.items;
        if (c.length === 1 || z >= 13) {
          c.forEach(function (it) {
            /* Not clickable: a click goes through to the place, whose popup says what changed. */
            rings.addLayer(L.circleMarker(it.ll, {renderer: renderer, radius: (RADIUS[it.k] || 3) + 5,
              fill: false, weight: 1.8, color: "#000", opacity: 0.85, interactive: false}));
          });
          return;
        }
        var bounds = L.latLngBounds(c.map(function (it) { return it.ll; }));
        var marker = L.marker(bounds.getCenter(), {keyboard: false, title: c.length + " places changed here: click to zoom in",
          icon: L.divIcon({className: "am-cluster", iconSize: [26, 26], html: "<span>" + c.length + "</span>"})});
        marker.on("click", function () { map.fitBounds(bounds.pad(0.3), {maxZoom: Math.max(z + 2, 13)}); });
        rings.addLayer(marker);
      });
    }
    map.on("zoomend", redraw);
    redraw();
  }

  /* Names written on the map, most important first (pagedata._label_order: kind, then
     population), each from its kind's zoom, as many as fit without overlapping. */
  function placeLabels(map, group, D) {
    var layer = L.layerGroup(), P = D.places, rows = P.labels.rows, from = P.labels.zoom;
    add(group, layer);
    var widths = {};
    function redraw() {
      layer.clearLayers();
      var z = map.getZoom(), view = map.getBounds().pad(0.05), taken = [];
      for (var j = 0; j < rows.length && taken.length < 150; j++) {
        var n = rows[j], kind = P.kinds[P.kind[n]];
        if (!(z >= from[kind])) { continue; }
        var ll = L.latLng(P.lat[n], P.lon[n]);
        if (!view.contains(ll)) { continue; }
        var pt = map.latLngToLayerPoint(ll);
        if (widths[n] === undefined) { widths[n] = unescapeHtml(P.names[n]).length * 6.4 + 8; }
        var box = [pt.x - widths[n] / 2, pt.y - 24, pt.x + widths[n] / 2, pt.y - 6];
        if (taken.some(function (o) { return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]; })) { continue; }
        taken.push(box);
        layer.addLayer(L.marker(ll, {interactive: false, keyboard: false, icon: L.divIcon({
          className: "am-label" + (kind === "city" ? " big" : ""), iconSize: [0, 0], html: "<span>" + P.names[n] + "</span>"})}));
      }
    }
    map.on("moveend", redraw);
    redraw();
  }

  /* The slider: each day shows the map date on or before it (T.snapshots), whose script is
     loaded when the slider first reaches it; only the places whose code differs from the
     day shown are restyled. */
  function timeline(map, groups, T) {
    var last = T.snapshots[T.snapshots.length - 1];
    var D = draw(map, groups, {date: last, claims: T.claims}, true);
    var P = D.places, layers = AM.state.places, polyLayers = AM.state.polygons;
    var frame = T.dates.length - 1, timer = null, wanted = frame;
    var slider = document.getElementById("am-slider");
    var label = document.getElementById("am-date");
    var play = document.getElementById("am-play");
    var link = document.getElementById("am-snapshot");
    slider.max = T.dates.length - 1;
    var open = null;
    /* Popups are written when opened, for the day shown: the state and the claims behind
       it that day (those of the map it shows), and a link to that map. */
    function dayPopup(n) {
      var h = "<div class=\"meta\">on " + T.dates[frame] + "</div>" + popupFor(D, n);
      var snap = T.snapshots[frame];
      if (snap) { h += "<div class=\"meta\"><a href=\"" + snap + ".html\">the map of " + snap + "</a> gives every claim behind each state</div>"; }
      return h;
    }
    Object.keys(layers).forEach(function (id) {
      var layer = layers[id], n = layer.feature.properties.row;
      layer.setPlacePopup(function () { return dayPopup(n); });
      layer.on("popupopen", function (e) { open = e.popup; });
    });
    Object.keys(polyLayers).forEach(function (id) {
      var poly = polyLayers[id], n = poly.feature.properties.row;
      poly.setPopupContent(function () { return dayPopup(n); });
      poly.on("popupopen", function (e) { open = e.popup; });
    });
    function paint(n, Y) {
      var before = D.code.slice();
      dayView(D, Y);
      frame = n;
      for (var r = 0; r < before.length; r++) {
        var code = D.code[r];
        if (code === before[r]) { continue; }
        var layer = layers[P.ids[r]];
        if (layer) {
          layer.setStyle(pointStyle(P, code, P.kinds[P.kind[r]], false));
          if (P.states[code].kind !== "unknown") { layer.bringToFront(); }
        }
        var poly = polyLayers[P.ids[r]];
        if (poly) { poly.setStyle(polygonStyle(P, code, false, P.kinds[P.kind[r]], null)); }
      }
      if (open && open.isOpen()) { open.update(); }
      var snap = T.snapshots[n];
      if (snap) { link.href = snap + ".html"; link.textContent = "snapshot of " + snap; }
      AM.state.shown = T.dates[n];
      if (AM.state.link) { AM.state.link.write(); }
      /* The next map date, ahead of the play button. */
      var ahead = T.snapshots.slice(n).filter(function (d) { return d !== snap; })[0];
      if (ahead) { need(T.base, ahead, function () {}); }
    }
    function show(n, done) {
      wanted = n;
      slider.value = n;
      label.textContent = T.dates[n];
      need(T.base, T.snapshots[n], function (Y) {
        if (wanted === n) { paint(n, Y); }
        if (done) { done(); }
      });
    }
    slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6 play"; return; }
      play.textContent = "\u275a\u275a pause";
      timer = setInterval(function () {
        if (wanted >= T.dates.length - 1) { clearInterval(timer); timer = null; play.textContent = "\u25b6 play"; return; }
        if (frame === wanted) { show(frame + 1); }  /* a day waits for its script */
      }, 900);
    });
    show(T.dates.length - 1);
    finish(map, D, layers, function () { return T.dates[frame]; }, function (day, done) {
      var n = T.dates.indexOf(day);
      if (n >= 0) { show(n, done); } else { done(); }
    });
    return {show: show};
  }


  /* ---- Reading the page: layout, search and a shareable URL ------------------------------ */

  var NARROW = "(max-width: 899px)";  /* below this, two columns of panels leave too little map */

  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html) { e.innerHTML = html; }
    return e;
  }

  /* Every control and panel lives in one grid over the map (.am-ui): cells cannot overlap,
     and panels shrink and scroll inside their cell instead of covering another. Wide screens
     have a left and a right column; narrow ones a top bar (title, search), a zoom column,
     a column of folded panels and a bottom bar (slider, scale, attribution). */
  function arrange(map) {
    var box = el("div", "am-ui");
    var cells = {};
    ["top", "left", "right", "bottom"].forEach(function (k) { cells[k] = box.appendChild(el("div", "am-cell am-" + k)); });
    document.body.appendChild(box);
    var found = function (sel) { return document.querySelector(sel); };
    var parts = {
      title: found(".am-title"), changes: found(".am-changes"), legend: found(".am-legend"),
      timeline: found(".am-timeline"), zoom: map.zoomControl ? map.zoomControl.getContainer() : null,
      scale: map.getContainer().querySelector(".leaflet-control-scale"),
      attribution: map.attributionControl ? map.attributionControl.getContainer() : null
    };
    /* folium's layer list becomes a folding panel like the legend. */
    var control = map.getContainer().querySelector(".leaflet-control-layers");
    if (control) {
      var list = control.querySelector(".leaflet-control-layers-list");
      parts.layers = el("div", "am-panel am-layers", "<details open><summary><b>Layers</b></summary></details>");
      parts.layers.firstChild.appendChild(list);
      list.style.height = "";
      control.style.display = "none";
    }
    Object.keys(parts).forEach(function (k) {
      var p = parts[k];
      if (!p) { delete parts[k]; return; }
      L.DomEvent.disableClickPropagation(p);
      L.DomEvent.disableScrollPropagation(p);
    });
    var folds = [parts.layers, parts.changes, parts.legend].filter(Boolean).map(function (p) { return p.querySelector("details"); });
    var narrow = null;
    function place() {
      var now = window.matchMedia(NARROW).matches;
      if (now === narrow) { return; }
      narrow = now;
      var plan = narrow
        ? {top: ["title"], left: ["zoom"], right: ["layers", "changes", "legend"], bottom: ["timeline", "scale", "attribution"]}
        : {left: ["title", "zoom", "-", "legend", "scale"], right: ["layers", "changes", "-", "timeline", "attribution"]};
      Object.keys(cells).forEach(function (k) {
        cells[k].innerHTML = "";
        (plan[k] || []).forEach(function (name) {
          if (name === "-") { cells[k].appendChild(el("div", "am-spacer")); } else if (parts[name]) { cells[k].appendChild(parts[name]); }
        });
      });
      box.classList.toggle("am-narrow", narrow);
      /* On a phone the panels start folded to their titles, and one opens at a time. */
      folds.forEach(function (d) {
        if (narrow) { d.removeAttribute("open"); } else if (d.dataset.open !== "0") { d.setAttribute("open", ""); }
      });
    }
    folds.forEach(function (d) {
      if (!d.hasAttribute("open")) { d.dataset.open = "0"; }
      d.addEventListener("toggle", function () {
        if (narrow && d.open) { folds.forEach(function (o) { if (o !== d) { o.removeAttribute("open"); } }); }
      });
    });
    place();
    window.addEventListener("resize", place);
    /* The part of the map no panel covers, as padding for fitBounds and popups. */
    box.free = function () {
      var W = window.innerWidth, H = window.innerHeight, r = function (c) { return c.getBoundingClientRect(); };
      if (narrow) { return {tl: L.point(8, r(cells.top).bottom + 8), br: L.point(8, H - r(cells.bottom).top + 8)}; }
      var left = r(cells.left).right, right = r(cells.right).left;
      return (right - left > W / 3) ? {tl: L.point(left + 8, 8), br: L.point(W - right + 8, 8)} : {tl: L.point(8, 8), br: L.point(8, 8)};
    };
    /* Popups fit the free part of the screen: as wide as it allows, scrolling when long,
       and panned clear of the panels. */
    map.on("popupopen", function (e) {
      var rect = function (c) { return c.getBoundingClientRect(); };
      var W = window.innerWidth, H = window.innerHeight;
      var top = narrow ? rect(cells.top).bottom : 0;
      var bottom = narrow ? rect(cells.bottom).top : H;
      var o = e.popup.options;
      /* The content's margins and the frame add about 40 px to maxWidth. */
      o.maxWidth = Math.max(150, Math.min(420, W - 16 - 40));
      o.minWidth = Math.min(200, o.maxWidth);
      o.maxHeight = Math.max(120, Math.round((bottom - top) * 0.8) - 40);
      o.autoPanPaddingTopLeft = L.point(8, top + 8);
      o.autoPanPaddingBottomRight = L.point(8, H - bottom + 8);
      e.popup.update();
    });
    return box;
  }

  /* Names are matched the way aleppo_map.names matches them (normalize, then fold): case,
     Latin diacritics, apostrophes, the Arabic article and letter variants, transliteration. */
  var ENTITY = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'"};
  function unescapeHtml(s) {
    return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (m, e) {
      if (e.charAt(0) === "#") { return String.fromCodePoint(e.charAt(1).toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)); }
      return ENTITY[e] || m;
    });
  }
  var LATIN_ARTICLES = {};
  "al el il ul l a as ash ad adh ar at ath az an es ech ed er et ez en enn".split(" ").forEach(function (w) { LATIN_ARTICLES[w] = 1; });
  var LEADING = {the: 1, le: 1, la: 1, les: 1, los: 1, las: 1, el: 1};
  var HYPHEN_ARTICLE = /(^|[^a-z0-9\u0600-\u06ff])(al|el|il|ul|l|a|as|ash|ad|adh|ar|at|ath|az|an|es|ech|ed|er|et|ez|en|enn)-(?=[a-z0-9\u0600-\u06ff])/g;
  var AR_LETTERS = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0629": "\u0647",
                    "\u0649": "\u064a", "\u0624": "\u0648", "\u0626": "\u064a", "\u06a9": "\u0643", "\u06cc": "\u064a"};
  function normalize(name) {
    var t = name.normalize("NFKC").replace(/[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671\u0629\u0649\u0624\u0626\u06a9\u06cc]/g, function (c) { return AR_LETTERS[c]; });
    t = t.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    t = t.replace(/['\u2019\u2018\u02bf\u02be`\u00b4\u02bc\u2032\u0621]/g, "").replace(HYPHEN_ARTICLE, "$1");
    var words = t.split(/[\s\-\u2010-\u2015_.,/()[\]"\u00ab\u00bb:;]+/).filter(Boolean);
    words = words.map(function (w) { return (w.indexOf("\u0627\u0644") === 0 && w.length > 3) ? w.slice(2) : w; });
    if (words.length > 1 && LEADING[words[0]]) { words = words.slice(1); }
    if (words.length > 1) {
      var kept = words.filter(function (w, i) { return !LATIN_ARTICLES[w] || i === words.length - 1; });
      words = kept.length ? kept : words;
    }
    return words.join(" ");
  }
  var FOLD = [["ou", "u"], ["oo", "u"], ["ee", "i"], ["dj", "j"], ["ch", "sh"], ["ph", "f"], ["q", "k"], ["y", "i"],
              ["w", "u"], ["ai", "i"], ["ei", "i"], ["e", "i"], ["o", "u"]];
  function fold(name) {
    var t = normalize(name);
    if (/[\u0600-\u06ff]/.test(t)) { return t; }
    t = t.replace(/([aeiou])h\b/g, "$1");
    FOLD.forEach(function (pair) { t = t.split(pair[0]).join(pair[1]); });
    return t.replace(/(.)\1+/g, "$1").replace(/(\w\w)[aiu]+\b/g, "$1");
  }
  var KIND_RANK = {country: 0, governorate: 1, city: 2, district: 3, airport: 4, airbase: 4, town: 5,
                   subdistrict: 6, neighbourhood: 7, landmark: 8, village: 9};

  /* Type-ahead over the names already in the page; the index is built on first use. */
  function searchBox(map, D, places, layers, title) {
    var wrap = el("div", "am-search");
    wrap.innerHTML = "<input id=\"am-search\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" " +
      "placeholder=\"Find a place (English or \u0639\u0631\u0628\u064a)\" aria-label=\"Find a place\">" +
      "<ul id=\"am-found\" role=\"listbox\" hidden></ul>";
    title.appendChild(wrap);
    var input = wrap.firstChild, list = wrap.lastChild, index = null, shown = [];
    function build() {
      index = [];
      var P = D.places;
      for (var n = 0; n < P.ids.length; n++) {
        var names = [P.names[n], P.names_ar[n]].concat(P.aliases[String(n)] || []);
        var keys = {};
        names.forEach(function (v) { if (v) { keys[fold(unescapeHtml(v))] = 1; } });
        index.push({n: n, keys: Object.keys(keys).map(function (k) { return " " + k; }), rank: KIND_RANK[P.kinds[P.kind[n]]] || 9});
      }
    }
    function find(q) {
      var key = fold(q.trim());
      if (!key) { return []; }
      var out = [];
      index.forEach(function (e) {
        var best = 9;
        e.keys.forEach(function (k) {
          if (k === " " + key) { best = Math.min(best, 0); } else if (k.indexOf(" " + key) === 0) { best = Math.min(best, 1); } else if (k.indexOf(" " + key) > 0) { best = Math.min(best, 2); }
        });
        if (best < 9) { out.push([best, e.rank, e.n]); }
      });
      out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      return out.slice(0, 8).map(function (x) { return x[2]; });
    }
    function render() {
      if (!index) { build(); }
      shown = find(input.value);
      var P = D.places;
      list.innerHTML = shown.map(function (n, j) {
        return "<li role=\"option\" data-n=\"" + n + "\"" + (j === 0 ? " class=\"am-active\"" : "") + ">" + P.names[n] +
          (P.names_ar[n] ? " <span dir=\"rtl\" lang=\"ar\">" + P.names_ar[n] + "</span>" : "") + " <small>" + P.kinds[P.kind[n]] + "</small></li>";
      }).join("") || (input.value.trim() ? "<li class=\"am-none\">no place of that name</li>" : "");
      list.hidden = !input.value.trim();
    }
    function open(n) {
      var id = D.places.ids[n], layer = layers[id];
      list.hidden = true;
      input.value = unescapeHtml(D.places.names[n]);
      if (!layer) { return; }
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 11), {animate: false});
      layer.openPopup();
    }
    /* The index is built when the box gets the focus (≈ 0.3 s for 10,000 places), not while
       the page opens: most readers never search. */
    input.addEventListener("focus", function () { if (!index) { build(); } });
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && shown.length) { e.preventDefault(); open(shown[0]); }
      if (e.key === "Escape") { list.hidden = true; }
    });
    list.addEventListener("click", function (e) {
      var li = e.target.closest("li[data-n]");
      if (li) { open(parseInt(li.getAttribute("data-n"), 10)); }
    });
    return {find: find, open: open};
  }

  /* The URL's hash says what the reader sees: #date=YYYY-MM-DD&map=zoom/lat/lon&place=id,
     restored on load and kept up to date, so a view can be shared as a link. */
  function readHash() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { out[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
    return out;
  }

  function permalink(map, layers, date) {
    var state = {place: null}, timer = null;
    /* Debounced: dragging the slider or the map writes the URL once it settles. */
    function write() {
      clearTimeout(timer);
      timer = setTimeout(now, 120);
    }
    function now() {
      var c = map.getCenter(), z = map.getZoom();
      var digits = Math.max(2, Math.ceil(Math.log(Math.pow(2, z)) / Math.LN10) + 1);
      var parts = [];
      if (date && date()) { parts.push("date=" + date()); }
      parts.push("map=" + z + "/" + c.lat.toFixed(digits) + "/" + c.lng.toFixed(digits));
      if (state.place) { parts.push("place=" + encodeURIComponent(state.place)); }
      history.replaceState(null, "", "#" + parts.join("&"));
    }
    var ids = new Map();
    Object.keys(layers).forEach(function (id) { ids.set(layers[id], id); });
    map.on("moveend", write);
    map.on("popupopen", function (e) { var id = ids.get(e.popup._source); state.place = id || null; write(); });
    map.on("popupclose", function (e) { if (ids.get(e.popup._source) === state.place) { state.place = null; write(); } });
    function restore(h) {
      var m = /^(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(h.map || "");
      if (m) { map.setView([parseFloat(m[2]), parseFloat(m[3])], parseInt(m[1], 10), {animate: false}); }
      if (h.place && layers[h.place]) {
        if (!m) { map.setView(layers[h.place].getLatLng(), Math.max(map.getZoom(), 11), {animate: false}); }
        layers[h.place].openPopup();
      }
    }
    return {write: write, restore: restore};
  }

  /* After folium's own scripts (bounds, layer list) have run: lay out, search, restore. */
  function finish(map, D, placeLayers, date, setDate) {
    setTimeout(function () {
      var ui = arrange(map);
      var bounds = D.day && D.day.bounds;
      if (bounds && !setDate && !/(^#|&)map=/.test(location.hash)) {
        var free = ui.free();
        map.fitBounds(bounds, {animate: false, paddingTopLeft: free.tl, paddingBottomRight: free.br});
      }
      if (D.show) { D.show(); D.show = null; }
      var title = document.querySelector(".am-title");
      if (title && D.places) { AM.state.search = searchBox(map, D, D.places, placeLayers, title); }
      var link = AM.state.link = permalink(map, placeLayers, date);
      var h = readHash();
      function restore() { link.restore(h); AM.state.ready = true; mark("ready"); }
      /* The claims table once the page has loaded and the browser is idle. */
      var idle = function () { (window.requestIdleCallback || setTimeout)(askClaims, {timeout: 1000}); };
      if (document.readyState === "complete") { idle(); } else { window.addEventListener("load", idle); }
      /* The timeline's day may need its script first: restore (and be ready) once drawn. */
      if (h.date && setDate) { setDate(h.date, restore); } else { restore(); }
    }, 0);
  }

  /* The page's calls (render.StateLayers) run once its data scripts are unpacked. */
  function drawPage(map, groups, opts) { whenLoaded(function () { draw(map, groups, opts); }); }
  function timelinePage(map, groups, T) { whenLoaded(function () { timeline(map, groups, T); }); }

  return {load: load, draw: drawPage, normalize: normalize, fold: fold, timeline: timelinePage, pointStyle: pointStyle, state: null};
})();
