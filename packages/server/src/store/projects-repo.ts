import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { now, toNumber } from './db-util.js';
import type { ProjectRepo, ProjectRow } from './store.js';

export class KyselyProjectRepo implements ProjectRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(project: { id: string; name: string }): Promise<ProjectRow> {
    const row = await this.db.insertInto('projects').values({ id: project.id, name: project.name, created_at: now() }).returningAll().executeTakeFirstOrThrow();
    return toProject(row);
  }

  async get(id: string): Promise<ProjectRow | undefined> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toProject(row);
  }

  async list(): Promise<ProjectRow[]> {
    const rows = await this.db.selectFrom('projects').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toProject);
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return toNumber(n);
  }
}

function toProject(row: ProjectRow): ProjectRow {
  return { id: row.id, name: row.name, created_at: row.created_at, catalog_revision: toNumber(row.catalog_revision) };
}
