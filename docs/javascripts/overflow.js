// What is wider than the screen scrolls within itself, and says so.
//
// Tables (Material wraps them in .md-typeset__scrollwrap), display formulas, code (the
// labs' too) and the labs' printed outputs scroll sideways on a narrow screen; an inline
// formula wider than its line, where MathJax found nowhere to break it, is made a scroll
// box of its own. Each of them, while it hides something on its right, fades out at its
// right edge (.nb-overflows), so a reader can see that there is more. Run after each
// page view and each resize (the maths comes typeset with the page).
(function () {
  const SCROLLERS = ".md-typeset__scrollwrap, .md-typeset div.arithmatex, .md-typeset pre > code,"
    + " .md-typeset .highlight-ipynb, .md-typeset .jp-RenderedText";

  function update(el) {
    const hidden = el.scrollWidth - el.clientWidth;
    el.classList.toggle("nb-overflows", hidden > 1 && el.scrollLeft < hidden - 1);
    // A formula or a code block that scrolls is a stop of the Tab order, so that a
    // keyboard can scroll it (the theme does this for tables, and for code only as the
    // page loads, not on a phone's narrower column); one that fits stays out of it.
    if (el.matches(".arithmatex, pre > code")) {
      if (hidden > 1) el.setAttribute("tabindex", "0");
      else el.removeAttribute("tabindex");
    }
  }

  function mark() {
    const root = document.querySelector(".md-content");
    if (!root) return;
    // Inside a table, the table scrolls as a whole; elsewhere, a formula wider than the
    // text column scrolls by itself.
    const column = root.querySelector(".md-typeset") || root;
    for (const math of root.querySelectorAll("span.arithmatex")) {
      math.classList.remove("nb-wide-math");
      if (math.closest(".md-typeset__scrollwrap")) continue;
      if (math.getBoundingClientRect().width > column.clientWidth) {
        math.classList.add("nb-wide-math");
      }
    }
    for (const el of root.querySelectorAll(`${SCROLLERS}, span.nb-wide-math`)) {
      if (!el.dataset.nbScrollWatched) {
        el.dataset.nbScrollWatched = "yes";
        el.addEventListener("scroll", () => update(el), { passive: true });
      }
      update(el);
    }
  }

  window.nbMarkOverflow = mark;
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(() => mark());
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
})();
