// Workspace administration (operators): create, look up, set the token policy.
export * from './workspace.service.js';
