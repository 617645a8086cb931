import type { MetaToolSlug, SessionConfig } from '@toolrouter/core';

/**
 * A system-prompt fragment the application can give its agent: how to work with this session's
 * meta-tools. Only tools the session actually exposes are mentioned. With a user time zone the
 * prompt states the user's local date and time, so "tomorrow at 9" resolves correctly.
 */
export function assistivePrompt(config: SessionConfig, metaTools: readonly MetaToolSlug[], now: Date): string {
  const has = (slug: MetaToolSlug) => metaTools.includes(slug);
  const lines: string[] = ["You can act in the user's apps through the tools of this session."];

  if (has('COMPOSIO_SEARCH_TOOLS')) {
    lines.push(
      '- Before using an app, call COMPOSIO_SEARCH_TOOLS with the task in plain words (one query per independent task). ' +
        'Use only tool slugs it returns; never guess a slug.',
    );
  }
  if (has('COMPOSIO_GET_TOOL_SCHEMAS')) {
    lines.push('- If a result gives a schema reference instead of a schema, fetch it with COMPOSIO_GET_TOOL_SCHEMAS before calling the tool.');
  }
  if (has('COMPOSIO_MANAGE_CONNECTIONS')) {
    lines.push(
      '- If a toolkit is not connected, call COMPOSIO_MANAGE_CONNECTIONS and show the user the link it returns, unchanged. ' +
        'Do not ask for passwords or keys in the chat.',
    );
  }
  if (has('COMPOSIO_WAIT_FOR_CONNECTIONS')) {
    lines.push('- After sharing a link, COMPOSIO_WAIT_FOR_CONNECTIONS waits until the user has finished connecting.');
  }
  if (has('COMPOSIO_MULTI_EXECUTE_TOOL')) {
    lines.push(
      '- Run tools with COMPOSIO_MULTI_EXECUTE_TOOL. Batch only calls that do not depend on each other; ' +
        "read each item's error and fix the arguments rather than repeating the same call.",
    );
  }
  if (has('COMPOSIO_REMOTE_WORKBENCH')) {
    lines.push('- For large results or bulk work, process the data in COMPOSIO_REMOTE_WORKBENCH instead of copying it into the conversation.');
  }
  lines.push('- Ask the user before actions that delete data or send messages on their behalf, unless they already asked for exactly that.');

  const tz = config.experimental?.assistive_prompt_config?.user_timezone;
  lines.push(tz ? `The user's time zone is ${tz}; their local time now is ${localTime(now, tz)}.` : `The time now is ${now.toISOString()} (UTC).`);
  return lines.join('\n');
}

function localTime(now: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'shortOffset',
  }).format(now);
  return text;
}
