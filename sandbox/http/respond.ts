import type { ServerResponse } from "node:http";
import type { OktaError } from "./okta-error";

/** Writes a JSON (or empty) response; headers set earlier on `res` (rate limits) are kept. */
export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  if (body === undefined || status === 204) {
    res.setHeader("Content-Length", "0");
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

export function sendError(res: ServerResponse, err: OktaError): void {
  send(res, err.status, err.body(), err.headers);
}
