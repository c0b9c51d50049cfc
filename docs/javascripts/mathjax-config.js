// MathJax 3 configuration for the book.
//
// The page is typeset exactly once per page view: MathJax does not typeset at start-up
// (typeset: false); instead typesetPage() runs when MathJax is ready and again each time
// mkdocs-material's instant navigation swaps in a new page (document$). A marker on the
// content element stops a second pass over the same content, which can leave maths
// invisible with the CHTML output.
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
  if (!mj || typeof mj.typesetPromise !== "function") {
    return; // MathJax is still loading: its startup.ready() will call us.
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
