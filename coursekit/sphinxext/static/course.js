// A block that scrolls sideways (code, a wide table on a phone) must be reachable with the
// keyboard to be scrolled (WCAG 2.1.1; axe: scrollable-region-focusable). As
// pydata-sphinx-theme did before Furo: only the blocks that do scroll become tab stops.
document.querySelectorAll("pre, .table-wrapper").forEach(function (block) {
  if (block.scrollWidth > block.clientWidth) {
    block.tabIndex = 0;
  }
});

// Progress kept on this device (course-progress.js): a mark beside each page of the navigation
// already visited, with its quiz score, and the table of the "My progress" page. Words come
// from the page (#course-script-text, translated in ui.po).
(function () {
  var store = window.CourseProgress;
  var wordsElement = document.getElementById("course-script-text");
  var pageMeta = document.querySelector('meta[name="course-page"]');
  if (!store || !wordsElement || !pageMeta) return;
  var words = JSON.parse(wordsElement.textContent);

  function say(name, values) {
    return String(words[name] || "").replace(/\{(\w+)\}/g, function (field, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : field;
    });
  }

  // The site's root, from this page's own address and document name.
  var here = window.location.pathname.replace(/\/$/, "/index.html");
  var suffix = pageMeta.content + ".html";
  var base = here.slice(-suffix.length) === suffix ? here.slice(0, -suffix.length) : null;

  function docnameOf(link) {
    var url = new URL(link.getAttribute("href"), window.location.href);
    var path = url.pathname.replace(/\/$/, "/index.html");
    if (base === null || url.origin !== window.location.origin || path.indexOf(base) !== 0 || !/\.html$/.test(path)) return null;
    return path.slice(base.length, -".html".length);
  }

  function quizTotal(state, docname) {
    var total = null;
    Object.keys(state.quizzes).forEach(function (id) {
      if (id.slice(0, docname.length + 1) !== docname + "#") return;
      total = total || { score: 0, max: 0 };
      total.score += state.quizzes[id].score;
      total.max += state.quizzes[id].max;
    });
    return total;
  }

  function markNavigation(state) {
    document.querySelectorAll(".sidebar-tree a.reference.internal").forEach(function (link) {
      var old = link.querySelector(".progress-mark");
      if (old) old.remove();
      var docname = docnameOf(link);
      if (!docname || state.visited.indexOf(docname) === -1) return;
      var mark = document.createElement("span");
      mark.className = "progress-mark";
      var sign = document.createElement("span");
      sign.setAttribute("aria-hidden", "true");
      var total = quizTotal(state, docname);
      sign.textContent = total ? " ✓ " + total.score + "/" + total.max : " ✓";
      var spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = " (" + say("visited") + (total ? ", " + say("quizScore", total) : "") + ")";
      mark.appendChild(sign);
      mark.appendChild(spoken);
      link.appendChild(mark);
    });
  }

  // The cells of "My progress" are named progress-<visited|quiz|assessment>-<docname, "/" as "-">.
  function fillProgressTable(state) {
    var byCellName = {};
    state.visited.forEach(function (docname) { byCellName[docname.replace(/\//g, "-")] = docname; });
    document.querySelectorAll(".progress-status").forEach(function (cell) {
      var match = /^progress-(visited|quiz|assessment)-(.+)$/.exec(cell.id);
      if (!match) return;
      var docname = byCellName[match[2]];
      if (match[1] === "visited") {
        cell.textContent = say(docname ? "visited" : "notVisited");
      } else if (match[1] === "quiz") {
        var total = docname && quizTotal(state, docname);
        cell.textContent = total ? say("quizScore", total) : say("quizNotDone");
      } else {
        var result = state.assessment;
        cell.textContent = result ? say(result.passed ? "assessmentPassed" : "assessmentFailed", result) : say("assessmentNotDone");
      }
    });
  }

  function show(state) {
    markNavigation(state);
    fillProgressTable(state);
  }

  var reset = document.querySelector(".progress-reset-button");
  if (reset) {
    reset.hidden = false;
    reset.addEventListener("click", function () {
      store.reset();
      document.querySelector(".progress-reset-status").textContent = say("resetDone");
    });
  }
  document.addEventListener("course-progress", function (event) { show(event.detail); });
  show(store.get());
})();
