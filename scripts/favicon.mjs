// The reference's icon: a small SVG, inlined in the page's <head> as a data: URI by the build (the
// page stays one self-contained file) and served as /favicon.ico by `npm start` for tools that ask.
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#1f2a44"/>' +
  '<path d="M9 8h8.5a5 5 0 0 1 2.6 9.3A5.2 5.2 0 0 1 18 26H9z" fill="none" stroke="#ffa524" stroke-width="3" stroke-linejoin="round"/>' +
  '<path d="M9 16.5h9" stroke="#ffa524" stroke-width="3"/>' +
  '</svg>';

export const FAVICON_DATA_URI = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;
