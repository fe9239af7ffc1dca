export * from './alert.js';
export * from './events.js';
export * from './level.js';
export * from './region.js';
export * from './report.js';
export * from './rules.js';
export * from './stats.js';
