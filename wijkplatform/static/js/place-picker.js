// Place a pin on the neighbourhood's own boundary instead of typing coordinates. An extra
// for people who can use a map: the place and coordinate fields stay, and work without it.
// No map tiles: only the boundary is drawn, so nothing is fetched from another host.
(function () {
  "use strict";

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (key) { element[key] = attributes[key]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // Ray casting over GeoJSON rings ([lon, lat] pairs): inside the outer ring, outside holes.
  function inRing(lat, lon, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }
  function inPolygon(lat, lon, rings) {
    if (!inRing(lat, lon, rings[0])) { return false; }
    for (var k = 1; k < rings.length; k++) { if (inRing(lat, lon, rings[k])) { return false; } }
    return true;
  }
  function inside(lat, lon, geometry) {
    if (geometry.type === "Feature") { return inside(lat, lon, geometry.geometry); }
    if (geometry.type === "FeatureCollection") {
      return geometry.features.some(function (f) { return inside(lat, lon, f); });
    }
    if (geometry.type === "Polygon") { return inPolygon(lat, lon, geometry.coordinates); }
    if (geometry.type === "MultiPolygon") {
      return geometry.coordinates.some(function (rings) { return inPolygon(lat, lon, rings); });
    }
    return false;
  }

  function start(picker, boundary) {
    var latitude = document.getElementById("latitude");
    var longitude = document.getElementById("longitude");
    var message = document.getElementById("place-picker-message");
    var canvas = picker.querySelector(".place-picker__canvas");
    picker.hidden = false;
    // A picture for mouse and touch (aria-hidden): nothing in it takes keyboard focus.
    var map = window.L.map(canvas, {
      attributionControl: false, zoomControl: false, keyboard: false, zoomSnap: 0.25
    });
    var outline = window.L.geoJSON(boundary, {
      style: { color: "#1b1f24", weight: 2, fillColor: "#0b5d4b", fillOpacity: 0.08 }
    }).addTo(map);
    map.fitBounds(outline.getBounds());
    var pin = null;
    function place(lat, lon) {
      if (pin) { pin.setLatLng([lat, lon]); } else {
        pin = window.L.circleMarker([lat, lon], {
          radius: 9, color: "#1b1f24", fillColor: "#b3470b", fillOpacity: 1, interactive: false
        }).addTo(map);
      }
    }
    if (latitude.value && longitude.value) {
      place(parseFloat(latitude.value), parseFloat(longitude.value));
    }
    function choose(event) {
      var lat = event.latlng.lat, lon = event.latlng.lng;
      if (!inside(lat, lon, boundary)) {
        message.textContent = picker.dataset.outside;
        return;
      }
      place(lat, lon);
      latitude.value = lat.toFixed(5);
      longitude.value = lon.toFixed(5);
      var details = latitude.closest("details");
      if (details) { details.open = true; }
      message.textContent = picker.dataset.placed;
    }
    map.on("click", choose);
    outline.on("click", choose);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var picker = document.getElementById("place-picker");
    if (!picker || !document.getElementById("latitude")) { return; }
    fetch(picker.dataset.boundaryUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.boundary) { return; }  // no boundary: the fields are the way
        return Promise.all([
          load("link", { rel: "stylesheet", href: picker.dataset.leafletCss }),
          load("script", { src: picker.dataset.leafletJs })
        ]).then(function () { start(picker, data.boundary); });
      })
      .catch(function () { /* the map is an extra; the fields stay */ });
  });
})();
