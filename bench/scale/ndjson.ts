// Reads a realm-user listing (NDJSON, one line per Okta page) as it streams, counting rows without
// keeping them: the bench must not be what runs out of memory.
import { z } from "zod";

const line = z.discriminatedUnion("type", [
  z.object({ type: z.literal("page"), items: z.array(z.unknown()), total: z.number() }),
  z.object({ type: z.literal("done"), total: z.number(), truncated: z.boolean(), stopped: z.boolean() }),
  z.object({ type: z.literal("error"), failure: z.object({ code: z.string(), message: z.string() }).loose(), total: z.number() }),
]);

export type StreamedListing = { status: number; rows: number; pages: number; ms: number; bytes: number; end: z.infer<typeof line> | undefined };

export async function readListing(url: string, cookie: string): Promise<StreamedListing> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie } });
  if (!res.body) throw new Error(`no body from ${url} (${res.status})`);
  const decoder = new TextDecoder();
  let buffered = "";
  let rows = 0;
  let pages = 0;
  let bytes = 0;
  let end: z.infer<typeof line> | undefined;
  const take = (text: string) => {
    if (text.trim() === "") return;
    const parsed = line.parse(JSON.parse(text));
    if (parsed.type === "page") {
      rows += parsed.items.length;
      pages += 1;
    } else end = parsed;
  };
  const reader = res.body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    bytes += chunk.byteLength;
    buffered += decoder.decode(chunk, { stream: true });
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      take(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf("\n");
    }
  }
  take(buffered + decoder.decode());
  return { status: res.status, rows, pages, ms: performance.now() - started, bytes, end };
}
