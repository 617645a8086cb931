import { reservedSlugError, type Tool, type Toolkit } from '@toolrouter/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ToolkitsTable } from './database.js';
import { chunk, now, toNumber } from './db-util.js';
import type { StoredToolkit, ToolkitRepo } from './store.js';

/** 500 rows x 4 columns stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const TOOL_INSERT_BATCH = 500;

export class KyselyToolkitRepo implements ToolkitRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async put(projectId: string, toolkit: Toolkit, tools: Tool[]): Promise<StoredToolkit> {
    // Validate and serialise before the transaction: a tool that names another toolkit or a value
    // JSON cannot represent (e.g. a BigInt) is refused before anything is written.
    const stray = tools.find((t) => t.toolkit !== toolkit.slug);
    if (stray) throw new Error(`tool ${stray.slug} belongs to toolkit "${stray.toolkit}", not "${toolkit.slug}"`);
    // Every imported or registered toolkit (OpenAPI, MCP server, custom webhooks; API or CLI) is
    // written here, so this is the one place that keeps them out of the meta-tools' namespace.
    const reserved = reservedSlugError(
      toolkit.slug,
      tools.map((t) => t.slug),
    );
    if (reserved) throw reserved;
    const data = JSON.stringify(toolkit);
    const toolRows = tools.map((t) => ({ project_id: projectId, slug: t.slug, toolkit_slug: toolkit.slug, data: JSON.stringify(t) }));
    const at = now();

    return this.db.transaction().execute(async (trx) => {
      // Bump first: it fails for an unknown project and row-locks the project, so concurrent
      // catalog writes of one project queue up instead of interleaving.
      if (!(await bumpRevision(trx, projectId))) throw new Error(`project ${projectId} does not exist`);
      const row = await trx
        .insertInto('toolkits')
        .values({ project_id: projectId, slug: toolkit.slug, data, tool_count: tools.length, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['project_id', 'slug']).doUpdateSet({ data, tool_count: tools.length, updated_at: at }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('tools').where('project_id', '=', projectId).where('toolkit_slug', '=', toolkit.slug).execute();
      for (const batch of chunk(toolRows, TOOL_INSERT_BATCH)) await trx.insertInto('tools').values(batch).execute();
      return toStored(row);
    });
  }

  async get(projectId: string, slug: string): Promise<StoredToolkit | undefined> {
    const row = await this.db.selectFrom('toolkits').selectAll().where('project_id', '=', projectId).where('slug', '=', slug).executeTakeFirst();
    return row && toStored(row);
  }

  async list(projectId: string): Promise<StoredToolkit[]> {
    const rows = await this.db.selectFrom('toolkits').selectAll().where('project_id', '=', projectId).orderBy('slug').execute();
    return rows.map(toStored);
  }

  async listTools(projectId: string): Promise<Tool[]> {
    const rows = await this.db.selectFrom('tools').select('data').where('project_id', '=', projectId).orderBy('toolkit_slug').orderBy('slug').execute();
    return rows.map((r) => JSON.parse(r.data) as Tool);
  }

  async delete(projectId: string, slug: string): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        // Same lock order as put (project row first) so a put and a delete cannot deadlock; and
        // writing first lets SQLite wait for the write lock instead of failing a stale read.
        if (!(await bumpRevision(trx, projectId))) throw new NothingToChange();
        await trx.deleteFrom('tools').where('project_id', '=', projectId).where('toolkit_slug', '=', slug).execute();
        const deleted = await trx.deleteFrom('toolkits').where('project_id', '=', projectId).where('slug', '=', slug).executeTakeFirst();
        if (toNumber(deleted.numDeletedRows) === 0) throw new NothingToChange(); // rolls the bump back
        // A switch belongs to the toolkit: importing the slug again starts switched on.
        await trx.deleteFrom('disabled_toolkits').where('project_id', '=', projectId).where('slug', '=', slug).execute();
        return true;
      });
    } catch (error) {
      if (error instanceof NothingToChange) return false;
      throw error;
    }
  }

  async setEnabled(projectId: string, slug: string, enabled: boolean): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        // Bump first, as in put: it locks the project row and fails for an unknown project.
        if (!(await bumpRevision(trx, projectId))) throw new Error(`project ${projectId} does not exist`);
        const changed = enabled
          ? toNumber((await trx.deleteFrom('disabled_toolkits').where('project_id', '=', projectId).where('slug', '=', slug).executeTakeFirst()).numDeletedRows)
          : toNumber(
              (
                await trx
                  .insertInto('disabled_toolkits')
                  .values({ project_id: projectId, slug, disabled_at: now() })
                  .onConflict((oc) => oc.columns(['project_id', 'slug']).doNothing())
                  .executeTakeFirst()
              ).numInsertedOrUpdatedRows,
            );
        if (changed === 0) throw new NothingToChange(); // rolls the bump back: caches stay valid
        return true;
      });
    } catch (error) {
      if (error instanceof NothingToChange) return false;
      throw error;
    }
  }

  async listDisabled(projectId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('disabled_toolkits').select('slug').where('project_id', '=', projectId).orderBy('slug').execute();
    return rows.map((r) => r.slug);
  }

  async revision(projectId: string): Promise<number> {
    const row = await this.db.selectFrom('projects').select('catalog_revision').where('id', '=', projectId).executeTakeFirst();
    return toNumber(row?.catalog_revision);
  }
}

/** Thrown inside a write transaction to roll it back when there is nothing to change. */
class NothingToChange extends Error {}

/** Increments the project's catalog revision; false when the project does not exist. */
async function bumpRevision(trx: Kysely<Database>, projectId: string): Promise<boolean> {
  const result = await trx
    .updateTable('projects')
    .set((eb) => ({ catalog_revision: eb('catalog_revision', '+', 1) }))
    .where('id', '=', projectId)
    .executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

function toStored(row: Selectable<ToolkitsTable>): StoredToolkit {
  return {
    project_id: row.project_id,
    toolkit: JSON.parse(row.data) as Toolkit,
    tool_count: toNumber(row.tool_count),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
