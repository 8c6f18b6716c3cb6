import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/** pg-boss's pluggable executor: run its SQL somewhere else than its own pool. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs pg-boss's SQL on the connection of a MikroORM transaction, so a job is inserted (or
 * cancelled) in the same transaction as the rows it is about: both commit, or neither.
 */
export function transactionExecutor(tx: EntityManager): SqlExecutor {
  const trx = tx.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('transactionExecutor needs an EntityManager inside a transaction (em.transactional)');
  return {
    async executeSql(text, values) {
      const { sql, bindings } = toKnexBindings(text, values);
      const result = (await trx.raw(sql, bindings as Knex.RawBinding[])) as { rows?: unknown[] };
      return { rows: result.rows ?? [] };
    },
  };
}

/**
 * pg-boss writes PostgreSQL's numbered parameters ($1, $2, reused freely); knex wants one `?` per
 * value in order. Literal question marks are escaped so knex leaves them alone.
 */
export function toKnexBindings(text: string, values: readonly unknown[]): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const sql = text.replace(/\?/g, '\\?').replace(/\$(\d+)/g, (_match, index: string) => {
    const position = Number(index) - 1;
    if (position < 0 || position >= values.length) throw new Error(`SQL parameter $${index} has no value`);
    bindings.push(toBinding(values[position]));
    return '?';
  });
  return { sql, bindings };
}

/** node-pg serialises plain objects as JSON itself; knex would not, so do it here. */
function toBinding(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) && !Buffer.isBuffer(value)) {
    return JSON.stringify(value);
  }
  return value;
}
