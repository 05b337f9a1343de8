import path from 'node:path';
import { describeStack } from '@dockstack/testing';

// Conformance (manifest, strict schema, defaults render, README options table) and one golden
// test per folder under test/fixtures. UPDATE_GOLDEN=1 rewrites the goldens; review the diff.
describeStack(path.resolve(import.meta.dirname, '..'));
