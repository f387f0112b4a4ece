// One rule for every string a client sends, literal or variable: no NUL byte. PostgreSQL cannot
// store U+0000 in text or json (it would surface as INTERNAL), and no name, URL or header needs it.
// Checked once per operation, before execution, so no field has to repeat it.
import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { graphQLErrorOf } from '../graphql/errors.js';
import { badUserInput } from '../lib/errors.js';

const MESSAGE = 'must not contain a NUL character (U+0000).';

/** The path (`input.headers.0.value`) of the first string holding a NUL in a variable value. */
function nulInValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulInValue(item, `${path}.${index}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function nulInLiteral(node: ValueNode, path: string): string | undefined {
  switch (node.kind) {
    case Kind.STRING:
      return node.value.includes('\0') ? path : undefined;
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = nulInLiteral(item, `${path}.${index}`);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = nulInLiteral(field.value, `${path}.${field.name.value}`);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The field (argument path or variable path) of the first string input holding a NUL. */
/** The argument of the first string literal holding a NUL, per document (Yoga's parser cache reuses documents). */
const nulLiterals = new WeakMap<DocumentNode, string | null>();

function nulInLiterals(document: DocumentNode): string | undefined {
  let found = nulLiterals.get(document);
  if (found === undefined) {
    let first: string | undefined;
    visit(document, {
      Argument(node) {
        first ??= nulInLiteral(node.value, node.name.value);
      },
    });
    found = first ?? null;
    nulLiterals.set(document, found);
  }
  return found ?? undefined;
}

export function findNulInput(document: DocumentNode, variables: Record<string, unknown> | null | undefined): string | undefined {
  const found = nulInLiterals(document);
  if (found) return found;
  for (const [name, value] of Object.entries(variables ?? {})) {
    const inVariable = nulInValue(value, name);
    if (inVariable) return inVariable;
  }
  return undefined;
}

export function useInputStringRules(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const field = findNulInput(args.document, args.variableValues as Record<string, unknown> | undefined);
      if (!field) return;
      const error = graphQLErrorOf(badUserInput(field, MESSAGE));
      // Refused before execution, like an invalid variable: HTTP 400 (Yoga strips `http` from the body).
      error.extensions['http'] = { status: 400 };
      setResultAndStopExecution({ errors: [error] });
    },
  };
}
