import { digest, newId } from '../ids.js';
import type { ApiKeyRow, ProjectRow, Store } from '../store/store.js';
import { displayPrefix, generateApiKey } from './api-keys.js';

export interface IssuedKey {
  key: string;
  row: ApiKeyRow;
}

export const DEFAULT_PROJECT_ID = 'proj_default';

/** Projects are the unit of isolation; API keys authenticate as exactly one project. */
export class ProjectService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async createProject(name: string): Promise<{ project: ProjectRow; key: IssuedKey }> {
    const project = await this.#store.projects.create({ id: newId('proj'), name });
    const key = await this.issueKey(project.id, 'admin');
    return { project, key };
  }

  /** Issues a new key; `presetKey` lets operators choose the value (e.g. TOOLROUTER_API_KEY). */
  async issueKey(projectId: string, name: string, presetKey?: string): Promise<IssuedKey> {
    const key = presetKey ?? generateApiKey();
    const row = await this.#store.apiKeys.create({
      id: newId('key'),
      project_id: projectId,
      name,
      prefix: displayPrefix(key),
      hash: digest(key),
    });
    return { key, row };
  }

  /**
   * On first start with an empty database, create a default project and its admin key.
   * Returns the issued key (to print once) or undefined when projects already exist.
   */
  async bootstrap(presetKey: string | undefined): Promise<{ project: ProjectRow; key: IssuedKey } | undefined> {
    if ((await this.#store.projects.count()) > 0) return undefined;
    let project: ProjectRow;
    try {
      // A fixed id makes two instances booting at once on one database create one project, not two.
      project = await this.#store.projects.create({ id: DEFAULT_PROJECT_ID, name: 'default' });
    } catch (error) {
      if (await this.#store.projects.get(DEFAULT_PROJECT_ID)) return undefined;
      throw error;
    }
    const key = await this.issueKey(project.id, 'admin', presetKey);
    return { project, key };
  }

  async authenticate(key: string): Promise<ProjectRow | undefined> {
    return (await this.authenticateKey(key))?.project;
  }

  /** The project and the key row, for callers that record which key did something. */
  async authenticateKey(key: string): Promise<{ project: ProjectRow; key: ApiKeyRow } | undefined> {
    const row = await this.#store.apiKeys.findActiveByHash(digest(key));
    if (!row) return undefined;
    const project = await this.#store.projects.get(row.project_id);
    return project && { project, key: row };
  }

  /**
   * Revokes a key and, in the same transaction, the MCP URL tokens it issued: a token must not
   * outlive the credential that was trusted to hand it out. Undefined when there is no such key.
   */
  revokeKey(id: string): Promise<ApiKeyRow | undefined> {
    return this.#store.apiKeys.revoke(id);
  }
}
