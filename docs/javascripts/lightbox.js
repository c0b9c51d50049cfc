// A tap enlarges a figure on a phone.
//
// GLightbox (the glightbox plugin of mkdocs.yml) fits an image to the screen: on a phone
// that is the wide drawing at 390 px, its text half what the column shows. On a screen
// as narrow as a phone's, the lightbox shows instead the drawing the column shows (the
// phone's own, where the build drew one: markup.figure_html) at ENLARGE times its width
// in the column, so that every text of it is that much larger, and at least at its own
// size (a wide drawing the column shrinks shows its text as written); the reader pans
// it both ways, and a pinch goes further. Elsewhere the lightbox is GLightbox's own.
//
// The plugin's script makes the lightbox a constant named `lightbox`; this module runs
// after it (modules run once the page is parsed), and instant navigation keeps it.
const ENLARGE = 1.5;
const PHONE = matchMedia("screen and (max-width: 44.9375em)");  // markup.NARROW_SCREEN

// The drawing an image of the column shows: its address and its width in CSS px. An
// image the page loads lazily has chosen none until it nears the screen (no currentSrc,
// naturalWidth 0); tapped before that, it is the drawing its <picture> will choose: the
// first source whose media matches, else the <img>'s own (the wide drawing).
function drawingOf(img) {
  const sources = img.closest("picture")?.querySelectorAll("source") ?? [];
  const source = img.currentSrc ? null
    : [...sources].find((s) => matchMedia(s.media).matches);
  const href = source ? new URL(source.srcset.trim().split(/\s+/)[0], document.baseURI).href
    : img.currentSrc || img.src;
  const width = img.naturalWidth || Number((source || img).getAttribute("width")) || 0;
  return { href: href.split("#")[0], width };
}

function enlarge({ slideConfig, slideNode, trigger }) {
  const shown = trigger && trigger.querySelector("img");
  if (!PHONE.matches || !shown) return;
  const width = shown.getBoundingClientRect().width;
  if (!(width > 0)) return;
  const drawing = drawingOf(shown);
  slideConfig.href = drawing.href;
  slideNode.classList.add("nb-enlarged");
  const enlarged = Math.max(ENLARGE * width, drawing.width);
  slideNode.style.setProperty("--nb-enlarged-width", `${enlarged}px`);
}

if (typeof lightbox !== "undefined") {
  lightbox.on("slide_before_load", enlarge);  // eslint-disable-line no-undef
}
