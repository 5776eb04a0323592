// A stand-in Okta org on http://127.0.0.1:<port>: the one origin the SSRF suites list as exempt
// (as DEV_OKTA_HTTP_ORIGINS lists the sandbox). Each test sets how it answers, e.g. a 302 to the
// metadata address, or discovery metadata naming endpoints on another host.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type StubAnswer = { status: number; headers?: Record<string, string>; body?: unknown };
export type StubRoutes = Record<string, (req: IncomingMessage) => StubAnswer>;

export type StubOkta = {
  origin: string;
  port: number;
  /** Requests received, as "METHOD /path". */
  requests: string[];
  setRoutes: (routes: StubRoutes) => void;
  close: () => Promise<void>;
};

export async function startStubOkta(): Promise<StubOkta> {
  let routes: StubRoutes = {};
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    requests.push(`${req.method ?? "?"} ${path}`);
    req.resume();
    const route = routes[path];
    const answer: StubAnswer = route ? route(req) : { status: 404, body: { errorCode: "E0000007", errorSummary: "Not found" } };
    const body = answer.body === undefined ? "" : JSON.stringify(answer.body);
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("stub has no port");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    port: address.port,
    requests,
    setRoutes: (next) => {
      routes = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
