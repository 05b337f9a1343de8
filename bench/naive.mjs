// Naive single-stage Dockerfiles: what a hurried developer writes. The full language image,
// copy everything, install, run. Used only as the benchmark baseline.

/** @param {string} stack @param {{ options: Record<string, unknown> }} ctx */
export function naiveDockerfile(stack, ctx) {
  const o = ctx.options;
  switch (stack) {
    case 'node': {
      const build = o.buildScript ? `\nRUN npm run ${o.buildScript}` : '';
      const start = o.framework === 'spa' ? ['npx', '--yes', 'vite', 'preview', '--host', '0.0.0.0', '--port', '8080'] : ['npm', 'start'];
      return `FROM node:24\nWORKDIR /app\nCOPY . .\nRUN npm install${build}\nEXPOSE 3000\nCMD ${JSON.stringify(start)}\n`;
    }
    case 'python': {
      // The same command dockstack's image runs, with dependencies installed globally.
      const cmd = /^CMD (\[.*\])$/m.exec(ctx.dockerfile ?? '')?.[1] ?? '["python", "main.py"]';
      return `FROM python:${o.pythonVersion ?? '3.13'}-slim-${o.debianRelease ?? 'trixie'}\nWORKDIR /app\nCOPY . .\nRUN if [ -f requirements.txt ]; then pip install -r requirements.txt; fi\nCMD ${cmd}\n`;
    }
    case 'go':
      return `FROM golang:${o.goVersion ?? "1.24"}-bookworm\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server ./${o.mainPackage && o.mainPackage !== '.' ? o.mainPackage : ''}\nCMD ["/app/server"]\n`;
    case 'rust':
      // The full toolchain image, as the official rust:<v> is (a Debian buildpack-deps base).
      return `FROM rust:${o.rustVersion ?? '1.95'}-bookworm\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/app/target/release/${o.bin ?? o.appName ?? 'app'}"]\n`;
    default:
      return undefined;
  }
}

/** Official full images the naive files use (they need stand-ins on machines without Docker Hub). */
/**
 * Images the naive files use. node:24 has a full stand-in; for python and go the naive files
 * use the slim build images we have stand-ins for (rust uses the full rust:<v>-bookworm stand-in), which makes the naive baseline smaller than a
 * real one (the official full images are larger), so the size ratios understate dockstack's gain.
 */
export const NAIVE_IMAGES = { node: 'node:24', python: 'python:<v>-slim-trixie', go: 'golang:<v>-bookworm', rust: 'rust:<v>-bookworm' };
