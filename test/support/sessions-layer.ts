import { DataSource } from 'typeorm';
import { AuditEvent, AuditEventName } from '../../src/audit/audit-event.entity';
import { AuditService } from '../../src/audit/audit.service';
import { loadSettings, Settings } from '../../src/config/settings';
import { OneTripTransactions } from '../../src/common/one-trip';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ReadinessChecks } from '../../src/health/readiness.checks';
import { ClientContext } from '../../src/http/client-context';
import { Metrics } from '../../src/metrics/metrics.service';
import { JtiChain } from '../../src/sessions/jti.chain';
import { RevocationList } from '../../src/sessions/revocation.list';
import { RevocationService } from '../../src/sessions/revocation.service';
import { RevocationSync } from '../../src/sessions/revocation.sync';
import { RotationService } from '../../src/sessions/rotation.service';
import { SessionRevocation } from '../../src/sessions/session-revocation.entity';
import { Session } from '../../src/sessions/session.entity';
import { SessionsService } from '../../src/sessions/sessions.service';
import { User } from '../../src/users/user.entity';

export const CLIENT: ClientContext = { ip: '203.0.113.7', userAgent: 'unit-spec/1.0' };

/**
 * The sessions layer wired by hand on a migrated in-memory SQLite database: for unit specs that
 * need the real SQL of a service (its conditions, orders and limits) without booting the HTTP
 * application. A suite of these costs a fraction of an HTTP suite, which is what lets the
 * mutation run (docs/mutation.md) try every mutant of the sessions services against them first.
 */
export interface SessionsLayer {
  settings: Settings;
  dataSource: DataSource;
  list: RevocationList;
  chain: JtiChain;
  audit: AuditService;
  metrics: Metrics;
  revocations: RevocationService;
  sessions: SessionsService;
  rotation: RotationService;
  sync: RevocationSync;
  readiness: ReadinessChecks;
  /** A user row to own sessions (the foreign key is enforced). */
  user(username?: string): Promise<number>;
  /** The row of a session as stored. */
  row(sessionId: string): Promise<Session>;
  /** Every audit event of that name, oldest first. */
  events(event: AuditEventName): Promise<AuditEvent[]>;
  /** The append-only revocation log, oldest first. */
  revocationLog(): Promise<SessionRevocation[]>;
  close(): Promise<void>;
}

const UNIT_SIGNING_KEY = 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01';

export async function sessionsLayer(env: Record<string, string> = {}): Promise<SessionsLayer> {
  const settings = loadSettings({ JWT_SIGNING_KEY: UNIT_SIGNING_KEY, DATABASE_URL: 'sqlite::memory:', ...env });
  const dataSource = new DataSource({ ...(await buildDataSourceOptions(settings.database)), migrationsRun: true });
  await dataSource.initialize();
  const list = new RevocationList();
  const chain = new JtiChain(settings.tokens);
  const metrics = new Metrics();
  const audit = new AuditService(dataSource.getRepository(AuditEvent), metrics);
  const revocations = new RevocationService(dataSource, list, audit, settings.tokens);
  const sessions = new SessionsService(
    dataSource.getRepository(Session),
    chain,
    revocations,
    settings.tokens,
    settings.sessions,
  );
  const rotation = new RotationService(
    dataSource,
    dataSource.getRepository(Session),
    sessions,
    chain,
    revocations,
    audit,
    // Never available on SQLite: the rotation's transaction of several statements.
    new OneTripTransactions(dataSource),
    settings.tokens,
    settings.sessions,
  );
  const readiness = new ReadinessChecks();
  const sync = new RevocationSync(
    dataSource.getRepository(SessionRevocation),
    list,
    revocations,
    settings.sessions,
    readiness,
  );
  let users = 0;
  return {
    settings,
    dataSource,
    list,
    chain,
    audit,
    metrics,
    revocations,
    sessions,
    rotation,
    sync,
    readiness,
    async user(username = `user${++users}`) {
      const inserted = await dataSource
        .getRepository(User)
        .insert({ username, passwordHash: 'not-a-hash', createdAt: new Date(), updatedAt: new Date() });
      return (inserted.identifiers[0] as { id: number }).id;
    },
    row: (sessionId) => dataSource.getRepository(Session).findOneByOrFail({ id: sessionId }),
    events: (event) => dataSource.getRepository(AuditEvent).find({ where: { event }, order: { id: 'ASC' } }),
    revocationLog: () => dataSource.getRepository(SessionRevocation).find({ order: { id: 'ASC' } }),
    async close() {
      sync.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

/** Fakes `Date` only (timers stay real: the database driver and the sync use them); `clockAt` moves it. */
export function clockAt(epochMs: number): void {
  jest.useFakeTimers({
    now: epochMs,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
