import assert from 'node:assert/strict';
import { IGNORE_PATTERN } from '@dockstack/lint';
import { df, lint } from './support.js';

const base = (...middle: string[]): string => df('FROM alpine:3.20', ...middle, 'USER 10001:10001', 'CMD ["true"]');

describe('inline ignore comments', function () {
  it('`# dockstack-lint ignore=DS-39` silences that rule on the next instruction only', async function () {
    const text = base('RUN mkdir -p /srv', '# dockstack-lint ignore=DS-39', 'RUN touch /srv/a', 'RUN touch /srv/b');
    const { findings, notes } = await lint(text, { shellcheck: false });
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line]),
      [['DS-39', 5]],
    );
    assert.deepEqual(notes, []);
  });

  it('takes several ids and covers a multi-line instruction', async function () {
    const text = base('# dockstack-lint ignore=DS-33, DS-37', 'RUN sudo apk add tini \\', ' && cd /tmp');
    const { findings } = await lint(text, { shellcheck: false });
    assert.deepEqual(findings, []);
  });

  it('does not silence other rules on the same instruction', async function () {
    const text = base('# dockstack-lint ignore=DS-33', 'RUN sudo apk add tini');
    const { findings } = await lint(text, { shellcheck: false });
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['DS-37'],
    );
  });

  it('notes unknown rule ids and comments with no instruction after them', async function () {
    const text = `${base('# dockstack-lint ignore=DS-99,DS-39', 'RUN true')}# dockstack-lint ignore=DS-10\n`;
    const { notes } = await lint(text, { shellcheck: false });
    assert.equal(notes.length, 2);
    assert.match(notes[0] ?? '', /line 2: unknown rule id in ignore comment: DS-99/);
    assert.match(notes[1] ?? '', /no instruction after it/);
  });

  it('exports the syntax it recognises', function () {
    assert.ok(IGNORE_PATTERN.test('# dockstack-lint ignore=DS-38'));
    assert.ok(!IGNORE_PATTERN.test('# hadolint ignore=DL3008'));
  });
});
