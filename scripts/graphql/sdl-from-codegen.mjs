/**
 * Rebuilds a GraphQL SDL from the TypeScript declarations that GraphQL Code Generator's
 * `typescript` plugin emits. Linear's and monday.com's npm SDKs ship no schema file, but both ship
 * these generated types, which carry every type, field, argument, enum value and description of
 * the schema they were generated from. The declarations are read with the TypeScript compiler's
 * own parser; the SDL written here is then parsed and validated by `graphql` (buildSchema).
 *
 * What the generated types encode, and how it maps back:
 * - `Scalars = { Name: T }`               → `scalar Name` (built-ins skipped)
 * - `enum E { A = "a" }`                   → `enum E { a }` (the string is the GraphQL name)
 * - `type T = I1 & I2 & { __typename?: 'T'; … }` → `type T implements I1 & I2 { … }`
 * - a member of such an intersection       → `interface`
 * - `type U = A | B`                       → `union U = A | B`
 * - `type <Parent><Field>Args = { … }`      → the arguments of Parent.field
 * - any other object literal               → `input`
 * - `Maybe<T>` / `InputMaybe<T>` is a nullable T, anything else non-null; `Array<T>` a list.
 * Lost in generation, so absent here: argument and input field default values, directives
 * (other than @deprecated, which survives as a JSDoc tag) and interfaces' own `implements`.
 */
import ts from 'typescript';

const BUILT_IN_SCALARS = new Set(['ID', 'String', 'Boolean', 'Int', 'Float']);
const ROOTS = ['Query', 'Mutation'];

/** @param {string} source  the .d.ts text  @returns {{ sdl: string, counts: Record<string, number> }} */
export function sdlFromCodegen(source) {
  const file = ts.createSourceFile('generated.d.ts', source, ts.ScriptTarget.Latest, true);
  /** @type {Map<string, ts.TypeAliasDeclaration>} */ const aliases = new Map();
  /** @type {Map<string, ts.EnumDeclaration>} */ const enums = new Map();
  const visit = (node) => {
    if (ts.isTypeAliasDeclaration(node) && !aliases.has(node.name.text)) aliases.set(node.name.text, node);
    else if (ts.isEnumDeclaration(node) && !enums.has(node.name.text)) enums.set(node.name.text, node);
    else if (ts.isModuleDeclaration(node) || ts.isModuleBlock(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);

  const scalarsDecl = aliases.get('Scalars');
  if (!scalarsDecl || !ts.isTypeLiteralNode(scalarsDecl.type)) throw new Error('no `Scalars` type: not GraphQL Code Generator output');
  const scalars = new Map();
  for (const member of scalarsDecl.type.members) {
    const name = member.name.getText();
    if (!BUILT_IN_SCALARS.has(name)) scalars.set(name, docOf(member).description);
  }

  // Argument types are found by name: `<Parent><Field>Args` with the field's first letter upper-cased
  // (and, in some generator versions, every letter after an underscore too), so compare loosely.
  const argsByKey = new Map();
  for (const name of aliases.keys()) if (name.endsWith('Args')) argsByKey.set(looseKey(name), name);

  const interfaces = new Set();
  for (const decl of aliases.values()) {
    if (ts.isIntersectionTypeNode(decl.type)) {
      for (const part of decl.type.types) if (ts.isTypeReferenceNode(part)) interfaces.add(part.typeName.getText());
    }
  }

  // Walk from the roots so only the schema's own types are emitted, not the SDK's operation types.
  const emitted = new Map();
  const queue = [...ROOTS.filter((r) => aliases.has(r)).map((name) => ({ name, input: false }))];
  const enqueue = (name, input) => {
    if (!emitted.has(name) && !BUILT_IN_SCALARS.has(name)) queue.push({ name, input });
  };
  while (queue.length > 0) {
    const { name, input } = queue.shift();
    if (emitted.has(name)) continue;
    if (scalars.has(name)) {
      emitted.set(name, `${block(scalars.get(name), '')}scalar ${name}`);
      continue;
    }
    const enumDecl = enums.get(name);
    if (enumDecl) {
      emitted.set(name, printEnum(enumDecl));
      continue;
    }
    const decl = aliases.get(name);
    if (!decl) throw new Error(`type ${name} is referenced but not declared`);
    const description = docOf(decl).description;
    if (ts.isUnionTypeNode(decl.type)) {
      const members = decl.type.types.map((t) => t.getText());
      members.forEach((m) => enqueue(m, false));
      emitted.set(name, `${block(description, '')}union ${name} = ${members.join(' | ')}`);
      continue;
    }
    const { implemented, literal } = splitIntersection(decl.type, name);
    implemented.forEach((i) => enqueue(i, false));
    const hasTypename = literal.members.some((m) => m.name?.getText() === '__typename');
    const kind = input ? 'input' : hasTypename ? 'type' : interfaces.has(name) ? 'interface' : 'type';
    const lines = [];
    for (const member of literal.members) {
      const field = member.name.getText();
      if (field === '__typename') continue;
      const ref = typeRef(member.type);
      enqueue(ref.named, input);
      let args = '';
      if (!input) {
        const argsName = argsByKey.get(looseKey(`${name}${field}Args`));
        const argsDecl = argsName ? aliases.get(argsName) : undefined;
        if (argsDecl && ts.isTypeLiteralNode(argsDecl.type)) {
          const parts = argsDecl.type.members.map((arg) => {
            const argRef = typeRef(arg.type);
            enqueue(argRef.named, true);
            return `${block(docOf(arg).description, '    ')}    ${arg.name.getText()}: ${argRef.text}${deprecation(docOf(arg).deprecated)}`;
          });
          if (parts.length > 0) args = `(\n${parts.join('\n')}\n  )`;
        }
      }
      const doc = docOf(member);
      lines.push(`${block(doc.description, '  ')}  ${field}${args}: ${ref.text}${deprecation(doc.deprecated)}`);
    }
    if (kind === 'interface') {
      // Every implementer belongs to the schema too: a query may return any of them.
      for (const [other, otherDecl] of aliases) {
        if (ts.isIntersectionTypeNode(otherDecl.type) && otherDecl.type.types.some((t) => t.getText() === name)) enqueue(other, false);
      }
    }
    const head = `${kind} ${name}${implemented.length > 0 ? ` implements ${implemented.join(' & ')}` : ''}`;
    emitted.set(name, `${block(description, '')}${head} {\n${lines.join('\n')}\n}`);
  }

  const kinds = { type: 0, interface: 0, input: 0, enum: 0, union: 0, scalar: 0 };
  for (const text of emitted.values()) {
    const word = text.replace(/^"""[\s\S]*?"""\n/, '').split(' ')[0];
    if (word in kinds) kinds[word] += 1;
  }
  const schema = `schema {\n${ROOTS.filter((r) => aliases.has(r))
    .map((r) => `  ${r.toLowerCase()}: ${r}`)
    .join('\n')}\n}`;
  const body = [...emitted.keys()].sort().map((k) => emitted.get(k));
  return { sdl: `${[schema, ...body].join('\n\n')}\n`, counts: kinds };
}

function printEnum(decl) {
  const values = decl.members.map((member) => {
    const init = member.initializer;
    const value = init && ts.isStringLiteral(init) ? init.text : member.name.getText();
    const doc = docOf(member);
    return `${block(doc.description, '  ')}  ${value}${deprecation(doc.deprecated)}`;
  });
  return `${block(docOf(decl).description, '')}enum ${decl.name.text} {\n${values.join('\n')}\n}`;
}

/** `A & B & { … }` → implemented [A, B] and the literal; a bare literal implements nothing. */
function splitIntersection(type, name) {
  if (ts.isTypeLiteralNode(type)) return { implemented: [], literal: type };
  if (ts.isIntersectionTypeNode(type)) {
    const literal = type.types.find(ts.isTypeLiteralNode);
    if (!literal) throw new Error(`type ${name} has no field list`);
    return { implemented: type.types.filter(ts.isTypeReferenceNode).map((t) => t.typeName.getText()), literal };
  }
  throw new Error(`type ${name} has an unexpected shape: ${type.getText().slice(0, 80)}`);
}

/** Maps a generated field type back to GraphQL type syntax; `named` is the innermost type name. */
function typeRef(node) {
  const nullable = (inner) => ({ text: inner.text.replace(/!$/, ''), named: inner.named });
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    const [arg] = node.typeArguments ?? [];
    if ((name === 'Maybe' || name === 'InputMaybe') && arg) return nullable(typeRef(arg));
    if (name === 'Array' && arg) {
      const inner = typeRef(arg);
      return { text: `[${inner.text}]!`, named: inner.named };
    }
    return { text: `${name}!`, named: name };
  }
  if (ts.isIndexedAccessTypeNode(node)) {
    // Scalars["X"] or Scalars["X"]["input" | "output"]
    let target = node;
    while (ts.isIndexedAccessTypeNode(target.objectType)) target = target.objectType;
    const literal = target.indexType;
    if (ts.isLiteralTypeNode(literal) && ts.isStringLiteral(literal.literal)) return { text: `${literal.literal.text}!`, named: literal.literal.text };
  }
  if (ts.isUnionTypeNode(node)) {
    // `T | null` written out instead of Maybe<T>.
    const rest = node.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
    if (rest.length === 1) return nullable(typeRef(rest[0]));
  }
  if (ts.isParenthesizedTypeNode(node)) return typeRef(node.type);
  throw new Error(`unsupported field type: ${node.getText().slice(0, 80)}`);
}

function docOf(node) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs.at(-1);
  if (!last) return { description: undefined, deprecated: undefined };
  const description = ts.getTextOfJSDocComment(last.comment)?.trim() || undefined;
  const tag = (last.tags ?? []).find((t) => t.tagName.text === 'deprecated');
  const deprecated = tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() || 'No longer supported' : undefined;
  return { description, deprecated };
}

function block(text, indent) {
  if (!text) return '';
  const safe = text.replace(/"""/g, '\\"""');
  return `${indent}"""\n${safe
    .split('\n')
    .map((l) => `${indent}${l.trim()}`)
    .join('\n')}\n${indent}"""\n`;
}

function deprecation(reason) {
  return reason ? ` @deprecated(reason: ${JSON.stringify(reason.replace(/\s+/g, ' '))})` : '';
}

function looseKey(name) {
  return name.replace(/_/g, '').toLowerCase();
}
