// A block that scrolls sideways (code, a wide table on a phone) must be reachable with the
// keyboard to be scrolled (WCAG 2.1.1; axe: scrollable-region-focusable). As
// pydata-sphinx-theme did before Furo: only the blocks that do scroll become tab stops.
// A table or a figure that scrolls also says so just above it: on a phone nothing else shows that
// it has columns further right (the programme's total, a duration) or the rest of a chart (a
// figure keeps the width at which its labels can be read: coursekit/sphinxext/figures.py). Both
// follow the width: a phone turned sideways may show the whole table. Words from the page
// (#course-script-text, ui.po).
(function () {
  var wordsElement = document.getElementById("course-script-text");
  var words = wordsElement ? JSON.parse(wordsElement.textContent) : {};
  var hints = { "table-wrapper": words.scrollHint, "readable-figure": words.figureScrollHint };

  function mark() {
    document.querySelectorAll("pre, .table-wrapper, .readable-figure").forEach(function (block) {
      var scrolls = block.scrollWidth > block.clientWidth + 1;
      if (scrolls && !block.hasAttribute("tabindex")) {
        block.tabIndex = 0;
        block.setAttribute("data-scroll-stop", "");
      } else if (!scrolls && block.hasAttribute("data-scroll-stop")) {
        block.removeAttribute("tabindex");
        block.removeAttribute("data-scroll-stop");
      }
      var hint = hints[["table-wrapper", "readable-figure"].find(function (name) {
        return block.classList.contains(name);
      })];
      if (!hint) return;
      var note = block.previousElementSibling;
      var shown = note !== null && note.classList.contains("scroll-hint");
      if (scrolls && !shown) {
        note = document.createElement("p");
        note.className = "scroll-hint";
        note.textContent = hint;
        block.parentNode.insertBefore(note, block);
      } else if (!scrolls && shown) {
        note.remove();
      }
    });
  }

  mark();
  var pending = null;
  function markSoon() {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  }
  window.addEventListener("resize", markSoon);
  // A chart behind a solution toggle has no width until the toggle opens ("toggle" does not bubble).
  document.addEventListener("toggle", markSoon, true);
})();

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

  // The cells of "My progress" are named progress-<visited|quiz|assessment|exercise>-<docname, "/" as "-">.
  function fillProgressTable(state) {
    var byCellName = {};
    state.visited.forEach(function (docname) { byCellName[docname.replace(/\//g, "-")] = docname; });
    document.querySelectorAll(".progress-status").forEach(function (cell) {
      var match = /^progress-(visited|quiz|assessment|exercise)-(.+)$/.exec(cell.id);
      if (!match) return;
      var docname = byCellName[match[2]];
      var checked = match[1] === "exercise" && docname && quizTotal(state, docname);
      if (checked) {
        // The exercise's questions checked in the browser (course-exercises.js): how many are right.
        cell.textContent = say("exerciseScore", checked);
      } else if (match[1] === "visited" || match[1] === "exercise") {
        cell.textContent = say(docname ? "visited" : "notVisited");
      } else if (match[1] === "quiz") {
        var total = docname && quizTotal(state, docname);
        cell.textContent = total ? say("quizScore", total) : say("quizNotDone");
      } else {
        // The best result kept, with the right answers needed to pass that the build computed
        // (data-needed), when it is out of this edition's number of questions.
        var result = state.assessment;
        var facts = cell.closest(".progress-assessment-cell");
        if (!result) {
          cell.textContent = say("assessmentNotDone");
        } else if (facts && Number(facts.getAttribute("data-max")) === result.max) {
          var values = { score: result.score, max: result.max, needed: facts.getAttribute("data-needed") };
          cell.textContent = say(result.passed ? "assessmentPassedNeeded" : "assessmentFailedNeeded", values);
        } else {
          cell.textContent = say(result.passed ? "assessmentPassed" : "assessmentFailed", result);
        }
      }
    });
  }

  // "My progress": steps done out of the steps the build listed (data-steps), and a link to the first one
  // not done yet, in the order of the path. Text only: titles come from the build, never as markup.
  function isDone(state, step) {
    if (step.kind === "visit") return state.visited.indexOf(step.page) !== -1;
    if (step.kind === "quiz") return quizTotal(state, step.page) !== null;
    return Boolean(state.assessment && state.assessment.passed);
  }

  function fillSummary(state) {
    var summary = document.querySelector(".progress-summary");
    if (!summary) return;
    var steps = JSON.parse(summary.getAttribute("data-steps") || "[]");
    if (!steps.length) return;
    var done = steps.filter(function (step) { return isDone(state, step); }).length;
    summary.querySelector(".progress-overall").textContent = say("overall", {
      done: done, total: steps.length, percent: Math.floor(100 * done / steps.length)
    });
    var resume = summary.querySelector(".progress-resume");
    resume.textContent = "";
    var next = steps.filter(function (step) { return !isDone(state, step); })[0];
    if (next) {
      resume.appendChild(document.createTextNode(say("resume") + " "));
      var link = document.createElement("a");
      link.href = next.href;
      link.textContent = next.title;
      resume.appendChild(link);
    } else {
      resume.textContent = say("finished");
    }
    resume.hidden = false;
  }

  function show(state) {
    markNavigation(state);
    fillProgressTable(state);
    fillSummary(state);
  }

  // Clearing asks first, in the page (no window.confirm: its buttons are the browser's words, not the
  // course's language). Cancel is focused first, so that Enter pressed twice clears nothing; Escape cancels.
  var reset = document.querySelector(".progress-reset-button");
  var confirmation = document.querySelector(".progress-reset-confirm");
  if (reset && confirmation) {
    var status = document.querySelector(".progress-reset-status");
    var yes = confirmation.querySelector(".progress-reset-yes");
    var no = confirmation.querySelector(".progress-reset-no");
    var ask = function (open) {
      confirmation.hidden = !open;
      reset.setAttribute("aria-expanded", String(open));
    };
    reset.hidden = false;
    reset.addEventListener("click", function () {
      status.textContent = "";
      ask(true);
      no.focus();
    });
    yes.addEventListener("click", function () {
      ask(false);
      store.reset();
      status.textContent = say("resetDone");
      reset.focus();
    });
    var cancel = function () {
      ask(false);
      status.textContent = say("resetKept");
      reset.focus();
    };
    no.addEventListener("click", cancel);
    confirmation.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        cancel();
      }
    });
  }
  document.addEventListener("course-progress", function (event) { show(event.detail); });
  show(store.get());
})();
