import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, RowDataPacket } from 'mysql2/promise';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = 'mariadb-install-db';

/** Why the cluster suite cannot run here, or null when it can. */
export function galeraMissing(): string | null {
  if (!existsSync(GALERA_PROVIDER)) return `${GALERA_PROVIDER} is missing (apt-get install galera-4 rsync)`;
  if (!existsSync(MARIADBD)) return `${MARIADBD} is missing (apt-get install mariadb-server)`;
  if (process.getuid?.() !== 0) return 'not running as root (mariadbd is started as user mysql)';
  return null;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` free ports from `from` up to `to`. */
async function freePorts(from: number, to: number, count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let port = from; port <= to && ports.length < count; port++) if (await portFree(port)) ports.push(port);
  if (ports.length < count) throw new Error(`galera harness: fewer than ${count} free ports in ${from}-${to}`);
  return ports;
}

const started = Date.now();
/** GALERA_DEBUG=1 prints the harness's steps with their times. */
function step(message: string): void {
  if (process.env.GALERA_DEBUG) process.stderr.write(`[galera +${Date.now() - started} ms] ${message}\n`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface GaleraNode {
  readonly index: number;
  readonly port: number;
  readonly datadir: string;
  /** `mysql://root@127.0.0.1:PORT/DB`. */
  url(database: string): string;
}

/**
 * Three throwaway MariaDB Galera nodes on loopback, each with its own datadir under one temp
 * folder. State transfers by rsync are slow (a shell script per joiner), so the joiners start
 * from a copy of the first node's datadir after a clean shutdown, with the same cluster state:
 * they join without any transfer. A node killed and restarted catches up by IST or rsync SST.
 */
export class GaleraCluster {
  readonly nodes: GaleraNode[] = [];
  private readonly processes = new Map<number, ChildProcess>();
  private readonly exitHook = (): void => this.killAllSync();

  private constructor(
    private readonly root: string,
    private readonly groupPorts: number[],
    private readonly istPorts: number[],
    private readonly sstPorts: number[],
    sqlPorts: number[],
  ) {
    sqlPorts.forEach((port, index) => {
      const datadir = join(root, `node${index + 1}`);
      this.nodes.push({ index, port, datadir, url: (database) => `mysql://root@127.0.0.1:${port}/${database}` });
    });
    process.once('exit', this.exitHook);
  }

  static async start(size = 3): Promise<GaleraCluster> {
    const sqlPorts = await freePorts(33061, 33099, size);
    const galeraPorts = await freePorts(45671, 45699, size * 3);
    const root = mkdtempSync(join(tmpdir(), 'galera-cluster-'));
    chmodSync(root, 0o755);
    const cluster = new GaleraCluster(
      root,
      galeraPorts.slice(0, size),
      galeraPorts.slice(size, 2 * size),
      galeraPorts.slice(2 * size),
      sqlPorts,
    );
    try {
      await cluster.bootstrap();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /**
   * `firstStart`: the nodes start from identical copies and wait, without a primary component,
   * for `pc.bootstrap` (see bootstrap()).
   */
  private args(index: number, bootstrap: boolean, firstStart = false): string[] {
    const node = this.nodes[index];
    const address = `127.0.0.1:${this.groupPorts[index]}`;
    return [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${node.datadir}`,
      `--socket=${join(node.datadir, 'mysqld.sock')}`,
      `--pid-file=${join(node.datadir, 'mysqld.pid')}`,
      `--log-error=${join(node.datadir, 'error.log')}`,
      `--port=${node.port}`,
      '--bind-address=127.0.0.1',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=64M',
      '--innodb-log-file-size=16M',
      '--innodb-flush-log-at-trx-commit=2',
      '--max-connections=300',
      '--wsrep-on=ON',
      `--wsrep-provider=${GALERA_PROVIDER}`,
      '--wsrep-cluster-name=token_service_test',
      `--wsrep-cluster-address=gcomm://${this.groupPorts.map((port) => `127.0.0.1:${port}`).join(',')}`,
      `--wsrep-node-address=${address}`,
      `--wsrep-node-name=node${index + 1}`,
      `--wsrep-provider-options=gmcast.listen_addr=tcp://${address};ist.recv_addr=127.0.0.1:${this.istPorts[index]}${
        firstStart ? ';pc.wait_prim_timeout=PT300S' : ''
      }`,
      `--wsrep-sst-receive-address=127.0.0.1:${this.sstPorts[index]}`,
      '--wsrep-sst-method=rsync',
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
      '--default-storage-engine=InnoDB',
      ...(bootstrap && !firstStart ? ['--wsrep-new-cluster'] : []),
    ];
  }

  private spawnNode(index: number, bootstrap: boolean, firstStart = false): void {
    const child = spawn(MARIADBD, this.args(index, bootstrap, firstStart), { stdio: 'ignore' });
    this.processes.set(index, child);
    child.once('exit', () => {
      if (this.processes.get(index) === child) this.processes.delete(index);
    });
  }

  private async bootstrap(): Promise<void> {
    const first = this.nodes[0];
    mkdirSync(first.datadir);
    execFileSync('chown', ['mysql:mysql', first.datadir]);
    execFileSync(
      INSTALL_DB,
      [
        '--no-defaults',
        '--user=mysql',
        `--datadir=${first.datadir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--innodb-log-file-size=16M',
        '--innodb-buffer-pool-size=32M',
      ],
      { stdio: 'ignore', timeout: 180_000 },
    );
    step('datadir installed');
    // Once alone, to give the cluster its identity; a clean stop records it in grastate.dat.
    this.spawnNode(0, true);
    await this.waitSynced(0, 120_000);
    await this.shutdown(0);
    const state = readFileSync(join(first.datadir, 'grastate.dat'), 'utf8');
    if (/seqno:\s+-1/.test(state)) throw new Error(`galera harness: unclean first stop:\n${state}`);
    for (const node of this.nodes.slice(1)) {
      cpSync(first.datadir, node.datadir, { recursive: true });
      rmSync(join(node.datadir, 'error.log'), { force: true });
      execFileSync('chown', ['-R', 'mysql:mysql', node.datadir]);
      // Only the first node may bootstrap the cluster.
      const copy = join(node.datadir, 'grastate.dat');
      writeFileSync(copy, readFileSync(copy, 'utf8').replace(/safe_to_bootstrap:\s*1/, 'safe_to_bootstrap: 0'));
    }
    step('copies made');
    // All at once from the same state, each with the saved view of a primary component made of
    // all three: Galera restores that component by itself once they all see each other (as after
    // a full-cluster crash), and with equal states nobody needs a state transfer. Bootstrapping
    // one node and joining the others would need one, for the view changes ordered meanwhile.
    const members = this.nodes.map(() => randomUUID());
    this.nodes.forEach((node, index) => {
      const view = [
        `my_uuid: ${members[index]}`,
        '#vwbeg',
        `view_id: 3 ${members[0]} 1`,
        'bootstrap: 0',
        ...members.map((member) => `member: ${member} 0`),
        '#vwend',
        '',
      ];
      writeFileSync(join(node.datadir, 'gvwstate.dat'), view.join('\n'));
      execFileSync('chown', ['mysql:mysql', join(node.datadir, 'gvwstate.dat')]);
    });
    for (let index = 0; index < this.nodes.length; index++) this.spawnNode(index, false, true);
    await this.waitAllSynced(180_000);
    step('all nodes synced');
  }

  /** Runs one statement on a node, on a connection of its own. */
  async query<T extends RowDataPacket>(index: number, sql: string): Promise<T[]> {
    const connection = await createConnection({ host: '127.0.0.1', port: this.nodes[index].port, user: 'root' });
    try {
      const [rows] = await connection.query<T[]>(sql);
      return rows;
    } finally {
      await connection.end();
    }
  }

  async status(index: number): Promise<Record<string, string>> {
    const rows = await this.query<RowDataPacket>(index, "SHOW GLOBAL STATUS LIKE 'wsrep_%'");
    return Object.fromEntries(rows.map((row) => [String(row.Variable_name), String(row.Value)]));
  }

  async waitSynced(index: number, timeoutMs = 120_000, clusterSize?: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      try {
        const status = await this.status(index);
        last = `${status.wsrep_local_state_comment} ready=${status.wsrep_ready} size=${status.wsrep_cluster_size}`;
        if (
          status.wsrep_local_state_comment === 'Synced' &&
          status.wsrep_ready === 'ON' &&
          (clusterSize === undefined || Number(status.wsrep_cluster_size) === clusterSize)
        ) {
          return;
        }
      } catch (error) {
        last = (error as Error).message;
        if (!this.processes.has(index)) throw new Error(`galera node ${index + 1} exited: ${this.tail(index)}`);
      }
      await sleep(250);
    }
    throw new Error(`galera node ${index + 1} not synced after ${timeoutMs} ms (${last}): ${this.tail(index)}`);
  }

  private async waitLog(index: number, pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.tail(index, 10_000))) {
      if (!this.processes.has(index)) throw new Error(`galera node ${index + 1} exited: ${this.tail(index)}`);
      if (Date.now() > deadline) throw new Error(`galera node ${index + 1}: no ${pattern} in its log`);
      await sleep(250);
    }
  }

  async waitAllSynced(timeoutMs = 120_000): Promise<void> {
    for (let index = 0; index < this.nodes.length; index++) {
      await this.waitSynced(index, timeoutMs, this.nodes.length);
    }
  }

  /** The last lines of a node's error log, for failure messages. */
  tail(index: number, lines = 15): string {
    try {
      return readFileSync(join(this.nodes[index].datadir, 'error.log'), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no error log)';
    }
  }

  /** kill -9: the node vanishes mid-whatever, as with a power cut. */
  kill(index: number): void {
    this.processes.get(index)?.kill('SIGKILL');
  }

  /** Starts a stopped or killed node again; it rejoins the running cluster. */
  async restart(index: number, timeoutMs = 240_000): Promise<void> {
    const previous = this.processes.get(index);
    if (previous) await new Promise((resolve) => previous.once('exit', resolve));
    this.spawnNode(index, false);
    await this.waitSynced(index, timeoutMs, this.nodes.length);
  }

  /** Cuts a node off the group: it leaves the primary component but keeps answering SQL. */
  async isolate(index: number, isolated: boolean): Promise<void> {
    await this.query(index, `SET GLOBAL wsrep_provider_options='gmcast.isolate=${isolated ? 1 : 0}'`);
  }

  private async shutdown(index: number): Promise<void> {
    const child = this.processes.get(index);
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }

  private killAllSync(): void {
    for (const child of this.processes.values()) child.kill('SIGKILL');
  }

  /** Kills every node and removes every datadir; safe to call twice. */
  async stop(): Promise<void> {
    if (process.env.GALERA_KEEP) return;
    process.removeListener('exit', this.exitHook);
    const exits = [...this.processes.values()].map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
    );
    this.killAllSync();
    await Promise.all(exits);
    rmSync(this.root, { recursive: true, force: true });
  }
}
