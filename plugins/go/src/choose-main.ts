import { serverCall } from './facts.js';
import type { MainPackage } from './mains.js';

/** The main package an image is built from, and why that one. */
export interface MainChoice {
  main: MainPackage;
  why: string;
}

/** Names that usually mean "the service" among several commands. */
const SERVICE_NAMES = ['server', 'api', 'app', 'web', 'service', 'main'];

function base(main: MainPackage): string {
  return main.dir.split('/').pop() ?? '';
}

/**
 * Chooses one main package: the module root's, else the one named like the module, else
 * the first whose main file starts a server, else a conventional service name, else the
 * first in name order.
 */
export function chooseMain(mains: readonly MainPackage[], module: string | undefined): MainChoice | undefined {
  const first = mains[0];
  if (first === undefined) return undefined;
  const others = mains.length > 1 ? ` (of ${mains.length} main packages)` : '';
  if (mains.length === 1) {
    return { main: first, why: `${first.file.path} is the only package main` };
  }
  const root = mains.find((m) => m.pkg === '.');
  if (root !== undefined) return { main: root, why: `${root.file.path} is package main in the module root${others}` };
  const named = module === undefined ? undefined : mains.find((m) => base(m) === module);
  if (named !== undefined) return { main: named, why: `${named.pkg} is named like the module${others}` };
  const serving = mains.find((m) => serverCall(m.file) !== undefined);
  if (serving !== undefined) return { main: serving, why: `${serving.file.path} ${serverCall(serving.file) as string}${others}` };
  for (const name of SERVICE_NAMES) {
    const hit = mains.find((m) => base(m) === name);
    if (hit !== undefined) return { main: hit, why: `${hit.pkg} has a conventional service name${others}` };
  }
  return { main: first, why: `${first.pkg} comes first by name${others}` };
}
