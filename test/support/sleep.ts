/** Waits `ms` milliseconds: for a clock that counts whole seconds, or a background loop's next turn. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
