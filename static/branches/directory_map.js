/* Directory map: loads Leaflet only when a map section is opened, then shows the
   markers of the current list (JSON) or of one place (data attributes).
   OpenStreetMap tiles need the internet; without them the list still works. */
(function () {
  "use strict";
  var leafletPromise = null;

  function loadLeaflet(section) {
    if (window.L) return Promise.resolve(window.L);
    if (leafletPromise) return leafletPromise;
    leafletPromise = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = section.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = section.dataset.leafletJs;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return leafletPromise;
  }

  function popup(point, detailsLabel) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point.name;
    box.appendChild(title);
    if (point.address) {
      var address = document.createElement("div");
      address.textContent = point.address;
      box.appendChild(address);
    }
    if (point.url) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = detailsLabel;
      box.appendChild(link);
    }
    return box;
  }

  function showMap(section, L) {
    var canvas = section.querySelector(".directory-map-canvas");
    // The images sit in images/ beside leaflet.css; drop the file name, which the
    // production storage hashes (leaflet.<hash>.css), rather than match it.
    var iconBase = section.dataset.leafletCss.replace(/[^/]*$/, "images/");
    L.Icon.Default.imagePath = iconBase;
    var map = L.map(canvas, { scrollWheelZoom: false }).setView([32.4, 53.7], 5);
    // MAP_TILE_URL in settings; the Content-Security-Policy's img-src allows its origin
    L.tileLayer(section.dataset.tileUrl, {
      maxZoom: 19,
      attribution: section.dataset.attribution,
    }).addTo(map);

    function addPoints(points) {
      var bounds = [];
      points.forEach(function (point) {
        L.marker([point.lat, point.lng], { title: point.name, alt: point.name })
          .bindPopup(popup(point, section.dataset.detailsLabel))
          .addTo(map);
        bounds.push([point.lat, point.lng]);
      });
      if (bounds.length === 1) map.setView(bounds[0], 15);
      else if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
    }

    if (section.dataset.lat && section.dataset.lng) {
      addPoints([{ name: section.dataset.name, lat: parseFloat(section.dataset.lat), lng: parseFloat(section.dataset.lng) }]);
    } else if (section.dataset.pointsUrl) {
      fetch(section.dataset.pointsUrl, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { addPoints(data.points || []); });
    }
    section.dataset.ready = "1";
  }

  function onToggle(event) {
    var section = event.currentTarget;
    if (!section.open || section.dataset.ready) return;
    loadLeaflet(section)
      .then(function (L) { showMap(section, L); })
      .catch(function () {
        var status = section.querySelector("[data-map-status]");
        if (status) status.textContent = section.dataset.error;
      });
  }

  document.querySelectorAll("details[data-map]").forEach(function (section) {
    section.addEventListener("toggle", onToggle);
  });
})();
