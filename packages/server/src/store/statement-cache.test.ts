import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  it('hands out one prepared statement per SQL text and drops the least recently used beyond capacity', () => {
    const db = withStatementCache(new SqliteDatabase(':memory:'), 2);
    const one = db.prepare('select 1 as v');
    expect(db.prepare('select 1 as v')).toBe(one);
    const two = db.prepare('select 2 as v');
    db.prepare('select 1 as v'); // touch: "select 2" is now the oldest
    db.prepare('select 3 as v');
    expect(db.prepare('select 1 as v')).toBe(one);
    expect(db.prepare('select 2 as v')).not.toBe(two);
    db.close();
  });

  it('keeps answering correctly after the schema changes under a cached statement', () => {
    const db = withStatementCache(new SqliteDatabase(':memory:'));
    db.prepare('create table t (a integer)').run([]);
    db.prepare('insert into t (a) values (?)').run([1]);
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1 }]);
    db.prepare('alter table t add column b text').run([]);
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1, b: null }]);
    db.close();
  });
});
