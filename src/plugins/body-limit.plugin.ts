// Caps the size of a request body (MAX_REQUEST_BODY_BYTES). A body with a Content-Length is judged
// by the header alone: Node's HTTP parser never delivers more bytes than it declares, so nothing
// needs counting. Only a chunked body (no Content-Length) is counted as it streams in. Yoga's own
// limit wraps every body in a stream transform, which cost about 7% of a small request's CPU, so
// it is switched off (`maxRequestBodySize: false`) in favour of this plugin.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

function tooLarge(limit: number) {
  return createGraphQLError(`The request body is larger than ${limit} bytes.`, {
    extensions: { code: 'REQUEST_TOO_LARGE', limit, http: { status: 413 } },
  });
}

export function useRequestBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (Number(contentLength) > limit) throw tooLarge(limit);
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((original) => {
        let bytes = 0;
        // A native stream needs the native TransformStream (graphql-yoga issue 4583, as Yoga's own limit does).
        const Transform = original.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = original.body!.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytes += chunk.byteLength;
              if (bytes > limit) controller.error(tooLarge(limit));
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(original.url, {
            method: original.method,
            headers: original.headers,
            signal: original.signal,
            body: counted,
            // @ts-expect-error a streamed body needs duplex: 'half' (missing from the DOM typings)
            duplex: 'half',
          }),
        );
      });
    },
  };
}
