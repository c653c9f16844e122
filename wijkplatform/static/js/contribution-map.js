// The map on the neighbourhood page: the neighbourhood's boundary with one marker per
// contribution that has a place. An extra for people who use a map: the list beside it holds
// the same places as text and links, and is all that shows without this file. No map tiles:
// nothing is fetched from another host. The map is a still picture (no dragging, no zooming
// with the wheel or a finger), so on a phone a swipe over it scrolls the page; each marker
// is a link that the keyboard reaches with Tab.
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

  function marker(item) {
    var source = item.querySelector("a");
    var link = document.createElement("a");
    link.href = source.getAttribute("href");
    link.className = "contribution-map__marker kind-icon kind-icon--" + item.dataset.kind;
    link.title = source.textContent;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = source.textContent + " (" + item.dataset.kindLabel + ")";
    link.appendChild(label);
    var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    return window.L.marker(point, {
      icon: window.L.divIcon({ className: "contribution-map__pin", html: link, iconSize: [24, 24] }),
      keyboard: false,  // the link inside is the one Tab stop
      riseOnHover: true
    });
  }

  function draw(figure, canvas, items) {
    figure.hidden = false;
    var map = window.L.map(canvas, {
      attributionControl: false, zoomControl: false, keyboard: false, zoomSnap: 0.25,
      dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false,
      touchZoom: false, tap: false
    });
    var bounds = window.L.latLngBounds([]);
    items.forEach(function (item) {
      var pin = marker(item).addTo(map);
      bounds.extend(pin.getLatLng());
    });
    map.fitBounds(bounds.pad(0.3), { maxZoom: 16 });
    fetch(canvas.dataset.boundaryUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.boundary) { return; }
        var outline = window.L.geoJSON(data.boundary, {
          style: { color: "#1b1f24", weight: 2, fillColor: "#0b5d4b", fillOpacity: 0.06 },
          interactive: false
        }).addTo(map);
        outline.bringToBack();
        map.fitBounds(outline.getBounds().extend(bounds), { maxZoom: 16 });
      })
      .catch(function () { /* the boundary is a nicety; the markers stay */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figure = document.getElementById("contribution-map-figure");
    var canvas = document.getElementById("contribution-map-canvas");
    if (!figure || !canvas) { return; }
    var items = Array.prototype.slice.call(
      document.querySelectorAll("#contribution-map-list .contribution-map__item[data-lat]")
    );
    if (!items.length) { return; }
    Promise.all([
      load("link", { rel: "stylesheet", href: canvas.dataset.leafletCss }),
      load("script", { src: canvas.dataset.leafletJs })
    ]).then(function () { draw(figure, canvas, items); });
  });
})();
