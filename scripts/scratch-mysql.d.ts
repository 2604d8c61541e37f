/** Types of scratch-mysql.js for the TypeScript test and bench harnesses. */
export function createDatabase(baseUrl: string, name: string): Promise<string>;
export function dropDatabases(baseUrl: string, prefix: string): Promise<string[]>;
export function dropDatabase(baseUrl: string, name: string): Promise<void>;
