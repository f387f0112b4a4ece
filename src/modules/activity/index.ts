// Activity: who changed what (the audit log) and what webhooks are told (the event outbox and its catalog).
export * from './actor.js';
export * from './record-change.js';
export * from './changes.js';
export * from './event-catalog.js';
export * from './event.entity.js';
export * from './audit-event.entity.js';
export * from './audit.service.js';
