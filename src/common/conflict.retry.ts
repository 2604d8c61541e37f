import { isDatabaseConflict } from './database-unavailable';

/** Tries in all, the first included: enough for a burst of one token's refreshes across nodes. */
export const CONFLICT_ATTEMPTS = 6;
/** The first back-off; each further one doubles it. */
const BASE_DELAY_MS = 5;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (a whole transaction, or one autocommit statement) again when the database rolled
 * it back for a conflict, a bounded number of times with full jitter so that the losers of one
 * race do not collide again in step. After the last try the conflict propagates, and clients see
 * 503 with Retry-After. `work` must be safe to repeat: a rolled-back transaction left nothing.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = CONFLICT_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDatabaseConflict(error)) throw error;
      await sleep(Math.random() * BASE_DELAY_MS * 2 ** attempt);
    }
  }
}
