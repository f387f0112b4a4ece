// The console shell: sign-in when there is no session; otherwise the workspace header with the
// token's rate-limit budget, the navigation and the page of the current route.
import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from './components/ErrorMessage';
import { formatDate } from './format';
import { ViewerDocument } from './operations';
import { AuditPage } from './pages/AuditPage';
import { ProjectPage } from './pages/ProjectPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { SignInPage } from './pages/SignInPage';
import { TokensPage } from './pages/TokensPage';
import { WebhookPage } from './pages/WebhookPage';
import { href, useRoute } from './router';
import { readToken, signOut } from './session';

export function App() {
  const [token, setToken] = useState(readToken);
  useEffect(() => {
    const update = () => setToken(readToken());
    window.addEventListener('mgw:session', update);
    return () => window.removeEventListener('mgw:session', update);
  }, []);
  if (!token) return <SignInPage onSignedIn={() => setToken(readToken())} />;
  // A new session (a new token) starts with fresh queries.
  return <SignedIn key={token} />;
}

function SignedIn() {
  const route = useRoute();
  const [{ data, error }, refetchViewer] = useQuery({ query: ViewerDocument });
  const refreshBudget = () => refetchViewer({ requestPolicy: 'network-only' });
  const page = route[0] ?? 'tokens';
  const viewer = data?.viewer;
  const rateLimit = data?.rateLimit;

  return (
    <div className="layout">
      <header>
        <div className="brand">
          Management Gateway
          {viewer ? <span className="muted"> · {viewer.workspace.name}</span> : null}
        </div>
        <nav aria-label="Main">
          {[
            ['tokens', 'Tokens'],
            ['projects', 'Projects'],
            ['audit', 'Audit log'],
          ].map(([path, label]) => (
            <a
              key={path}
              href={href(path!)}
              aria-current={page === path || (path === 'projects' && page === 'webhooks') ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
        <div className="session">
          {viewer ? (
            <span>
              Signed in as <strong>{viewer.token.name}</strong> <span className="mono">({viewer.token.prefix}…)</span>
            </span>
          ) : null}
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {rateLimit ? (
        <section aria-label="Rate limit" className="budget">
          <span>
            Rate limit: <strong>{rateLimit.remaining}</strong> of {rateLimit.limit} requests left in this {rateLimit.windowSeconds} s window
            (resets {formatDate(rateLimit.resetAt)}, policy {rateLimit.policy})
          </span>
          <meter min={0} max={rateLimit.limit} value={rateLimit.remaining} aria-label="Requests left" />
          <button type="button" onClick={refreshBudget}>
            Refresh budget
          </button>
        </section>
      ) : null}
      <main>
        <ErrorMessage error={error} />
        {viewer ? (
          <Page
            route={route}
            page={page}
            policy={viewer.workspace.policy}
            viewerExpiresAt={viewer.token.expiresAt ?? null}
            onChange={refreshBudget}
          />
        ) : null}
      </main>
    </div>
  );
}

function Page(props: {
  route: string[];
  page: string;
  policy: Parameters<typeof TokensPage>[0]['policy'];
  viewerExpiresAt: string | null;
  onChange: () => void;
}) {
  const id = props.route[1];
  switch (props.page) {
    case 'projects':
      return id ? <ProjectPage id={id} /> : <ProjectsPage />;
    case 'webhooks':
      return id ? <WebhookPage id={id} /> : <ProjectsPage />;
    case 'audit':
      return <AuditPage />;
    default:
      return <TokensPage policy={props.policy} viewerExpiresAt={props.viewerExpiresAt} onChange={props.onChange} />;
  }
}
