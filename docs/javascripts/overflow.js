// What is wider than the screen scrolls within itself, and says so.
//
// Tables (Material wraps them in .md-typeset__scrollwrap), display formulas, code (the
// labs' too) and the labs' printed outputs scroll sideways on a narrow screen; an inline
// formula wider than its line, where MathJax found nowhere to break it, is made a scroll
// box of its own. Each of them, while it hides something on its right, fades out at its
// right edge (.nb-overflows), so a reader can see that there is more. Run after each
// page view and each resize (the maths comes typeset with the page).
//
// A chapter has hundreds of them, and the page leaves what is off screen unlaid out
// (book.css, content-visibility): each block of the text is measured as it nears the
// screen, so that the page answers at once; the whole page the first time the reader
// presses Tab, so that the keyboard finds every box that scrolls.
(function () {
  const SCROLLERS = ".md-typeset__scrollwrap, .md-typeset div.arithmatex, .md-typeset pre > code,"
    + " .md-typeset .highlight-ipynb, .md-typeset .jp-RenderedText";

  // Whether each of `els` hides something on its right, read for all of them before
  // any is changed: a change between two reads would make the browser lay the page out
  // again for the next.
  function update(els) {
    const hidden = els.map((el) => [el.scrollWidth - el.clientWidth, el.scrollLeft]);
    els.forEach((el, i) => {
      const [width, left] = hidden[i];
      el.classList.toggle("nb-overflows", width > 1 && left < width - 1);
      // A formula or a code block that scrolls is a stop of the Tab order, so that a
      // keyboard can scroll it (the theme does this for tables, and for code only as
      // the page loads, not on a phone's narrower column); one that fits stays out.
      if (el.matches(".arithmatex, pre > code")) {
        if (width <= 1) el.removeAttribute("tabindex");
        else if (el.getAttribute("tabindex") !== "0") el.setAttribute("tabindex", "0");
      }
    });
  }

  // Inside a table, the table scrolls as a whole; elsewhere, a formula wider than the
  // text column scrolls by itself: measured as it is set in the line.
  function widen(maths, column) {
    for (const math of maths) math.classList.remove("nb-wide-math");
    const wide = maths.map((math) => math.getBoundingClientRect().width > column);
    maths.forEach((math, i) => math.classList.toggle("nb-wide-math", wide[i]));
  }

  function markSome(els, column) {
    widen(els.filter((el) => el.matches("span.arithmatex")), column);
    const scrollers = els.filter((el) => el.matches(`${SCROLLERS}, span.nb-wide-math`));
    for (const el of scrollers) {
      if (!el.dataset.nbScrollWatched) {
        el.dataset.nbScrollWatched = "yes";
        el.addEventListener("scroll", () => update([el]), { passive: true });
      }
    }
    update(scrollers);
  }

  const WATCHED = `${SCROLLERS}, span.arithmatex`;
  const column = () => {
    const root = document.querySelector(".md-content");
    return (root.querySelector(".md-typeset") || root).clientWidth;
  };
  const within = (blocks) => blocks.flatMap((block) => [
    ...(block.matches(WATCHED) ? [block] : []), ...block.querySelectorAll(WATCHED)])
    .filter((el) => !(el.matches("span.arithmatex") && el.closest(".md-typeset__scrollwrap")));

  // The whole page at once: for a keyboard, and for the tests (nbMarkOverflow).
  function mark() {
    const root = document.querySelector(".md-content");
    if (root) markSome(within([root]), column());
  }

  // The blocks of the text near the screen, each measured as it comes near: book.css's
  // blocks, a lab's cells among them.
  const BLOCKS = ".md-content__inner > :not(.jupyter-wrapper), .jupyter-wrapper > .jp-Notebook > *";
  let watcher = null, stops = null;
  const near = new Set();
  function watch() {
    if (watcher) watcher.disconnect();
    near.clear();
    const text = document.querySelector(".md-content__inner");
    if (!text) return;
    watcher = new IntersectionObserver((entries) => {
      const coming = [];
      for (const { target, isIntersecting } of entries) {
        if (!isIntersecting) near.delete(target);
        else if (!near.has(target)) { near.add(target); coming.push(target); }
      }
      if (coming.length) markSome(within(coming), column());
    }, { rootMargin: "50% 0px" });
    for (const block of text.querySelectorAll(BLOCKS)) watcher.observe(block);
    // The theme sets a code block's Tab stop as it mounts it (near the screen, and
    // never on a phone): measured again then, ours stands.
    if (stops) stops.disconnect();
    stops = new MutationObserver((changes) => update(changes.map((c) => c.target)
      .filter((el) => el.matches("pre > code") && el.dataset.nbScrollWatched)));
    stops.observe(text, { attributeFilter: ["tabindex"], subtree: true });
    // Until it is measured, a formula or a code block is a stop of the Tab order as if
    // it scrolled: what reaches the page by keyboard finds every one that does.
    for (const el of text.querySelectorAll("div.arithmatex, pre > code")) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    }
    if (keyboard) mark();
  }

  // Once a reader has pressed Tab, every page view and resize measures the whole page.
  let keyboard = false;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" || keyboard) return;
    keyboard = true;
    mark();
  }, { capture: true });

  window.nbMarkOverflow = mark;
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => (keyboard ? mark() : markSome(within([...near]), column())), 150);
  });
  if (typeof document$ !== "undefined") {
    document$.subscribe(watch);
  } else {
    document.addEventListener("DOMContentLoaded", watch);
  }
})();
