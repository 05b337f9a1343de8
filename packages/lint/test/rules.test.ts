import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RULES, type LintOptions } from '@dockstack/lint';
import { FIXTURES, dockerfilesIn, lintFixture } from './support.js';

const DEFECTS = path.join(FIXTURES, 'defects');
const CLEAN = path.join(FIXTURES, 'clean');

/** The line each defect fixture's rule must fire on. */
const EXPECTED_LINE: Record<string, number> = {
  'DS-03': 2,
  'DS-04': 1,
  'DS-05': 3,
  'DS-06': 3,
  'DS-07': 2,
  'DS-08': 2,
  'DS-09': 3,
  'DS-10': 1,
  'DS-11': 1,
  'DS-13': 1,
  'DS-14': 2,
  'DS-15': 1,
  'DS-16': 1,
  'DS-17': 1,
  'DS-18': 5,
  'DS-19': 5,
  'DS-21': 3,
  'DS-22': 3,
  'DS-23': 2,
  'DS-24': 2,
  'DS-25': 3,
  'DS-26': 3,
  'DS-27': 3,
  'DS-28': 4,
  'DS-29': 3,
  'DS-30': 2,
  'DS-31': 2,
  'DS-33': 2,
  'DS-34': 3,
  'DS-35': 3,
  'DS-36': 2,
  'DS-37': 2,
  'DS-38': 3,
  'DS-39': 3,
  'DS-40': 2,
  'DS-42': 2,
  'DS-43': 3,
  'DS-44': 1,
  'DS-49': 2,
};

/** Rules that need options to be on. */
const OPTIONS: Record<string, LintOptions> = { 'DS-13': { allowedRegistries: ['docker.io'] } };

function hasShellcheck(): boolean {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('lint rules', function () {
  describe('defect fixtures: exactly the rule fires, on the expected line', function () {
    for (const rule of RULES) {
      it(`${rule.id} (${rule.title})`, async function () {
        if (rule.id === 'DS-38' && !hasShellcheck()) {
          assert.ok(!process.env['CI'], 'CI is set and shellcheck is missing: DS-38 cannot be tested (apt-get install shellcheck)');
          this.skip();
        }
        const file = path.join(DEFECTS, `${rule.id}.Dockerfile`);
        assert.ok(existsSync(file), `missing defect fixture ${rule.id}.Dockerfile`);
        const { findings } = await lintFixture(file, { shellcheck: rule.id === 'DS-38' ? true : 'auto', ...OPTIONS[rule.id] });
        assert.ok(findings.length > 0, `${rule.id} did not fire`);
        assert.deepEqual([...new Set(findings.map((f) => f.rule))], [rule.id], JSON.stringify(findings, null, 2));
        assert.ok(
          findings.some((f) => f.line === EXPECTED_LINE[rule.id]),
          `${rule.id} fired on lines ${findings.map((f) => f.line).join(', ')}, expected ${EXPECTED_LINE[rule.id]}`,
        );
        for (const f of findings) {
          assert.equal(f.level, rule.level);
          assert.ok(f.message.length > 10 && f.hint.length > 5, 'a message and a hint');
        }
      });
    }

    it('every defect fixture belongs to a rule in RULES', function () {
      const ids = new Set<string>(RULES.map((r) => r.id));
      for (const file of dockerfilesIn(DEFECTS)) assert.ok(ids.has(path.basename(file, '.Dockerfile')), file);
      assert.deepEqual(Object.keys(EXPECTED_LINE).sort(), [...ids].sort());
    });
  });

  describe('clean fixtures give zero findings', function () {
    for (const file of dockerfilesIn(CLEAN)) {
      it(path.basename(file), async function () {
        const { findings } = await lintFixture(file);
        assert.deepEqual(findings, []);
      });
    }
  });

  describe('RULES', function () {
    it('lists only E and W rules with a title and a doc, no P rules', function () {
      const policy = ['DS-01', 'DS-02', 'DS-12', 'DS-20', 'DS-32', 'DS-41', 'DS-45', 'DS-46', 'DS-47', 'DS-48'];
      for (const r of RULES) {
        assert.match(r.id, /^DS-\d\d$/);
        assert.ok(!policy.includes(r.id), `${r.id} is a policy rule`);
        assert.ok(r.title.length > 3 && r.doc.length > 20);
      }
      assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    });
  });
});
