// Pinned versions that are not installed: which ones, the --offline refusal, and the trust rule
// (only a version the index lists as official is installed without review). The install itself
// runs against a real registry in test/e2e/release.test.ts.
import assert from 'node:assert/strict';
import {
  DockstackError,
  StackCatalog,
  StackStore,
  installPin,
  missingPins,
  offlinePinError,
  pinInstallCommand,
  type LoadedStack,
  type LockedService,
  type Lockfile,
  type RegistryIndex,
} from '@dockstack/core';

const stack = (id: string, version: string, origin = 'bundled'): LoadedStack =>
  ({ id, version, origin, packageName: `@dockstack/stack-${id}` }) as unknown as LoadedStack;
const locked = (stack: string, version: string, pkg = `@dockstack/stack-${stack}`): LockedService =>
  ({ stack, package: pkg, version }) as unknown as LockedService;

describe('registry: pinned versions that are not installed', () => {
  const catalog = new StackCatalog([stack('node', '0.2.0'), stack('static', '0.1.0')]);
  const lock: Lockfile = {
    lockfileVersion: 1,
    services: { 'apps/b': locked('node', '0.1.0'), 'apps/a': locked('node', '0.1.0'), web: locked('static', '0.1.0') },
  };

  it('lists each missing package@version once, with every service that pins it', () => {
    assert.deepEqual(missingPins(catalog, lock), [
      { stack: 'node', package: '@dockstack/stack-node', version: '0.1.0', services: ['apps/a', 'apps/b'] },
    ]);
    assert.deepEqual(missingPins(catalog, undefined), []);
  });

  it('--offline: E_LOCK naming the services and the exact install command', () => {
    const [pin] = missingPins(catalog, lock);
    const error = offlinePinError(pin as NonNullable<typeof pin>);
    assert.equal(error.code, 'E_LOCK');
    assert.match(
      error.message,
      /pins node@0\.1\.0 \(@dockstack\/stack-node\) for service "apps\/a", "apps\/b", which is not installed, and --offline/,
    );
    assert.equal(error.details.hint, 'Install it while online: dockstack stacks install @dockstack/stack-node@0.1.0');
    assert.equal(
      pinInstallCommand({ package: 'dockstack-stack-x', version: '1.0.0' }, true),
      'dockstack stacks install dockstack-stack-x@1.0.0 --trust',
    );
  });

  it('a version the index does not list as official is not installed without review (no network needed to refuse)', async () => {
    const index: RegistryIndex = { formatVersion: 1, stacks: [] };
    const store = new StackStore('/nonexistent-dockstack-data');
    const pin = { stack: 'x', package: 'dockstack-stack-x', version: '1.0.0', services: ['.'] };
    await assert.rejects(
      installPin(pin, { index, npm: { registry: 'http://127.0.0.1:9/' }, store }),
      (e: unknown) =>
        e instanceof DockstackError &&
        e.code === 'E_LOCK' &&
        /not an official stack version/.test(e.message) &&
        e.details.hint === 'Review the package, then install it: dockstack stacks install dockstack-stack-x@1.0.0 --trust',
    );
  });
});
