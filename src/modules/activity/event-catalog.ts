// The catalog of event types: what webhooks subscribe to. One list, imported by validation, the
// schema and the documentation (docs/webhooks.md).
export const EVENT_TYPES = {
  'project.created': 'A project was created.',
  'project.updated': 'A project was renamed or changed type.',
  'project.deleted': 'A project was deleted, with its API keys and webhooks.',
  'api_key.created': 'An API key was created.',
  'api_key.rolled': 'An API key was rolled: a new key replaces it, the old one expires (at once or after a grace period).',
  'api_key.deactivated': 'An API key was deactivated.',
  'api_key.activated': 'An API key was activated again.',
  'api_key.deleted': 'An API key was deleted.',
  'webhook.created': 'A webhook endpoint was created.',
  'webhook.updated': 'A webhook endpoint was changed.',
  'webhook.deleted': 'A webhook endpoint was deleted.',
  'webhook.secret_rotated': "A webhook endpoint's signing secret was rotated.",
  'management_token.created': 'A management token was created.',
  'management_token.updated': 'A management token was renamed or its description changed.',
  'management_token.rotated': 'A management token got a new secret.',
  'management_token.deactivated': 'A management token was deactivated.',
  'management_token.activated': 'A management token was activated again.',
  'management_token.revoked': 'A management token was revoked (`data.revokedReason`: MANUAL, UNUSED or LEAKED).',
  'management_token.expiring': 'A management token expires in 7 days, or in 1 day.',
  'management_token.expired': 'A management token expired.',
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const ALL_EVENT_TYPES = Object.keys(EVENT_TYPES) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}

const EXAMPLE_DATA: Record<string, Record<string, unknown>> = {
  project: { id: 'prj_0352X7oFEGuE9PNHGjE1Ic', name: 'storefront', type: 'PRODUCTION' },
  api_key: {
    id: 'key_0352XAnwzGL3ZQ5kRk2lbm',
    projectId: 'prj_0352X7oFEGuE9PNHGjE1Ic',
    kind: 'SECRET',
    name: 'backend',
    prefix: 'sk_4fQa',
    expiresAt: null,
  },
  webhook: {
    id: 'whk_0352XBqv3Hkq3mHH2vQ0sS',
    projectId: 'prj_0352X7oFEGuE9PNHGjE1Ic',
    url: 'https://hooks.example.com/management',
    eventTypes: [],
    enabled: true,
  },
  management_token: {
    id: 'tok_0352X7RYOdut8cvCw58av4',
    name: 'ci-pipeline',
    prefix: 'mgw_TCFB',
    status: 'ACTIVE',
    expiresAt: '2027-11-23T10:51:41.089Z',
  },
};

/** What the `data` of an event of this type looks like (example values). */
export function exampleData(type: EventType): Record<string, unknown> {
  const data = { ...EXAMPLE_DATA[type.split('.')[0]!] };
  if (type === 'management_token.expiring') data['expiresInDays'] = 7;
  if (type === 'management_token.revoked') Object.assign(data, { status: 'REVOKED', revokedReason: 'MANUAL' });
  return data;
}
