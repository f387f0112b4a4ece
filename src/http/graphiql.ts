// GraphiQL, bundled with the gateway (no CDN). @graphql-yoga/render-graphiql inlines its whole
// bundle (JavaScript, CSS, three Monaco workers, the favicon: 9 MB) into every page it renders.
// Here the page only names those files, at content-hashed URLs served compressed and cached for
// a year (static-assets.ts): the first visit downloads about 2 MB, later visits only the page.
import * as bundle from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { contentHash, IMMUTABLE, staticAsset, type StaticAsset } from './static-assets.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

/**
 * Sent as-is by the browser's fetch, so it must stay ISO-8859-1 (a "…" makes fetch throw before
 * any request). It is a well-formed header that fails authentication: the documented 401.
 */
export const GRAPHIQL_HEADER_PLACEHOLDER = 'Bearer mgw_paste_your_token_here';

const WORKERS = { editorWorkerService: bundle.editorWorkerService, json: bundle.jsonWorker, graphql: bundle.graphqlWorker };

interface GraphiQLBundle {
  assets: Map<string, StaticAsset>;
  urls: { js: string; css: string; favicon: string; workers: Record<keyof typeof WORKERS, string> };
}

let built: GraphiQLBundle | undefined;

function add(assets: Map<string, StaticAsset>, name: string, extension: string, body: Buffer | string, contentType: string): string {
  const path = `${GRAPHIQL_ASSETS_PATH}${name}.${contentHash(body)}.${extension}`;
  assets.set(path, staticAsset(body, contentType, IMMUTABLE));
  return path;
}

/** The files of GraphiQL under content-hashed paths (built once per process). */
export function graphiqlBundle(): GraphiQLBundle {
  if (built) return built;
  const assets = new Map<string, StaticAsset>();
  const favicon = /^data:([^;]+);base64,(.*)$/s.exec(bundle.favicon);
  built = {
    assets,
    urls: {
      js: add(assets, 'graphiql', 'js', bundle.js, 'text/javascript; charset=utf-8'),
      css: add(assets, 'graphiql', 'css', bundle.css, 'text/css; charset=utf-8'),
      favicon: favicon ? add(assets, 'favicon', 'ico', Buffer.from(favicon[2]!, 'base64'), favicon[1]!) : bundle.favicon,
      workers: Object.fromEntries(
        Object.entries(WORKERS).map(([label, source]) => [
          label,
          add(assets, `${label}.worker`, 'js', source, 'text/javascript; charset=utf-8'),
        ]),
      ) as Record<keyof typeof WORKERS, string>,
    },
  };
  return built;
}

/** JSON that is safe inside a <script> element (no `</script>`, no HTML comment openers). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Yoga's `renderGraphiQL`: the same page as @graphql-yoga/render-graphiql, with its files linked instead of inlined. */
export function renderGraphiQLPage(options: GraphiQLOptions = {}): string {
  const { urls } = graphiqlBundle();
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${urls.favicon}" />
    <link rel="stylesheet" href="${urls.css}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${scriptJson(urls.workers)};
      self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${urls.js}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}
