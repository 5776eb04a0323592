// `NODE_OPTIONS=--import <abs path>/bench/cpu-profile-hook.mjs` (Node refuses --cpu-prof in
// NODE_OPTIONS): profiles the `next start` server process of a bench run with the inspector and
// writes <BENCH_CPU_PROFILE_DIR>/next-<pid>.cpuprofile when it exits. Other processes ignore it.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_CPU_PROFILE_DIR;
const isNextServer = process.argv.some((a) => a.endsWith("next/dist/bin/next")) && process.argv.includes("start");
if (dir && isNextServer) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  process.on("exit", () => {
    // The in-thread inspector session answers synchronously, so this works in an exit handler.
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `next-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
