// The social map: the neighbourhood's boundary and its resources as dots. An extra for
// sighted users; the list on the page holds the same places and works without this file.
// Leaflet is loaded only when the page has places with coordinates. No map tiles: nothing
// is fetched from another host.
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

  function draw(canvas) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".social-map__item[data-lat]"));
    if (!items.length) { return; }
    canvas.hidden = false;
    // A picture, not a widget: nothing in it takes keyboard focus (the list is the way in).
    var map = window.L.map(canvas, {
      attributionControl: false, zoomControl: false, keyboard: false, zoomSnap: 0.25
    });
    var bounds = window.L.latLngBounds([]);
    items.forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      bounds.extend(point);
      window.L.circleMarker(point, {
        radius: 8, color: "#073d31", fillColor: "#0b5d4b", fillOpacity: 0.9, interactive: false
      }).addTo(map);
    });
    map.fitBounds(bounds.pad(0.3), { maxZoom: 16 });
    fetch(canvas.dataset.boundaryUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.boundary) { return; }
        var outline = window.L.geoJSON(data.boundary, {
          style: { color: "#1b1f24", weight: 2, fill: false }, interactive: false
        }).addTo(map);
        map.fitBounds(outline.getBounds().extend(bounds), { maxZoom: 16 });
      })
      .catch(function () { /* the boundary is a nicety; the dots stay */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var canvas = document.getElementById("social-map-canvas");
    if (!canvas) { return; }
    Promise.all([
      load("link", { rel: "stylesheet", href: canvas.dataset.leafletCss }),
      load("script", { src: canvas.dataset.leafletJs })
    ]).then(function () { draw(canvas); });
  });
})();
