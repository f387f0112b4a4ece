// One webhook: send a test event, its deliveries with every attempt, retry one, recover the
// failed ones since a time.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../components/ErrorMessage';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate } from '../format';
import type { DeliveryStatus } from '../generated/graphql';
import { RecoverDeliveriesDocument, RetryDeliveryDocument, SendTestEventDocument, WebhookDocument } from '../operations';
import { href } from '../router';

export function WebhookPage({ id }: { id: string }) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [{ data, error, fetching }, refetch] = useQuery({ query: WebhookDocument, variables: { id, status: status || null } });
  const [sent, send] = useMutation(SendTestEventDocument);
  const [retried, retry] = useMutation(RetryDeliveryDocument);
  const [recovered, recover] = useMutation(RecoverDeliveriesDocument);
  const [eventType, setEventType] = useState('');
  const [since, setSince] = useState(() => new Date(Date.now() - 86_400_000).toISOString().slice(0, 16));
  const [notice, setNotice] = useState('');
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const webhook = data?.webhook;
  if (!webhook) {
    return (
      <section>
        <ErrorMessage error={error} />
        {!fetching && data && !webhook ? <p role="alert">This webhook was not found.</p> : null}
      </section>
    );
  }
  const choices = webhook.eventTypes.length > 0 ? webhook.eventTypes : (data.webhookEventTypes ?? []).map((type) => type.name);
  const chosen = eventType || choices[0] || '';

  return (
    <section aria-labelledby="webhook-title">
      <p>
        <a href={href('projects', webhook.project.id)}>← {webhook.project.name}</a>
      </p>
      <h1 id="webhook-title" className="mono">
        {webhook.url}
      </h1>
      <p className="muted">
        {webhook.enabled ? 'Enabled' : 'Disabled'} · {webhook.eventTypes.length > 0 ? webhook.eventTypes.join(', ') : 'every event'}
        {webhook.secretRotatedUntil ? ` · previous secret also signs until ${formatDate(webhook.secretRotatedUntil)}` : ''}
      </p>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}

      <form
        className="inline-form"
        aria-label="Send test event"
        onSubmit={(event) => {
          event.preventDefault();
          void send({ input: { webhookId: webhook.id, eventType: chosen } }).then((result) => {
            const payload = result.data?.sendTestWebhookEvent;
            if (!payload) return;
            setNotice(`Test event ${payload.event.id} (${payload.event.type}) sent.`);
            reload();
          });
        }}
      >
        <label>
          Test event type
          <select aria-label="Test event type" value={chosen} onChange={(event) => setEventType(event.target.value)}>
            {choices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={sent.fetching}>
          Send test event
        </button>
      </form>
      <ErrorMessage error={sent.error ?? retried.error ?? recovered.error} />

      <h2>Deliveries</h2>
      <div className="filters">
        <label>
          Delivery status
          <select aria-label="Delivery status" value={status} onChange={(event) => setStatus(event.target.value as DeliveryStatus | '')}>
            <option value="">Any</option>
            <option value="PENDING">Pending</option>
            <option value="SUCCEEDED">Succeeded</option>
            <option value="FAILED">Failed</option>
          </select>
        </label>
        <button type="button" onClick={reload}>
          Refresh deliveries
        </button>
        <form
          className="inline-form"
          aria-label="Recover failed deliveries"
          onSubmit={(event) => {
            event.preventDefault();
            void recover({ input: { webhookId: webhook.id, since: new Date(`${since}Z`).toISOString() } }).then((result) => {
              const payload = result.data?.recoverWebhookDeliveries;
              if (!payload) return;
              setNotice(
                `${payload.recoveredCount} failed ${payload.recoveredCount === 1 ? 'delivery' : 'deliveries'} will be attempted again.`,
              );
              reload();
            });
          }}
        >
          <label>
            Failed since (UTC)
            <input type="datetime-local" required value={since} onChange={(event) => setSince(event.target.value)} />
          </label>
          <button type="submit" disabled={recovered.fetching}>
            Recover failed deliveries
          </button>
        </form>
      </div>
      <table aria-label="Deliveries">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Created</th>
            <th scope="col">Next attempt</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {webhook.deliveries.edges.map(({ node: delivery }) => (
            <tr key={delivery.id}>
              <th scope="row">{delivery.eventType}</th>
              <td>
                <StatusBadge status={delivery.status} />
                {delivery.lastStatusCode ? <span className="muted"> HTTP {delivery.lastStatusCode}</span> : null}
              </td>
              <td>
                <details>
                  <summary>
                    {delivery.attemptCount} {delivery.attemptCount === 1 ? 'attempt' : 'attempts'}
                  </summary>
                  <ol aria-label={`Attempts of ${delivery.id}`}>
                    {delivery.attempts.map((attempt) => (
                      <li key={attempt.number}>
                        #{attempt.number} at {formatDate(attempt.attemptedAt)}:{' '}
                        {attempt.statusCode ? `HTTP ${attempt.statusCode}` : (attempt.error ?? 'no response')} ({attempt.durationMs} ms)
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
              <td>{formatDate(delivery.createdAt)}</td>
              <td>{delivery.nextAttemptAt ? formatDate(delivery.nextAttemptAt) : '—'}</td>
              <td className="actions">
                <button
                  type="button"
                  aria-label={`Retry delivery ${delivery.id}`}
                  disabled={retried.fetching}
                  onClick={() => {
                    void retry({ id: delivery.id }).then((result) => {
                      if (result.data) setNotice(`Delivery ${delivery.id} will be attempted again now.`);
                      reload();
                    });
                  }}
                >
                  Retry
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {webhook.deliveries.totalCount === 0 ? <p className="muted">No deliveries yet.</p> : null}
    </section>
  );
}
