import { spawn } from 'node:child_process';
import path from 'node:path';
import { docker, dockerBinary } from './docker.js';

/** How a rebuild's source edit will be proven to reach the image. */
export type EditPlan =
  | { kind: 'output'; content: string; expected: string }
  | { kind: 'marker'; content: string; marker: string }
  | { kind: 'none'; content: string; reason: string };

const LINE_COMMENT: Record<string, (text: string) => string> = {};
for (const ext of [
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'mts',
  'cts',
  'tsx',
  'go',
  'rs',
  'java',
  'kt',
  'kts',
  'cs',
  'php',
  'c',
  'h',
  'cc',
  'cpp',
  'swift',
  'scala',
  'dart',
  'gradle',
])
  LINE_COMMENT[ext] = (t) => `// ${t}`;
for (const ext of ['py', 'rb', 'sh', 'zsh', 'bash', 'yml', 'yaml', 'toml', 'conf', 'ru', 'rake', 'pl', 'r', 'ex', 'exs', 'txt'])
  LINE_COMMENT[ext] = (t) => `# ${t}`;
for (const ext of ['html', 'htm', 'md', 'xml', 'svg', 'vue', 'svelte']) LINE_COMMENT[ext] = (t) => `<!-- ${t} -->`;
for (const ext of ['css', 'scss', 'less']) LINE_COMMENT[ext] = (t) => `/* ${t} */`;
LINE_COMMENT['erb'] = (t) => `<%# ${t} %>`;
for (const ext of ['erl', 'hrl']) LINE_COMMENT[ext] = (t) => `% ${t}`;
for (const ext of ['hs', 'cabal']) LINE_COMMENT[ext] = (t) => `-- ${t}`;

/** The text a check looks for (HTTP body text or program output). */
function expectedText(check: { http?: { contains: string }; run?: { stdout: string }; log?: { contains: string } } | undefined): string {
  return check?.http?.contains ?? check?.run?.stdout ?? check?.log?.contains ?? '';
}

/**
 * Plans the rebuild's edit of `file`. When the check's expected text (its longest prefix of at
 * least 6 characters, not ending in a quote) is in the file, a unique token is inserted right after it: the program's
 * output must then show the token. Otherwise a comment with a unique marker is appended: the
 * marker must then be found in the new image's files (interpreted sources, static pages).
 */
export function planEdit(
  file: string,
  content: string,
  check: { http?: { contains: string }; run?: { stdout: string }; log?: { contains: string } } | undefined,
  nonce: string,
): EditPlan {
  const expected = expectedText(check);
  for (let n = expected.length; n >= 6; n -= 1) {
    const prefix = expected.slice(0, n);
    // A prefix that ends in a quote ends a string literal in the source (`"greeting"` of a JSON body):
    // the token would land in code and break the build, so only a shorter prefix will do.
    if (/["'`]$/.test(prefix)) continue;
    const at = content.indexOf(prefix);
    if (at < 0) continue;
    const token = `-${nonce}`;
    return { kind: 'output', content: content.slice(0, at + n) + token + content.slice(at + n), expected: prefix + token };
  }
  const ext = path.extname(file).slice(1).toLowerCase();
  const comment = LINE_COMMENT[ext] ?? (path.basename(file) === 'Gemfile' ? LINE_COMMENT['rb'] : undefined);
  if (!comment) return { kind: 'none', content, reason: `no comment syntax known for ${file} and the check's text is not in it` };
  const marker = `dockstack-edit-${nonce}`;
  return { kind: 'marker', content: `${content.replace(/\n?$/, '\n')}${comment(marker)}\n`, marker };
}

/** True when some file of the image holds `needle` (scans `docker export` of a created container). */
export async function imageContains(tag: string, needle: string): Promise<{ found: boolean; error?: string }> {
  const created = await docker(['create', tag, '/dockstack-never-run']);
  const id = created.stdout.trim();
  if (created.code !== 0 || id === '') return { found: false, error: `docker create failed: ${created.stderr.trim()}` };
  try {
    return await new Promise((resolve) => {
      const child = spawn(dockerBinary(), ['export', id], { stdio: ['ignore', 'pipe', 'pipe'] });
      const target = Buffer.from(needle);
      let tail = Buffer.alloc(0);
      let found = false;
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        if (found) return;
        const window = Buffer.concat([tail, chunk]);
        if (window.includes(target)) {
          found = true;
          child.kill();
          return;
        }
        tail = window.subarray(Math.max(0, window.length - target.length));
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) =>
        resolve(found ? { found } : code === 0 ? { found } : { found, error: `docker export failed (exit ${code}): ${stderr.trim()}` }),
      );
    });
  } finally {
    await docker(['rm', '-f', id]);
  }
}
