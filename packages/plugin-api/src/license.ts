import { propose, type Findings } from './findings.js';
import type { ProjectView } from './index.js';

/** License file names, in the order they are tried. */
export const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING'] as const;

/** Recognisable license texts and bare names, by their opening words: the one SPDX table every stack uses. */
const KNOWN: ReadonlyArray<[RegExp, string]> = [
  [/^\s*MIT( License)?\s*$|^\s*MIT License|Permission is hereby granted, free of charge/i, 'MIT'],
  [/Apache License[\s\S]{0,40}Version 2\.0|^\s*Apache-2\.0\s*$|^\s*Apache 2(\.0)?\s*$/i, 'Apache-2.0'],
  [/Mozilla Public License,? (?:Version|v\.?) ?2\.0/i, 'MPL-2.0'],
  [/Eclipse Public License[\s\S]{0,20}2\.0|^\s*EPL-2\.0\s*$/i, 'EPL-2.0'],
  [/BSD 3-Clause|Redistribution and use[\s\S]{0,600}Neither the name/i, 'BSD-3-Clause'],
  [/BSD 2-Clause/i, 'BSD-2-Clause'],
  [/^\s*ISC License/i, 'ISC'],
];

/** A license expression as a manifest declares it (`MIT`, `Apache-2.0 OR MIT`); what the `license` option accepts. */
export const LICENSE_EXPRESSION = /^[A-Za-z0-9.+ ()-]{1,64}$/;

/** The SPDX id for a license name or text, when it is one of the common ones. */
export function spdxOf(text: string): string | undefined {
  const head = text.slice(0, 2000);
  for (const [re, spdx] of KNOWN) if (re.test(head)) return spdx;
  return undefined;
}

/** The SPDX id of the project's license file (the first that exists), when it is one of the common ones. */
export async function licenseFile(p: ProjectView): Promise<{ file: string; spdx: string } | undefined> {
  for (const file of LICENSE_FILES) {
    const text = await p.readText(file);
    if (text === undefined) continue;
    const spdx = spdxOf(text);
    return spdx === undefined ? undefined : { file, spdx };
  }
  return undefined;
}

/** Proposes `license` from the project's license file, with its evidence; the SPDX id when it did. */
export async function proposeLicenseFile(p: ProjectView, f: Findings): Promise<string | undefined> {
  const file = await licenseFile(p);
  if (file === undefined) return undefined;
  propose(f, 'license', file.spdx, `${file.file} reads as ${file.spdx}`);
  f.reasons.push({ file: file.file, says: file.spdx });
  return file.spdx;
}
