// Projects.
export * from './project.entity.js';
export * from './project.service.js';
