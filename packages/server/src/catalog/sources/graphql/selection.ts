import {
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLString,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';

/**
 * One selected field. `children` is absent for scalars and enums. An inline fragment of a union
 * member is an entry named `... on Member` whose `type` is the member.
 */
export interface SelectedField {
  name: string;
  type: GraphQLOutputType;
  description: string | undefined;
  children?: SelectedField[];
}

/**
 * Fields kept when an object is reached at the deepest level: enough to identify it and show it,
 * and cheap for the provider. Anything else about it is one more tool call away.
 */
const IDENTITY_FIELDS = ['id', 'identifier', 'key', 'name', 'title', 'displayName', 'email', 'url', 'state', 'status'];

/**
 * Builds the selection set of a root field, bounded so documents stay small and cheap for the
 * provider's query-complexity limits:
 * - levels 1 … depth-1 select every scalar and enum field, and the object fields below them;
 * - the deepest level (`depth`) selects identity fields only (id, name, title, …);
 * - a connection (`nodes`/`edges` + `pageInfo`) does not count as a level: its `nodes` (or
 *   `edges.node`) get the connection's level and `pageInfo` is kept, so list queries return items;
 * - lists and connections inside a result are followed only when the root field returns a single
 *   object (an issue's comments, summarized); inside the items of a list they are skipped, since
 *   each nested list multiplies the provider's cost; fetch those with their own tool;
 * - fields with a required argument are skipped (we cannot invent a value), optional arguments
 *   are left out, and deprecated fields are skipped;
 * - unions select `__typename` plus each member's identity fields.
 */
export function selectionFor(type: GraphQLOutputType, depth: number): SelectedField[] | undefined {
  const named = getNamedType(type);
  if (isLeafType(named)) return undefined;
  const returnsList = isListType(getNullableType(type)) || connectionParts(named) !== undefined;
  return selectComposite(named, 1, depth, !returnsList);
}

/** `listsAllowed`: whether this object's own list and connection fields may be followed. */
function selectComposite(named: GraphQLNamedType, level: number, depth: number, listsAllowed: boolean): SelectedField[] {
  if (isUnionType(named)) return unionSelection(named.getTypes());
  if (!isObjectType(named) && !isInterfaceType(named)) return [typename()];
  const connection = connectionParts(named);
  if (connection) {
    const fields: SelectedField[] = [];
    if (connection.nodes) {
      fields.push(fieldOf(connection.nodes, selectComposite(getNamedType(connection.nodes.type), level, depth, listsAllowed)));
    } else if (connection.edges) {
      const edge = getNamedType(connection.edges.type) as GraphQLObjectType;
      const node = edge.getFields()['node'];
      const edgeFields: SelectedField[] = [];
      const cursor = edge.getFields()['cursor'];
      if (cursor && isLeafType(getNamedType(cursor.type))) edgeFields.push(fieldOf(cursor));
      if (node) edgeFields.push(fieldOf(node, selectComposite(getNamedType(node.type), level, depth, listsAllowed)));
      fields.push(fieldOf(connection.edges, edgeFields));
    }
    fields.push(fieldOf(connection.pageInfo, leaves(getNamedType(connection.pageInfo.type) as GraphQLObjectType)));
    return fields;
  }
  if (level >= depth) return identity(named);
  const fields: SelectedField[] = [];
  for (const field of Object.values(named.getFields())) {
    if (!selectable(field)) continue;
    const fieldType = getNamedType(field.type);
    if (isLeafType(fieldType)) {
      fields.push(fieldOf(field));
      continue;
    }
    if (isUnionType(fieldType)) {
      if (!isListType(getNullableType(field.type)) || listsAllowed) fields.push(fieldOf(field, unionSelection(fieldType.getTypes())));
      continue;
    }
    const isList = isListType(getNullableType(field.type)) || connectionParts(fieldType) !== undefined;
    if (isList && !listsAllowed) continue;
    fields.push(fieldOf(field, selectComposite(fieldType, level + 1, depth, false)));
  }
  return fields.length > 0 ? fields : [typename()];
}

/** An object at the deepest level: its identity fields, or `__typename` when it has none. */
function identity(named: GraphQLObjectType | GraphQLInterfaceType): SelectedField[] {
  const fields = named.getFields();
  const picked = IDENTITY_FIELDS.map((name) => fields[name]).filter(
    (f): f is GraphQLField<unknown, unknown> => f !== undefined && selectable(f) && isLeafType(getNamedType(f.type)),
  );
  return picked.length > 0 ? picked.map((f) => fieldOf(f)) : [typename()];
}

/** `__typename` plus, for each member with identity fields, `... on Member { id name … }`. */
function unionSelection(members: readonly GraphQLObjectType[]): SelectedField[] {
  const fragments = members
    .map((member) => ({ name: `... on ${member.name}`, type: member, description: undefined, children: identity(member) }))
    .filter((fragment) => fragment.children.some((f) => f.name !== '__typename'));
  return [typename(), ...fragments];
}

function leaves(named: GraphQLObjectType): SelectedField[] {
  return Object.values(named.getFields())
    .filter((f) => selectable(f) && isLeafType(getNamedType(f.type)))
    .map((f) => fieldOf(f));
}

/** A type is a connection when it has `pageInfo` and a list under `nodes` or `edges`. */
export function connectionParts(
  named: GraphQLNamedType,
): { nodes?: GraphQLField<unknown, unknown>; edges?: GraphQLField<unknown, unknown>; pageInfo: GraphQLField<unknown, unknown> } | undefined {
  if (!isObjectType(named)) return undefined;
  const fields = named.getFields();
  const pageInfo = fields['pageInfo'];
  const nodes = fields['nodes'];
  const edges = fields['edges'];
  if (!pageInfo || !isObjectType(getNamedType(pageInfo.type))) return undefined;
  const usableNodes = nodes && isListType(getNullableType(nodes.type)) && !isLeafType(getNamedType(nodes.type)) ? nodes : undefined;
  const usableEdges = edges && isListType(getNullableType(edges.type)) && isObjectType(getNamedType(edges.type)) ? edges : undefined;
  if (!usableNodes && !usableEdges) return undefined;
  return { pageInfo, ...(usableNodes ? { nodes: usableNodes } : {}), ...(usableEdges ? { edges: usableEdges } : {}) };
}

function selectable(field: GraphQLField<unknown, unknown>): boolean {
  if (field.deprecationReason) return false;
  return !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
}

function fieldOf(field: GraphQLField<unknown, unknown>, children?: SelectedField[]): SelectedField {
  return { name: field.name, type: field.type, description: field.description ?? undefined, ...(children ? { children } : {}) };
}

const TYPENAME_TYPE = new GraphQLNonNull(GraphQLString);

function typename(): SelectedField {
  return { name: '__typename', type: TYPENAME_TYPE, description: 'The concrete type of this object.' };
}

/** `{ a b { c } ... on X { d } }` */
export function printSelection(fields: readonly SelectedField[]): string {
  return `{ ${fields.map((f) => (f.children ? `${f.name} ${printSelection(f.children)}` : f.name)).join(' ')} }`;
}
