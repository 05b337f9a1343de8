import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { SHELLCHECK_MISSING_NOTE, countFindings, lintDockerfile, shellcheckLevel } from '@dockstack/lint';
import { df, lint } from './support.js';

function hasShellcheck(): boolean {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tail = ['USER 10001:10001', 'CMD ["true"]'];

describe('DS-38: ShellCheck on RUN bodies', function () {
  describe('without the binary', function () {
    const missing = '/nonexistent/bin/shellcheck';

    it("'auto' adds one note and skips DS-38", async function () {
      const text = df('FROM alpine:3.20', 'RUN echo $1', 'RUN echo $2 && ls $3', ...tail);
      const { findings, notes } = await lint(text, { shellcheckPath: missing });
      assert.deepEqual(notes, [SHELLCHECK_MISSING_NOTE]);
      assert.equal(SHELLCHECK_MISSING_NOTE, 'shellcheck not found: DS-38 skipped (apt-get install shellcheck)');
      assert.ok(findings.every((f) => f.rule !== 'DS-38'));
    });

    it('true throws with the install hint; false skips silently', async function () {
      const text = df('FROM alpine:3.20', 'RUN echo $1', ...tail);
      await assert.rejects(lint(text, { shellcheck: true, shellcheckPath: missing }), /apt-get install shellcheck/);
      const off = await lint(text, { shellcheck: false, shellcheckPath: missing });
      assert.deepEqual(off.notes, []);
    });
  });

  describe('with the binary', function () {
    before(function () {
      if (!hasShellcheck()) this.skip();
    });
    const check = (text: string) => lintDockerfile(text, { shellcheck: true }).then((r) => r.findings.filter((f) => f.rule === 'DS-38'));

    it('maps a finding on a continuation line back to that Dockerfile line, --mount flags stripped', async function () {
      const found = await check(
        df(
          'FROM alpine:3.20',
          'RUN --mount=type=cache,target=/root/.cache \\',
          '    mkdir -p /srv \\',
          ' && echo $HOME/x > /srv/home',
          ...tail,
        ),
      );
      assert.deepEqual(
        found.map((f) => [f.line, f.message.slice(0, 22)]),
        [[4, 'ShellCheck SC2086 (inf']],
      );
    });

    it('takes the level from ShellCheck: info (SC2086) is a warning, so `RUN echo $1` alone does not fail lint', async function () {
      const result = await lintDockerfile(df('FROM alpine:3.20', 'RUN echo $1', ...tail), { shellcheck: true });
      const found = result.findings.filter((f) => f.rule === 'DS-38');
      assert.deepEqual(
        found.map((f) => [f.line, f.level, /SC2086 \(info\)/.test(f.message)]),
        [[2, 'warning', true]],
      );
      assert.equal(countFindings(result.findings).errors, 0);
    });

    it('keeps ShellCheck errors as errors (a broken test expression fails lint)', async function () {
      const found = await check(df('FROM alpine:3.20', 'RUN [ -f /x]', ...tail));
      assert.ok(found.length > 0 && found.every((f) => f.level === 'error' && /\(error\)/.test(f.message)), JSON.stringify(found));
    });

    it('maps every ShellCheck level: error -> error; warning, info, style -> warning', function () {
      assert.deepEqual(['error', 'warning', 'info', 'style'].map(shellcheckLevel), ['error', 'warning', 'warning', 'warning']);
    });

    it('checks heredoc scripts line by line', async function () {
      const found = await check(df('FROM alpine:3.20', 'RUN <<EOF', 'set -e', 'mkdir -p /srv', 'cp /etc/hosts $target', 'EOF', ...tail));
      assert.deepEqual(
        found.map((f) => f.line),
        [5, 5],
      );
      assert.ok(
        found.some((f) => /SC2154/.test(f.message)),
        'target is referenced but not assigned',
      );
    });

    it('pre-declares ARG and ENV names, so SC2154 does not fire for them', async function () {
      const found = await check(
        df('FROM alpine:3.20', 'ARG app_dir=/srv', 'ENV data_dir=/data', 'RUN mkdir -p "$app_dir" "$data_dir"', ...tail),
      );
      assert.deepEqual(found, []);
    });

    it('uses bash under a bash SHELL, and sh (dash) otherwise', async function () {
      const bashism = 'RUN if [[ -d /srv ]]; then echo yes; fi';
      assert.equal((await check(df('FROM debian:bookworm-slim', bashism, ...tail))).length, 1);
      assert.deepEqual(await check(df('FROM debian:bookworm-slim', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', bashism, ...tail)), []);
    });

    it('accepts set -o pipefail on Alpine (busybox ash) but not on Debian (dash)', async function () {
      const run = 'RUN set -o pipefail && find /etc -type f | sort > /tmp/etc.txt';
      assert.deepEqual(await check(df('FROM alpine:3.20', run, ...tail)), []);
      const debian = await check(df('FROM debian:bookworm-slim', run, ...tail));
      assert.ok(debian.some((f) => /SC3040/.test(f.message)));
    });

    it('skips exec-form RUN and non-shell heredoc scripts', async function () {
      const text = df(
        'FROM python:3.12-slim',
        'RUN ["echo", "$HOME"]',
        'RUN <<EOF',
        '#!/usr/bin/env python3',
        'print("$HOME")',
        'EOF',
        ...tail,
      );
      assert.deepEqual(await check(text), []);
    });
  });
});
