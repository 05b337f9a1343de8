import type { Arg, Env } from 'dockerfile-ast';
import { stageChain, type Inst, type Model } from './model.js';
import { expand } from './vars.js';

/** Name -> known value, or null when declared but its value is unknown here. */
export type Scope = Map<string, string | null>;

/** Automatic platform ARGs, usable in FROM without a declaration. */
export const PLATFORM_ARGS = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
];

/** Environment variables that official base images define (their values vary by image). */
export const BASE_IMAGE_ENV = [
  'PATH',
  'HOME',
  'HOSTNAME',
  'TERM',
  'LANG',
  'LC_ALL',
  'PWD',
  'NODE_VERSION',
  'YARN_VERSION',
  'GOLANG_VERSION',
  'GOPATH',
  'GOTOOLCHAIN',
  'PYTHON_VERSION',
  'PYTHON_SHA256',
  'GPG_KEY',
  'JAVA_HOME',
  'JAVA_VERSION',
  'MAVEN_HOME',
  'MAVEN_CONFIG',
  'GRADLE_HOME',
  'GRADLE_VERSION',
  'RUSTUP_HOME',
  'CARGO_HOME',
  'RUST_VERSION',
  'GEM_HOME',
  'BUNDLE_APP_CONFIG',
  'BUNDLE_SILENCE_ROOT_WARNING',
  'RUBY_VERSION',
  'PHP_INI_DIR',
  'PHP_VERSION',
  'PHPIZE_DEPS',
  'APACHE_CONFDIR',
  'APACHE_ENVVARS',
  'APP_UID',
  'DOTNET_VERSION',
  'ASPNET_VERSION',
  'ASPNETCORE_HTTP_PORTS',
  'DOTNET_RUNNING_IN_CONTAINER',
  'NGINX_VERSION',
  'NJS_VERSION',
  'PKG_RELEASE',
];

function lookupIn(scope: Scope) {
  return (name: string): string | null | undefined => (scope.has(name) ? (scope.get(name) ?? null) : undefined);
}

function argProperty(inst: Inst): { name: string; value: string | null } | undefined {
  const prop = (inst.node as Arg).getProperty?.();
  if (!prop) return undefined;
  return { name: prop.getName(), value: prop.getValue() };
}

/** Expands `text` in `scope`; undefined when it depends on something unknown. */
export function expandIn(model: Model, text: string, scope: Scope): string | undefined {
  return expand(text, lookupIn(scope), model.escape);
}

/** Global ARGs (before the first FROM), each default expanded with the ARGs before it. */
export function globalScope(model: Model): Scope {
  const scope: Scope = new Map(PLATFORM_ARGS.map((n) => [n, null] as [string, null]));
  for (const inst of model.preamble) {
    if (inst.keyword !== 'ARG') continue;
    for (const { name, value } of argsOf(inst)) scope.set(name, value === null ? null : (expandIn(model, value, scope) ?? null));
  }
  return scope;
}

/** Every `name[=value]` of an ARG instruction (ARG accepts several). */
export function argsOf(inst: Inst): Array<{ name: string; value: string | null }> {
  const props = (inst.node as unknown as Env).getProperties?.();
  if (!props || props.length === 0) {
    const one = argProperty(inst);
    return one ? [one] : [];
  }
  // `ARG A B` declares two names; the parser reads it as name A with value "B".
  return props.flatMap((p) => {
    const value = p.getValue();
    if (p.getAssignmentOperator() !== null || value === null) return [{ name: p.getName(), value }];
    return [p.getName(), ...value.split(/\s+/)].filter(Boolean).map((name) => ({ name, value: null }));
  });
}

function applyStage(model: Model, insts: Inst[], scope: Scope, globals: Scope, until: number, withArgs: boolean): void {
  for (const inst of insts) {
    if (inst.line >= until) return;
    if (inst.keyword === 'ARG' && withArgs) {
      for (const { name, value } of argsOf(inst)) {
        scope.set(
          name,
          value === null ? (globals.has(name) ? (globals.get(name) ?? null) : null) : (expandIn(model, value, scope) ?? null),
        );
      }
    } else if (inst.keyword === 'ENV') {
      const before = new Map(scope);
      for (const p of (inst.node as Env).getProperties()) {
        const value = p.getValue();
        scope.set(p.getName(), value === null ? null : (expandIn(model, value, before) ?? null));
      }
    }
  }
}

/**
 * What an instruction of a stage can reference: base image variables, ENV of parent stages,
 * and ARG/ENV of its own stage declared before it. ARGs do not cross stages; ENV does.
 */
export function scopeAt(model: Model, inst: Inst, options: { baseImageEnv?: boolean } = {}): Scope {
  const globals = globalScope(model);
  if (inst.stage < 0) {
    const scope: Scope = new Map(PLATFORM_ARGS.map((n) => [n, null] as [string, null]));
    for (const pre of model.preamble) {
      if (pre.line >= inst.line) break;
      for (const { name, value } of argsOf(pre)) scope.set(name, value === null ? null : (expandIn(model, value, scope) ?? null));
    }
    return scope;
  }
  const scope: Scope = new Map();
  if (options.baseImageEnv !== false) for (const name of BASE_IMAGE_ENV) scope.set(name, null);
  const chain = stageChain(model, inst.stage).reverse();
  for (const stage of chain) {
    const own = stage.index === inst.stage;
    applyStage(model, stage.insts, scope, globals, own ? inst.line : Infinity, own);
  }
  return scope;
}
