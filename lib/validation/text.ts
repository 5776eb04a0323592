// What every text field of a form or server action must be before it reaches Postgres, Okta or the
// audit log: no NUL or other control characters (Postgres cannot store NUL in text or JSON; the
// rest hide in logs, CSV cells and Okta filters) and well-formed Unicode (a lone half of a surrogate
// pair cannot be stored as JSON nor put in a URL). Pure, shared by the forms and the actions.
import { z } from "zod";

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// The same, but tab, line feed and carriage return are fine in multi-line fields (CSV, expressions).
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const SINGLE_LINE_MESSAGE = "Remove line breaks, control characters and broken characters (such as half of an emoji) from this field.";
const MULTI_LINE_MESSAGE = "Remove control characters and broken characters (such as half of an emoji) from this field.";

export const isSingleLineText = (s: string): boolean => !CONTROL_SINGLE_LINE.test(s) && !LONE_SURROGATE.test(s);
export const isMultiLineText = (s: string): boolean => !CONTROL_MULTI_LINE.test(s) && !LONE_SURROGATE.test(s);

/** A string field on one line: a name, an id, a search term. */
export function singleLine(schema: z.ZodString = z.string()): z.ZodString {
  return schema.refine(isSingleLineText, SINGLE_LINE_MESSAGE);
}

/** A string field that may span lines (a pasted CSV, an expression). */
export function multiLine(schema: z.ZodString = z.string()): z.ZodString {
  return schema.refine(isMultiLineText, MULTI_LINE_MESSAGE);
}
