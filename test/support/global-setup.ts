import { galeraMissing } from '../cluster/galera';

export default function globalSetup(): void {
  const galera = galeraMissing();
  process.stdout.write(
    galera === null
      ? '\nGalera cluster suite: ON (test/cluster/ starts 3 MariaDB Galera nodes on loopback).\n'
      : `\nGalera cluster suite: SKIPPED - ${galera}.\n`,
  );
  if (process.env.TEST_MYSQL_URL) {
    process.stdout.write(`\nMySQL suite: ON (TEST_MYSQL_URL is set); every e2e suite also runs on MariaDB/MySQL.\n`);
  } else {
    process.stdout.write(
      '\nMySQL suite: SKIPPED - TEST_MYSQL_URL is not set; e2e suites run on SQLite only ' +
        '(set TEST_MYSQL_URL=mysql://user:pass@127.0.0.1:3306/db or run `bash .ci/run`).\n',
    );
  }
}
