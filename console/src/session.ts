// The signed-in token lives in sessionStorage: gone when the tab closes or on sign-out, never
// in localStorage or a cookie. The reason for the last forced sign-out (a 401) is kept beside it
// so that the sign-in page can say why.
const TOKEN_KEY = 'mgw.console.token';
const REASON_KEY = 'mgw.console.signedOutReason';

export const readToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);

export function signIn(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.removeItem(REASON_KEY);
}

export function signOut(reason?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (reason) sessionStorage.setItem(REASON_KEY, reason);
  else sessionStorage.removeItem(REASON_KEY);
  window.dispatchEvent(new Event('mgw:session'));
}

export const signedOutReason = (): string | null => sessionStorage.getItem(REASON_KEY);
