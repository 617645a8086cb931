import type { Kysely } from 'kysely';

// Per-project toolkit switches: a row means the operator turned that catalog toolkit off for the
// project. Absence means on, so the (growing) built-in catalog needs no rows. Frozen once
// released; see 001 for conventions.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disabled_toolkits')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disabled_toolkits_pk', ['project_id', 'slug'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disabled_toolkits').execute();
}
