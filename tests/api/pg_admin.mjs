// psql for the API tests that talk to the test PostgreSQL server directly (create and drop
// databases, count rows). The SQL goes on stdin, not the command line: a statement that
// lists every acknowledged sessionId of a load test can exceed the kernel's per-argument
// limit (E2BIG) on a fast server.
import { spawn } from "node:child_process";

/** Runs `sql` on `url`; resolves with psql's unaligned, tuples-only output, trimmed. */
export function psql(url, sql, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout.trim());
      else reject(new Error(`psql exited with ${code ?? signal}: ${stderr.trim()}`));
    });
    child.stdin.end(sql.endsWith(";") ? sql : `${sql};`);
  });
}

/** A fresh database on the server of `baseUrl`; returns its URL and a drop(). */
export async function freshDatabase(baseUrl, prefix) {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  await psql(baseUrl, `CREATE DATABASE ${name}`);
  const url = baseUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  return { url, drop: () => psql(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
