// Management tokens: the entity, the permission catalog, issuing and changing tokens, the token row as plain data.
export * from './permissions.js';
export * from './token.entity.js';
export * from './token-record.js';
export * from './token.service.js';
