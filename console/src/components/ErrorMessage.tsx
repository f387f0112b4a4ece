// Errors shown by their stable code. FORBIDDEN names the permission the token lacks (or the grants
// it tried to hand out), so the user knows what to ask for.
import type { CombinedError } from '@urql/core';
import { errorCode } from '../client';

/** Input fields (as the gateway names them) → the form control's label. */
const FIELD_LABELS: Record<string, string> = {
  allowedCidrs: 'IP allowlist',
  projectIds: 'Projects',
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);

export function describeError(error: CombinedError): { code: string; message: string } {
  const first = error.graphQLErrors[0];
  if (!first) return { code: 'NETWORK_ERROR', message: error.networkError?.message ?? error.message };
  const code = errorCode(error) ?? 'ERROR';
  const extensions = first.extensions ?? {};
  if (code === 'FORBIDDEN') {
    // requiredPermission: one name or a list (any of them); missingGrants: what a new token may not get.
    const names = [extensions['requiredPermission'], extensions['missingGrants']].flat().filter((name) => typeof name === 'string');
    if (names.length > 0) return { code, message: `Missing permission: ${names.join(', ')}. ${first.message}` };
    // missingCidrs: addresses a token with an allowlist may not pass on; missingProjectIds: projects beyond its restriction.
    const cidrs = strings(extensions['missingCidrs']);
    if (cidrs.length > 0) return { code, message: `Missing addresses: ${cidrs.join(', ')}. ${first.message}` };
    const projects = strings(extensions['missingProjectIds']);
    if (projects.length > 0) return { code, message: `Missing projects: ${projects.join(', ')}. ${first.message}` };
    if (extensions['missingWorkspaceAccess'] === true) return { code, message: `Missing access to the whole workspace. ${first.message}` };
  }
  if (code === 'BAD_USER_INPUT' && typeof extensions['field'] === 'string') {
    // The gateway names the input field (`allowedCidrs.1`); say which control of the form that is.
    const [field, index] = extensions['field'].replace(/^input\./, '').split('.');
    const label = field ? FIELD_LABELS[field] : undefined;
    if (label) {
      const where = index !== undefined && /^\d+$/.test(index) && field === 'allowedCidrs' ? ` (line ${Number(index) + 1})` : '';
      return { code, message: `${label}${where}: ${first.message}` };
    }
  }
  return { code, message: first.message };
}

export function ErrorMessage({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  const { code, message } = describeError(error);
  return (
    <div role="alert" className="error">
      <code>{code}</code> {message}
    </div>
  );
}
