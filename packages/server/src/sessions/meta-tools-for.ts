import { META_TOOL_SLUGS, type MetaToolSlug, type SessionConfig } from '@toolrouter/core';

/** Which meta-tools a session exposes, from its config (defaults: everything but waiting is on). */
export function enabledMetaTools(config: SessionConfig): MetaToolSlug[] {
  const searchOn = config.search?.enable !== false;
  const manageOn = config.manage_connections?.enable !== false;
  const on: Record<MetaToolSlug, boolean> = {
    COMPOSIO_SEARCH_TOOLS: searchOn,
    COMPOSIO_GET_TOOL_SCHEMAS: searchOn,
    COMPOSIO_MULTI_EXECUTE_TOOL: config.execute?.enable_multi_execute !== false,
    COMPOSIO_MANAGE_CONNECTIONS: manageOn,
    COMPOSIO_WAIT_FOR_CONNECTIONS: manageOn && config.manage_connections?.enable_wait_for_connections === true,
    COMPOSIO_REMOTE_WORKBENCH: config.workbench?.enable !== false,
    COMPOSIO_REMOTE_BASH_TOOL: config.workbench?.enable !== false,
  };
  return META_TOOL_SLUGS.filter((slug) => on[slug]);
}
