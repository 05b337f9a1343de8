// Detector of the {{id}} stack: runs with a read-only, bounded view of the project.
// It proposes option values with the evidence behind them; it never writes or spawns.
// The stack kit (@dockstack/plugin-api) parses the manifest and collects the findings.
import { defineDetector, evidence, findings, propose, result } from '@dockstack/plugin-api';

export const detect = defineDetector(async (project) => {
  const manifest = await project.readToml('{{id}}.toml');
  if (manifest === undefined) return null;
  const f = findings({ file: '{{id}}.toml', says: 'present' });
  const port = manifest['port'];
  if (Number.isInteger(port) && port >= 1 && port <= 65535) {
    propose(f, 'port', port, `{{id}}.toml sets port = ${port}`);
    evidence(f, '{{id}}.toml', `port = ${port}`);
  }
  if (await project.exists('start.sh')) {
    propose(f, 'command', ['./start.sh'], 'start.sh exists');
    evidence(f, 'start.sh', 'start script');
  }
  return result(f, 0.8);
});
