import { escapeXml } from './graphSvg';

/**
 * The pan and zoom of the shared page: drag to pan, wheel or buttons to zoom (around the pointer), "Fit" to reset,
 * by changing the inline SVG's viewBox. Runs under the page's CSP nonce; no inline handlers, no external script.
 */
const PAN_ZOOM_SCRIPT = `(function () {
  var svg = document.querySelector('#viewport svg');
  if (!svg) return;
  var initial = (svg.getAttribute('viewBox') || '0 0 100 100').split(' ').map(Number);
  var vb = initial.slice();
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  function apply() { svg.setAttribute('viewBox', vb.join(' ')); }
  function toUser(clientX, clientY) {
    var m = svg.getScreenCTM();
    if (!m) return { x: vb[0] + vb[2] / 2, y: vb[1] + vb[3] / 2 };
    var p = svg.createSVGPoint(); p.x = clientX; p.y = clientY;
    return p.matrixTransform(m.inverse());
  }
  function zoom(factor, clientX, clientY) {
    var r = svg.getBoundingClientRect();
    var p = toUser(clientX === undefined ? r.left + r.width / 2 : clientX, clientY === undefined ? r.top + r.height / 2 : clientY);
    var w = Math.min(Math.max(vb[2] * factor, initial[2] / 50), initial[2] * 20);
    var f = w / vb[2];
    vb = [p.x - (p.x - vb[0]) * f, p.y - (p.y - vb[1]) * f, vb[2] * f, vb[3] * f];
    apply();
  }
  svg.addEventListener('wheel', function (e) { e.preventDefault(); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, e.clientX, e.clientY); }, { passive: false });
  var drag = null;
  svg.addEventListener('pointerdown', function (e) { drag = { x: e.clientX, y: e.clientY }; svg.setPointerCapture(e.pointerId); svg.classList.add('dragging'); });
  svg.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    var unit = Math.max(vb[2] / r.width, vb[3] / r.height);
    vb[0] -= (e.clientX - drag.x) * unit; vb[1] -= (e.clientY - drag.y) * unit;
    drag = { x: e.clientX, y: e.clientY };
    apply();
  });
  function end() { drag = null; svg.classList.remove('dragging'); }
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1 / 1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(1.25); });
  document.getElementById('zoom-fit').addEventListener('click', function () { vb = initial.slice(); apply(); });
})();`;

const STYLE = `html,body{margin:0;height:100%;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#1a1a1a;background:#fafafa}
body{display:flex;flex-direction:column}
header{display:flex;align-items:baseline;gap:12px;padding:8px 16px;border-bottom:1px solid #ddd;background:#fff}
header h1{font-size:16px;margin:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.note{font-size:12px;color:#555}
body.embed header{display:none}
#viewport{position:relative;flex:1;min-height:0}
#viewport svg{width:100%;height:100%;display:block;cursor:grab;touch-action:none;user-select:none}
#viewport svg.dragging{cursor:grabbing}
#controls{position:absolute;right:12px;top:12px;display:flex;gap:4px}
#controls button{font-size:14px;min-width:32px;height:32px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
#embed-note{position:absolute;left:8px;bottom:6px;font-size:11px;color:#555;background:rgba(255,255,255,.85);padding:2px 6px;border-radius:3px}
body:not(.embed) #embed-note{display:none}`;

/**
 * The read-only page of a shared graph (for people opening the link, and for `<iframe>` with `embed`: no header, a
 * small note instead): the graph's name, a "read-only" note, the SVG inline with pan and zoom. Every text is escaped;
 * the one script carries `nonce` (the CSP allows no other).
 */
export function sharedGraphPage(options: {
  name: string;
  svg: string;
  nonce: string;
  generatedAt: string;
  embed: boolean;
}): string {
  const name = escapeXml(options.name);
  const note = `Read-only shared graph · generated ${escapeXml(options.generatedAt)}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${name} · Maestro</title>
<style>${STYLE}</style></head>
<body${options.embed ? ' class="embed"' : ''}>
<header><h1>${name}</h1><span class="note">${note}</span></header>
<div id="viewport">${options.svg}
<div id="controls"><button type="button" id="zoom-in" aria-label="Zoom in">+</button><button type="button" id="zoom-out" aria-label="Zoom out">−</button><button type="button" id="zoom-fit" aria-label="Fit">Fit</button></div>
<div id="embed-note">${name} · read-only</div></div>
<script nonce="${escapeXml(options.nonce)}">${PAN_ZOOM_SCRIPT}</script>
</body></html>
`;
}
