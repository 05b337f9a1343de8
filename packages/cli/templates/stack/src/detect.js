// Detector of the {{id}} stack: runs in a worker with a read-only, bounded view of the project.
// It proposes option values with the evidence behind them; it never writes or spawns.

/** @type {import('@dockstack/plugin-api').Detector} */
export async function detect(project) {
  const manifest = await project.readText('{{id}}.toml');
  if (manifest === undefined) return null;
  /** @type {import('@dockstack/plugin-api').Evidence[]} */
  const reasons = [{ file: '{{id}}.toml', says: 'present' }];
  /** @type {Record<string, unknown>} */
  const options = {};
  /** @type {Record<string, string>} */
  const why = {};
  const port = /^\s*port\s*=\s*(\d{1,5})\s*$/m.exec(manifest);
  if (port !== null && Number(port[1]) >= 1 && Number(port[1]) <= 65535) {
    options.port = Number(port[1]);
    why.port = `{{id}}.toml sets port = ${port[1]}`;
    reasons.push({ file: '{{id}}.toml', says: `port = ${port[1]}` });
  }
  if (await project.exists('start.sh')) {
    options.command = ['./start.sh'];
    why.command = 'start.sh exists';
    reasons.push({ file: 'start.sh', says: 'start script' });
  }
  return { confidence: 0.8, reasons, options, why };
}
