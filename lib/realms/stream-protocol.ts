// The NDJSON listing protocol between the streaming routes and the browser. Pure.
import type { RealmFailure } from "./outcome";

/** One line per Okta page, then `done` (or `error`). `total` counts the records sent so far. */
export type StreamLine<V> =
  | { type: "page"; items: V[]; total: number }
  | { type: "done"; total: number; truncated: boolean; stopped: boolean }
  | { type: "error"; failure: RealmFailure; total: number };
