import { connect, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A TCP proxy between the app and a database, that a test can cut in two ways:
 * - `refuse`: the database is gone (crash, restart): connections are reset and new ones refused;
 * - `blackhole`: the network is partitioned: connections stay open but nothing gets through,
 *   new ones are accepted and never answered.
 * `restore` heals either; held connections resume where they were, as TCP does after a partition.
 */
export class TcpProxy {
  private server: Server;
  private readonly pairs = new Set<Pair>();
  private state: 'open' | 'refuse' | 'blackhole' = 'open';

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private listenPort = 0,
  ) {
    this.server = this.createServer();
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen();
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  cut(mode: 'refuse' | 'blackhole'): Promise<void> {
    this.state = mode;
    if (mode === 'blackhole') {
      for (const pair of this.pairs) this.hold(pair);
      return Promise.resolve();
    }
    for (const pair of this.pairs) this.destroy(pair);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    const previous = this.state;
    if (previous === 'open') return;
    this.state = 'open';
    if (previous === 'refuse') {
      this.server = this.createServer();
      await this.listen();
      return;
    }
    for (const pair of this.pairs) this.forward(pair);
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.destroy(pair);
    if (this.server.listening) await new Promise((resolve) => this.server.close(resolve));
  }

  private createServer(): Server {
    return createServer((client) => {
      const pair: Pair = { client, upstream: null };
      this.pairs.add(pair);
      client.on('error', () => this.destroy(pair));
      client.on('close', () => this.destroy(pair));
      if (this.state === 'open') this.forward(pair);
      else client.pause();
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.listenPort, '127.0.0.1', () => {
        this.listenPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private forward(pair: Pair): void {
    if (!pair.upstream) {
      const upstream = connect(this.targetPort, this.targetHost);
      upstream.on('error', () => this.destroy(pair));
      upstream.on('close', () => this.destroy(pair));
      pair.upstream = upstream;
    }
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
    pair.client.resume();
    pair.upstream.resume();
  }

  private hold(pair: Pair): void {
    pair.client.unpipe();
    pair.upstream?.unpipe();
    pair.client.pause();
    pair.upstream?.pause();
  }

  private destroy(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
