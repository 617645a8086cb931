import type { AuthenticatedKey, HotReads } from '../cache/hot-reads.js';
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
  readonly #hot: HotReads | undefined;

  /** With `hot`, a key verified once is served from memory until a revocation is announced. */
  constructor(store: Store, hot?: HotReads) {
    this.#store = store;
    this.#hot = hot;
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
  async authenticateKey(key: string): Promise<AuthenticatedKey | undefined> {
    const hash = digest(key);
    const read = async () => {
      const row = await this.#store.apiKeys.findActiveByHash(hash);
      if (!row) return undefined;
      const project = await this.#store.projects.get(row.project_id);
      return project && { project, key: row };
    };
    // Only keys that authenticated are kept: a flood of wrong keys cannot push the good ones out.
    return this.#hot ? this.#hot.apiKeys.load(hash, read) : read();
  }

  /**
   * Revokes a key and, in the same transaction, the MCP URL tokens it issued: a token must not
   * outlive the credential that was trusted to hand it out. Undefined when there is no such key.
   */
  async revokeKey(id: string): Promise<ApiKeyRow | undefined> {
    const revoked = await this.#store.apiKeys.revoke(id);
    if (!revoked) return undefined;
    // This instance forgets at once; the others when the feed tells them (a fraction of a second).
    this.#hot?.apiKeys.clear();
    await this.#store.changes.publish({ kind: 'api_key_revoked', project_id: revoked.project_id, key_id: id }).catch(() => undefined);
    return revoked;
  }
}
