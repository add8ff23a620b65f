// A block that scrolls sideways (code, a wide table on a phone) must be reachable with the
// keyboard to be scrolled (WCAG 2.1.1; axe: scrollable-region-focusable). As
// pydata-sphinx-theme did before Furo: only the blocks that do scroll become tab stops.
document.querySelectorAll("pre, .table-wrapper").forEach(function (block) {
  if (block.scrollWidth > block.clientWidth) {
    block.tabIndex = 0;
  }
});
