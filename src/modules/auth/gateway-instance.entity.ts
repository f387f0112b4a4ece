// The registry of gateway processes that may serve tokens from memory (token-cache.ts). Each row is
// one process and the end of its current cache lease, in the database's clock: a process that
// changes a token waits for the acknowledgement of every process whose lease has not ended.
import { defineEntity, p } from '@mikro-orm/core';

export const GatewayInstanceSchema = defineEntity({
  name: 'GatewayInstance',
  tableName: 'gateway_instance',
  properties: {
    id: p.uuid().primary(),
    host: p.text(),
    pid: p.integer(),
    startedAt: p.datetime(),
    /** The lease length this process was configured with, in milliseconds. */
    leaseMs: p.integer(),
    /** Never earlier than the end of the lease the process itself believes it holds. */
    leaseExpiresAt: p.datetime(),
  },
  indexes: [{ properties: ['leaseExpiresAt'] }],
});

export class GatewayInstance extends GatewayInstanceSchema.class {}
GatewayInstanceSchema.setClass(GatewayInstance);
