// The search index (the whole book's text, about 0.8 MB) is fetched when the reader
// first uses search, not by every page view.
//
// The theme requests it as soon as a page loads (an XMLHttpRequest for
// search/search_index.json, then indexed in its worker). This script, loaded in the head
// before the theme's, holds that request back until the search box is focused (a click
// or tap on it or on its icon, or the keyboard's "/" or "s"), or at once on a page
// opened from a search result (?h=..., whose words the theme highlights from the index).
(function () {
  const INDEX = /\/search\/search_index\.json$/;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const held = [];
  let used = new URLSearchParams(location.search).has("h");

  function use() {
    if (used) return;
    used = true;
    for (const [request, args] of held.splice(0)) send.apply(request, args);
  }

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.nbSearchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.nbSearchIndex && !used) {
      held.push([this, args]);
      return undefined;
    }
    return send.apply(this, args);
  };

  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.closest(".md-search")) use();
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "__search" && event.target.checked) use();
  });
  window.nbSearchIndexRequested = () => used;
})();
