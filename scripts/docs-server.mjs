// The reference's web server (`npm start`, and the browser test): the page, the spec it renders, and
// the favicon, on 127.0.0.1. Nothing else: the page is self-contained and asks for nothing more.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FAVICON_SVG } from './favicon.mjs';

const docsFile = fileURLToPath(new URL('../generated/docs/index.html', import.meta.url));
const specFile = fileURLToPath(new URL('../generated/openapi.json', import.meta.url));

export function createDocsServer() {
  return http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(await readFile(docsFile));
    } else if (path === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(await readFile(specFile));
    } else if (path === '/favicon.ico' || path === '/favicon.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' });
      res.end(FAVICON_SVG);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
}
