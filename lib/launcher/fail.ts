/** A start-up problem the operator can fix: printed as one line, exit code 1, no stack trace. */
export class StartupError extends Error {}

export function fail(problem: string, fix: string): never {
  throw new StartupError(`${problem}. ${fix}`);
}
