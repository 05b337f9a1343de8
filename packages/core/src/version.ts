import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** dockstack's version, printed in every generated file's header (the CLI ships in lockstep). */
export const GENERATOR_VERSION: string = (require('../package.json') as { version: string }).version;
