// A loopback TCP proxy that a test can cut: cut() resets every open connection and
// closes the listening socket (new connections are refused, as when PostgreSQL is
// stopped with pg_ctl stop -m fast); restore() listens on the same port again.
import net from "node:net";

export class TcpProxy {
  /** Forwards 127.0.0.1:<port> (chosen at start) to targetHost:targetPort. */
  constructor(targetHost, targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.sockets = new Set();
    this.server = null;
    this.port = 0;
  }

  async start() {
    await this.#listen(0);
    return this;
  }

  #listen(port) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {});
      }
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.port = this.server.address().port;
        resolve();
      });
    });
  }

  /** The database is gone: connections reset, new ones refused. */
  async cut() {
    const server = this.server;
    this.server = null;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const s of this.sockets) s.resetAndDestroy ? s.resetAndDestroy() : s.destroy();
    this.sockets.clear();
    await closed;
  }

  /** The database is back, on the same address. */
  async restore() {
    await this.#listen(this.port);
  }

  async stop() {
    if (this.server) await this.cut();
  }

  /** `url` (postgres://user@host:port/db) rewritten to go through this proxy. */
  url(url) {
    return url.replace(/@[^/@]+\//, `@127.0.0.1:${this.port}/`);
  }
}
