// Helpers for the live-feed tests and bench/ws_fanout.mjs: finishing server-judged games
// through the HTTP API and WebSocket clients (the `ws` package: node 20 has no client).
import WebSocket from "ws";
import { request, uniqueId } from "./harness.mjs";

export { WebSocket };

/** Starts a one-round practice game as an anonymous player and finishes it at once. */
export async function finishGame(port, { name = "Zed Quarterback" } = {}) {
  const email = `${uniqueId("live")}@example.com`;
  const started = await request(port, "POST", "/api/v1/games", {
    body: { mode: "practice", rounds: 1, player: { name, email }, consent: true },
  });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  const id = started.json.game.gameId;
  const finished = await request(port, "POST", `/api/v1/games/${id}/finish`);
  if (finished.status !== 200) throw new Error(`finish: ${finished.status} ${finished.text}`);
  return { id, email, name };
}

/**
 * Opens a WebSocket and collects its messages. Resolves once open with
 * { ws, messages, closed (promise of {code, reason}), next(predicate, timeoutMs) }.
 */
export function openLive(port, query = "", options = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, options);
  const messages = [];
  let waiters = [];
  ws.on("message", (data) => {
    const event = JSON.parse(data.toString("utf8"));
    messages.push(event);
    waiters = waiters.filter((w) => !w.check());
  });
  const closed = new Promise((resolve) => {
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") }));
  });
  ws.on("error", () => undefined); // the close event reports what happened
  const client = {
    ws,
    messages,
    closed,
    /** The first message (seen already or arriving within timeoutMs) matching `predicate`. */
    next(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check: () => {
            const found = messages.find(predicate);
            if (found === undefined) return false;
            clearTimeout(timer);
            resolve(found);
            return true;
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`));
        }, timeoutMs);
        if (!waiter.check()) waiters.push(waiter);
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => {
        const error = new Error(`upgrade refused: ${res.statusCode} ${body}`);
        error.status = res.statusCode;
        error.body = body;
        reject(error);
      });
    });
    ws.once("error", reject);
  });
}
