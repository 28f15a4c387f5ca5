// Ids for GENERATED ALWAYS identity columns, handed out by the loader so rows of several
// tables can reference each other before they are COPYed (COPY writes the id it is given,
// like INSERT ... OVERRIDING SYSTEM VALUE).
import type pg from 'pg';

const tablePattern = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/**
 * A run of consecutive ids of one table. Claiming it locks the table against other
 * writers until the transaction ends (SHARE ROW EXCLUSIVE blocks concurrent inserts, which
 * would otherwise draw the same ids from the sequence); releasing it moves the sequence
 * past the last id used.
 */
export class IdentityBlock {
  private nextId: number;

  private constructor(
    readonly table: string,
    private readonly sequence: string,
    readonly firstId: number,
  ) {
    this.nextId = firstId;
  }

  /** Locks `table` (schema-qualified) and starts handing out ids from its sequence. */
  static async claim(client: pg.ClientBase, table: string): Promise<IdentityBlock> {
    if (!tablePattern.test(table)) throw new Error(`not a schema-qualified table name: ${table}`);
    await client.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const { rows } = await client.query<{ sequence: string | null }>(
      "SELECT pg_get_serial_sequence($1, 'id') AS sequence",
      [table],
    );
    const sequence = rows[0]?.sequence;
    if (!sequence) throw new Error(`${table}.id has no identity sequence`);
    const first = await client.query<{ id: string }>('SELECT nextval($1::regclass) AS id', [
      sequence,
    ]);
    return new IdentityBlock(table, sequence, Number(first.rows[0]?.id));
  }

  /** The next unused id. */
  next(): number {
    return this.nextId++;
  }

  /** How many ids were handed out. */
  get used(): number {
    return this.nextId - this.firstId;
  }

  /** Sets the sequence so the table's next default id follows the last one handed out. */
  async release(client: pg.ClientBase): Promise<void> {
    await client.query('SELECT setval($1::regclass, $2, false)', [this.sequence, this.nextId]);
  }
}
