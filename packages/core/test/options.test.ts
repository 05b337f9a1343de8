import assert from 'node:assert/strict';
import { DockstackError, loadStack, parseSetFlags, resolveOptions, type LoadedStack } from '@dockstack/core';
import { stackDir } from './helpers.js';

function fails(fn: () => unknown, check: (e: DockstackError) => void): void {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DockstackError, String(error));
    check(error);
    return;
  }
  assert.fail('expected an error');
}

describe('options', function () {
  let stack: LoadedStack;
  before(async function () {
    stack = await loadStack(stackDir('valid'));
  });

  it('resolves schema defaults < detection < config < --set, recording each source', function () {
    const r = resolveOptions(stack.schema, [
      { source: 'detection', values: { greeting: 'detected', port: 1000, mode: 'fast' } },
      { source: 'config .dockstackrc.json', values: { port: 2000, mode: 'small' } },
      { source: 'flag --set', values: { port: 3000 } },
    ]);
    assert.deepEqual(r.values, { version: '1.0', greeting: 'detected', port: 3000, debug: false, mode: 'small', extras: [] });
    assert.equal(r.sources['version'], 'default');
    assert.equal(r.sources['greeting'], 'detection');
    assert.equal(r.sources['mode'], 'config .dockstackrc.json');
    assert.equal(r.sources['port'], 'flag --set');
  });

  it('coerces --set values by declared type', function () {
    assert.deepEqual(parseSetFlags(stack.schema, ['port=81', 'debug=true', 'extras=a,b', 'greeting=a=b']), {
      port: 81,
      debug: true,
      extras: ['a', 'b'],
      greeting: 'a=b',
    });
  });

  it('names the option, the bad value, the rule and the source', function () {
    fails(
      () => resolveOptions(stack.schema, [{ source: 'flag --set', values: { greeting: 'x', version: 'abc' } }]),
      (e) => {
        assert.equal(e.code, 'E_OPTIONS_INVALID');
        assert.equal(e.details.option, 'version');
        assert.equal(e.details.source, 'flag --set');
        assert.match(e.message, /"version" = "abc" \(from flag --set\) must match the pattern/);
      },
    );
    fails(
      () =>
        resolveOptions(stack.schema, [
          { source: 'config .dockstackrc.json', file: '.dockstackrc.json', pointer: '/options', values: { greeting: 'x', mode: 'huge' } },
        ]),
      (e) => {
        assert.match(e.message, /must be one of "fast", "small"/);
        assert.equal(e.details.file, '.dockstackrc.json');
        assert.equal(e.details.pointer, '/options/mode');
      },
    );
    fails(
      () => resolveOptions(stack.schema, [{ source: 'flag --set', values: { greeting: 'x', port: 70000 } }]),
      (e) => assert.match(e.message, /"port" = 70000 .* must be <= 65535/),
    );
  });

  it('rejects newlines and control characters so no value can inject an instruction', function () {
    for (const bad of ['1.0\nRUN curl x', 'a\rb', 'tab\there', 'nul\u0000', 'esc\u001b[31m', 'ls\u2028sep']) {
      fails(
        () => resolveOptions(stack.schema, [{ source: 'flag --set', values: { greeting: bad } }]),
        (e) => {
          assert.equal(e.code, 'E_OPTIONS_INVALID');
          assert.equal(e.details.option, 'greeting');
          assert.match(e.message, /newline or control character/);
        },
      );
    }
  });

  it('rejects an unknown option with a did-you-mean', function () {
    fails(
      () => resolveOptions(stack.schema, [{ source: 'flag --set', values: { prot: 1 } }]),
      (e) => {
        assert.equal(e.code, 'E_OPTION_UNKNOWN');
        assert.match(e.details.hint ?? '', /Did you mean "port"/);
      },
    );
    fails(
      () => parseSetFlags(stack.schema, ['gretting=hi']),
      (e) => assert.match(e.details.hint ?? '', /"greeting"/),
    );
    fails(
      () => parseSetFlags(stack.schema, ['noequals']),
      (e) => assert.equal(e.code, 'E_USAGE'),
    );
  });

  it('lists every missing required option at once', function () {
    fails(
      () => resolveOptions(stack.schema, []),
      (e) => {
        assert.equal(e.code, 'E_OPTIONS_MISSING');
        assert.deepEqual(e.details.data?.['missing'], ['greeting']);
      },
    );
  });
});
