import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const STACKS = path.join(import.meta.dirname, 'fixtures', 'stacks');
export const stackDir = (name: string): string => path.join(STACKS, name);
export const tempDir = (prefix = 'dockstack-test-'): string => mkdtempSync(path.join(tmpdir(), prefix));
export const META = { generatorVersion: '9.9.9', regenerate: 'dockstack add mini --force' };
