import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  catalogue,
  catalogueAge,
  eolFacts,
  isEol,
  lookup,
  nearestVersion,
  parseCatalogue,
  parseRef,
  publishedTags,
  serializeCatalogue,
  splitTag,
  supportedLines,
} from '@dockstack/images';

const AT = new Date('2026-12-04T00:00:00Z');

describe('@dockstack/images', () => {
  it('parses references and tag shapes', () => {
    assert.deepEqual(parseRef('docker.io/library/node:24-trixie-slim@sha256:ab'), {
      name: 'node',
      tag: '24-trixie-slim',
      digest: 'sha256:ab',
    });
    assert.deepEqual(parseRef('localhost:5000/x'), { name: 'localhost:5000/x', tag: 'latest' });
    assert.deepEqual(splitTag('3.14-slim-trixie'), ['#-slim-trixie', '3.14']);
    assert.deepEqual(splitTag('9-jdk21'), ['#-jdk21', '9']);
    assert.deepEqual(splitTag('debian-2.9.1'), ['debian-#', '2.9.1']);
    assert.deepEqual(splitTag('trixie-slim'), ['trixie-slim', '']);
  });

  it('knows the tags the issue found never published, and the ones that were', () => {
    for (const ref of [
      'python:3.8-slim-trixie',
      'python:3.12.3-slim-trixie',
      'golang:1.22-trixie',
      'rust:1.75-slim-trixie',
      'node:18-trixie-slim',
    ])
      assert.equal(lookup(ref).exists, false, ref);
    const old = lookup('python:3.8-slim-bookworm');
    assert.equal(old.exists, true);
    assert.equal(old.current, false);
    assert.match(old.removed ?? '', /^\d{4}-\d\d-\d\d$/);
    assert.equal(lookup('node:24-trixie-slim').current, true);
    assert.equal(lookup('nginx:1.28-bookworm').current, false);
    assert.equal(lookup('gcr.io/distroless/cc-debian13:nonroot').current, true);
    assert.equal(lookup('gcr.io/distroless/cc-debian13:nonroot-arm64').current, true);
    assert.equal(lookup('gcr.io/distroless/cc-debian13:weird').exists, false);
    assert.equal(lookup('mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled').current, true);
    assert.equal(lookup('quay.io/some/thing:1').known, false);
  });

  it('finds the nearest published version and names existing tags', () => {
    assert.equal(nearestVersion('python', '#-slim-bookworm', '3.12.3'), '3.12.3');
    const near = nearestVersion('python', '#-slim-trixie', '3.12.3');
    assert.ok(near !== undefined && near.startsWith('3.12.'), String(near));
    assert.equal(nearestVersion('golang', '#-trixie', '1.22'), undefined);
    const tags = publishedTags('golang', '#-trixie');
    assert.ok(tags.includes('1.27-trixie') && tags.every((t) => t.endsWith('-trixie')), tags.join());
  });

  it('gives end-of-life facts per release line and OS', () => {
    const facts = eolFacts('node:20-bookworm-slim');
    assert.deepEqual(
      facts.map((f) => [f.product, f.line]),
      [
        ['node', '20'],
        ['debian', 'bookworm'],
      ],
    );
    assert.equal(isEol(facts[0]!, AT), true);
    assert.equal(isEol(facts[1]!, AT), false);
    const distroless = eolFacts('gcr.io/distroless/static-debian12:nonroot')[0]!;
    assert.equal(distroless.eol, '2026-09-30');
    assert.equal(isEol(distroless, AT), true);
    assert.equal(isEol(eolFacts('gcr.io/distroless/static-debian13:nonroot')[0]!, AT), false);
    assert.deepEqual(
      eolFacts('maven:3.9-eclipse-temurin-21').map((f) => [f.product, f.line]),
      [['java', '21']],
    );
    assert.deepEqual(supportedLines('node', ['18', '20', '22', '24', '26'], AT), ['26', '24', '22']);
  });

  it('says how old it is', () => {
    const age = catalogueAge(new Date(Date.parse(catalogue().data.sourceDate) + 91 * 86_400_000));
    assert.equal(age.days, 91);
    assert.equal(age.stale, true);
    assert.equal(catalogueAge(new Date(catalogue().data.sourceDate)).stale, false);
  });

  describe('the catalogue file, one image per line, parsed image by image', () => {
    const FILE = new URL('../data/catalogue.json', import.meta.url);
    const text = readFileSync(FILE, 'utf8');

    it('is in the layout serializeCatalogue writes (build-catalogue.mjs), which is JSON', () => {
      assert.equal(text, serializeCatalogue(JSON.parse(text)));
      assert.ok(text.split('\n').length > 10, 'one image per line');
    });

    it('parses to what JSON.parse gives for the whole text, each image only when looked up', () => {
      const lazy = parseCatalogue(text);
      const images = Object.keys(JSON.parse(text).images);
      assert.deepEqual(Object.keys(lazy.images), images);
      assert.equal(typeof Object.getOwnPropertyDescriptor(lazy.images, 'php')?.get, 'function', 'not parsed yet');
      assert.deepEqual(lazy.images['node'], JSON.parse(text).images.node);
      assert.equal(typeof Object.getOwnPropertyDescriptor(lazy.images, 'php')?.get, 'function', 'still not parsed');
      assert.deepEqual(lazy, JSON.parse(text));
      assert.deepEqual(parseCatalogue(JSON.stringify(JSON.parse(text))), JSON.parse(text), 'one line: parsed at once');
    });

    it('fails as JSON.parse does when the text is not JSON (a broken line, a missing comma)', () => {
      const lines = text.split('\n');
      const broken = [lines[0], lines[1]?.replace('{', '{{'), ...lines.slice(2)].join('\n');
      assert.throws(() => JSON.parse(broken), SyntaxError);
      assert.throws(() => {
        const data = parseCatalogue(broken);
        for (const name of Object.keys(data.images)) void data.images[name];
      }, SyntaxError);
      const noComma = [lines[0], lines[1]?.replace(/,$/, ''), ...lines.slice(2)].join('\n');
      assert.throws(() => JSON.parse(noComma), SyntaxError);
      assert.throws(() => parseCatalogue(noComma), SyntaxError);
    });
  });
});
