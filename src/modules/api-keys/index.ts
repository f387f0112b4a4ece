// API keys of a project.
export * from './api-key.entity.js';
export * from './api-key.service.js';
