import { Injectable } from '@nestjs/common';

/** Why an instance is not ready, or null when that part of it is. */
export type ReadinessCheck = () => string | null;

/**
 * Readiness conditions owned by higher layers (revocation sync freshness): they register here
 * and `/health/ready` reports each under its own name, without health/ knowing about them.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks.entries()];
  }
}
