import { createHash } from 'node:crypto';
import { parseRef } from './ref.js';

/** Manifest media types asked for, so a multi-arch tag answers with its index (the digest `docker pull` uses). */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface DigestOptions {
  /**
   * Base URL every image is looked up at instead of its own registry (`http://127.0.0.1:5000`): a mirror, or a
   * test registry. Default: `DOCKSTACK_REGISTRY_URL` from the environment, else the image's own registry.
   */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
}

/** Where an image lives: the registry's base URL and the repository path in it. */
export function registryLocation(reference: string, baseUrl?: string): { base: string; repo: string; tag: string } {
  const { name, tag } = parseRef(reference);
  const first = name.split('/')[0] ?? '';
  const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const repo = hasHost ? name.slice(first.length + 1) : name.includes('/') ? name : `library/${name}`;
  // Docker Hub serves its API on its registry host, not on the name users write.
  // Loopback registries speak plain HTTP, as the Docker engine assumes for them.
  const scheme = /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(first) ? 'http' : 'https';
  const base = baseUrl ?? (hasHost ? `${scheme}://${first}` : 'https://registry-1.docker.io');
  return { base: base.replace(/\/+$/, ''), repo, tag };
}

/** Parses a `WWW-Authenticate: Bearer realm="...",service="...",scope="..."` challenge. */
export function parseChallenge(header: string): Record<string, string> | undefined {
  const m = /^Bearer\s+(.*)$/i.exec(header.trim());
  if (m?.[1] === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of m[1].matchAll(/([a-zA-Z]+)="([^"]*)"/g)) if (part[1] !== undefined && part[2] !== undefined) out[part[1]] = part[2];
  return out;
}

async function token(challenge: Record<string, string>, repo: string, f: typeof fetch, signal: AbortSignal): Promise<string> {
  const realm = challenge['realm'];
  if (realm === undefined) throw new Error('registry asked for a token without naming a realm');
  const url = new URL(realm);
  if (challenge['service'] !== undefined) url.searchParams.set('service', challenge['service']);
  url.searchParams.set('scope', challenge['scope'] ?? `repository:${repo}:pull`);
  const res = await f(url, { signal });
  if (!res.ok) throw new Error(`token request to ${url.origin} failed: HTTP ${res.status}`);
  const body = (await res.json()) as { token?: string; access_token?: string };
  const t = body.token ?? body.access_token;
  if (t === undefined) throw new Error(`token response from ${url.origin} has no token`);
  return t;
}

/**
 * Resolves a tag to the digest a registry serves for it, through the OCI distribution API: `HEAD` on the manifest
 * with the index and manifest media types accepted (so a multi-arch tag gives its index digest), with Docker
 * Hub's token flow on a 401 (anonymous pull token from the challenge's realm). Falls back to `GET` and hashing
 * the body when a registry sends no `Docker-Content-Digest`.
 */
export async function resolveDigest(reference: string, opts: DigestOptions = {}): Promise<string> {
  const f = opts.fetch ?? fetch;
  const { base, repo, tag } = registryLocation(reference, opts.baseUrl ?? (process.env['DOCKSTACK_REGISTRY_URL'] || undefined));
  const url = `${base}/v2/${repo}/manifests/${tag}`;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
  let res = await f(url, { method: 'HEAD', headers, signal });
  if (res.status === 401) {
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
    if (challenge === undefined) throw new Error(`${reference}: ${base} wants credentials dockstack does not have (HTTP 401)`);
    headers['Authorization'] = `Bearer ${await token(challenge, repo, f, signal)}`;
    res = await f(url, { method: 'HEAD', headers, signal });
  }
  if (res.status === 404) throw new Error(`${reference}: no such tag at ${base} (HTTP 404)`);
  if (!res.ok) throw new Error(`${reference}: ${base} answered HTTP ${res.status}`);
  const digest = res.headers.get('docker-content-digest');
  if (digest !== null && /^sha256:[a-f0-9]{64}$/.test(digest)) return digest;
  const body = await f(url, { method: 'GET', headers, signal });
  if (!body.ok) throw new Error(`${reference}: ${base} answered HTTP ${body.status}`);
  return (
    'sha256:' +
    createHash('sha256')
      .update(Buffer.from(await body.arrayBuffer()))
      .digest('hex')
  );
}
