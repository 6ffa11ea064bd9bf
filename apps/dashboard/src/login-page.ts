/**
 * The one page served without a session: a form that posts the token to /login. No script, no data from the store;
 * the only value from the request (where to go back to) is escaped.
 */
import { escapeHtml } from './html-escape.js';

/**
 * Where to go after signing in: a path on this origin, nothing else. Browsers drop tabs and newlines from URLs and
 * read `\\` as `/`, so `/\t/evil.example/` would be followed as `//evil.example/` (issue 14, defect 11); CR/LF
 * cannot go into a Location header at all. So the path may hold only the characters a URL spells literally (no
 * whitespace, control characters or backslash), must not start with `//`, and must stay on a made-up origin.
 */
const NEXT_PATH_CHARS = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/;
const MAX_NEXT_PATH_CHARS = 2_000;

export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > MAX_NEXT_PATH_CHARS) return '/';
  if (!NEXT_PATH_CHARS.test(next) || next.startsWith('//')) return '/';
  const base = 'http://dashboard.invalid';
  return new URL(next, base).origin === base ? next : '/';
}

/** The login page's own inline style is allowed by its CSP; every other page allows only same-origin styles. */
export const LOGIN_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function renderLoginPage(options: { next: string; failed: boolean }): string {
  const message = options.failed
    ? '<p class="error" role="alert">That token is not valid.</p>'
    : '<p>Enter the dashboard token (printed by <code>cellsweep dashboard</code> on first start, or $CELLSWEEP_DASHBOARD_TOKEN).</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cellsweep dashboard: sign in</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; background: #f5f6f8; color: #1d2330; display: grid; place-items: center; min-height: 100vh; margin: 0; }
form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: min(28rem, 90vw); }
input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; margin: .5rem 0 1rem; }
button { padding: .5rem 1.25rem; font: inherit; background: #2f5bd3; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.error { color: #b3261e; }
</style>
</head>
<body>
<form method="post" action="/login">
<h1>cellsweep dashboard</h1>
${message}
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
<input type="hidden" name="next" value="${escapeHtml(options.next)}">
<button type="submit">Sign in</button>
</form>
</body>
</html>
`;
}
