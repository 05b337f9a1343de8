// The benchmark chart as a plain SVG string: two panels of horizontal grouped bars (image size,
// rebuild time), one group per fixture, one bar per generator, value printed at each bar.
import { GENERATOR_NAMES, generatorsOf } from './report.mjs';

export const COLORS = { dockstack: '#1d4ed8', fly: '#7c3aed', naive: '#9ca3af' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A "nice" axis maximum and step (1, 2, 2.5 or 5 times a power of ten) for 4-6 ticks. */
export function niceScale(max) {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  return { max: Math.ceil(max / step) * step, step };
}

const fmtTick = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1));
const fmtValue = (v, digits) => (v >= 100 ? v.toFixed(0) : v.toFixed(digits));

/**
 * @param {object} doc  results document (bench/run.mjs)
 * @returns {string} SVG text
 */
export function chartSvg(doc) {
  const panels = [
    { metric: 'sizeMB', title: 'Image size (MB)', digits: 1 },
    { metric: 'rebuildS', title: 'Rebuild after a one-line source edit (s)', digits: 1 },
  ];
  const font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";
  const labelW = 190;
  const panelW = 380;
  const gapW = 40;
  const valueRoom = 52;
  const left = 16;
  const top = 92;
  const barH = 10;
  const barGap = 2;
  const groupGap = 10;
  const width = left + labelW + panels.length * (panelW + valueRoom) + (panels.length - 1) * gapW + 16;

  // Row layout.
  let y = top + 22;
  const rows = doc.rows.map((row, i) => {
    const gens = generatorsOf(row);
    const h = gens.length * (barH + barGap) - barGap;
    const stackChanged = i > 0 && doc.rows[i - 1].stack !== row.stack;
    if (stackChanged) y += 8;
    const out = { row, gens, y, h, stackChanged };
    y += h + groupGap;
    return out;
  });
  const plotBottom = y - groupGap + 8;
  const height = plotBottom + 64;

  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc">`);
  parts.push(`<title id="title">dockstack benchmark: image size and rebuild time per fixture and generator</title>`);
  parts.push(`<desc id="desc">${esc(`Run ${doc.date} on ${doc.machine.summary}.`)}</desc>`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="26" ${font} font-size="17" font-weight="bold" fill="#111827">dockstack vs fly.io's generator vs a naive Dockerfile</text>`);
  parts.push(`<text x="${left}" y="45" ${font} font-size="11" fill="#4b5563">${esc(`Run ${doc.date}: ${doc.machine.cores} cores, ${doc.machine.ramGiB} GiB RAM, Linux ${doc.machine.kernel}, Docker ${doc.machine.docker}. Same stand-in base images for all; shorter is better.`)}</text>`);

  // Legend.
  let lx = left;
  const present = ['dockstack', 'fly', 'naive'].filter((g) => doc.rows.some((r) => r.results[g] !== undefined));
  for (const g of present) {
    parts.push(`<rect x="${lx}" y="58" width="12" height="12" fill="${COLORS[g]}"/>`);
    const label = g === 'fly' ? `${GENERATOR_NAMES[g]} (node fixtures only)` : GENERATOR_NAMES[g];
    parts.push(`<text x="${lx + 17}" y="68.5" ${font} font-size="12" fill="#111827">${esc(label)}</text>`);
    lx += 34 + label.length * 6.0;
  }

  // Fixture labels and stack separators.
  for (const r of rows) {
    parts.push(`<text x="${left + labelW - 8}" y="${(r.y + r.h / 2 + 4).toFixed(1)}" ${font} font-size="11.5" fill="#111827" text-anchor="end">${esc(r.row.key)}</text>`);
    if (r.stackChanged) parts.push(`<line x1="${left}" x2="${width - 16}" y1="${r.y - 9}" y2="${r.y - 9}" stroke="#e5e7eb" stroke-width="1"/>`);
  }

  panels.forEach((p, pi) => {
    const x0 = left + labelW + pi * (panelW + valueRoom + gapW);
    const values = doc.rows.flatMap((row) => generatorsOf(row).map((g) => row.results[g]?.[p.metric])).filter((v) => typeof v === 'number' && Number.isFinite(v));
    const { max, step } = niceScale(Math.max(...values, 0));
    const sx = (v) => x0 + (v / max) * panelW;
    parts.push(`<text x="${x0}" y="${top + 6}" ${font} font-size="13" font-weight="bold" fill="#111827">${esc(p.title)}</text>`);
    for (let t = 0; t <= max + 1e-9; t += step) {
      const x = sx(t).toFixed(1);
      parts.push(`<line x1="${x}" x2="${x}" y1="${top + 14}" y2="${plotBottom}" stroke="${t === 0 ? '#6b7280' : '#e5e7eb'}" stroke-width="1"/>`);
      parts.push(`<text x="${x}" y="${plotBottom + 14}" ${font} font-size="10" fill="#4b5563" text-anchor="middle">${fmtTick(t)}</text>`);
    }
    for (const r of rows) {
      r.gens.forEach((g, gi) => {
        const res = r.row.results[g];
        const by = r.y + gi * (barH + barGap);
        const v = res?.[p.metric];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          const why = res?.built === false || res?.error ? 'build failed' : (res?.failures ?? []).some((f) => f.startsWith('container did not start')) ? 'not measured: container did not start' : 'n/a';
          parts.push(`<text x="${x0 + 3}" y="${by + barH - 1}" ${font} font-size="9.5" fill="#b91c1c">${why}</text>`);
          return;
        }
        const w = Math.max(1, sx(v) - x0);
        parts.push(`<rect x="${x0}" y="${by}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[g]}"><title>${esc(`${r.row.key}, ${GENERATOR_NAMES[g]}: ${fmtValue(v, p.digits)} ${p.metric === 'sizeMB' ? 'MB' : 's'}`)}</title></rect>`);
        parts.push(`<text x="${(x0 + w + 4).toFixed(1)}" y="${by + barH - 1}" ${font} font-size="9.5" fill="#374151">${fmtValue(v, p.digits)}</text>`);
      });
    }
  });

  const foot = [
    "Image sizes are of stand-in base images built on this machine, not of the official images; fly.io's FROM lines point at the same stand-ins as dockstack's.",
    'Rebuild: the next build after appending a newline to one source file. Data: docs/bench/results.json; table and method: docs/bench/results.md.',
  ];
  foot.forEach((line, i) => parts.push(`<text x="${left}" y="${plotBottom + 34 + i * 14}" ${font} font-size="10.5" fill="#4b5563">${esc(line)}</text>`));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
