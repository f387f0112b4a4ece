// One project: its API keys (create, roll with a grace period, deactivate/activate, delete; a
// public key's value stays visible, a secret key's is shown once) and its webhooks (create with an
// event-type picker, rotate the signing secret, delete; deliveries on the webhook's page).
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { ErrorMessage } from '../components/ErrorMessage';
import { SecretOnce } from '../components/SecretOnce';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate, GRACE_PERIODS, type GracePeriodValue } from '../format';
import type { ApiKeyKind, ConsoleApiKeyRowFragment, ConsoleWebhookRowFragment } from '../generated/graphql';
import {
  ActivateApiKeyDocument,
  CreateApiKeyDocument,
  CreateWebhookDocument,
  DeactivateApiKeyDocument,
  DeleteApiKeyDocument,
  DeleteWebhookDocument,
  ProjectDocument,
  RollApiKeyDocument,
  RotateWebhookSecretDocument,
} from '../operations';
import { href } from '../router';

interface Secret {
  title: string;
  label: string;
  value: string;
}

export function ProjectPage({ id }: { id: string }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: ProjectDocument, variables: { id } });
  const [secret, setSecret] = useState<Secret | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const project = data?.project;
  if (!project) {
    return (
      <section>
        <p>
          <a href={href('projects')}>← Projects</a>
        </p>
        <ErrorMessage error={error} />
        {!fetching && data && !project ? <p role="alert">This project was not found.</p> : null}
      </section>
    );
  }
  return (
    <section aria-labelledby="project-title">
      <p>
        <a href={href('projects')}>← Projects</a>
      </p>
      <h1 id="project-title">
        {project.name} <span className="muted">({project.type.toLowerCase()})</span>
      </h1>
      <ApiKeys projectId={project.id} keys={project.apiKeys.edges.map((edge) => edge.node)} onChange={reload} onSecret={setSecret} />
      <Webhooks
        projectId={project.id}
        webhooks={project.webhooks.edges.map((edge) => edge.node)}
        eventTypes={data.webhookEventTypes ?? []}
        onChange={reload}
        onSecret={setSecret}
      />
      {secret ? (
        <Dialog title={secret.title} onClose={() => setSecret(null)}>
          <SecretOnce label={secret.label} secret={secret.value} onDone={() => setSecret(null)} />
        </Dialog>
      ) : null}
    </section>
  );
}

function ApiKeys(props: { projectId: string; keys: ConsoleApiKeyRowFragment[]; onChange: () => void; onSecret: (secret: Secret) => void }) {
  const [kind, setKind] = useState<ApiKeyKind>('SECRET');
  const [name, setName] = useState('');
  const [created, create] = useMutation(CreateApiKeyDocument);
  const [, deactivate] = useMutation(DeactivateApiKeyDocument);
  const [, activate] = useMutation(ActivateApiKeyDocument);
  const [actionError, setActionError] = useState<Parameters<typeof ErrorMessage>[0]['error']>();
  const [rolling, setRolling] = useState<ConsoleApiKeyRowFragment | null>(null);
  const [deleting, setDeleting] = useState<ConsoleApiKeyRowFragment | null>(null);
  const label = (key: ConsoleApiKeyRowFragment) => key.name ?? key.prefix;

  return (
    <section aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <form
        className="inline-form"
        aria-label="Create API key"
        onSubmit={(event) => {
          event.preventDefault();
          void create({ input: { projectId: props.projectId, kind, name: name || null } }).then((result) => {
            const payload = result.data?.createApiKey;
            if (!payload) return;
            setName('');
            props.onChange();
            props.onSecret({
              title: `${kind === 'SECRET' ? 'Secret' : 'Public'} key created`,
              label: kind === 'SECRET' ? 'New secret key' : 'New public key',
              value: payload.secret,
            });
          });
        }}
      >
        <label>
          Key name
          <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Kind
          <select aria-label="Kind" value={kind} onChange={(event) => setKind(event.target.value as ApiKeyKind)}>
            <option value="SECRET">Secret (sk_…, shown once)</option>
            <option value="PUBLIC">Public (pk_…, always visible)</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={created.fetching}>
          Create API key
        </button>
      </form>
      <ErrorMessage error={created.error ?? actionError} />
      <table aria-label="API keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Key</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.keys.map((key) => (
            <tr key={key.id}>
              <th scope="row">{key.name ?? <span className="muted">unnamed</span>}</th>
              <td>{key.kind.toLowerCase()}</td>
              <td className="mono">{key.value ?? `${key.prefix}…`}</td>
              <td>
                <StatusBadge status={key.status} />
              </td>
              <td>{formatDate(key.createdAt)}</td>
              <td>{key.expiresAt ? formatDate(key.expiresAt) : 'never'}</td>
              <td>{key.lastUsedAt ? formatDate(key.lastUsedAt) : 'never'}</td>
              <td className="actions">
                {key.status !== 'EXPIRED' ? (
                  <>
                    <button type="button" aria-label={`Roll ${label(key)}`} onClick={() => setRolling(key)}>
                      Roll
                    </button>
                    <button
                      type="button"
                      aria-label={`${key.status === 'DEACTIVATED' ? 'Activate' : 'Deactivate'} ${label(key)}`}
                      onClick={() => {
                        const run = key.status === 'DEACTIVATED' ? activate({ id: key.id }) : deactivate({ id: key.id });
                        void run.then((result) => {
                          setActionError(result.error);
                          if (!result.error) props.onChange();
                        });
                      }}
                    >
                      {key.status === 'DEACTIVATED' ? 'Activate' : 'Deactivate'}
                    </button>
                  </>
                ) : null}
                <button type="button" className="danger" aria-label={`Delete ${label(key)}`} onClick={() => setDeleting(key)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.keys.length === 0 ? <p className="muted">No API keys yet.</p> : null}
      {rolling ? (
        <RollApiKeyDialog
          apiKey={rolling}
          onClose={() => setRolling(null)}
          onRolled={(value) => {
            setRolling(null);
            props.onChange();
            props.onSecret({ title: `Key ${label(rolling)} rolled`, label: 'New key', value });
          }}
        />
      ) : null}
      {deleting ? <DeleteApiKeyDialog apiKey={deleting} onClose={() => (setDeleting(null), props.onChange())} /> : null}
    </section>
  );
}

function RollApiKeyDialog(props: { apiKey: ConsoleApiKeyRowFragment; onClose: () => void; onRolled: (value: string) => void }) {
  const [grace, setGrace] = useState<GracePeriodValue>('NONE');
  const [{ fetching, error }, roll] = useMutation(RollApiKeyDocument);
  return (
    <Dialog title={`Roll ${props.apiKey.name ?? props.apiKey.prefix}`} onClose={props.onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void roll({ input: { id: props.apiKey.id, gracePeriod: grace } }).then((result) => {
            if (result.data?.rollApiKey) props.onRolled(result.data.rollApiKey.secret);
          });
        }}
      >
        <p>A new key replaces this one. The old key keeps working for the grace period, then expires.</p>
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
            Roll key
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteApiKeyDialog({ apiKey, onClose }: { apiKey: ConsoleApiKeyRowFragment; onClose: () => void }) {
  const [{ fetching, error }, remove] = useMutation(DeleteApiKeyDocument);
  return (
    <ConfirmDialog
      title={`Delete ${apiKey.name ?? apiKey.prefix}?`}
      confirmLabel="Delete key"
      busy={fetching}
      onCancel={onClose}
      onConfirm={() => void remove({ id: apiKey.id }).then((result) => !result.error && onClose())}
    >
      <p>The key stops working at once, for good. This cannot be undone.</p>
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}

function Webhooks(props: {
  projectId: string;
  webhooks: ConsoleWebhookRowFragment[];
  eventTypes: { name: string; description: string }[];
  onChange: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [created, create] = useMutation(CreateWebhookDocument);
  const [rotated, rotate] = useMutation(RotateWebhookSecretDocument);
  const [deleting, setDeleting] = useState<ConsoleWebhookRowFragment | null>(null);

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <form
        aria-label="Create webhook"
        onSubmit={(event) => {
          event.preventDefault();
          void create({ input: { projectId: props.projectId, url, description: description || null, eventTypes: [...selected] } }).then(
            (result) => {
              const payload = result.data?.createWebhook;
              if (!payload) return;
              setUrl('');
              setDescription('');
              setSelected(new Set());
              props.onChange();
              props.onSecret({ title: 'Webhook created', label: 'Signing secret', value: payload.secret });
            },
          );
        }}
      >
        <div className="inline-form">
          <label>
            Endpoint URL
            <input
              required
              type="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              placeholder="https://hooks.example.com/mgw"
            />
          </label>
          <label>
            Webhook description
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
          </label>
        </div>
        <fieldset className="event-types">
          <legend>Event types (none selected: every event)</legend>
          <div className="grid">
            {props.eventTypes.map((type) => (
              <label key={type.name} className="check" title={type.description}>
                <input
                  type="checkbox"
                  checked={selected.has(type.name)}
                  onChange={() => {
                    const next = new Set(selected);
                    if (next.has(type.name)) next.delete(type.name);
                    else next.add(type.name);
                    setSelected(next);
                  }}
                />
                {type.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="primary" disabled={created.fetching}>
          Create webhook
        </button>
      </form>
      <ErrorMessage error={created.error ?? rotated.error} />
      <table aria-label="Webhooks">
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">Enabled</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.webhooks.map((webhook) => (
            <tr key={webhook.id}>
              <th scope="row">
                <a href={href('webhooks', webhook.id)}>{webhook.url}</a>
                {webhook.description ? <div className="muted">{webhook.description}</div> : null}
              </th>
              <td>{webhook.eventTypes.length > 0 ? webhook.eventTypes.join(', ') : 'every event'}</td>
              <td>{webhook.enabled ? 'yes' : 'no'}</td>
              <td>{formatDate(webhook.createdAt)}</td>
              <td className="actions">
                <button
                  type="button"
                  aria-label={`Rotate secret of ${webhook.url}`}
                  disabled={rotated.fetching}
                  onClick={() => {
                    void rotate({ id: webhook.id }).then((result) => {
                      const payload = result.data?.rotateWebhookSecret;
                      if (!payload) return;
                      props.onChange();
                      props.onSecret({ title: 'Signing secret rotated', label: 'New signing secret', value: payload.secret });
                    });
                  }}
                >
                  Rotate secret
                </button>
                <button type="button" className="danger" aria-label={`Delete webhook ${webhook.url}`} onClick={() => setDeleting(webhook)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.webhooks.length === 0 ? <p className="muted">No webhooks yet.</p> : null}
      {deleting ? <DeleteWebhookDialog webhook={deleting} onClose={() => (setDeleting(null), props.onChange())} /> : null}
    </section>
  );
}

function DeleteWebhookDialog({ webhook, onClose }: { webhook: ConsoleWebhookRowFragment; onClose: () => void }) {
  const [{ fetching, error }, remove] = useMutation(DeleteWebhookDocument);
  return (
    <ConfirmDialog
      title="Delete this webhook?"
      confirmLabel="Delete webhook"
      busy={fetching}
      onCancel={onClose}
      onConfirm={() => void remove({ id: webhook.id }).then((result) => !result.error && onClose())}
    >
      <p>
        Deliveries to <span className="mono">{webhook.url}</span> stop, and its delivery history is deleted. This cannot be undone.
      </p>
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
