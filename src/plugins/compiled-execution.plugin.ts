// Execution through graphql-jit: a document is compiled once into plain JavaScript that calls the
// same resolvers (Pothos' wrappers, scope-auth included) without the generic executor's per-field
// bookkeeping — the largest share of a list's CPU after its query (docs/performance.md).
// - A document is compiled from its second execution on, so a stream of one-off documents (a
//   client probing, an attacker) never pays for compilation; documents within the static limits
//   (query-limits.plugin.ts) compile in bounded time. Yoga's parser cache hands out one
//   DocumentNode per distinct document text, which is what the caches below key on.
// - Only documents with exactly one operation, asked for without a name or by its own name: the
//   rest (rare: GraphiQL tabs, a mistyped operationName) run on the generic executor, which also
//   words their errors.
// - A request refused before any field ran (its variables do not coerce) is answered by the
//   generic executor, which words that refusal (HTTP 400, the variable's location).
// - graphql-jit's errors carry locations but not the AST nodes, and Yoga (and the error masking)
//   rebuild every error from its nodes: the nodes are put back, found by location, so an answer
//   carries the same `locations` as the generic executor's.
import {
  GraphQLError,
  Kind,
  getLocation,
  visit,
  type ASTNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

function soleOperation(document: DocumentNode): OperationDefinitionNode | undefined {
  let found: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (found) return undefined;
    found = definition;
  }
  return found;
}

/** The fields of a document by where they start ("line:column"), for errors that know only that. */
function fieldsByLocation(document: DocumentNode): Map<string, ASTNode> {
  const fields = new Map<string, ASTNode>();
  const source = document.loc?.source;
  if (!source) return fields;
  visit(document, {
    Field(node) {
      if (!node.loc) return;
      const { line, column } = getLocation(source, node.loc.start);
      fields.set(`${line}:${column}`, node);
    },
  });
  return fields;
}

type Compiled = CompiledQuery | 'generic';

export class CompiledExecution {
  /** Distinct documents compiled so far. */
  compiledDocuments = 0;
  private readonly executedOnce = new WeakSet<DocumentNode>();
  private readonly compiled = new WeakMap<DocumentNode, Compiled>();
  private readonly fields = new WeakMap<DocumentNode, Map<string, ASTNode>>();

  constructor(private readonly logger: Logger) {}

  /** The compiled form of the document, once it is due; undefined while it runs on the generic executor. */
  private compiledFor(args: ExecutionArgs): CompiledQuery | undefined {
    const { document, operationName, schema } = args;
    const known = this.compiled.get(document);
    if (known) return known === 'generic' ? undefined : known;
    const operation = soleOperation(document);
    if (!operation || (operationName != null && operationName !== operation.name?.value)) return undefined;
    if (!this.executedOnce.has(document)) {
      this.executedOnce.add(document);
      return undefined;
    }
    const result = compileQuery(schema, document, operation.name?.value);
    if (!isCompiledQuery(result)) {
      this.logger.warn({ errors: result.errors }, 'graphql-jit could not compile a document; it runs on the generic executor');
      this.compiled.set(document, 'generic');
      return undefined;
    }
    this.compiled.set(document, result);
    this.compiledDocuments += 1;
    return result;
  }

  /** The result with each error's AST nodes put back (graphql-jit keeps only their locations). */
  private withNodes(document: DocumentNode, result: ExecutionResult): ExecutionResult {
    if (!result.errors?.length) return result;
    let fields = this.fields.get(document);
    if (!fields) this.fields.set(document, (fields = fieldsByLocation(document)));
    const byLocation = fields;
    const errors = result.errors.map((error) => {
      if (error.nodes || !error.locations) return error;
      const nodes = error.locations.map(({ line, column }) => byLocation.get(`${line}:${column}`)).filter((node) => node !== undefined);
      return new GraphQLError(error.message, {
        nodes,
        path: error.path,
        originalError: error.originalError ?? undefined,
        extensions: error.extensions,
      });
    });
    return { ...result, errors };
  }

  plugin(): Plugin {
    return {
      onExecute: ({ args, executeFn, setExecuteFn }) => {
        const compiled = this.compiledFor(args);
        if (!compiled) return;
        setExecuteFn(async (execution: ExecutionArgs) => {
          const result = await compiled.query(execution.rootValue, execution.contextValue, execution.variableValues);
          // No `data` at all: the request was refused before any field ran (variables that do not
          // coerce). The generic executor words that refusal (HTTP 400, locations): nothing has run.
          if (!('data' in result) && result.errors?.length) return executeFn(execution);
          return this.withNodes(execution.document, result);
        });
      },
    };
  }
}
