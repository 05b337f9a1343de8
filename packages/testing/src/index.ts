export * from './fixtures.js';
export * from './readme.js';
export * from './describe-stack.js';
export * from './combinations.js';
export * from './memory-view.js';
