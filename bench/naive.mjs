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
      // The full toolchain image, as the official rust:<v> is (a Debian buildpack-deps base). A
      // project's rust-toolchain.toml (channel "1.95") makes rustup download that channel, which
      // static.rust-lang.org being unreachable here turns into a failed build: the image's own
      // toolchain ($RUST_VERSION) is named instead, as an offline CI would.
      return `FROM rust:${o.rustVersion ?? '1.95'}-bookworm\nWORKDIR /app\nCOPY . .\nRUN RUSTUP_TOOLCHAIN="$RUST_VERSION" cargo build --release\nCMD ["/app/target/release/${o.bin ?? o.appName ?? 'app'}"]\n`;
    case 'bun': {
      // The language image, everything copied, every dependency installed, the entry run as is.
      const entry = o.entrypoint || 'index.ts';
      return `FROM oven/bun:${o.bunVersion ?? '1.4'}-slim\nWORKDIR /app\nCOPY . .\nRUN bun install\nCMD ["bun", "run", ${JSON.stringify(entry)}]\n`;
    }
    case 'deno': {
      const entry = o.entrypoint || 'main.ts';
      return `FROM denoland/deno:debian-${o.denoVersion ?? '2.9.6'}\nWORKDIR /app\nCOPY . .\nRUN deno install --entrypoint ${entry}\nCMD ["deno", "run", "--allow-all", ${JSON.stringify(entry)}]\n`;
    }
    case 'java': {
      if (o.buildTool === 'maven') {
        // The Maven image: package everything, copy the runtime dependencies beside the classes, run from target/.
        const target = o.module ? `${o.module}/target` : 'target';
        const reactor = o.module ? ` -pl ${o.module} -am` : '';
        const run = o.mainClass
          ? `exec java -cp "${target}/classes:${target}/dependency/*" ${o.mainClass}`
          : `exec java -jar "$(ls ${target}/*.jar | grep -v /original- | head -n 1)"`;
        return `FROM maven:${o.mavenVersion ?? '3.9'}-eclipse-temurin-${o.javaVersion ?? '17'}\nWORKDIR /app\nCOPY . .\nRUN mvn -B -ntp${reactor} package -DskipTests dependency:copy-dependencies -DincludeScope=runtime\nCMD ["sh", "-c", ${JSON.stringify(run)}]\n`;
      }
      // The JDK image, sources compiled in place with javac, run from the classes folder.
      const src = o.sourceDir || 'src';
      return `FROM eclipse-temurin:${o.javaVersion ?? '17'}-jdk\nWORKDIR /app\nCOPY . .\nRUN find ${src} -name '*.java' > /tmp/sources.txt && javac -d /app/classes @/tmp/sources.txt\nCMD ["java", "-cp", "/app/classes", ${JSON.stringify(o.mainClass ?? 'Main')}]\n`;
    }
    case 'php': {
      const composer = o.composer ? 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN composer install\n' : '';
      if (o.runtime === 'apache') {
        // The documented way to move the document root in the php image's README; Apache on 80.
        const docroot = o.documentRoot
          ? `ENV APACHE_DOCUMENT_ROOT=/var/www/html/${o.documentRoot}\nRUN sed -ri -e 's!/var/www/html!\${APACHE_DOCUMENT_ROOT}!g' /etc/apache2/sites-available/*.conf\n`
          : '';
        return `FROM php:${o.phpVersion ?? '8.4'}-apache-${o.debianRelease ?? 'trixie'}\n${docroot}COPY . /var/www/html/\nWORKDIR /var/www/html\n${composer}EXPOSE 80\n`;
      }
      const cmd = /^CMD (\[.*\])$/m.exec(ctx.dockerfile ?? '')?.[1] ?? '["php", "index.php"]';
      return `FROM php:${o.phpVersion ?? '8.4'}-cli-${o.debianRelease ?? 'trixie'}\nWORKDIR /app\nCOPY . .\n${composer}CMD ${cmd}\n`;
    }
    case 'ruby': {
      // No full ruby stand-in here: the slim image, as for python. rubygems.org is not reachable
      // from this machine, so development and test gems are skipped (else bundle install fails).
      const cmd = /^CMD (\[.*\])$/m.exec(ctx.dockerfile ?? '')?.[1] ?? '["ruby", "app.rb"]';
      return `FROM ruby:${o.rubyVersion ?? '3.3'}-slim-${o.debianRelease ?? 'trixie'}\nWORKDIR /app\nCOPY . .\nENV BUNDLE_WITHOUT=development:test\nRUN bundle install\nCMD ${cmd}\n`;
    }
    case 'static': {
      if (o.buildScript) {
        // A generated site: built and served from the Node.js image with a static file server.
        return `FROM node:24\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run ${o.buildScript} && npm install -g serve@14\nCMD ["sh", "-c", "exec serve --listen tcp://0.0.0.0:\${PORT:-8080} ${o.siteDir || 'dist'}"]\n`;
      }
      // nginx's default configuration (port 80, no clean URLs or SPA fallback), the site copied in.
      const dir = !o.siteDir || o.siteDir === '.' ? '.' : o.siteDir;
      return `FROM nginx:${o.nginxVersion ?? '1.30'}-${o.debianRelease ?? 'trixie'}\nCOPY ${dir} /usr/share/nginx/html\nEXPOSE 80\n`;
    }
    default:
      return undefined;
  }
}

/**
 * Images the naive files use. node:24 and rust:<v>-bookworm have full stand-ins (Debian plus the
 * buildpack-deps package sets, as the official images are). For python the naive file uses the
 * slim image (no full python stand-in exists here) and golang's stand-in is a slim Debian plus the
 * Go toolchain, so those naive baselines are smaller than real ones: their size ratios understate
 * what a multi-stage build saves.
 */
export const NAIVE_IMAGES = {
  node: 'node:24',
  python: 'python:<v>-slim-trixie',
  go: 'golang:<v>-bookworm',
  rust: 'rust:<v>-bookworm',
  bun: 'oven/bun:<v>-slim',
  deno: 'denoland/deno:debian-<v>',
  java: 'eclipse-temurin:<v>-jdk, or maven:<v>-eclipse-temurin-<java> for a Maven project',
  php: 'php:<v>-cli|apache-<debian> (+ composer:2)',
  ruby: 'ruby:<v>-slim-<debian>',
  static: 'nginx:<v>-<debian> (the release the dockstack image uses), or node:24 + serve for a built site',
};
