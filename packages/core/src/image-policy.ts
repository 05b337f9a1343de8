import {
  catalogueAge,
  compareVersions,
  eolFacts,
  isEol,
  lookup,
  nearestVersion,
  publishedTags,
  supportedLines,
  versionsOf,
} from '@dockstack/images';
import { DockstackError } from './errors.js';
import type { LoadedStack } from './loader.js';
import type { ResolvedOptions } from './options.js';
import { render as renderStack, type RenderedFile } from './render.js';

/**
 * One base image a stack writes, declared as data in `package.json#dockstack.images` under the global ARG that
 * holds it: which option carries the release (`version`) and which picks the OS variant (`variant`). The policy
 * reads the rendered ARG, so tag formats stay in the template and are never written twice.
 */
export interface ImageRule {
  /** Option whose value is the image's version (`pythonVersion`). */
  version?: string;
  /** Option choosing the OS variant (`debianRelease`); its schema enum lists the variants, newest first. */
  variant?: string;
  /** Parts of the version naming the release line (1 for node and java; 2 by default). */
  lineDepth?: number;
}

/** What the policy did or found, for the evidence and the warnings. */
export interface ImageNote {
  kind: 'nearest' | 'eol' | 'not-current' | 'unknown';
  arg: string;
  image: string;
  message: string;
}

export interface ImagePolicyResult {
  values: Record<string, unknown>;
  files: RenderedFile[];
  /** ARG -> image reference after the policy (registry prefix removed). */
  images: Record<string, string>;
  notes: ImageNote[];
  /** Options the policy moved, with the value asked for. */
  changed: Record<string, { from: unknown; to: unknown }>;
}

type Render = (values: Record<string, unknown>) => RenderedFile[];

/** ARG defaults of a Dockerfile with `${VAR}` expanded from the ARGs above them. */
export function argImages(dockerfile: string): Map<string, string> {
  const args = new Map<string, string>();
  for (const line of dockerfile.split('\n')) {
    const m = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*$/.exec(line);
    if (m?.[1] === undefined) continue;
    args.set(
      m[1],
      (m[2] ?? '').replace(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
        (_, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? '') ?? '',
      ),
    );
  }
  return args;
}

/** Every image a Dockerfile pulls: FROM and `COPY --from` references that are not stages, ARGs expanded. */
export function baseImageRefs(dockerfile: string): string[] {
  const args = argImages(dockerfile);
  const stages = new Set<string>();
  const out: string[] = [];
  const expand = (s: string): string =>
    s.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? '') ?? '',
    );
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from?.[1] !== undefined) {
      const ref = expand(from[1]);
      if (!stages.has(ref) && ref !== 'scratch') out.push(ref);
      if (from[2] !== undefined) stages.add(from[2]);
      continue;
    }
    const copy = /^(?:COPY|RUN)\b.*--from=(\S+)/.exec(line);
    if (copy?.[1] !== undefined) {
      const ref = expand(copy[1]);
      if (!stages.has(ref) && !/^\d+$/.test(ref)) out.push(ref);
    }
  }
  return [...new Set(out)];
}

const dockerfileOf = (files: RenderedFile[]): string => files.find((f) => f.path === 'Dockerfile')?.content ?? '';
const stripMirror = (ref: string, values: Record<string, unknown>): string => {
  const mirror = typeof values.registry === 'string' && values.registry !== '' ? values.registry + '/' : '';
  const bare = mirror !== '' && ref.startsWith(mirror) ? ref.slice(mirror.length) : ref;
  return bare.startsWith('dotnet/') ? 'mcr.microsoft.com/' + bare : bare;
};

function imagesOf(stack: LoadedStack, files: RenderedFile[], values: Record<string, unknown>): Record<string, string> {
  const args = argImages(dockerfileOf(files));
  const out: Record<string, string> = {};
  for (const arg of Object.keys(stack.manifest.images ?? {})) {
    const ref = args.get(arg);
    if (ref !== undefined) out[arg] = stripMirror(ref, values);
  }
  return out;
}

const allExist = (images: Record<string, string>, keep: ReadonlySet<string>): boolean =>
  Object.entries(images).every(([arg, ref]) => !keep.has(arg) || lookup(ref).exists);

/**
 * Applies a stack's image policy to resolved options: keeps the project's version, and when the tag that makes
 * was never published, moves the OS variant (newest first), then the version inside its release line, to the
 * nearest published tag; fails naming the tags that exist when none fits. End-of-life lines and tags no longer
 * rebuilt become notes. `now` is passed in, so rendering stays free of the clock.
 */
export function applyImagePolicy(stack: LoadedStack, values: Record<string, unknown>, render: Render, now: Date): ImagePolicyResult {
  const rules = stack.manifest.images ?? {};
  let current = { ...values };
  let files = render(current);
  let images = imagesOf(stack, files, current);
  const notes: ImageNote[] = [];
  const changed: ImagePolicyResult['changed'] = {};
  for (const [arg, rule] of Object.entries(rules)) {
    const ref = images[arg];
    if (ref === undefined) continue;
    const facts = lookup(ref);
    if (!facts.known) {
      notes.push({
        kind: 'unknown',
        arg,
        image: ref,
        message: `${arg}: ${facts.name} is not in dockstack's image catalogue, so its tag ${facts.tag} is not checked`,
      });
      continue;
    }
    if (facts.exists) continue;
    if (facts.newer || !facts.history) {
      // Honour it: the catalogue cannot say it was never published (newer than its sources, or a source without history).
      notes.push({
        kind: 'unknown',
        arg,
        image: ref,
        message: facts.newer
          ? `${arg}: ${ref} is newer than anything in dockstack's image catalogue (sources up to ${catalogueAge().sourceDate}); kept as asked`
          : `${arg}: ${ref} is not among ${facts.name}'s current tags (the catalogue has no history for it); kept as asked`,
      });
      continue;
    }
    const fine = new Set(
      Object.entries(images)
        .filter(([, r]) => lookup(r).exists)
        .map(([a]) => a),
    );
    fine.add(arg);
    const tries: Array<Record<string, unknown>> = [];
    const variants = rule.variant === undefined ? [] : ((stack.schema.properties[rule.variant]?.enum as unknown[] | undefined) ?? []);
    for (const v of variants) if (v !== current[rule.variant ?? '']) tries.push({ [rule.variant ?? '']: v });
    if (rule.version !== undefined && String(current[rule.version]) === facts.version) {
      const near = nearestVersion(facts.name, facts.shape, facts.version, rule.lineDepth);
      if (near !== undefined) tries.push({ [rule.version]: near });
    }
    let picked: Record<string, unknown> | undefined;
    for (const change of tries) {
      const next = { ...current, ...change };
      const nextFiles = render(next);
      const nextImages = imagesOf(stack, nextFiles, next);
      if (allExist(nextImages, fine)) {
        picked = change;
        notes.push({
          kind: 'nearest',
          arg,
          image: nextImages[arg] ?? '',
          message: `${ref} was never published; using the nearest published variant ${nextImages[arg]} (${Object.entries(change)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ')})`,
        });
        for (const [k, v] of Object.entries(change)) changed[k] = { from: current[k], to: v };
        current = next;
        files = nextFiles;
        images = nextImages;
        break;
      }
    }
    if (picked === undefined) throw unpublished(arg, ref, rule, facts.name, facts.shape, facts.version);
  }
  for (const [arg, ref] of Object.entries(images)) notes.push(...lifecycleNotes(arg, ref, now));
  return { values: current, files, images, notes, changed };
}

function unpublished(arg: string, ref: string, rule: ImageRule, name: string, shape: string, version: string): DockstackError {
  const line = version
    .split('.')
    .slice(0, rule.lineDepth ?? 2)
    .join('.');
  const sameLine = versionsOf(name, shape)
    .filter((v) => v === line || v.startsWith(line + '.'))
    .reverse()
    .slice(0, 6)
    .map((v) => shape.replace('#', v));
  const existing = sameLine.length > 0 ? sameLine : publishedTags(name, shape);
  return new DockstackError('E_OPTIONS_INVALID', `${arg}: ${ref} was never published, and no nearby variant was`, {
    ...(rule.version === undefined ? {} : { option: rule.version }),
    hint: `Tags of ${name} that exist${sameLine.length > 0 ? ' in that line' : ''}: ${existing.join(', ') || '(none in the catalogue)'}. Pick one with --set ${rule.version ?? rule.variant ?? 'the version option'}=...`,
  });
}

/** End-of-life and no-longer-rebuilt notes for one image reference. */
export function lifecycleNotes(arg: string, ref: string, now: Date): ImageNote[] {
  const notes: ImageNote[] = [];
  const facts = lookup(ref);
  if (facts.known && facts.exists && !facts.current)
    notes.push({
      kind: 'not-current',
      arg,
      image: ref,
      message: `${ref} is no longer rebuilt upstream (last listed ${facts.removed ?? 'long ago'}), so it gets no security fixes`,
    });
  for (const fact of eolFacts(ref)) {
    if (!isEol(fact, now)) continue;
    const published =
      fact.product === 'debian'
        ? []
        : versionsOf(facts.name, facts.shape, { current: true })
            .map((v) => v.split('.').slice(0, fact.line.split('.').length).join('.'))
            .filter((l) => l.split('.').length === fact.line.split('.').length);
    const supported = supportedLines(fact.product, published, now).filter(
      (l) => compareVersions(l, fact.line) > 0 || fact.product === 'debian',
    );
    notes.push({
      kind: 'eol',
      arg,
      image: ref,
      message: `${fact.product} ${fact.line} reached end of life on ${fact.eol}${supported.length > 0 ? `; supported lines: ${supported.join(', ')}` : ''} (${fact.source})`,
    });
  }
  return notes;
}

/** Resolved options with the image policy applied, and what it said. */
export interface PolicedOptions extends ResolvedOptions {
  images?: { refs: Record<string, string>; notes: ImageNote[] };
}

/**
 * The one place the image policy meets option resolution: moves options the policy moved (their source becomes
 * `image policy`) and keeps the notes beside the values. Rendering stays pure: the header facts used here are
 * placeholders, and only the ARG lines are read.
 */
export function withImagePolicy(stack: LoadedStack, resolved: ResolvedOptions, now: Date = new Date()): PolicedOptions {
  if (stack.manifest.images === undefined || Object.keys(stack.manifest.images).length === 0) return resolved;
  const meta = { generatorVersion: '0.0.0', regenerate: 'dockstack' };
  const result = applyImagePolicy(stack, resolved.values, (values) => renderStack(stack, values, meta), now);
  const sources = { ...resolved.sources };
  for (const key of Object.keys(result.changed)) sources[key] = 'image policy';
  return { values: result.values, sources, images: { refs: result.images, notes: result.notes } };
}
