/** What rebar.config and an `.app.src` say that the Dockerfile needs (a text scan of Erlang terms, not an evaluator). */
export interface RebarFacts {
  /** relx releases, in order: `{release, {Name, Vsn}, Apps}`. */
  releases: string[];
  /** Names of the top-level `{deps, [...]}` entries. */
  deps: string[];
  /** Profiles under `{profiles, [...]}`. */
  profiles: string[];
  /** `{minimum_otp_vsn, "N"}`: the OTP major. */
  minimumOtp?: string;
}

export interface AppSrcFacts {
  name?: string;
  licenses: string[];
  links: string[];
}

/** Erlang comments (`%` to the end of the line, outside strings) removed. */
export function stripComments(text: string): string {
  return text.replace(/^((?:[^%"\n]|"(?:[^"\\\n]|\\.)*")*)%[^\n]*$/gm, '$1');
}

/** The text inside the brackets (`[`/`{`) that open where `start` matches, balanced; empty when absent. */
export function bracketed(text: string, start: RegExp): string {
  const m = start.exec(text);
  if (m === null) return '';
  let depth = 1;
  let i = m.index + m[0].length;
  for (; i < text.length && depth > 0; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return text.slice(m.index + m[0].length, i - 1);
}

/** First atoms of the top-level elements of a list body: `cowboy, {jsx, "3.1.0"}` -> cowboy, jsx. */
function topLevelAtoms(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === '"') {
      for (i++; i < body.length && body[i] !== '"'; i++) if (body[i] === '\\') i++;
      continue;
    }
    if (c === ',' && depth === 0) {
      start = true;
      continue;
    }
    if (start && /\S/.test(c)) {
      const m = /^\{?\s*'?([a-z][A-Za-z0-9_@]*)'?/.exec(body.slice(i));
      if (m?.[1] !== undefined) out.push(m[1]);
      start = false;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return out;
}

export function parseRebarConfig(text: string): RebarFacts {
  const clean = stripComments(text);
  const releases = [...clean.matchAll(/\{\s*release\s*,\s*\{\s*'?([a-z][A-Za-z0-9_]*)'?\s*,/g)].map((m) => m[1] ?? '');
  // Only the top-level deps: profiles carry their own (test deps) further in.
  const profilesBody = bracketed(clean, /\{\s*profiles\s*,\s*\[/);
  const top = profilesBody === '' ? clean : clean.replace(profilesBody, '');
  const deps = topLevelAtoms(bracketed(top, /\{\s*deps\s*,\s*\[/));
  const profiles = topLevelAtoms(profilesBody);
  const minimumOtp = /\{\s*minimum_otp_vsn\s*,\s*"(\d{2})/.exec(clean)?.[1];
  return { releases: [...new Set(releases)], deps, profiles, ...(minimumOtp === undefined ? {} : { minimumOtp }) };
}

export function parseAppSrc(text: string): AppSrcFacts {
  const clean = stripComments(text);
  const name = /\{\s*application\s*,\s*'?([a-z][A-Za-z0-9_]*)'?/.exec(clean)?.[1];
  const licenses = [...bracketed(clean, /\{\s*licenses\s*,\s*\[/).matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
  const links = [...bracketed(clean, /\{\s*links\s*,\s*\[/).matchAll(/"(https?:\/\/[^"]+)"/g)].map((m) => m[1] ?? '');
  return { ...(name === undefined ? {} : { name }), licenses, links };
}

/** The OTP major from `.tool-versions` (asdf, mise): `erlang 27.3.4` -> 27. */
export function otpFromToolVersions(text: string): string | undefined {
  return /^erlang\s+(\d{2})(?:\.|\s|$)/m.exec(text)?.[1];
}
