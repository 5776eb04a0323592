import net from "node:net";
import { fail } from "./fail";

/** Refuse early (before anything is written) when the port is taken, naming both ways out. */
export async function assertPortFree(port: number, variable = "PORT"): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) fail(`Port ${port} is already in use`, `Stop the process using it, or start on another port, e.g. ${variable}=${port + 1} npm start`);
}
