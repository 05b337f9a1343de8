import type { ProjectView } from '@dockstack/plugin-api';

const FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING'];

/** Recognisable license texts and names, by their opening words. */
const KNOWN: Array<[RegExp, string]> = [
  [/^\s*MIT( License)?\s*$|^\s*MIT License|Permission is hereby granted, free of charge/i, 'MIT'],
  [/Apache License[\s\S]{0,40}Version 2\.0|^\s*Apache-2\.0\s*$|^\s*Apache 2(\.0)?\s*$/i, 'Apache-2.0'],
  [/Mozilla Public License,? (?:Version|v\.?) ?2\.0/i, 'MPL-2.0'],
  [/Eclipse Public License[\s\S]{0,20}2\.0|^\s*EPL-2\.0\s*$/i, 'EPL-2.0'],
  [/BSD 3-Clause|Redistribution and use[\s\S]{0,600}Neither the name/i, 'BSD-3-Clause'],
  [/BSD 2-Clause/i, 'BSD-2-Clause'],
  [/^\s*ISC License/i, 'ISC'],
];

/** The SPDX id for a license name or text, when it is one of the common ones. */
export function spdxOf(text: string): string | undefined {
  const head = text.slice(0, 2000);
  for (const [re, spdx] of KNOWN) if (re.test(head)) return spdx;
  return undefined;
}

/** The SPDX id of the project's license file. */
export async function licenseFile(p: ProjectView): Promise<{ file: string; spdx: string } | undefined> {
  for (const file of FILES) {
    const text = await p.readText(file);
    if (text === undefined) continue;
    const spdx = spdxOf(text);
    return spdx === undefined ? undefined : { file, spdx };
  }
  return undefined;
}
