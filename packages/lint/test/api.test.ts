import assert from 'node:assert/strict';
import { countFindings, formatFindings, lintDockerfile, lintHook } from '@dockstack/lint';
import { df } from './support.js';

describe('public API', function () {
  it('lintDockerfile sorts findings by line and fills every field', async function () {
    const { findings } = await lintDockerfile(df('FROM alpine', 'MAINTAINER me', 'CMD echo hi'), { shellcheck: false });
    assert.deepEqual(
      findings.map((f) => [f.line, f.rule, f.level]),
      [
        [1, 'DS-10', 'error'],
        [1, 'DS-40', 'error'],
        [2, 'DS-08', 'error'],
        [3, 'DS-21', 'error'],
      ],
    );
  });

  it('survives garbage and empty input', async function () {
    assert.deepEqual(
      (await lintDockerfile('', { shellcheck: false })).findings.map((f) => f.rule),
      ['DS-04'],
    );
    const junk = await lintDockerfile("FROM\nCOPPY x y\nRUN ['a\nEXPOSE\n", { shellcheck: false });
    assert.deepEqual(
      junk.findings.map((f) => [f.line, f.rule]),
      [
        [1, 'DS-03'],
        [1, 'DS-40'],
        [1, 'DS-44'],
        [2, 'DS-03'],
        [3, 'DS-09'],
        [4, 'DS-03'],
      ],
    );
    assert.match(junk.findings.find((f) => f.line === 2)?.message ?? '', /Unknown instruction: COPPY/);
  });

  it('formatFindings prints file:line rule level message (hint) and the rule page', function () {
    const text = formatFindings([{ rule: 'DS-10', level: 'error', line: 3, message: 'No tag.', hint: 'Pin it.' }], 'api/Dockerfile');
    assert.equal(text, 'api/Dockerfile:3 DS-10 error No tag. (Pin it.) [docs/rules/DS-10.md]');
    assert.deepEqual(countFindings([{ rule: 'DS-39', level: 'warning', line: 1, message: 'm', hint: 'h' }]), { errors: 0, warnings: 1 });
  });

  it('lintHook returns {rule, line, message} for errors and warnings (LintHook of @dockstack/testing)', async function () {
    const found = await lintHook(df('FROM alpine:3.20', 'RUN mkdir /a', 'RUN mkdir /b', 'CMD ["true"]'), undefined);
    assert.deepEqual(
      found.map((f) => Object.keys(f).sort()),
      [
        ['line', 'message', 'rule'],
        ['line', 'message', 'rule'],
      ],
    );
    assert.deepEqual(found.map((f) => f.rule).sort(), ['DS-39', 'DS-40']);
  });
});
