// Draws a layout from /api/layout as SVG (one string, one DOM write) and pans/zooms it.
"use strict";
const SmvGraph = (() => {
  const esc = s => String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  let svg, view = {x: 0, y: 0, w: 1000, h: 800}, bounds = null;

  function setView(v) { view = v; svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`); }

  function fit() {
    if (!bounds) return;
    const r = svg.getBoundingClientRect(), pad = 20;
    const scale = Math.max((bounds.w + 2 * pad) / Math.max(r.width, 1), (bounds.h + 2 * pad) / Math.max(r.height, 1), 1);
    setView({x: -pad, y: -pad, w: r.width * scale, h: r.height * scale});
  }

  function centerOn(x, y) {
    const r = svg.getBoundingClientRect(), scale = Math.min(view.w / Math.max(r.width, 1), 1.5);
    setView({x: x - r.width * scale / 2, y: y - r.height * scale / 2, w: r.width * scale, h: r.height * scale});
  }

  function path(points, end) {
    if (!points.length) return "";
    let d = `M${points[0][0]},${points[0][1]}`;
    for (let i = 1; i + 2 < points.length; i += 3)
      d += ` C${points[i][0]},${points[i][1]} ${points[i + 1][0]},${points[i + 1][1]} ${points[i + 2][0]},${points[i + 2][1]}`;
    return end ? d + ` L${end[0]},${end[1]}` : d;
  }

  function draw(layout) {
    const parts = [];
    for (const c of layout.clusters)
      parts.push(`<g class="cluster" data-stage="${esc(c.label)}"><rect x="${c.x}" y="${c.y}" width="${c.w}" height="${c.h}"/>` +
                 `<text x="${c.x + 6}" y="${c.y + 14}">stage ${esc(c.label)} ⊟</text></g>`);
    for (const e of layout.edges)
      parts.push(`<path class="edge ${esc(e.kind)}" d="${path(e.points, e.end)}" marker-end="url(#arrow)"/>`);
    for (const b of layout.boxes) {
      const x = b.x - b.w / 2, y = b.y - b.h / 2, cls = b.kind === "dataset" ? "node" : "node group";
      const shape = b.input ? ` rx="12"` : "";
      parts.push(`<g class="${cls}" data-urn="${esc(b.id)}" data-kind="${b.kind}" data-state="none" transform="translate(${x},${y})">` +
                 `<title>${esc(b.fqn)} [${esc(b.language)}]</title>` +
                 `<rect width="${b.w}" height="${b.h}" stroke="${b.colour}"${shape}${b.output ? ' stroke-width="3"' : ""}/>` +
                 `<text x="6" y="13">${esc(b.label)}${b.output ? " ◆" : ""}</text><text class="sub" x="6" y="26"></text></g>`);
    }
    svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto">` +
                    `<path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>` + parts.join("");
    bounds = {w: layout.width, h: layout.height};
    fit();
  }

  function init(element) {
    svg = element;
    let drag = null;
    svg.addEventListener("mousedown", e => { drag = {x: e.clientX, y: e.clientY, v: {...view}}; });
    window.addEventListener("mouseup", () => { drag = null; });
    window.addEventListener("mousemove", e => {
      if (!drag) return;
      const r = svg.getBoundingClientRect(), k = view.w / r.width;
      setView({...drag.v, x: drag.v.x - (e.clientX - drag.x) * k, y: drag.v.y - (e.clientY - drag.y) * k});
    });
    svg.addEventListener("wheel", e => {
      e.preventDefault();
      const r = svg.getBoundingClientRect(), f = e.deltaY > 0 ? 1.2 : 1 / 1.2;
      const px = view.x + (e.clientX - r.left) / r.width * view.w, py = view.y + (e.clientY - r.top) / r.height * view.h;
      setView({x: px - (px - view.x) * f, y: py - (py - view.y) * f, w: view.w * f, h: view.h * f});
    }, {passive: false});
  }

  return {init, draw, fit, centerOn, esc};
})();
