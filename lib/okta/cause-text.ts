// Okta's errorCauses[].errorSummary is often the only sentence that tells the admin why a request
// was refused ("Cannot delete a realm that still has users"), so it is shown verbatim, but as
// untrusted text: control and bidi-override characters removed, whitespace folded, each cause and
// the number of causes capped. React escapes it when rendering; nothing here builds HTML.

export const MAX_CAUSE_CHARS = 300;
export const MAX_CAUSES = 5;

// C0/C1 controls (newlines and tabs become spaces first), and the bidi controls that can make a
// message read differently from what it says.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One cause as it may be shown: no control characters, at most MAX_CAUSE_CHARS. */
export function cleanCauseText(text: string): string {
  const flat = text.replace(/[\t\n\r\v\f]+/g, " ").replace(CONTROL, "").replace(/\s+/g, " ").trim();
  // Array.from splits by code point, so the cut never leaves half a surrogate pair.
  const chars = Array.from(flat);
  return chars.length <= MAX_CAUSE_CHARS ? flat : `${chars.slice(0, MAX_CAUSE_CHARS - 1).join("").trimEnd()}…`;
}

/** Cleaned, non-empty, de-duplicated causes, at most MAX_CAUSES (with a note of how many more). */
export function cleanCauses(summaries: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const summary of summaries) {
    const text = summary === undefined ? "" : cleanCauseText(summary);
    if (text !== "" && !out.includes(text)) out.push(text);
  }
  if (out.length <= MAX_CAUSES) return out;
  const more = out.length - MAX_CAUSES;
  return [...out.slice(0, MAX_CAUSES), `(and ${more} more cause${more === 1 ? "" : "s"})`];
}

// "login: An object with this field already exists…", "profile.domains: …", "domains[0]: …".
const FIELD_CAUSE = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*:\s+([\s\S]+)$/;

/** A cause that starts with an Okta field path ("profile.domains: …") → the path and the rest. */
export function splitCause(cause: string): { path: string; message: string } | undefined {
  const match = FIELD_CAUSE.exec(cause);
  const path = match?.[1];
  const message = match?.[2]?.trim();
  return path !== undefined && message !== undefined ? { path, message } : undefined;
}

/** What the admin reads when Okta refused the request: every cause, verbatim (cleaned). */
export function validationMessage(causes: readonly string[], fieldsMarked = false): string {
  if (causes.length > 0) return `Okta rejected the request: ${causes.join("; ")}${fieldsMarked ? " (see also the highlighted fields)" : ""}`;
  return fieldsMarked ? "Okta rejected the request. Check the highlighted fields." : "Okta rejected the request. Check the values and try again.";
}
