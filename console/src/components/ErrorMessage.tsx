// Errors shown by their stable code. FORBIDDEN names the permission the token lacks (or the grants
// it tried to hand out), so the user knows what to ask for.
import type { CombinedError } from '@urql/core';
import { errorCode } from '../client';

export function describeError(error: CombinedError): { code: string; message: string } {
  const first = error.graphQLErrors[0];
  if (!first) return { code: 'NETWORK_ERROR', message: error.networkError?.message ?? error.message };
  const code = errorCode(error) ?? 'ERROR';
  const extensions = first.extensions ?? {};
  if (code === 'FORBIDDEN') {
    // requiredPermission: one name or a list (any of them); missingGrants: what a new token may not get.
    const names = [extensions['requiredPermission'], extensions['missingGrants']].flat().filter((name) => typeof name === 'string');
    if (names.length > 0) return { code, message: `Missing permission: ${names.join(', ')}. ${first.message}` };
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
