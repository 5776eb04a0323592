// A scripted browser at the sandbox Okta org's sign-in page, for the connection-flow suites: follows
// an authorize URL, signs in as the sandbox admin, and returns the query Okta redirects back with.

export type OktaSignIn = { login: string; password: string };

/** `callbackPath`: where the app's redirect URI points (the browser stops there, with Okta's query). */
export async function approveAtOkta(authorizeUrl: string, signIn: OktaSignIn, callbackPath: string): Promise<URLSearchParams> {
  const cookies = new Map<string, string>();
  let next: { url: URL; init: RequestInit } = { url: new URL(authorizeUrl), init: {} };
  for (let hop = 0; hop < 10; hop++) {
    const headers = new Headers(next.init.headers);
    headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(next.url, { ...next.init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const target = new URL(location, next.url);
      if (target.pathname === callbackPath) return target.searchParams;
      next = { url: target, init: {} };
      continue;
    }
    const action = /<form method="post" action="([^"]+)"/.exec(await res.text())?.[1];
    if (!action) throw new Error(`Okta showed no sign-in form (HTTP ${res.status})`);
    next = {
      url: new URL(action.replaceAll("&amp;", "&"), next.url),
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: signIn.login, password: signIn.password }).toString(),
      },
    };
  }
  throw new Error("too many redirects at Okta");
}
