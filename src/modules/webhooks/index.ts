// Webhooks: endpoints, their deliveries and attempts, the dispatcher that sends them, the sender and the target rules.
export * from './webhook.entity.js';
export * from './delivery.entity.js';
export * from './webhook-target.js';
export * from './webhook-sender.js';
export * from './webhook.service.js';
export * from './delivery.service.js';
export * from './dispatcher.js';
