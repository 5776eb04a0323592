// The HTML the org AS shows in a browser: the sign-in page and the error page. Deliberately plain;
// the labels ("Username", "Password", button "Sign in") are what browser tests and users look for.

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const layout = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f4f4f4;margin:0}main{max-width:360px;margin:64px auto;background:#fff;padding:32px;border-radius:6px;box-shadow:0 1px 4px #0002}
label{display:block;margin:16px 0 4px}input{width:100%;box-sizing:border-box;padding:8px}button{margin-top:24px;width:100%;padding:10px;background:#1662dd;color:#fff;border:0;border-radius:4px}
.error{color:#b00020;background:#fdecea;padding:8px;border-radius:4px}</style></head>
<body><main>${body}</main></body></html>`;

export interface SignInPageOptions {
  action: string;
  appName: string;
  username?: string;
  error?: string;
}

export function signInPage(opts: SignInPageOptions): string {
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : "";
  return layout(
    "Sign In",
    `<h1>Sign In</h1><p>to continue to ${escapeHtml(opts.appName)}</p>${error}
<form method="post" action="${escapeHtml(opts.action)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${escapeHtml(opts.username ?? "")}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function errorPage(error: string, description: string | undefined): string {
  return layout(
    "Error",
    `<h1>Error</h1><p class="error" role="alert"><strong>${escapeHtml(error)}</strong></p>${
      description ? `<p id="error-description">${escapeHtml(description)}</p>` : ""
    }`,
  );
}
