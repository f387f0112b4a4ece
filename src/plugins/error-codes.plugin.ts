// Every error carries an `extensions.code`. Unexpected errors were already masked as INTERNAL, so
// an error still without a code is a request error from graphql-js — invalid variables — and gets
// BAD_USER_INPUT with the name of the variable, like input errors found by the services.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function withCode(error: GraphQLError): GraphQLError {
  if (error.extensions?.['code'] !== undefined) return error;
  const variable = /^Variable "\$(\w+)"/.exec(error.message)?.[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...(variable ? { field: variable } : {}) },
  });
}

export function useErrorCodes(): Plugin {
  return {
    // The last step before a result is serialised: it sees errors raised before execution too.
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((error) => (error instanceof GraphQLError ? withCode(error) : error)) });
    },
  };
}
