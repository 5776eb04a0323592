// The DNS step of every outbound connection: resolve the name, refuse the whole answer if any
// address in it is not public, and hand net.connect exactly the addresses that were checked. Because
// the socket connects to what this function returned (not to a second resolution), a resolver that
// answers "public" once and "127.0.0.1" the next time (DNS rebinding) gains nothing.
import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { classifyAddress } from "./address-policy";

export type ResolvedAddress = { address: string; family: 4 | 6 };

/** Name → addresses. The default is the system resolver (getaddrinfo); tests inject their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** An outbound connection refused because its destination is not a public address. */
export class DisallowedAddressError extends Error {
  readonly code = "ERR_DISALLOWED_ADDRESS";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(
      host === address
        ? `${host} is ${kind}; Okta orgs and sign-in issuers are on public addresses, so this app doesn't connect to it.`
        : `${host} resolves to ${kind} (${address}); Okta orgs and sign-in issuers are on public addresses, so this app doesn't connect to it.`,
    );
    this.name = "DisallowedAddressError";
  }
}

/** The first DisallowedAddressError in an error's cause chain (fetch wraps it in "fetch failed"). */
export function findDisallowedAddress(error: unknown): DisallowedAddressError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DisallowedAddressError) return current;
    current = current.cause;
  }
  return undefined;
}

/** Resolves and checks; throws DisallowedAddressError for the first address that isn't public. */
async function resolvePublic(hostname: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  const answers = await resolve(hostname);
  if (answers.length === 0) {
    throw Object.assign(new Error(`${hostname} has no address (DNS answered with nothing)`), { code: "ENOTFOUND" });
  }
  for (const answer of answers) {
    const verdict = classifyAddress(answer.address);
    // One bad address refuses the whole answer: a real Okta org never publishes a private one, and
    // filtering would let an attacker mix in a public address to get past a check.
    if (!verdict.allowed) throw new DisallowedAddressError(hostname, answer.address, verdict.kind);
  }
  return answers;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect/tls.connect (both the `all: true` and single-address forms). */
export function createGuardedLookup(resolve: Resolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolvePublic(hostname, resolve).then(
      (answers) => {
        const wanted = options.family === 4 || options.family === 6 ? answers.filter((a) => a.family === options.family) : answers;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${String(options.family)} address`), { code: "ENOTFOUND" }), "");
          return;
        }
        if (options.all) callback(null, wanted.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, wanted[0]?.address ?? "", wanted[0]?.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ""),
    );
  };
}
