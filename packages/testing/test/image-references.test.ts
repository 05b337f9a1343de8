import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  baseImageRefs,
  defaultsOf,
  DockstackError,
  loadStack,
  render,
  resolveOptions,
  withImagePolicy,
  type LoadedStack,
} from '@dockstack/core';
import { lookup, parseRef } from '@dockstack/images';
import { loadFixtures, optionCombinations, renderFixture } from '@dockstack/testing';

// Issue #13, "must show": every stack over its option combinations (200 each) and every detected-version case in
// the fixtures resolves every FROM and COPY --from image to a tag the catalogue knows was published; no default
// is end of life.
const root = path.resolve(import.meta.dirname, '../../../plugins');
const stacks = readdirSync(root).sort();
const meta = { generatorVersion: '0.0.0', regenerate: 'dockstack' };
const TODAY = new Date();
// Images dockstack writes whose tags no catalogue source lists (say so in the report, never silently):
// FrankenPHP's images are published by its own project, outside the official images.
const OUTSIDE_SOURCES = new Set(['dunglas/frankenphp']);

function refsOf(stack: LoadedStack, dockerfile: string, values: Record<string, unknown>): string[] {
  const mirror = typeof values.registry === 'string' && values.registry !== '' ? values.registry + '/' : '';
  return baseImageRefs(dockerfile)
    .map((r) => (mirror !== '' && r.startsWith(mirror) ? r.slice(mirror.length) : r))
    .map((r) => (r.startsWith('dotnet/') ? 'mcr.microsoft.com/' + r : r));
}

/** References an option supplies verbatim (a user's own image) are the user's to vouch for. */
function verbatim(stack: LoadedStack, values: Record<string, unknown>): Set<string> {
  return new Set(
    Object.entries(stack.schema.properties)
      .filter(([k, p]) => /Image$/.test(k) && p.type === 'string' && values[k] !== p.default)
      .map(([k]) => String(values[k])),
  );
}

describe('base image references (issue #13)', function () {
  this.timeout(20 * 60_000);
  const totals = { renders: 0, refs: 0, refused: 0, outside: 0 };
  const unknown: string[] = [];
  const unpublished: string[] = [];
  // Versions the fixtures ask for that the catalogue cannot judge: honoured, listed in the output.
  const unverifiable = new Set<string>();

  for (const id of stacks) {
    it(`${id}: every reference over the fixtures and 200 option combinations is a published tag`, async function () {
      const stack = await loadStack(path.join(root, id));
      const samples: Record<string, unknown[]> = {};
      const check = (values: Record<string, unknown>, dockerfile: string, where: string): void => {
        totals.renders++;
        const own = verbatim(stack, values);
        for (const ref of refsOf(stack, dockerfile, values)) {
          if (own.has(ref)) continue;
          totals.refs++;
          const facts = lookup(ref);
          if (!facts.known && OUTSIDE_SOURCES.has(facts.name)) totals.outside++;
          else if (!facts.known) unknown.push(`${id} ${where}: ${ref}`);
          else if (!facts.exists && (facts.newer || !facts.history))
            unverifiable.add(`${id}: ${ref}${facts.newer ? ' (newer than the catalogue)' : ' (source lists current tags only)'}`);
          else if (!facts.exists) unpublished.push(`${id} ${where}: ${ref}`);
        }
      };
      for (const fixture of loadFixtures(path.join(root, id))) {
        const { generation } = await renderFixture(stack, fixture);
        for (const [k, v] of Object.entries(generation.options.values)) (samples[k] ??= []).push(v);
        check(generation.options.values, generation.files.find((f) => f.path === 'Dockerfile')?.content ?? '', `fixture ${fixture.name}`);
      }
      const base = defaultsOf(stack.schema);
      for (const key of stack.schema.required ?? []) base[key] ??= samples[key]?.[0] ?? stack.schema.properties[key]?.['x-example'];
      for (const combo of optionCombinations(stack.schema, base, samples, 200)) {
        let resolved;
        try {
          resolved = resolveOptions(stack.schema, [{ source: 'combination', values: combo }]);
        } catch {
          continue;
        }
        try {
          resolved = withImagePolicy(stack, resolved, TODAY);
        } catch (error) {
          // The policy refused a combination that was never published: it must name the tags that exist.
          assert.ok(
            error instanceof DockstackError && /never published/.test(error.message) && /exist/.test(error.details.hint ?? ''),
            String(error),
          );
          totals.refused++;
          continue;
        }
        check(
          resolved.values,
          render(stack, resolved.values, meta).find((f) => f.path === 'Dockerfile')?.content ?? '',
          JSON.stringify(combo),
        );
      }
    });
  }

  it('defaults: every image is current and none is end of life', async function () {
    const problems: string[] = [];
    for (const id of stacks) {
      const stack = await loadStack(path.join(root, id));
      const base = defaultsOf(stack.schema);
      const x = Object.fromEntries((stack.schema.required ?? []).map((k) => [k, stack.schema.properties[k]?.['x-example']]));
      const resolved = withImagePolicy(stack, resolveOptions(stack.schema, [{ source: 'test', values: { ...base, ...x } }]), TODAY);
      for (const n of resolved.images?.notes ?? [])
        if (!(n.kind === 'unknown' && lookup(n.image).newer)) problems.push(`${id}: ${n.kind}: ${n.message}`);
      for (const ref of Object.values(resolved.images?.refs ?? {})) {
        const facts = lookup(ref);
        // A default newer than the catalogue's sources (rust 1.100, November 2026) is printed, not failed.
        if (facts.newer) console.log(`      ${id}: default ${ref} is newer than the catalogue's sources`);
        else if (!facts.current) problems.push(`${id}: ${parseRef(ref).name}:${parseRef(ref).tag} is not current`);
      }
    }
    assert.deepEqual(problems, []);
  });

  after(function () {
    console.log(
      `      ${totals.renders} renders, ${totals.refs} image references checked, ${totals.refused} combinations refused with the published tags named, ${totals.outside} references to images outside the catalogue's sources (${[...OUTSIDE_SOURCES].join(', ')}); ${unknown.length} unknown, ${unpublished.length} unpublished, ${unverifiable.size} distinct references the catalogue cannot judge${unverifiable.size > 0 ? ': ' + [...unverifiable].join('; ') : ''}`,
    );
    assert.deepEqual(unknown, [], 'references the catalogue does not know');
    assert.deepEqual(unpublished, [], 'references never published');
  });
});
