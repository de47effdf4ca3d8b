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
    return "<li>" + w[c[1]] + " \u00b7 " + w[c[2]] + ": " + w[c[3]] + scope + (c[4] ? " <q>" + c[4] + "</q>" : "") +
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

  function draw(map, groups, D) {
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
          layer.bindPopup(own ? popupFor(own) : basicPopup(D, f.properties, f.properties.s), {maxWidth: 420});
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
          layer.bindPopup(popupFor(f.properties), {maxWidth: 420});
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
    if (D.changes) {
      add(groups.changes, L.geoJSON(D.changes, {
        pointToLayer: function (f, latlng) {
          /* Not clickable: a click goes through to the place, whose popup says what changed. */
          return L.circleMarker(latlng, {renderer: renderer, radius: (RADIUS[f.properties.k] || 3) + 5,
            fill: false, weight: 1.8, color: "#000", opacity: 0.85, interactive: false});
        }
      }));
    }
    if (D.events) {
      add(groups.events, L.geoJSON(D.events, {
        pointToLayer: function (f, latlng) {
          return L.marker(latlng, {icon: L.divIcon({className: "am-event", iconSize: [18, 18],
            html: "<span>" + (SYMBOL[f.properties.y] || "\u2022") + "</span>"})});
        },
        onEachFeature: function (f, layer) { layer.bindPopup(f.properties.p, {maxWidth: 420}); }
      }));
    }
    /* For people and tests poking at the page from the console: what was drawn. */
    AM.state = {map: map, groups: groups, places: placeLayers};
    compactOnPhones();
    return placeLayers;
  }

  /* On a phone the open legend and layer list would cover the map: start them folded (a tap
     on "Legend" or on the layers button opens them). Runs after the layer control exists. */
  function compactOnPhones() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 700px)").matches) { return; }
    setTimeout(function () {
      document.querySelectorAll(".am-legend details").forEach(function (d) { d.open = false; });
      document.querySelectorAll(".leaflet-control-layers-expanded").forEach(function (c) {
        c.classList.remove("leaflet-control-layers-expanded");
        c.addEventListener("click", function (e) {
          if (e.target.classList.contains("leaflet-control-layers-toggle")) {
            e.preventDefault();
            c.classList.toggle("leaflet-control-layers-expanded");
          }
        });
      });
    }, 0);
  }

  function timeline(map, groups, D) {
    var frame = 0, timer = null;
    var layers = draw(map, groups, D);
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
          layer.setPopupContent(basicPopup(D, p, code));
          if (code !== D.unknown) { layer.bringToFront(); }
        }
        var poly = polyLayers[id];
        if (poly) { poly.setStyle(polygonStyle(D, code, false, poly.feature.properties.k)); poly.setPopupContent(basicPopup(D, poly.feature.properties, code)); }
      });
      var snap = D.snapshots[n];
      if (snap) { link.href = snap + ".html"; link.textContent = "snapshot of " + snap; }
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
    return {show: show};
  }

  return {draw: draw, timeline: timeline, pointStyle: pointStyle, expand: expand, state: null};
})();
