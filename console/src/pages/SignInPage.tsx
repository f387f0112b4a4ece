// Sign in by pasting a management token. The token is kept in sessionStorage only; when the
// gateway refused the last one (401), the reason it gave is shown here.
import { useState } from 'react';
import { signedOutReason, signIn } from '../session';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const reason = signedOutReason();
  return (
    <main className="sign-in">
      <h1>Management Gateway console</h1>
      <form
        aria-label="Sign in"
        onSubmit={(event) => {
          event.preventDefault();
          signIn(token.trim());
          onSignedIn();
        }}
      >
        {reason ? (
          <p role="alert" className="error">
            Signed out: {reason}
          </p>
        ) : null}
        <label>
          Management token
          <input
            type="password"
            required
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            placeholder="mgw_…"
          />
        </label>
        <p className="muted">
          Paste a token (for example the one <code>npm run mgw -- bootstrap</code> printed). It is kept in this tab only and forgotten when
          you sign out or close the tab.
        </p>
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
