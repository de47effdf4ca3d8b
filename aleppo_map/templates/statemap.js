/* aleppo_map: draws a state map from one data object. Every string in the data was
   HTML-escaped in Python (aleppo_map/escape.py), so it is inserted as HTML without risk. */
var AM = (function () {
  "use strict";
  var RADIUS = {city: 7, town: 5, airport: 5, airbase: 5, landmark: 4, neighbourhood: 4,
                village: 3, district: 3, subdistrict: 3, governorate: 4, country: 4};
  var SYMBOL = {airstrike: "\u2708", shelling: "\u2739", "suicide-bombing": "\u2738", "car-bomb": "\u2622",
                clashes: "\u2694", displacement: "\u21e2", "equipment-seized": "\u2691", attack: "\u26a0",
                casualties: "\u271a"};

  function pointStyle(D, code, kind, stale) {
    var st = D.states[code];
    var s = {radius: RADIUS[kind] || 3, weight: 1, color: "#222", opacity: 1,
             fillColor: st.colour, fillOpacity: 0.9};
    if (st.kind === "unknown") { s.radius = 2; s.weight = 0; s.fillOpacity = 0.45; }
    if (st.kind === "contested") { s.weight = 2.5; s.dashArray = "3 3"; s.color = "#000"; s.fillOpacity = 0.6; }
    if (st.kind === "disputed") { s.weight = 2.5; s.dashArray = "1 4"; s.color = "#000"; s.fillOpacity = 0.2; }
    if (stale) { s.fillOpacity *= 0.35; s.opacity = 0.4; }
    return s;
  }

  function polygonStyle(D, code, stale, kind) {
    var st = D.states[code];
    /* Regions are drawn lighter than neighbourhoods: a governorate's state is coarse. */
    var s = {weight: 1, color: "#555", fillColor: st.colour, fillOpacity: kind === "governorate" ? 0.15 : 0.35, opacity: 0.8};
    if (st.kind === "unknown") { s.fillOpacity = 0; s.color = "#999"; s.weight = 0.6; }
    if (st.kind === "contested") { s.dashArray = "6 4"; s.weight = 2; s.color = "#000"; }
    if (st.kind === "disputed") { s.dashArray = "2 5"; s.weight = 2; s.color = "#000"; s.fillOpacity = 0.1; }
    if (stale) { s.fillOpacity *= 0.35; }
    /* With estimated zones drawn, a governorate's coarse fill would tint them: outline only. */
    if (kind === "governorate" && D.areas) { s.fillOpacity = 0; }
    return s;
  }

  var PRECISION = {1: "exact", 2: "approximate", 3: "centroid of a region"};

  function claimItem(D, j, row) {
    var c = D.claims.rows[j], w = D.claims.words; /* id, date, who, what, quote, source, place row */
    var scope = (c[6] >= 0 && c[6] !== row) ? " (for all of " + D.places.n[c[6]] + ")" : "";
    /* A claim dated after the page's date still shapes the state (a later denial makes an
       earlier capture disputed): it is listed, and says so. */
    var later = (D.date && w[c[1]] > D.date) ? " <b class=\"later\">reported later</b>" : "";
    return "<li>" + w[c[1]] + later + " \u00b7 " + w[c[2]] + ": " + w[c[3]] + scope + (c[4] ? " <q>" + c[4] + "</q>" : "") +
      " <span class=\"meta\">[" + c[0] + "] " + w[c[5]] + "</span></li>";
  }

  function placePopup(D, p) {
    var st = D.states[p.s];
    var h = "<div class=\"am-popup\"><h3>" + p.n + (p.a ? " <span dir=\"rtl\" lang=\"ar\">" + p.a + "</span>" : "") +
      "</h3><div><b>" + st.label + "</b>";
    if (p.since !== undefined && p.since >= 0) { h += " \u00b7 since " + D.claims.words[p.since]; }
    if (p.c !== undefined) { h += " \u00b7 confidence " + (p.c / 100).toFixed(2); }
    h += " \u00b7 location " + PRECISION[p.q || 1] + (p.x ? ", within " + (p.x / 1000) + " km" : "");
    if (p.t) { h += " \u00b7 <b>stale</b>: no confirmation for a long time"; }
    h += "</div>";
    if (p.was !== undefined) { h += "<div><b>Changed</b> since " + D.previous + ": " + D.states[p.was].label + " \u2192 " + st.label + "</div>"; }
    if (p.note) { h += "<div class=\"meta\">" + p.note + "</div>"; }
    if (p.sup && p.sup.length) { h += "<div>Claims behind it:</div><ul>" + p.sup.map(function (j) { return claimItem(D, j, p.r); }).join("") + "</ul>"; }
    if (p.con) { h += "<div class=\"against\">Claims against it:</div><ul>" + p.con.map(function (j) { return claimItem(D, j, p.r); }).join("") + "</ul>"; }
    if (p.more) { h += "<div class=\"meta\">\u2026 and " + p.more + " more claim(s) between the first and the latest listed: <code>aleppo-map explain " + p.i + "</code> lists them all.</div>"; }
    if (!(p.sup && p.sup.length) && !p.con) { h += "<div>No claim about this place up to this date.</div>"; }
    return h + "</div>";
  }

  function basicPopup(D, p, code) {
    var st = D.states[code];
    return "<b>" + p.n + "</b>" + (p.a ? " <span dir=\"rtl\">" + p.a + "</span>" : "") +
      "<br>" + p.k + " \u00b7 " + st.label;
  }

  function add(group, layer) { if (group) { group.addLayer(layer); } }

  /* The places come in columns (see render._places); rebuild one GeoJSON FeatureCollection. */
  function expand(C) {
    var features = new Array(C.i.length);
    for (var n = 0; n < C.i.length; n++) {
      var p = {r: n, i: C.i[n], n: C.n[n], a: C.a[n], k: C.kinds[C.k[n]], s: C.s[n]};
      ["t", "x", "q", "note", "was"].forEach(function (key) {
        if (C[key][n] !== undefined) { p[key] = C[key][n]; }
      });
      features[n] = {type: "Feature", geometry: {type: "Point", coordinates: [C.lon[n], C.lat[n]]}, properties: p};
    }
    var K = C.known;
    if (K) {
      K.rows.forEach(function (n, j) {
        var p = features[n].properties;
        p.since = K.since[j]; p.c = K.c[j]; p.sup = K.sup[j];
        if (K.con[j]) { p.con = K.con[j]; }
        if (K.more && K.more[j]) { p.more = K.more[j]; }
      });
    }
    return {type: "FeatureCollection", features: features};
  }

  function draw(map, groups, D, inTimeline) {
    var renderer = L.canvas({padding: 0.5});
    var places = D.places ? expand(D.places) : null;
    var byId = {};
    if (places) { places.features.forEach(function (f) { byId[f.properties.i] = f.properties; }); }
    function popupFor(p) { return (D.claims && (p.since !== undefined || p.note)) ? placePopup(D, p) : basicPopup(D, p, p.s); }
    if (D.country) {
      add(groups.base, L.geoJSON(D.country, {interactive: false,
        style: {color: "#444", weight: 1.5, fill: true, fillColor: "#f4f1ea", fillOpacity: 1}}));
    }
    if (D.polygons) {
      add(groups.polygons, L.geoJSON(D.polygons, {
        style: function (f) { return polygonStyle(D, f.properties.s, f.properties.t, f.properties.k); },
        onEachFeature: function (f, layer) {
          var own = byId[f.properties.i];
          layer.bindPopup(own ? popupFor(own) : basicPopup(D, f.properties, f.properties.s));
        }
      }));
    }
    if (D.areas) {
      add(groups.areas, L.geoJSON(D.areas, {
        style: function (f) {
          var st = D.states[f.properties.s];
          return {weight: 0.5, color: st.colour, fillColor: st.colour, fillOpacity: 0.25,
                  dashArray: st.kind === "side" ? null : "4 4"};
        },
        onEachFeature: function (f, layer) { layer.bindPopup(f.properties.p); }
      }));
    }
    var placeLayers = {};
    if (places) {
      add(groups.places, L.geoJSON(places, {
        pointToLayer: function (f, latlng) {
          var p = f.properties;
          var m = L.circleMarker(latlng, Object.assign({renderer: renderer}, pointStyle(D, p.s, p.k, p.t)));
          placeLayers[p.i] = m;
          return m;
        },
        onEachFeature: function (f, layer) {
          layer.bindPopup(popupFor(f.properties));
          layer.bindTooltip(f.properties.n);
        }
      }));
      places.features.forEach(function (f) {
        if (f.properties.x) {
          var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          add(groups.approx, L.circle(ll, {radius: f.properties.x, renderer: renderer, fill: false,
            weight: 1.2, color: "#333", dashArray: "5 5", interactive: false}));
        }
      });
    }
    if (D.changes) { changeRings(map, groups.changes, D, renderer); }
    if (D.labels && D.places && groups.places) { placeLabels(map, groups.places, D); }
    if (D.events) {
      add(groups.events, L.geoJSON(D.events, {
        pointToLayer: function (f, latlng) {
          return L.marker(latlng, {icon: L.divIcon({className: "am-event", iconSize: [18, 18],
            html: "<span>" + (SYMBOL[f.properties.y] || "\u2022") + "</span>"})});
        },
        onEachFeature: function (f, layer) { layer.bindPopup(f.properties.p); }
      }));
    }
    /* For people and tests poking at the page from the console: what was drawn. */
    AM.state = {map: map, groups: groups, places: placeLayers, ready: false};
    if (!inTimeline) { finish(map, D, placeLayers, null, null); }
    return placeLayers;
  }

  /* Rings around the places that changed. Rings within 40 px of each other at the current
     zoom are drawn as one numbered ring (a click zooms to them), so a hundred changes in one
     city read as one mark at country zoom instead of a black blot. */
  function changeRings(map, group, D, renderer) {
    var rings = L.layerGroup();
    add(group, rings);
    var items = D.changes.features.map(function (f) {
      return {ll: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]), k: f.properties.k};
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

  /* Names written on the map, most important first (render._label_order: kind, then
     population), each from its kind's zoom, as many as fit without overlapping. */
  function placeLabels(map, group, D) {
    var layer = L.layerGroup(), C = D.places, rows = D.labels.rows, from = D.labels.zoom;
    add(group, layer);
    var widths = {};
    function redraw() {
      layer.clearLayers();
      var z = map.getZoom(), view = map.getBounds().pad(0.05), taken = [];
      for (var j = 0; j < rows.length && taken.length < 150; j++) {
        var n = rows[j], kind = C.kinds[C.k[n]];
        if (!(z >= from[kind])) { continue; }
        var ll = L.latLng(C.lat[n], C.lon[n]);
        if (!view.contains(ll)) { continue; }
        var pt = map.latLngToLayerPoint(ll);
        if (widths[n] === undefined) { widths[n] = unescapeHtml(C.n[n]).length * 6.4 + 8; }
        var box = [pt.x - widths[n] / 2, pt.y - 24, pt.x + widths[n] / 2, pt.y - 6];
        if (taken.some(function (o) { return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]; })) { continue; }
        taken.push(box);
        layer.addLayer(L.marker(ll, {interactive: false, keyboard: false, icon: L.divIcon({
          className: "am-label" + (kind === "city" ? " big" : ""), iconSize: [0, 0], html: "<span>" + C.n[n] + "</span>"})}));
      }
    }
    map.on("moveend", redraw);
    redraw();
  }

  function timeline(map, groups, D) {
    var frame = 0, timer = null;
    var layers = draw(map, groups, D, true);
    var polyLayers = {};
    if (groups.polygons) {
      groups.polygons.eachLayer(function (gj) {
        gj.eachLayer(function (l) { polyLayers[l.feature.properties.i] = l; });
      });
    }
    var slider = document.getElementById("am-slider");
    var label = document.getElementById("am-date");
    var play = document.getElementById("am-play");
    var link = document.getElementById("am-snapshot");
    slider.max = D.dates.length - 1;
    var open = null, activeRow = {};
    D.active.forEach(function (id, j) { activeRow[id] = j; });
    /* Popups are written when opened, for the day shown: the state, then the claims about
       the place dated up to that day (the latest few), with their links. */
    function dayPopup(id, props) {
      var j = activeRow[id], day = D.dates[frame];
      var code = j === undefined ? props.s : D.alphabet.indexOf(D.frames[frame].charAt(j));
      var h = "<div class=\"am-popup\">" + basicPopup(D, props, code) + " <span class=\"meta\">on " + day + "</span>";
      var refs = (j !== undefined && D.history) ? D.history[j].filter(function (r) { return D.claims.words[D.claims.rows[r][1]] <= day; }) : [];
      if (refs.length) {
        var shown = refs.slice(-5);
        h += "<ul>" + shown.map(function (r) { return claimItem(D, r, props.r); }).join("") + "</ul>";
        if (refs.length > shown.length) { h += "<div class=\"meta\">\u2026 and " + (refs.length - shown.length) + " earlier claim(s): see the dated maps.</div>"; }
      } else { h += "<div class=\"meta\">No claim about this place up to this day.</div>"; }
      var snap = D.snapshots[frame];
      if (snap) { h += "<div class=\"meta\"><a href=\"" + snap + ".html\">the map of " + snap + "</a> gives every claim behind each state</div>"; }
      return h + "</div>";
    }
    Object.keys(layers).forEach(function (id) {
      var layer = layers[id];
      layer.setPopupContent(function () { return dayPopup(id, layer.feature.properties); });
      layer.on("popupopen", function (e) { open = e.popup; });
    });
    Object.keys(polyLayers).forEach(function (id) {
      var poly = polyLayers[id];
      poly.setPopupContent(function () { return dayPopup(id, layers[id] ? layers[id].feature.properties : poly.feature.properties); });
      poly.on("popupopen", function (e) { open = e.popup; });
    });
    function show(n) {
      frame = n;
      slider.value = n;
      label.textContent = D.dates[n];
      var codes = D.frames[n];
      D.active.forEach(function (id, j) {
        var code = D.alphabet.indexOf(codes.charAt(j));
        var layer = layers[id];
        if (layer) {
          var p = layer.feature.properties;
          layer.setStyle(pointStyle(D, code, p.k, false));
          if (code !== D.unknown) { layer.bringToFront(); }
        }
        var poly = polyLayers[id];
        if (poly) { poly.setStyle(polygonStyle(D, code, false, poly.feature.properties.k)); }
      });
      if (open && open.isOpen()) { open.update(); }
      var snap = D.snapshots[n];
      if (snap) { link.href = snap + ".html"; link.textContent = "snapshot of " + snap; }
      if (AM.state.link) { AM.state.link.write(); }
    }
    slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6 play"; return; }
      play.textContent = "\u275a\u275a pause";
      timer = setInterval(function () {
        if (frame >= D.dates.length - 1) { clearInterval(timer); timer = null; play.textContent = "\u25b6 play"; return; }
        show(frame + 1);
      }, 900);
    });
    show(D.dates.length - 1);
    finish(map, D, layers, function () { return D.dates[frame]; }, function (day) {
      var n = D.dates.indexOf(day);
      if (n >= 0) { show(n); }
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
      var C = D.places;
      for (var n = 0; n < C.i.length; n++) {
        var names = [C.n[n], C.a[n]].concat((D.aliases && D.aliases[n]) || []);
        var keys = {};
        names.forEach(function (v) { if (v) { keys[fold(unescapeHtml(v))] = 1; } });
        index.push({n: n, keys: Object.keys(keys).map(function (k) { return " " + k; }), rank: KIND_RANK[C.kinds[C.k[n]]] || 9});
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
      var C = D.places;
      list.innerHTML = shown.map(function (n, j) {
        return "<li role=\"option\" data-n=\"" + n + "\"" + (j === 0 ? " class=\"am-active\"" : "") + ">" + C.n[n] +
          (C.a[n] ? " <span dir=\"rtl\" lang=\"ar\">" + C.a[n] + "</span>" : "") + " <small>" + C.kinds[C.k[n]] + "</small></li>";
      }).join("") || (input.value.trim() ? "<li class=\"am-none\">no place of that name</li>" : "");
      list.hidden = !input.value.trim();
    }
    function open(n) {
      var id = D.places.i[n], layer = layers[id];
      list.hidden = true;
      input.value = unescapeHtml(D.places.n[n]);
      if (!layer) { return; }
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 11), {animate: false});
      layer.openPopup();
    }
    /* Build the index when the page is idle, so the first letter typed answers at once. */
    (window.requestIdleCallback || setTimeout)(function () { if (!index) { build(); } });
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
      if (D.bounds && !/(^#|&)map=/.test(location.hash)) {
        var free = ui.free();
        map.fitBounds(D.bounds, {animate: false, paddingTopLeft: free.tl, paddingBottomRight: free.br});
      }
      var title = document.querySelector(".am-title");
      if (title && D.places) { AM.state.search = searchBox(map, D, D.places, placeLayers, title); }
      var link = AM.state.link = permalink(map, placeLayers, date);
      var h = readHash();
      if (h.date && setDate) { setDate(h.date); }
      link.restore(h);
      AM.state.ready = true;
    }, 0);
  }

  return {draw: draw, normalize: normalize, fold: fold, timeline: timeline, pointStyle: pointStyle, expand: expand, state: null};
})();
