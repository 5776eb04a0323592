import type { IncomingMessage } from "node:http";
import { OktaError } from "./okta-error";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the raw request body (the server reads it once, before routing). */
export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    // Keep draining (so the client sees a response) but stop buffering.
    if (size <= MAX_BODY_BYTES) chunks.push(buf);
  }
  if (size > MAX_BODY_BYTES) return Buffer.from("\u0000too-large");
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON object body the way Okta does: a non-JSON Content-Type is E0000021, an empty,
 * malformed or non-object body is E0000003.
 */
export function parseJsonObject(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== "application/json" && !mediaType.endsWith("+json")) throw new OktaError("E0000021");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new OktaError("E0000003");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new OktaError("E0000003");
  return parsed as Record<string, unknown>;
}
