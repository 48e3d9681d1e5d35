/* Maps of works (issue 16 item 4) on vendored Leaflet, no inline script (strict CSP).

   <div data-map data-tiles="URL or empty" data-attribution="..." data-outlines="ID"
        data-works="ID" data-photos="ID" data-pick="FORM-ID"></div>
   Each data-* names a <script type="application/json" id=ID> (Django's json_script):
   outlines: the townships' GeoJSON (drawn, labelled, when no tile server is configured);
   works: a FeatureCollection of points and lines/areas with properties {name, code, status,
   colour, url}; photos: points {date, label, url} (attendance photos' positions).
   data-pick: a form with latitude, longitude and shape inputs that clicks on the map fill. */
(function () {
  'use strict';
  if (!window.L) return;

  function read(id) {
    const node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function popup(p) {
    const box = document.createElement('div');
    const title = document.createElement(p.url ? 'a' : 'strong');
    if (p.url) title.href = p.url;
    title.textContent = (p.code ? p.code + ' ' : '') + (p.name || '');
    box.append(title);
    [p.status_label, p.township, p.year ? p.year + '年' : '', p.note].filter(Boolean).forEach(function (t) {
      const line = document.createElement('div');
      line.textContent = t;
      box.append(line);
    });
    if (p.photo) {
      const img = document.createElement('img');
      img.src = p.photo; img.alt = p.name || ''; img.className = 'map-photo';
      box.append(img);
    }
    return box;
  }

  function setup(box) {
    const map = L.map(box, { zoomSnap: 0.5, attributionControl: true });
    map.attributionControl.setPrefix('Leaflet');
    const tiles = box.dataset.tiles;
    if (tiles) L.tileLayer(tiles, { attribution: box.dataset.attribution || '', maxZoom: 19 }).addTo(map);
    const bounds = L.latLngBounds([]);
    const outlines = read(box.dataset.outlines);
    if (outlines) {
      const layer = L.geoJSON(outlines, {
        interactive: false,
        style: { color: '#7b8794', weight: 1, fillColor: '#e9eef4', fillOpacity: tiles ? 0.08 : 0.75 },
        onEachFeature: function (feature, l) {
          if (!tiles) l.bindTooltip(feature.properties.name, { permanent: true, direction: 'center', className: 'map-township' });
        },
      }).addTo(map);
      if (!tiles && outlines.note) map.attributionControl.addAttribution(outlines.note);
      if (box.dataset.fit === 'outlines') bounds.extend(layer.getBounds());
      box.outlineBounds = layer.getBounds();
    }
    const works = read(box.dataset.works);
    if (works && works.features.length) {
      const layer = L.geoJSON(works, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 8, color: '#fff', weight: 2, fillColor: feature.properties.colour || '#1d4f91', fillOpacity: 0.95 });
        },
        style: function (feature) {
          const colour = feature.properties.colour || '#1d4f91';
          if (feature.geometry.type === 'Point') return { color: '#fff', weight: 2, fillColor: colour, fillOpacity: 0.95 };
          return { color: colour, weight: 4, fillOpacity: 0.25 };
        },
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); },
      }).addTo(map);
      bounds.extend(layer.getBounds());
    }
    const photos = read(box.dataset.photos);
    if (photos && photos.features.length) {
      const layer = L.geoJSON(photos, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: '#fff', weight: 1.5, fillColor: feature.properties.colour || '#d97706', fillOpacity: 0.9 });
        },
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); },
      }).addTo(map);
      bounds.extend(layer.getBounds());
    }
    if (!bounds.isValid() && box.outlineBounds) bounds.extend(box.outlineBounds);
    // Without tiles, a single site is shown with its township around it (zoom 12), not on a blank plane.
    const maxZoom = Number(box.dataset.maxZoom || (tiles ? 15 : 12));
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.08), { maxZoom: maxZoom });
    else map.setView([Number(box.dataset.lat || 39.9), Number(box.dataset.lng || 116.4)], 10);
    if (box.dataset.pick) pick(map, document.getElementById(box.dataset.pick), box);
    box.leaflet = map;
  }

  /* Clicking sets the site (point), or adds a point to the line / area being drawn. */
  function pick(map, form, box) {
    const lat = form.querySelector('[name=latitude]');
    const lng = form.querySelector('[name=longitude]');
    const shapeInput = form.querySelector('[name=shape]');
    let mode = 'point';
    let marker = null;
    let vertices = [];
    let drawn = null;
    const initial = shapeInput.value ? JSON.parse(shapeInput.value) : null;
    if (initial) {
      const ring = initial.type === 'Polygon' ? initial.coordinates[0].slice(0, -1) : initial.coordinates;
      vertices = ring.map(function (c) { return [c[1], c[0]]; });
      mode = initial.type === 'Polygon' ? 'area' : 'line';
    }

    function place(latlng, pan) {
      if (!marker) marker = L.circleMarker(latlng, { radius: 9, color: '#fff', weight: 2, fillColor: '#c62828', fillOpacity: 1 }).addTo(map);
      else marker.setLatLng(latlng);
      if (pan) map.panTo(latlng);
    }

    function redraw() {
      if (drawn) { map.removeLayer(drawn); drawn = null; }
      if (vertices.length) {
        drawn = (mode === 'area' && vertices.length > 2 ? L.polygon(vertices, { color: '#c62828', weight: 3, fillOpacity: 0.15 })
          : L.polyline(vertices, { color: '#c62828', weight: 4 })).addTo(map);
      }
      const points = vertices.map(function (v) { return [Number(v[1].toFixed(6)), Number(v[0].toFixed(6))]; });
      if (mode === 'line' && points.length >= 2) shapeInput.value = JSON.stringify({ type: 'LineString', coordinates: points });
      else if (mode === 'area' && points.length >= 3) shapeInput.value = JSON.stringify({ type: 'Polygon', coordinates: [points.concat([points[0]])] });
      else shapeInput.value = '';
      const status = form.querySelector('[data-shape-status]');
      if (status) status.textContent = vertices.length ? (mode === 'area' ? '范围' : '线路') + '已画' + vertices.length + '个点' : '未画线路或范围';
    }

    function fromInputs() {
      const a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (isFinite(a) && isFinite(b)) place([a, b], true);
    }
    // data-focus: the coordinates were just filled from an address; show that place closer.
    if (box.dataset.focus && isFinite(parseFloat(lat.value)) && isFinite(parseFloat(lng.value))) {
      map.setView([parseFloat(lat.value), parseFloat(lng.value)], Math.max(map.getZoom(), 12), { animate: false });
    }

    form.querySelectorAll('[data-mode]').forEach(function (button) {
      button.addEventListener('click', function () {
        const next = button.dataset.mode;
        if (next !== 'point' && next !== mode && mode !== 'point') vertices = [];
        mode = next;
        form.querySelectorAll('[data-mode]').forEach(function (b) { b.classList.toggle('active', b === button); });
        redraw();
      });
      button.classList.toggle('active', button.dataset.mode === mode);
    });
    const undo = form.querySelector('[data-undo]');
    if (undo) undo.addEventListener('click', function () { vertices.pop(); redraw(); });
    const clear = form.querySelector('[data-clear-shape]');
    if (clear) clear.addEventListener('click', function () { vertices = []; redraw(); });
    lat.addEventListener('change', fromInputs);
    lng.addEventListener('change', fromInputs);

    map.on('click', function (event) {
      if (mode === 'point') {
        place(event.latlng, false);
        lat.value = event.latlng.lat.toFixed(6);
        lng.value = event.latlng.lng.toFixed(6);
      } else {
        vertices.push([event.latlng.lat, event.latlng.lng]);
        redraw();
      }
    });
    fromInputs();
    if (vertices.length) redraw();
    box.classList.add('map-pick');
  }

  document.querySelectorAll('[data-map]').forEach(setup);
})();
