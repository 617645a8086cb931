/**
 * Upper-case words of a GraphQL name: camelCase and snake_case both split, acronyms kept whole
 * (`issueCreate` → ISSUE CREATE, `create_item` → CREATE ITEM, `gitHubPRLink` → GIT HUB PR LINK).
 * Sources stay independent of each other, so this is not shared with the OpenAPI source's slugs.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toUpperCase());
}
