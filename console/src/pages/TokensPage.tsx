// Management tokens: the table with filters, the "Generate new token" dialog, deactivate /
// activate, rotate with a grace period, and revoke behind a confirmation.
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { SecretOnce } from '../components/SecretOnce';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate, GRACE_PERIODS, permissionName, PERMISSIONS, type GracePeriodValue } from '../format';
import type { ConsoleTokenRowFragment, ConsoleViewerQuery, TokenStatus } from '../generated/graphql';
import {
  ActivateTokenDocument,
  CreateTokenDocument,
  DeactivateTokenDocument,
  ProjectsDocument,
  RevokeTokenDocument,
  RotateTokenDocument,
  TokensDocument,
} from '../operations';

type Policy = ConsoleViewerQuery['viewer']['workspace']['policy'];
type StatusFilter = 'LIVE' | 'ALL' | TokenStatus;

export function TokensPage({
  policy,
  viewerExpiresAt,
  onChange,
}: {
  policy: Policy;
  viewerExpiresAt: string | null;
  onChange: () => void;
}) {
  const [status, setStatus] = useState<StatusFilter>('LIVE');
  const [search, setSearch] = useState('');
  const [{ data, error, fetching }, refetch] = useQuery({
    query: TokensDocument,
    variables: {
      first: 100,
      status: status === 'LIVE' || status === 'ALL' ? null : status,
      includeRevoked: status === 'ALL',
    },
  });
  const [generating, setGenerating] = useState(false);
  const [rotating, setRotating] = useState<ConsoleTokenRowFragment | null>(null);
  const [revoking, setRevoking] = useState<ConsoleTokenRowFragment | null>(null);
  const [, deactivate] = useMutation(DeactivateTokenDocument);
  const [, activate] = useMutation(ActivateTokenDocument);
  const [actionError, setActionError] = useState<Parameters<typeof ErrorMessage>[0]['error']>();

  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    onChange();
  };
  const tokens = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = data?.managementTokens?.edges.map((edge) => edge.node) ?? [];
    return needle ? all.filter((token) => token.name.toLowerCase().includes(needle) || token.prefix.toLowerCase().includes(needle)) : all;
  }, [data, search]);

  const toggle = async (token: ConsoleTokenRowFragment) => {
    const result = token.status === 'DEACTIVATED' ? await activate({ id: token.id }) : await deactivate({ id: token.id });
    setActionError(result.error);
    if (!result.error) reload();
  };

  return (
    <section aria-labelledby="tokens-title">
      <div className="title-row">
        <h1 id="tokens-title">Management tokens</h1>
        <button type="button" className="primary" onClick={() => setGenerating(true)}>
          Generate new token
        </button>
      </div>
      <div className="filters" role="search" aria-label="Filter tokens">
        <label>
          Status
          <select aria-label="Status" value={status} onChange={(event) => setStatus(event.target.value as StatusFilter)}>
            <option value="LIVE">Not revoked</option>
            <option value="ALL">All, including revoked</option>
            <option value="ACTIVE">Active</option>
            <option value="DEACTIVATED">Deactivated</option>
            <option value="EXPIRED">Expired</option>
            <option value="REVOKED">Revoked</option>
          </select>
        </label>
        <label>
          Name or prefix
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="ci-deploy or mgw_ab12" />
        </label>
      </div>
      <ErrorMessage error={error ?? actionError} />
      <table aria-label="Tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Permissions</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Projects</th>
            <th scope="col">IP allowlist</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <th scope="row">
                {token.name}
                {token.description ? <div className="muted">{token.description}</div> : null}
              </th>
              <td className="mono">{token.prefix}…</td>
              <td>
                {[...token.scopes.map((scope) => `${scope.toLowerCase()} (scope)`), ...token.grantedPermissions.map(permissionName)].join(
                  ', ',
                )}
              </td>
              <td>
                <StatusBadge status={token.status} />
                {token.previousSecretExpiresAt ? (
                  <div className="muted">old secret until {formatDate(token.previousSecretExpiresAt)}</div>
                ) : null}
              </td>
              <td>{formatDate(token.createdAt)}</td>
              <td>{token.expiresAt ? formatDate(token.expiresAt) : 'never'}</td>
              <td>{token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never'}</td>
              <td>{token.projects ? token.projects.map((project) => project.name).join(', ') || 'none you can see' : 'all'}</td>
              <td className="mono">{token.allowedCidrs ? token.allowedCidrs.join(', ') : 'any address'}</td>
              <td className="actions">
                {token.status === 'ACTIVE' || token.status === 'DEACTIVATED' ? (
                  <>
                    <button
                      type="button"
                      aria-label={`${token.status === 'DEACTIVATED' ? 'Activate' : 'Deactivate'} ${token.name}`}
                      onClick={() => void toggle(token)}
                    >
                      {token.status === 'DEACTIVATED' ? 'Activate' : 'Deactivate'}
                    </button>
                    <button type="button" aria-label={`Rotate ${token.name}`} onClick={() => setRotating(token)}>
                      Rotate
                    </button>
                  </>
                ) : null}
                {token.status !== 'REVOKED' ? (
                  <button type="button" className="danger" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!fetching && data && tokens.length === 0 ? <p className="muted">No tokens match.</p> : null}

      {generating ? (
        <GenerateTokenDialog
          policy={policy}
          viewerExpiresAt={viewerExpiresAt}
          onCreated={reload}
          onClose={() => {
            setGenerating(false);
            reload();
          }}
        />
      ) : null}
      {rotating ? <RotateTokenDialog token={rotating} onClose={() => (setRotating(null), reload())} /> : null}
      {revoking ? <RevokeTokenDialog token={revoking} onClose={() => (setRevoking(null), reload())} /> : null}
    </section>
  );
}

const EXPIRY_PRESETS = [
  { value: 'DAYS_7', label: '7 days' },
  { value: 'DAYS_30', label: '30 days' },
  { value: 'DAYS_90', label: '90 days' },
  { value: 'YEAR_1', label: '1 year' },
  { value: 'CUSTOM', label: 'Custom date' },
  { value: 'NEVER', label: 'No expiry' },
] as const;
type Expiry = (typeof EXPIRY_PRESETS)[number]['value'];

function GenerateTokenDialog(props: { policy: Policy; viewerExpiresAt: string | null; onCreated: () => void; onClose: () => void }) {
  const { policy, viewerExpiresAt, onCreated, onClose } = props;
  // The gateway refuses a never-expiring token unless the policy allows it, and from a token that expires itself.
  const neverBlockedBy = !policy.allowNeverExpiringTokens
    ? "This workspace's policy does not allow tokens without expiry."
    : viewerExpiresAt
      ? `Your token expires (${formatDate(viewerExpiresAt)}), so it cannot create one without expiry.`
      : null;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [scopes, setScopes] = useState<Set<'READ' | 'WRITE'>>(new Set());
  const [permissions, setPermissions] = useState<Set<(typeof PERMISSIONS)[number]>>(new Set());
  const [expiry, setExpiry] = useState<Expiry>('YEAR_1');
  const [customDate, setCustomDate] = useState('');
  const [projectIds, setProjectIds] = useState<Set<string>>(new Set());
  const [cidrText, setCidrText] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [{ fetching, error }, create] = useMutation(CreateTokenDocument);
  const [projects] = useQuery({ query: ProjectsDocument, variables: { first: 100 } });
  // The control the gateway refused (BAD_USER_INPUT names the field), marked invalid for assistive technology.
  const invalidField = String(error?.graphQLErrors[0]?.extensions?.['field'] ?? '').split('.')[0];
  // One CIDR per line; blank lines are ignored. Nothing entered = no allowlist (the field is left out).
  const cidrs = cidrText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

  const toggle = <T,>(set: Set<T>, value: T) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };

  const submit = async () => {
    const result = await create({
      input: {
        name,
        description: description || null,
        scopes: [...scopes],
        permissions: [...permissions],
        // Left out when empty: the whole workspace, and no allowlist (for an unrestricted caller).
        ...(projectIds.size > 0 ? { projectIds: [...projectIds] } : {}),
        ...(cidrs.length > 0 ? { allowedCidrs: cidrs } : {}),
        ...(expiry === 'CUSTOM'
          ? { expiresAt: customDate ? new Date(`${customDate}T23:59:59Z`).toISOString() : null }
          : { lifetime: expiry }),
      },
    });
    const created = result.data?.createManagementToken;
    if (created) {
      setSecret(created.secret);
      onCreated();
    }
  };

  if (secret) {
    return (
      <Dialog title="Token generated" onClose={onClose}>
        <SecretOnce label="New token secret" secret={secret} onDone={onClose} />
      </Dialog>
    );
  }
  return (
    <Dialog title="Generate new token" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} autoFocus />
        </label>
        <label>
          Description
          <input value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          <label className="check">
            <input type="checkbox" checked={scopes.has('READ')} onChange={() => setScopes(toggle(scopes, 'READ'))} />
            read: every :read permission
          </label>
          <label className="check">
            <input type="checkbox" checked={scopes.has('WRITE')} onChange={() => setScopes(toggle(scopes, 'WRITE'))} />
            write: every other permission
          </label>
        </fieldset>
        <fieldset>
          <legend>Permissions</legend>
          <div className="grid">
            {PERMISSIONS.map((permission) => (
              <label key={permission} className="check">
                <input
                  type="checkbox"
                  checked={permissions.has(permission)}
                  onChange={() => setPermissions(toggle(permissions, permission))}
                />
                {permissionName(permission)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Expiry</legend>
          <div className="grid">
            {EXPIRY_PRESETS.map((preset) => {
              const disabled = preset.value === 'NEVER' && neverBlockedBy !== null;
              return (
                <label key={preset.value} className={`check${disabled ? ' disabled' : ''}`}>
                  <input
                    type="radio"
                    name="expiry"
                    value={preset.value}
                    checked={expiry === preset.value}
                    disabled={disabled}
                    onChange={() => setExpiry(preset.value)}
                  />
                  {preset.label}
                </label>
              );
            })}
          </div>
          {neverBlockedBy ? <p className="muted">{neverBlockedBy}</p> : null}
          {policy.maxTokenLifetimeDays ? <p className="muted">Longest lifetime allowed: {policy.maxTokenLifetimeDays} days.</p> : null}
          {expiry === 'CUSTOM' ? (
            <label>
              Expiry date
              <input type="date" required value={customDate} onChange={(event) => setCustomDate(event.target.value)} />
            </label>
          ) : null}
        </fieldset>
        <fieldset aria-describedby="token-projects-help">
          <legend>Projects</legend>
          <p id="token-projects-help" className="muted">
            None checked: the whole workspace. Checked: only those projects and what belongs to them.
          </p>
          {projects.error ? (
            <ErrorMessage error={projects.error} />
          ) : projects.data?.projects?.edges.length === 0 ? (
            <p className="muted">This workspace has no projects yet.</p>
          ) : (
            <div className="grid">
              {projects.data?.projects?.edges.map(({ node: project }) => (
                <label key={project.id} className="check">
                  <input
                    type="checkbox"
                    checked={projectIds.has(project.id)}
                    onChange={() => setProjectIds(toggle(projectIds, project.id))}
                  />
                  {project.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <label>
          IP allowlist
          <textarea
            rows={3}
            value={cidrText}
            onChange={(event) => setCidrText(event.target.value)}
            placeholder={'203.0.113.0/24\n2001:db8::/32'}
            aria-describedby="token-cidrs-help"
            aria-invalid={invalidField === 'allowedCidrs'}
            spellCheck={false}
          />
          <span id="token-cidrs-help" className="muted">
            One IPv4 or IPv6 CIDR per line; empty: usable from any address.
          </span>
        </label>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={fetching}>
            Generate token
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RotateTokenDialog({ token, onClose }: { token: ConsoleTokenRowFragment; onClose: () => void }) {
  const [grace, setGrace] = useState<GracePeriodValue>('NONE');
  const [secret, setSecret] = useState<string | null>(null);
  const [{ fetching, error }, rotate] = useMutation(RotateTokenDocument);
  if (secret) {
    return (
      <Dialog title={`Token ${token.name} rotated`} onClose={onClose}>
        <SecretOnce label="New token secret" secret={secret} onDone={onClose} />
      </Dialog>
    );
  }
  return (
    <Dialog title={`Rotate ${token.name}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void rotate({ input: { id: token.id, gracePeriod: grace } }).then((result) => {
            if (result.data?.rotateManagementToken) setSecret(result.data.rotateManagementToken.secret);
          });
        }}
      >
        <p>A new secret replaces the current one. The current secret keeps working for the grace period.</p>
        <label>
          Grace period
          <select aria-label="Grace period" value={grace} onChange={(event) => setGrace(event.target.value as GracePeriodValue)}>
            {GRACE_PERIODS.map((period) => (
              <option key={period.value} value={period.value}>
                {period.label}
              </option>
            ))}
          </select>
        </label>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={fetching}>
            Rotate secret
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: ConsoleTokenRowFragment; onClose: () => void }) {
  const [{ fetching, error }, revoke] = useMutation(RevokeTokenDocument);
  return (
    <ConfirmDialog
      title={`Revoke ${token.name}?`}
      confirmLabel="Revoke token"
      busy={fetching}
      onCancel={onClose}
      onConfirm={() => {
        void revoke({ id: token.id }).then((result) => {
          if (!result.error) onClose();
        });
      }}
    >
      <p>
        Every request with <span className="mono">{token.prefix}…</span> is refused from the next request on. This cannot be undone: to
        pause a token instead, deactivate it.
      </p>
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
