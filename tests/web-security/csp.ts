// A Content-Security-Policy header read the way the suites compare it: directive name → its values.
// Shared by the unit suite (the policy text) and the e2e suite (the policy the running app serves).

export function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
}
