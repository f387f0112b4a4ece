// Static limits on a GraphQL document, checked before graphql-js's own validation rules (some of
// which, like OverlappingFieldsCanBeMerged, are quadratic): lexer tokens while parsing, then depth,
// aliases and directives (graphql-armor's rules, through fragments), the fields of the expanded
// operation and how often one response path repeats (the pairs that rule compares), and
// top-level mutation fields.
// A document past one answers HTTP 400 `QUERY_TOO_COMPLEX` naming the limit, the value found and
// the maximum, and never runs. ("Did you mean …" suggestions are hidden in production by
// error-codes.plugin.ts, where every error passes.)
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { Kind, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ParseOptions, type Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryTooComplex } from '../graphql/errors.js';
import { countMutationFields, fieldShape, fragmentsOf } from '../graphql/query-cost.js';

export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxMutations: number;
  /** Fields of an operation with its fragments expanded. */
  maxFields: number;
  /** Fields sharing one response path. */
  maxFieldRepeats: number;
}

/** Parses with a token budget: the lexer stops at the first token past it. */
export function parseWithTokenLimit(source: string | Source, maxTokens: number, options?: ParseOptions): DocumentNode {
  let refused = false;
  const parser = new MaxTokensParserWLexer(source, {
    ...options,
    n: maxTokens,
    propagateOnRejection: true,
    onReject: [
      () => {
        refused = true;
      },
    ],
  } as ConstructorParameters<typeof MaxTokensParserWLexer>[1]);
  try {
    return parser.parseDocument();
  } catch (error) {
    if (!refused) throw error;
    throw queryTooComplex(
      `The document has more than ${maxTokens} tokens, the maximum (MAX_QUERY_TOKENS); parsing stopped there.`,
      'MAX_QUERY_TOKENS',
      maxTokens + 1,
      maxTokens,
    );
  }
}

const FOUND = /found (\d+)/;

/** The static limits a parsed document breaks (empty when it is within all of them). */
export function staticLimitViolations(schema: GraphQLSchema, document: DocumentNode, limits: QueryLimits): GraphQLError[] {
  const violations: GraphQLError[] = [];
  const rule = (variable: string, what: string, limit: number) => ({
    n: limit,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (_context: unknown, error: Error) => {
        const found = Number(FOUND.exec(error.message)?.[1] ?? limit + 1);
        violations.push(
          queryTooComplex(`The operation has ${what} ${found}; the maximum is ${limit} (${variable}).`, variable, found, limit),
        );
      },
    ],
  });
  // Only these three rules run here (one pass over the document); graphql-js's rules run after.
  validate(schema, document, [
    maxDepthRule({ ...rule('MAX_QUERY_DEPTH', 'a depth of', limits.maxDepth), flattenFragments: true, ignoreIntrospection: true }),
    maxAliasesRule(rule('MAX_QUERY_ALIASES', 'aliases:', limits.maxAliases)),
    maxDirectivesRule(rule('MAX_QUERY_DIRECTIVES', 'directives:', limits.maxDirectives)),
  ]);
  const fragments = fragmentsOf(document);
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = fieldShape(definition, fragments, limits.maxFields);
    if (shape.capped) {
      violations.push(
        queryTooComplex(
          `The operation has more than ${limits.maxFields} fields once its fragments are expanded; the maximum is ${limits.maxFields} (MAX_QUERY_FIELDS).`,
          'MAX_QUERY_FIELDS',
          shape.fields,
          limits.maxFields,
        ),
      );
    } else if (shape.repeats > limits.maxFieldRepeats) {
      violations.push(
        queryTooComplex(
          `The operation asks for "${shape.repeatedPath}" ${shape.repeats} times; the maximum is ${limits.maxFieldRepeats} (MAX_QUERY_FIELD_REPEATS). Use aliases for different arguments.`,
          'MAX_QUERY_FIELD_REPEATS',
          shape.repeats,
          limits.maxFieldRepeats,
        ),
      );
    }
    const fields = countMutationFields(definition, fragments);
    if (fields > limits.maxMutations) {
      violations.push(
        queryTooComplex(
          `The request has ${fields} mutation fields; the maximum is ${limits.maxMutations} (MAX_MUTATIONS_PER_REQUEST).`,
          'MAX_MUTATIONS_PER_REQUEST',
          fields,
          limits.maxMutations,
        ),
      );
    }
  }
  return violations;
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  // Yoga's parser cache hands out one DocumentNode per distinct document text, so a document
  // found within the limits once is within them on every later request: not walked again.
  const withinLimits = new WeakSet<DocumentNode>();
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithTokenLimit(source, limits.maxTokens, options));
    },
    onValidate({ params, setResult }) {
      // Runs before graphql-js's validation: a refused document skips it entirely.
      if (withinLimits.has(params.documentAST)) return;
      const violations = staticLimitViolations(params.schema, params.documentAST, limits);
      if (violations.length > 0) setResult(violations);
      else withinLimits.add(params.documentAST);
    },
  };
}
