// Every error leaves through here, whatever raised it (parsing, validation, variable coercion,
// execution, our own refusals), so this is the one place errors get their last touches:
// - Every error carries an `extensions.code`. Unexpected errors were already masked as INTERNAL,
//   so an error still without a code is a request error from graphql-js — invalid variables — and
//   gets BAD_USER_INPUT with the name of the variable, like input errors found by the services.
// - With `hideSuggestions` (NODE_ENV=production), graphql-js's "Did you mean …?" suggestions are
//   cut from every message (unknown fields, arguments, types, enum values, input fields, in
//   documents and in variables), so the schema cannot be guessed name by name.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-js appends its suggestions (jsutils/didYouMean) at the end of a message: ` Did you mean
 * "a"?`, `"a" or "b"?`, `"a", "b", or "c"?`, optionally after a phrase (`the enum value "X"?`,
 * `to use an inline fragment on "T"?`). Suggested names are GraphQL names (\w+).
 */
const SUGGESTION = / Did you mean (?:[a-z ]+ )?"\w+"(?:,? (?:or )?"\w+")*\?$/;

export const withoutSuggestions = (message: string): string => message.replace(SUGGESTION, '');

function withCode(error: GraphQLError): GraphQLError {
  if (error.extensions?.['code'] !== undefined) return error;
  const variable = /^Variable "\$(\w+)"/.exec(error.message)?.[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...(variable ? { field: variable } : {}) },
  });
}

function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = withoutSuggestions(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

export function useErrorCodes(options: { hideSuggestions: boolean }): Plugin {
  const finish = options.hideSuggestions ? (error: GraphQLError) => withoutSuggestion(withCode(error)) : withCode;
  return {
    // The last step before a result is serialised: it sees errors raised before execution too.
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((error) => (error instanceof GraphQLError ? finish(error) : error)) });
    },
  };
}
