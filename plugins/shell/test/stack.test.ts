import path from 'node:path';
import { describeStack } from '@dockstack/testing';

describeStack(path.resolve(import.meta.dirname, '..'));
