// Reading the first error of a response.
import type { GraphQLResponse } from './gateway.js';

export const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.['code'];
export const field = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.['field'];
