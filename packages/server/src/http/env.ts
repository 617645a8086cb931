import type { ProjectRow } from '../store/store.js';

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    project: ProjectRow;
    /** The id of the API key the request authenticated with. */
    apiKeyId: string;
    /** Where links and logo URLs point: the configured public URL, else the origin the request came in on. */
    origin: string;
  };
}
