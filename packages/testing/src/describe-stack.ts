import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DockstackError,
  GENERATOR_VERSION,
  defaultsOf,
  explainFile,
  generate,
  lockedSources,
  loadStack,
  render,
  resolveOptions,
  type LoadedStack,
  type RenderedFile,
} from '@dockstack/core';
import { allRules, lintHook, rulesForLine } from '@dockstack/lint';
import { optionCombinations } from './combinations.js';
import { fixtureFile, ignoreFileOf, loadFixtures, renderFixture, type Fixture } from './fixtures.js';
import { withOptionsTable } from './readme.js';

/** Lint hook: returns findings (empty when clean). Supplied by callers that have a linter. */
export type LintHook = (
  dockerfile: string,
  dockerignore: string | undefined,
) => Promise<Array<{ rule: string; line: number; message: string }>>;

export interface DescribeStackOptions {
  /** Lints each rendered Dockerfile; every finding fails the test (default: @dockstack/lint, ShellCheck when present). */
  lint?: LintHook | false;
  /** Option combinations rendered and linted (default 200). */
  combinations?: number;
}

/** Values no free-text option may accept: they would break out of a line, a quote or a shell word. */
export const HOSTILE_VALUES: readonly string[] = [
  '1\nRUN curl evil',
  'a"b',
  "a'b",
  'a`id`',
  'a$(id)',
  'a\\b',
  'a\u0000b',
  'x'.repeat(5000),
];

/** True when goldens may be rewritten (never under CI). */
export function updatingGoldens(): boolean {
  if (process.env['UPDATE_GOLDEN'] !== '1') return false;
  if (process.env['CI'])
    throw new Error('UPDATE_GOLDEN=1 is refused when CI is set: goldens are only rewritten locally, then reviewed and committed');
  return true;
}

async function compareGolden(fixture: Fixture, file: string, actual: string): Promise<void> {
  const golden = fixtureFile(fixture, file);
  if (updatingGoldens()) {
    await writeFile(golden, actual);
    return;
  }
  let expected: string;
  try {
    expected = await readFile(golden, 'utf8');
  } catch {
    assert.fail(`golden ${path.relative(process.cwd(), golden)} is missing; run UPDATE_GOLDEN=1 locally and review it`);
  }
  assert.equal(actual, expected, `${fixture.name}/${file} differs from its golden (UPDATE_GOLDEN=1 rewrites it locally)`);
}

/**
 * Registers mocha suites for one stack: conformance (schema, defaults, README table),
 * and one golden test per fixture (detect -> options -> render equals the committed files).
 */
export function describeStack(stackDir: string, settings: DescribeStackOptions = {}): void {
  const options = { ...settings, lint: settings.lint === false ? undefined : (settings.lint ?? lintHook) };
  describe(`stack ${path.basename(stackDir)}`, function () {
    let stack: LoadedStack;
    before(async function () {
      stack = await loadStack(stackDir);
    });

    describe('conformance', function () {
      it('loads: manifest valid, schema strict, every option described with a default', function () {
        assert.ok(stack.id.length > 0);
        for (const [key, prop] of Object.entries(stack.schema.properties)) {
          assert.ok(prop.description.length > 10, `${key} needs a real description`);
        }
      });

      it('renders with schema defaults, byte-identical after rendering other options in between (pure render)', async function () {
        const meta = { generatorVersion: GENERATOR_VERSION, regenerate: `dockstack add ${stack.id} --force` };
        const defaults = defaultsOf(stack.schema);
        const a = render(stack, defaults, meta);
        // Other values in between: the output must follow the options, and leave no state behind.
        let changed: string | undefined;
        for (const [key, prop] of Object.entries(stack.schema.properties)) {
          const alternatives =
            prop.type === 'boolean' ? [!defaults[key]] : Array.isArray(prop.enum) ? prop.enum.filter((v) => v !== defaults[key]) : [];
          for (const value of alternatives) {
            let other;
            try {
              other = render(stack, { ...defaults, [key]: value }, meta);
            } catch {
              continue; // a value the stack refuses with these defaults
            }
            if (JSON.stringify(other) !== JSON.stringify(a)) changed = `${key}=${JSON.stringify(value)}`;
          }
          if (changed) break;
        }
        const b = render(stack, defaults, meta);
        assert.deepEqual(b, a);
        if (Object.values(stack.schema.properties).some((p) => p.type === 'boolean' || Array.isArray(p.enum)))
          assert.ok(changed, 'no boolean or enum option changes the output');
        assert.doesNotMatch(JSON.stringify(a), /\b20\d\d-\d\d-\d\dT\d\d:/, 'no timestamps in the output');
        const dockerfile = a.find((f) => f.path === 'Dockerfile');
        assert.ok(dockerfile, 'renders a Dockerfile');
        assert.ok(!dockerfile.content.includes('&amp;'), 'no HTML escaping');
        if (options.lint) assert.deepEqual(await options.lint(dockerfile.content, a.find((f) => f.path === '.dockerignore')?.content), []);
      });

      it('refuses hostile values for every free-text option (no instruction or shell injection)', function () {
        for (const [key, prop] of Object.entries(stack.schema.properties)) {
          if (prop.type !== 'string' || Array.isArray(prop.enum)) continue;
          for (const bad of HOSTILE_VALUES) {
            assert.throws(
              () => resolveOptions(stack.schema, [{ source: 'flag --set', values: { [key]: bad } }]),
              (e: unknown) => e instanceof DockstackError && e.details.option === key,
              `${key} accepted ${JSON.stringify(bad.slice(0, 40))}`,
            );
          }
        }
      });

      it('README options table is in sync with schema.json', async function () {
        const file = path.join(stackDir, 'README.md');
        const readme = await readFile(file, 'utf8');
        const synced = withOptionsTable(readme, stack);
        if (synced !== readme && updatingGoldens()) await writeFile(file, synced);
        else assert.equal(readme, synced, `${file}: options table out of date (UPDATE_GOLDEN=1 rewrites it)`);
      });
    });

    describe('option combinations', function () {
      it('renders and lints clean for every enum value and boolean, bounds and sampled strings', async function () {
        this.timeout(20 * 60_000);
        const fixtures = loadFixtures(stackDir);
        const samples: Record<string, unknown[]> = {};
        for (const fixture of fixtures) {
          const { generation } = await renderFixture(stack, fixture);
          for (const [k, v] of Object.entries(generation.options.values)) (samples[k] ??= []).push(v);
        }
        const base = defaultsOf(stack.schema);
        for (const key of stack.schema.required ?? []) base[key] ??= samples[key]?.[0] ?? stack.schema.properties[key]?.['x-example'];
        // A quarter more than the target: the image policy refuses combinations that were never
        // published (a version on an OS release it was not built for), and those do not count.
        const target = settings.combinations ?? 200;
        const combos = optionCombinations(stack.schema, base, samples, Math.ceil(target * 1.25));
        let rendered = 0;
        let invalid = 0;
        const problems: string[] = [];
        for (const combo of combos) {
          let files: RenderedFile[];
          try {
            files = generate(stack, [{ source: 'harness', values: combo }], GENERATOR_VERSION).files;
          } catch (error) {
            // A combination the schema refuses is skipped; a template that fails on a valid one is a finding.
            if (!(error instanceof DockstackError && /^E_OPTION/.test(error.code))) throw error;
            invalid++;
            continue;
          }
          rendered++;
          if (options.lint) {
            const findings = await options.lint(
              files.find((f) => f.path === 'Dockerfile')?.content ?? '',
              files.find((f) => f.path === '.dockerignore')?.content,
            );
            if (findings.length > 0 && problems.length < 5)
              problems.push(`${JSON.stringify(combo)}:\n${findings.map((f) => `  line ${f.line} ${f.rule} ${f.message}`).join('\n')}`);
          }
        }
        console.log(
          `      ${stack.id}: ${rendered} option combinations rendered and linted, ${problems.length === 0 ? 'all clean' : 'FINDINGS'}${invalid > 0 ? ` (${invalid} generated combinations were invalid and skipped)` : ''}`,
        );
        assert.deepEqual(problems, [], problems.join('\n\n'));
        assert.ok(rendered >= target, `only ${rendered} valid combinations`);
      });
    });

    describe('goldens', function () {
      const fixtures = loadFixtures(stackDir);
      it('has at least one fixture', function () {
        assert.ok(fixtures.length > 0, 'a stack needs at least one fixture under test/fixtures');
      });
      for (const fixture of fixtures) {
        it(`${fixture.name}: detection, Dockerfile and .dockerignore match the goldens`, async function () {
          this.timeout(30_000);
          const { candidate, generation } = await renderFixture(stack, fixture);
          for (const [key, value] of Object.entries(fixture.spec.expect ?? {})) {
            assert.deepEqual(
              generation.options.values[key],
              value,
              `expected ${key}=${JSON.stringify(value)} (detected: ${JSON.stringify(candidate?.result.options[key])})`,
            );
          }
          for (const file of generation.files) await compareGolden(fixture, file.path, file.content);
          if (options.lint) {
            const df = generation.files.find((f) => f.path === 'Dockerfile')?.content ?? '';
            const findings = await options.lint(df, ignoreFileOf(generation.files)?.content);
            assert.deepEqual(findings, [], 'lint findings');
          }
        });
        it(`${fixture.name}: dockstack explain accounts for every line of the golden Dockerfile`, async function () {
          this.timeout(30_000);
          const { generation } = await renderFixture(stack, fixture);
          let golden: string;
          try {
            golden = await readFile(fixtureFile(fixture, 'Dockerfile'), 'utf8');
          } catch {
            return this.skip();
          }
          const explained = explainFile(
            stack,
            generation.entry,
            'Dockerfile',
            golden,
            lockedSources(stack, generation.entry),
            rulesForLine,
          );
          const known = new Set<string>(allRules().map((r) => r.id));
          const unexplained = explained.lines.filter(
            (l) =>
              l.template === null ||
              l.why === '' ||
              l.rules.some((r) => !known.has(r)) ||
              (/^[A-Z]+$/.test(l.kind) && l.rules.length === 0),
          );
          assert.deepEqual(
            unexplained.map((l) => `${l.line}: ${l.text}`),
            [],
            'lines explain cannot account for (template line, why, rules with pages)',
          );
          assert.ok(explained.asGenerated);
        });
      }
    });
  });
}
