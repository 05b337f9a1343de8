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
    case 'python':
      return `FROM python:${o.pythonVersion ?? '3.11'}\nWORKDIR /app\nCOPY . .\nRUN if [ -f requirements.txt ]; then pip install -r requirements.txt; fi\nCMD ${JSON.stringify(ctx.start ?? ['python', 'main.py'])}\n`;
    case 'go':
      return `FROM golang:${o.goVersion ?? "1.24"}-bookworm\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server ./${o.mainPackage && o.mainPackage !== '.' ? o.mainPackage : ''}\nCMD ["/app/server"]\n`;
    case 'rust':
      return `FROM rust:${o.rustVersion ?? '1.95'}\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec ./target/release/$(ls target/release | grep -v '\\\\.d$' | grep -v build | grep -v deps | grep -v examples | grep -v incremental | head -1)"]\n`;
    default:
      return undefined;
  }
}

/** Official full images the naive files use (they need stand-ins on machines without Docker Hub). */
export const NAIVE_IMAGES = { node: 'node:24', python: 'python:3.11', go: 'golang:1.24-bookworm', rust: 'rust:1.95' };
