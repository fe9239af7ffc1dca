import { MEASUREMENT, RP, regionTags, tagValue } from './schema.js';

/**
 * Building InfluxQL safely. Values from requests (region codes, keys) are never spliced into a
 * statement: they are bound parameters (`$name`, sent as `params`). What cannot be bound (names of
 * the database, policies and measurements, time literals) is quoted here or must be an integer.
 */

export type Params = Record<string, string | number>;

/** Rows per page when reading raw reports back (InfluxDB may cap rows per answer). */
export const PAGE = 5_000;

export interface Statement {
  q: string;
  params: Params;
}

/** A double-quoted identifier: `\` and `"` escaped, so a name can never end the quote. */
export function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A single-quoted string literal, for the few places InfluxQL takes no parameter. */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function integer(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer: ${value}`);
  return value;
}

/** An absolute time in epoch milliseconds (InfluxQL reads a bare number as nanoseconds). */
export function msTime(ms: number): string {
  return `${integer(ms, 'time')}ms`;
}

/** A duration in milliseconds, as GROUP BY time() takes it. */
export function msDuration(ms: number): string {
  if (integer(ms, 'duration') <= 0) throw new RangeError(`duration must be positive: ${ms}`);
  return `${ms}ms`;
}

/** ` LIMIT n[ OFFSET m]` from integers only. */
export function limit(n: number, offset = 0): string {
  if (integer(n, 'limit') < 0 || integer(offset, 'offset') < 0)
    throw new RangeError('negative limit');
  return offset > 0 ? ` LIMIT ${n} OFFSET ${offset}` : ` LIMIT ${n}`;
}

/** `"db"."rp"."measurement"` */
export function source(database: string, rp: string, measurement: string = MEASUREMENT): string {
  return `${ident(database)}.${ident(rp)}.${ident(measurement)}`;
}

export function rawSource(database: string): string {
  return source(database, RP.raw);
}

/**
 * WHERE conditions and their parameters, added one at a time. Each value gets its own
 * parameter name, so a value is only ever data.
 */
export class Where {
  private readonly parts: string[] = [];

  /** `params`: a parent's, when this builds one branch of its `anyOf`. */
  constructor(readonly params: Params = {}) {}

  timeRange(from: number, to: number): this {
    this.parts.push(`time >= ${msTime(from)} AND time < ${msTime(to)}`);
    return this;
  }

  since(from: number): this {
    this.parts.push(`time >= ${msTime(from)}`);
    return this;
  }

  before(to: number): this {
    this.parts.push(`time < ${msTime(to)}`);
    return this;
  }

  /** A tag (percent-encoded as written) equal to a value. */
  tag(tag: string, value: string): this {
    return this.bind(ident(tag), '=', tagValue(value));
  }

  field(field: string, op: '=' | '<=' | '>', value: string | number): this {
    return this.bind(ident(field), op, value);
  }

  /** A region's subtree: its county, town or village tag, and for a group its exact code. */
  region(code: string | undefined): this {
    if (!code) return this;
    const tags = regionTags(code);
    if (code.length <= 6) return this.tag('county', tags.county);
    if (code.length <= 9) return this.tag('town', tags.town);
    this.tag('village', tags.village);
    return code.length > 12 ? this.field('regionCode', '=', code) : this;
  }

  /**
   * One condition holding of several: each branch is built on a Where sharing this one's
   * parameters (so every value keeps a name of its own) and the branches are OR-ed in parentheses.
   */
  anyOf<T>(values: readonly T[], branch: (where: Where, value: T) => Where): this {
    if (values.length === 0) throw new RangeError('anyOf needs at least one value');
    const branches = values.map((value) => {
      const conditions = branch(new Where(this.params), value).parts;
      if (conditions.length === 0) throw new RangeError('an anyOf branch needs a condition');
      return conditions.length > 1 ? `(${conditions.join(' AND ')})` : conditions.join('');
    });
    this.parts.push(`(${branches.join(' OR ')})`);
    return this;
  }

  toString(): string {
    return this.parts.length ? ` WHERE ${this.parts.join(' AND ')}` : '';
  }

  private bind(lhs: string, op: string, value: string | number): this {
    const name = `p${Object.keys(this.params).length}`;
    this.params[name] = value;
    this.parts.push(`${lhs} ${op} $${name}`);
    return this;
  }
}

// ---- Responses ----

export interface Series {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  /** Absent for a series with no rows (SHOW CONTINUOUS QUERIES of a database without any). */
  values?: unknown[][];
}

export interface StatementResult {
  statement_id?: number;
  series?: Series[];
  error?: string;
  partial?: boolean;
}

export class InfluxQueryError extends Error {
  override name = 'InfluxQueryError';
}

/** The statement results of a /query answer; an error anywhere in it throws. */
export function statementResults(body: unknown): StatementResult[] {
  const answer = body as { results?: StatementResult[]; error?: string } | undefined;
  if (!answer || typeof answer !== 'object') throw new InfluxQueryError('empty /query answer');
  if (answer.error) throw new InfluxQueryError(answer.error);
  const results = answer.results ?? [];
  const failed = results.find((r) => r.error);
  if (failed?.error) throw new InfluxQueryError(failed.error);
  return results;
}

/** Each value row of a statement's series as `{column: value}` with the series tags added. */
export function rowsOf(result: StatementResult | undefined): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const series of result?.series ?? []) {
    for (const values of series.values ?? []) {
      const row: Record<string, unknown> = { ...series.tags };
      series.columns.forEach((column, i) => (row[column] = values[i]));
      rows.push(row);
    }
  }
  return rows;
}
