// What every answer to a hostile input must satisfy, for server actions (an ActionResult) and route
// handlers (a Response). Each function returns the problems found (empty = fine) so the suite can
// count server errors and leaks for the figures before it asserts.
import type { Damage } from "./arbitraries";
import type { Spec } from "./specs";
import { leakedSecrets, messageProblem } from "./harness";

/** Refusals a hostile input may get: the caller's fault or the target's state, never ours. */
const EXPECTED_CODES = new Set(["INVALID_INPUT", "NOT_FOUND", "CONFLICT", "RULE_VIOLATION", "UPSTREAM"]);

export type Verdict = { problems: string[]; serverError: boolean; leaks: number; refused: boolean };

type ErrorBody = { code?: unknown; message?: unknown; fieldErrors?: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function fieldErrorProblems(fieldErrors: unknown): string[] {
  if (!isRecord(fieldErrors) || Object.keys(fieldErrors).length === 0) return ["INVALID_INPUT without fieldErrors"];
  const out: string[] = [];
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (!Array.isArray(messages) || messages.length === 0) out.push(`fieldErrors.${field} is not a list of messages`);
    else for (const m of messages) if (messageProblem(m)) out.push(`fieldErrors.${field}: ${messageProblem(m) ?? ""}`);
  }
  return out;
}

const names = (fieldErrors: unknown, field: string) =>
  isRecord(fieldErrors) && Object.keys(fieldErrors).some((k) => k === field || k.startsWith(`${field}.`));

/** The field this damage must be refused for, if it must be refused at all (INVALID_INPUT naming it). */
function mustNameField(spec: Spec, d: Damage): string | "_any" | undefined {
  switch (d.kind) {
    case "shape":
      return spec.required.length > 0 ? "_any" : undefined;
    case "missing":
      return d.fields.find((f) => spec.required.includes(f));
    case "wrong-type":
      return spec.strings.includes(d.field) && d.value !== undefined ? d.field : undefined;
    case "form-repeat":
      return spec.strings.includes(d.field) ? d.field : undefined;
    default:
      return undefined;
  }
}

function errorProblems(d: Damage, error: ErrorBody | undefined): { problems: string[]; serverError: boolean } {
  const problems: string[] = [];
  const code = error?.code;
  if (code === "INTERNAL") return { problems: [`INTERNAL: ${String(error?.message)}`], serverError: true };
  if (typeof code !== "string" || !EXPECTED_CODES.has(code)) problems.push(`unexpected code ${String(code)}`);
  const m = messageProblem(error?.message);
  if (m) problems.push(m);
  if (code === "INVALID_INPUT") {
    problems.push(...fieldErrorProblems(error?.fieldErrors));
    // Only one field of a valid input was changed: the refusal must say which.
    if ((d.kind === "hostile" || d.kind === "form-hostile" || d.kind === "wrong-type") && !names(error?.fieldErrors, d.field)) {
      problems.push(`INVALID_INPUT does not name ${d.field}: ${JSON.stringify(error?.fieldErrors).slice(0, 300)}`);
    }
  }
  return { problems, serverError: false };
}

/** A realm Outcome's `failure` (an action's answer, or a listing's error line): never internal, a readable message. */
function failureProblems(value: unknown, label: string): { problems: string[]; serverError: boolean } {
  const failure = isRecord(value) ? value : {};
  const problems: string[] = [];
  const serverError = failure.code === "internal";
  if (serverError) problems.push(`${label} internal: ${String(failure.message)}`);
  const m = messageProblem(failure.message);
  if (m) problems.push(m);
  return { problems, serverError };
}

function expectationProblems(spec: Spec, d: Damage, code: unknown, fieldErrors: unknown): string[] {
  const field = mustNameField(spec, d);
  if (field === undefined) return [];
  if (code !== "INVALID_INPUT") return [`expected INVALID_INPUT, got ${String(code ?? "success")}`];
  if (field !== "_any" && !names(fieldErrors, field)) return [`INVALID_INPUT does not name ${field}: ${JSON.stringify(fieldErrors).slice(0, 300)}`];
  return [];
}

/** Secrets a damaged input itself carried (a pasted client secret must not come back either). */
export function inputSecrets(d: Damage): string[] {
  return (d.kind === "hostile" || d.kind === "form-hostile") && /secret|password|recoveryAnswer/i.test(d.field) ? [d.value] : [];
}

export function checkActionAnswer(spec: Spec, d: Damage, input: unknown, answer: { result?: unknown; thrown?: unknown }, changed: string[]): Verdict {
  if (answer.thrown !== undefined) {
    const text = answer.thrown instanceof Error ? answer.thrown.message : String(answer.thrown);
    return { problems: [`threw: ${text.slice(0, 300)}`], serverError: true, leaks: leakedSecrets(text, inputSecrets(d)).length, refused: true };
  }
  const result = answer.result;
  if (!isRecord(result) || typeof result.ok !== "boolean") return { problems: ["not an ActionResult"], serverError: true, leaks: 0, refused: true };
  const leaks = leakedSecrets(JSON.stringify(result), inputSecrets(d));
  const problems = leaks.map((l) => `answer contains a secret ${l}`);
  let serverError = false;
  let refused: boolean;
  if (!result.ok) {
    refused = true;
    const error = isRecord(result.error) ? (result.error as ErrorBody) : undefined;
    const e = errorProblems(d, error);
    problems.push(...e.problems, ...expectationProblems(spec, d, error?.code, error?.fieldErrors));
    serverError = e.serverError;
  } else {
    problems.push(...expectationProblems(spec, d, undefined, undefined));
    // Realm actions answer with an Outcome: { ok: false, failure } is a refusal by us or by Okta.
    const data = result.data;
    refused = isRecord(data) && data.ok === false;
    if (!refused && spec.invariant && isRecord(data) && data.ok === true && isRecord(input)) {
      const broken = spec.invariant(input, data.value);
      if (broken) problems.push(`accepted, but ${broken}`);
    }
    if (refused && isRecord(data)) {
      const f = failureProblems(data.failure, "failure");
      serverError ||= f.serverError;
      problems.push(...f.problems);
    }
  }
  if (refused && changed.length > 0) problems.push(`refused, but changed ${changed.join(", ")}`);
  return { problems, serverError, leaks: leaks.length, refused };
}

/** Reads a route's answer (whole body, bounded in time) and checks it. */
export async function checkRouteAnswer(spec: Spec, d: Damage, query: URLSearchParams, response: Response, changedAfter: () => Promise<string[]>): Promise<Verdict> {
  const problems: string[] = [];
  let serverError = response.status >= 500;
  if (serverError) problems.push(`status ${response.status}`);
  const body = await Promise.race([response.text(), new Promise<string>((resolve) => setTimeout(() => resolve("\u0000timeout"), 15_000))]);
  if (body === "\u0000timeout") problems.push("body did not finish within 15 s");
  const location = response.headers.get("location") ?? "";
  const leaks = leakedSecrets(`${body}\n${location}\n${[...response.headers.values()].join("\n")}`, inputSecrets(d));
  problems.push(...leaks.map((l) => `answer contains a secret ${l}`));
  let refused = response.status >= 300;
  if (response.status >= 300 && response.status < 400) {
    if (!/^(\/connections|http:\/\/localhost(:\d+)?\/connections)/.test(location)) problems.push(`redirect outside the app: ${location.slice(0, 200)}`);
  } else if (response.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      problems.push(`error answer is not JSON: ${body.slice(0, 100)}`);
    }
    // The guard answers { ok: false, error }; a listing refused before its first page answers one
    // NDJSON error line { type: "error", failure } (lib/realms/stream.ts), read as the same error.
    const failure = isRecord(parsed) && parsed.type === "error" && isRecord(parsed.failure) ? parsed.failure : undefined;
    const error = failure
      ? { code: failure.code === "internal" ? "INTERNAL" : failure.code === "invalid_input" ? "INVALID_INPUT" : "NOT_FOUND", message: failure.message, fieldErrors: failure.fieldErrors }
      : isRecord(parsed) && isRecord(parsed.error)
        ? (parsed.error as ErrorBody)
        : undefined;
    const e = errorProblems(d, error);
    serverError ||= e.serverError;
    problems.push(...e.problems, ...expectationProblems(spec, d, error?.code, error?.fieldErrors));
  } else {
    problems.push(...expectationProblems(spec, d, undefined, undefined));
    // NDJSON listings end with a `done` or an `error` line; an error line is a refusal.
    if ((response.headers.get("content-type") ?? "").includes("ndjson")) {
      for (const line of body.split("\n").filter(Boolean)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          problems.push(`not an NDJSON line: ${line.slice(0, 100)}`);
          continue;
        }
        if (isRecord(parsed) && parsed.type === "page" && Array.isArray(parsed.items) && spec.invariant) {
          // The handler reads the query's last value of a repeated key, as Object.fromEntries does.
          const sent = Object.fromEntries(query.entries());
          for (const item of parsed.items) {
            const broken = spec.invariant(sent, item);
            if (broken) problems.push(`accepted, but ${broken}`);
          }
        }
        if (isRecord(parsed) && parsed.type === "error") {
          refused = true;
          const f = failureProblems(parsed.failure, "stream failure");
          serverError ||= f.serverError;
          problems.push(...f.problems);
        }
      }
    }
  }
  const changed = await changedAfter();
  if (refused && changed.length > 0) problems.push(`refused, but changed ${changed.join(", ")}`);
  return { problems, serverError, leaks: leaks.length, refused };
}
