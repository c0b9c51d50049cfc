// The book's maths typeset once, at build time: TeX in, SVG out, with MathJax 4 in Node.
//
// Usage: node typeset.mjs <MathJax's folder, node_modules/mathjax>
// One JSON request a line on stdin, one JSON answer a line on stdout, in order:
//   {"tex": "...", "display": true, "width": 340}  ->  {"html": "<mjx-container ...>"}
//   {"stylesheet": true}                              ->  {"css": "mjx-container ..."}
// "width" is the column, in CSS pixels, a display formula breaks its lines to fit
// (omitted: it keeps one line). A TeX error is an answer too: {"error": "..."}.
//
// SVG rather than CHTML: each glyph is a path drawn in currentColor, so the page needs no
// font file and no per-glyph stylesheet, and the maths takes the text's colour in both
// palettes. MathML for screen readers sits beside each formula (assistive-mml).
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const main = pathToFileURL(join(process.argv[2], "node-main.mjs")).href;
const { default: MathJax } = await import(main);

// The site's text: 16 px, and an ex of about half of it (what MathJax assumes too).
const EM = 16, EX = 8;

await MathJax.init({
  loader: { load: ["input/tex", "output/svg", "a11y/assistive-mml", "adaptors/liteDOM"] },
  // Glyphs defined in each formula (not once per document: a page is made of many
  // separate formulas); display maths broken into lines when it is wider than "width".
  svg: { fontCache: "local", displayOverflow: "linebreak", linebreaks: { inline: true } },
  startup: { typeset: false },
});
const adaptor = MathJax.startup.adaptor;

async function answer(request) {
  if (request.stylesheet) {
    return { css: adaptor.textContent(MathJax.svgStylesheet()) };
  }
  // No width: a column too wide for any formula to need a break.
  const containerWidth = request.width || 1e6;
  // The promise lets MathJax load a TeX extension a formula asks for (autoload).
  const node = await MathJax.tex2svgPromise(request.tex, {
    display: request.display, em: EM, ex: EX, containerWidth });
  const error = adaptor.outerHTML(node).match(/data-mjx-error="([^"]*)"/);
  if (error) return { error: error[1] };
  unwrapBareGroups(node);
  return { html: lighter(adaptor.outerHTML(node), request.tex) };
}

// A <g> without attributes (once its data-* are gone) groups nothing a browser needs:
// its children take its place. A chapter has thousands.
function unwrapBareGroups(node) {
  for (const child of [...adaptor.childNodes(node)]) {
    if (adaptor.kind(child) === "#text") continue;
    unwrapBareGroups(child);
    const kept = adaptor.allAttributes(child).filter((a) => !a.name.startsWith("data-"));
    if (adaptor.kind(child) === "g" && kept.length === 0) {
      for (const grandchild of [...adaptor.childNodes(child)]) {
        adaptor.insert(grandchild, child);
      }
      adaptor.remove(child);
    }
  }
}

// What only MathJax's own scripts read, of which the page has none: each node's TeX
// (the formula's own kept once, on the MathML's <math>, where the EPUB finds it:
// MathJax's is rebuilt from the pieces, and loses spaces as in "\\qquad a"), its kind,
// its character, its TeX class. It is a third of the markup. And the number of the
// formula in each glyph's id: a glyph has one id in every formula, so that a page
// defines it once (markup.py).
const MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML"';
const escaped = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;")
  .replace(/</g, "&lt;").replace(/>/g, "&gt;");
function lighter(html, tex) {
  return html
    .replace(/(id="|href="#)MJX-\d+-/g, "$1MJX-")
    // In HTML an SVG is in SVG's namespace and its xlink:href in XLink's without saying
    // so (xlink:href, not SVG 2's href: the theme's instant navigation sets the href of
    // whatever has one, and an SVG's cannot be set); a drawing hidden from screen
    // readers needs no role (nor old Internet Explorer's focusable).
    .replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")
    .replace(/ xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink"/g, "")
    .replace(/ (?:focusable="false"|role="img")/g, "")
    .replace(/ data-(?:mml-node|c|mjx-texclass)="[^"]*"/g, "")
    .replace(/ data-latex="[^"]*"/g, "")
    .replace(MATH, `${MATH} data-latex="${escaped(tex)}"`);
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  let reply;
  try {
    reply = await answer(JSON.parse(line));
  } catch (err) {
    reply = { error: String(err && err.message || err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
