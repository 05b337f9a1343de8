import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES, allRules, ruleDocPath, rulePages, rulesForLine } from '@dockstack/lint';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('rule pages (docs/rules)', function () {
  it('are in sync with the rule table: one page per rule plus the index, nothing extra (node packages/lint/scripts/rule-docs.mjs rewrites them)', function () {
    const pages = rulePages();
    const dir = path.join(root, 'docs', 'rules');
    assert.deepEqual(
      readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .sort(),
      Object.keys(pages).sort(),
    );
    for (const [name, text] of Object.entries(pages))
      assert.equal(readFileSync(path.join(dir, name), 'utf8'), text, `docs/rules/${name} is stale`);
  });

  it('cover every linted rule, each page naming its level and how to silence it', function () {
    for (const r of RULES) {
      const page = readFileSync(path.join(root, ruleDocPath(r.id)), 'utf8');
      assert.match(page, new RegExp(`^# ${r.id}: `, 'm'));
      assert.match(page, r.level === 'error' ? /\*\*error\*\*/ : /\*\*warning\*\*/);
      assert.ok(page.includes(`ignore=${r.id}`));
    }
  });

  it('rulesForLine names only rules that have a page', function () {
    const ids = new Set(allRules().map((r) => r.id));
    const samples: Array<[string, string]> = [
      ['FROM', 'FROM ${X} AS runtime'],
      ['RUN', 'RUN apt-get update | tee x'],
      ['COPY', 'COPY --from=build /a /b'],
      ['USER', 'USER 1000:1000'],
      ['directive', '# syntax=docker/dockerfile:1'],
      ['ARG', 'ARG VERSION=0.0.0'],
      ['CMD', 'CMD ["x"]'],
    ];
    for (const [kind, text] of samples) {
      const found = rulesForLine(kind, kind, text, true);
      assert.ok(found.length > 0, `${kind} has rules`);
      for (const id of found) assert.ok(ids.has(id), `${id} has a page`);
    }
    assert.deepEqual(rulesForLine('directive', undefined, '# check=error=true', false), ['DS-02']);
    assert.ok(rulesForLine('RUN', 'RUN', 'RUN apt-get install -y x', false).includes('DS-31'));
  });
});
