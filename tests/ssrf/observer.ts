// Two independent observers of "did the process try to reach a host it must never contact":
//   1. counting servers listening on disallowed addresses (127.0.0.2, and 127.0.0.1 for localhost
//      names) that count every TCP connection they accept and answer 200, so a followed redirect or
//      a resolver the guard failed to check would show up as a connection here;
//   2. node:diagnostics_channel "net.client.socket", which sees every client socket this process
//      creates (undici's included) and records each address it attempts or connects to, so an
//      attempt to an address with no listener (10.0.0.5:443, 169.254.169.254:80) is counted too.
// Neither goes through the guard under test.
import diagnostics from "node:diagnostics_channel";
import { createServer, type Server, type Socket } from "node:net";
import { classifyAddress } from "@/lib/net/address-policy";

export type CountingServer = { host: string; port: number; origin: string; accepted: () => number; close: () => Promise<void> };

export async function startCountingServer(host: string): Promise<CountingServer> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    // Enough HTTP for a client to believe it succeeded.
    socket.end("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("counting server has no port");
  return {
    host,
    port: address.port,
    origin: `http://${host}:${address.port}`,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type Destination = { ip: string; port: number | undefined };

export type SocketObserver = {
  /**
   * Client sockets that resolved to, attempted or connected to a non-public address other than the
   * exempt stand-in org on 127.0.0.1:`exemptPort` (a lookup of 127.0.0.1 has no port: the stand-in's).
   */
  disallowedSockets: (exemptPort: number) => number;
  stop: () => void;
};

export function observeClientSockets(): SocketObserver {
  /** Per client socket, every address it resolved to, attempted or connected to. */
  const seen: Destination[][] = [];
  const onSocket = (message: unknown): void => {
    const socket = (message as { socket?: Socket }).socket;
    if (!socket) return;
    const destinations: Destination[] = [];
    seen.push(destinations);
    socket.on("lookup", (error: Error | null, address: string) => {
      if (!error && address) destinations.push({ ip: address, port: undefined });
    });
    socket.on("connectionAttempt", (ip: string, port: number) => destinations.push({ ip, port }));
    socket.on("connect", () => destinations.push({ ip: socket.remoteAddress ?? "?", port: socket.remotePort }));
  };
  diagnostics.subscribe("net.client.socket", onSocket);
  return {
    disallowedSockets: (exemptPort) =>
      seen.filter((destinations) => destinations.some((d) => !(d.ip === "127.0.0.1" && (d.port === exemptPort || d.port === undefined)) && !classifyAddress(d.ip).allowed)).length,
    stop: () => diagnostics.unsubscribe("net.client.socket", onSocket),
  };
}
