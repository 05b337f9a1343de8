export * from './docker.js';
export * from './base-images.js';
export * from './build-log.js';
export * from './verify.js';
export * from './edit.js';
export * from './writable.js';
export * from './fastcgi.js';
