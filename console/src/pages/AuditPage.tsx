// The audit log, newest first, with filters (action, target id, time range).
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDate } from '../format';
import { AuditLogDocument } from '../operations';

export function AuditPage() {
  const [form, setForm] = useState({ action: '', targetId: '', from: '', to: '' });
  const [filters, setFilters] = useState(form);
  const [{ data, error }] = useQuery({
    query: AuditLogDocument,
    variables: {
      action: filters.action || null,
      targetId: filters.targetId || null,
      from: filters.from ? new Date(`${filters.from}T00:00:00Z`).toISOString() : null,
      to: filters.to ? new Date(`${filters.to}T23:59:59.999Z`).toISOString() : null,
    },
    requestPolicy: 'network-only',
  });
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }),
  });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter audit log"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(form);
        }}
      >
        <label>
          Action
          <input {...field('action')} placeholder="project.created" />
        </label>
        <label>
          Target id
          <input {...field('targetId')} placeholder="prj_…" />
        </label>
        <label>
          From (UTC)
          <input type="date" {...field('from')} />
        </label>
        <label>
          To (UTC)
          <input type="date" {...field('to')} />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <ErrorMessage error={error} />
      <p className="muted">{data?.auditLog ? `${data.auditLog.totalCount} entries` : null}</p>
      <table aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">IP</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {data?.auditLog?.edges.map(({ node: entry }) => (
            <tr key={entry.id}>
              <td>{formatDate(entry.createdAt)}</td>
              <th scope="row" className="mono">
                {entry.action}
              </th>
              <td>{entry.actor.tokenName ? `${entry.actor.tokenName} (${entry.actor.tokenPrefix}…)` : entry.actor.kind.toLowerCase()}</td>
              <td className="mono">{entry.targetId ?? '—'}</td>
              <td>{entry.clientIp ?? '—'}</td>
              <td className="mono small">{JSON.stringify(entry.summary)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
