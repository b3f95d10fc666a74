// better-sqlite3 ships no types and @types/better-sqlite3 is not installed: the subset the portal uses.
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      prepare(sql: string): Statement;
      exec(sql: string): Database;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<T extends (...args: never[]) => unknown>(fn: T): T;
      close(): void;
    }
  }
  const Database: new (filename: string, options?: { readonly?: boolean }) => BetterSqlite3.Database;
  export default Database;
  export type { BetterSqlite3 };
}
