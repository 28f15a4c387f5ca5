import type { openApiDocument } from './openapi';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

interface ParameterLike {
  $ref?: string;
  name?: string;
  description?: string;
}

type Document = ReturnType<typeof openApiDocument>;

function parameterName(parameter: ParameterLike, document: Document): string {
  if (!parameter.$ref) return parameter.name ?? '';
  const key = parameter.$ref.split('/').pop() ?? '';
  const shared = document.components.parameters as Record<string, ParameterLike>;
  return shared[key]?.name ?? key;
}

/**
 * The human-readable service documentation (`rel=service-doc`): every path of the OpenAPI
 * document with its summary and parameters, as a plain HTML page without scripts.
 */
export function serviceDocHtml(document: Document): string {
  const rows = Object.entries(document.paths as Record<string, { get: Record<string, unknown> }>)
    .map(([path, item]) => {
      const parameters = ((item.get.parameters as ParameterLike[]) ?? [])
        .map((parameter) => escapeHtml(parameterName(parameter, document)))
        .join(', ');
      const href = escapeHtml(`${document.servers[0]?.url ?? ''}${path}`);
      return `<tr><td><a href="${href}">${escapeHtml(path)}</a></td><td>${escapeHtml(String(item.get.summary))}</td><td>${parameters}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title></head>
<body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>${escapeHtml(document.info.description)}</p>
<p>OpenAPI 3.0: <a href="${escapeHtml(`${document.servers[0]?.url ?? ''}/api`)}">/api</a></p>
<table border="1" cellpadding="4">
<tr><th>Path</th><th>Summary</th><th>Query parameters</th></tr>
${rows}
</table>
</body></html>
`;
}
