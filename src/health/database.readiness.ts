import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Variables of a Galera node that say whether it may serve the application. */
interface WsrepState {
  wsrep_ready?: string;
  wsrep_local_state_comment?: string;
}

/**
 * Whether the database can serve the service's own tables, not merely answer: a Galera node
 * cut off from the primary component still answers `SELECT 1` but refuses every table (1047),
 * and a joining or donor node serves stale data. Resolves to why not, or null when it can.
 */
@Injectable()
export class DatabaseReadiness {
  private galera?: Promise<boolean>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async problem(): Promise<string | null> {
    await this.dataSource.query('SELECT COUNT(*) AS n FROM (SELECT id FROM sessions LIMIT 1) AS probe');
    if (!(await this.isGalera())) return null;
    const rows = await this.dataSource.query<Array<{ Variable_name: string; Value: string }>>(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state_comment')",
    );
    const state = Object.fromEntries(rows.map((row) => [row.Variable_name, row.Value])) as WsrepState;
    if (state.wsrep_ready === 'ON' && state.wsrep_local_state_comment === 'Synced') return null;
    return `galera node not ready (wsrep_ready=${state.wsrep_ready}, state ${state.wsrep_local_state_comment})`;
  }

  /** Asked once per data source: whether the server is a Galera node (`wsrep_on`). */
  private isGalera(): Promise<boolean> {
    const type = this.dataSource.options.type;
    if (type !== 'mysql' && type !== 'mariadb') return Promise.resolve(false);
    this.galera ??= this.dataSource
      .query<Array<{ wsrep: number | string }>>('SELECT @@global.wsrep_on AS wsrep')
      .then((rows) => Number(rows[0]?.wsrep) === 1)
      .catch((error: unknown) => {
        // MySQL has no such variable: not Galera. Anything else: ask again next time.
        if ((error as { code?: string }).code === 'ER_UNKNOWN_SYSTEM_VARIABLE') return false;
        this.galera = undefined;
        throw error;
      });
    return this.galera;
  }
}
