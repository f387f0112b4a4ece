// Display helpers: dates in UTC (the gateway's own unit), permissions in their `projects:read` form.
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return `${new Date(value).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `PROJECTS_READ` → `projects:read` (the spelling of the docs and the CLI). */
export function permissionName(value: string): string {
  const lower = value.toLowerCase();
  const split = lower.lastIndexOf('_');
  return `${lower.slice(0, split)}:${lower.slice(split + 1)}`;
}

export const PERMISSIONS = [
  'PROJECTS_READ',
  'PROJECTS_WRITE',
  'API_KEYS_READ',
  'API_KEYS_CREATE',
  'API_KEYS_DELETE',
  'WEBHOOKS_READ',
  'WEBHOOKS_WRITE',
  'TOKENS_READ',
  'TOKENS_WRITE',
  'AUDIT_LOG_READ',
] as const;

export const GRACE_PERIODS = [
  { value: 'NONE', label: 'None: the old one stops at once' },
  { value: 'ONE_HOUR', label: '1 hour' },
  { value: 'ONE_DAY', label: '1 day' },
  { value: 'THREE_DAYS', label: '3 days' },
  { value: 'SEVEN_DAYS', label: '7 days' },
] as const;

export type GracePeriodValue = (typeof GRACE_PERIODS)[number]['value'];
