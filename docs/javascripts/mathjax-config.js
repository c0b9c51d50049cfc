// MathJax 3 configuration for the book.
//
// The page is typeset exactly once per page view: MathJax does not typeset at start-up
// (typeset: false); instead typesetPage() runs when MathJax is ready and again each time
// mkdocs-material's instant navigation swaps in a new page (document$). A marker on the
// content element stops a second pass over the same content, which can leave maths
// invisible with the CHTML output.
//
// MathJax itself (tex-chtml.js beside this file, 1.2 MB with its fonts) is loaded by the
// first page with maths the reader opens, not by every page. A document that loads it
// itself (the PDF's) has no document$: there MathJax's ready() typesets.
const MATHJAX_SRC = new URL("mathjax/tex-chtml.js", document.currentScript.src).href;

window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // Only the spans pymdownx.arithmatex marks (and class-less elements) hold maths.
    ignoreHtmlClass: ".+",
    processHtmlClass: "arithmatex",
    // A formula is not a control: out of the Tab order (MathJax puts every one in it),
    // so a keyboard reaches the widgets and links; screen readers still read the hidden
    // MathML that MathJax adds beside each formula.
    menuOptions: { settings: { inTabOrder: false, assistiveMml: true } },
  },
  startup: {
    typeset: false,
    ready() {
      MathJax.startup.defaultReady();
      typesetPage();
    },
  },
};

function typesetPage() {
  const mj = window.MathJax;
  if (typeof mj.typesetPromise !== "function") {
    // Not loaded yet: load it if the page has maths; its startup.ready() calls us back.
    if (document.querySelector(".arithmatex") && !document.getElementById("nb-mathjax")) {
      const script = document.createElement("script");
      script.id = "nb-mathjax";
      script.src = MATHJAX_SRC;
      script.async = true;
      document.head.appendChild(script);
    }
    return;
  }
  const root = document.querySelector(".md-content") || document.body;
  if (root.dataset.mathjaxTypeset === "yes") {
    return;
  }
  root.dataset.mathjaxTypeset = "yes";
  mj.startup.promise = mj.startup.promise
    .then(() => {
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise([root]);
    })
    .then(() => window.nbMarkOverflow && window.nbMarkOverflow()) // overflow.js
    .catch((err) => console.error("MathJax typesetting failed:", err));
}

if (typeof document$ !== "undefined") {
  document$.subscribe(typesetPage);
}
