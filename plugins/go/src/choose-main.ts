import { choose, type ChoiceRule } from '@dockstack/plugin-api';
import { serverCall } from './facts.js';
import type { MainPackage } from './mains.js';

/** The main package an image is built from, and why that one. */
export interface MainChoice {
  main: MainPackage;
  why: string;
}

/** Names that usually mean "the service" among several commands. */
const SERVICE_NAMES = ['server', 'api', 'app', 'web', 'service', 'main'];

const base = (main: MainPackage): string => main.dir.split('/').pop() ?? '';

/**
 * Chooses one main package: the only one, the module root's, else the one named like the module,
 * else the first whose main file starts a server, else a conventional service name, else the
 * first in name order.
 */
export function chooseMain(mains: readonly MainPackage[], module: string | undefined): MainChoice | undefined {
  const of = mains.length > 1 ? ` (of ${mains.length} main packages)` : '';
  const rules: Array<ChoiceRule<MainPackage>> = [
    [() => mains.length === 1, (m) => `${m.file.path} is the only package main`],
    [(m) => m.pkg === '.', (m) => `${m.file.path} is package main in the module root${of}`],
    [(m) => module !== undefined && base(m) === module, (m) => `${m.pkg} is named like the module${of}`],
    [(m) => serverCall(m.file) !== undefined, (m) => `${m.file.path} ${serverCall(m.file) ?? ''}${of}`],
    ...SERVICE_NAMES.map((name): ChoiceRule<MainPackage> => [
      (m) => base(m) === name,
      (m) => `${m.pkg} has a conventional service name${of}`,
    ]),
    [() => true, (m) => `${m.pkg} comes first by name${of}`],
  ];
  const choice = choose(mains, rules);
  return choice && { main: choice.chosen, why: choice.why };
}
