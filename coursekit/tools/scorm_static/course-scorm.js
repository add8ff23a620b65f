// The SCORM 1.2 runtime of the course's LMS package (coursekit/tools/scorm.py): only the package's
// launch page loads it, never the public website. The launch page shows the course in a frame and
// keeps one LMS session (LMSInitialize ... LMSFinish) while the learner moves from page to page.
// It reports what the progress store of the framed page knows (window.CourseProgress, see
// coursekit/sphinxext/progress.py): the page as cmi.core.lesson_location, the store as cmi.suspend_data, the
// final assessment as cmi.core.score and cmi.core.lesson_status. Without an LMS the launch page
// becomes the plain website; an LMS error is logged and never stops a page.
(function () {
  "use strict";
  // ADL's SCORM 1.2 API wrapper gives up after seven parent windows.
  var MAX_PARENTS = 7;
  var HOME = "index";
  var UNFINISHED = ["", "not attempted", "incomplete", "browsed"];
  var facts = JSON.parse(document.getElementById("course-scorm-facts").textContent);
  var frame = document.getElementById("course-frame");
  var api = null;
  var startedAt = 0;
  var masteryScore = facts.masteryScore;
  var savedProgress = "";
  var latestProgress = "";
  var firstPage = true;
  var finished = false;
  var sent = {};
  var status = "";

  function warn(message) {
    if (window.console) window.console.warn("SCORM: " + message);
  }

  // -- Finding the LMS (SCORM 1.2 RTE, API discovery) ------------------------------------------

  function apiOf(win) {
    try {
      var candidate = win.API;
      return candidate && typeof candidate.LMSInitialize === "function" ? candidate : null;
    } catch (error) {
      return null; // a window of another origin: not the LMS of this package
    }
  }

  function findAPI(win) {
    for (var tries = 0; win && tries <= MAX_PARENTS; tries += 1) {
      var found = apiOf(win);
      if (found) return found;
      var parent;
      try {
        parent = win.parent;
      } catch (error) {
        return null;
      }
      if (!parent || parent === win) return null;
      win = parent;
    }
    return null;
  }

  function discoverAPI() {
    var found = findAPI(window);
    if (found) return found;
    try {
      return window.opener ? findAPI(window.opener) : null;
    } catch (error) {
      return null;
    }
  }

  // -- Talking to it: every call guarded, every error logged ------------------------------------

  function call(name, args) {
    if (!api) return "";
    try {
      var result = api[name].apply(api, args);
      var code = String(api.LMSGetLastError());
      if (code !== "0" && code !== "") {
        warn(name + "(" + (args[0] || "") + ") failed: " + code + " " + api.LMSGetErrorString(code));
      }
      return result === null || result === undefined ? "" : String(result);
    } catch (error) {
      warn(name + " threw: " + error);
      return "";
    }
  }

  function get(element) {
    return call("LMSGetValue", [element]);
  }

  // Only what changed is sent; the caller commits.
  function set(element, value) {
    value = String(value);
    if (sent[element] === value) return false;
    sent[element] = value;
    call("LMSSetValue", [element, value]);
    return true;
  }

  function commit() {
    call("LMSCommit", [""]);
  }

  // -- The course's pages -------------------------------------------------------------------------

  function isPage(name) {
    return typeof name === "string" && facts.pages.indexOf(name) !== -1;
  }

  function show(page) {
    frame.src = page + ".html";
  }

  function pageName(doc) {
    var meta = doc.querySelector('meta[name="course-page"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // A link to another site opens beside the LMS: in the frame it would end the course's tracking.
  function openOtherSitesOutside(doc) {
    Array.prototype.forEach.call(doc.querySelectorAll("a[href]"), function (link) {
      if (link.origin && link.origin !== window.location.origin) {
        link.target = "_blank";
        link.rel = "noopener";
      }
    });
  }

  // -- What the LMS records -----------------------------------------------------------------------

  function setStatus(next) {
    // A finished status is never taken back to incomplete (e.g. by progress that could not be restored).
    if (next === "incomplete" && UNFINISHED.indexOf(status) === -1) return false;
    status = next;
    return set("cmi.core.lesson_status", next);
  }

  function report(store) {
    var state;
    try {
      state = store.get();
      latestProgress = store.serialize();
    } catch (error) {
      warn("progress store: " + error);
      return;
    }
    set("cmi.suspend_data", latestProgress);
    var result = state.assessment;
    var next = "incomplete";
    if (result && result.max > 0) {
      // A percentage, on the scale of the mastery score the LMS compares it with.
      var percent = Math.round((10000 * result.score) / result.max) / 100;
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      set("cmi.core.score.raw", String(percent));
      // Compared before rounding, as the quiz itself does (course-quiz.js).
      next = typeof masteryScore === "number" && 100 * result.score < masteryScore * result.max ? "failed" : "passed";
    } else if (facts.modules.every(function (module) { return state.visited.indexOf(module) !== -1; })) {
      next = "completed";
    }
    setStatus(next);
    commit();
  }

  function pageShown() {
    var page, doc, store;
    try {
      doc = frame.contentDocument;
      page = pageName(doc);
      store = frame.contentWindow.CourseProgress;
    } catch (error) {
      return; // another site in the frame: nothing of the course to record
    }
    if (!isPage(page)) return;
    document.title = doc.title;
    openOtherSitesOutside(doc);
    set("cmi.core.lesson_location", page);
    if (store) {
      try {
        if (firstPage) {
          // The LMS's record wins over what this browser kept: another learner may have used it.
          if (!(savedProgress && store.restore(savedProgress))) store.reset();
        } else if (latestProgress) {
          // Each page has its own copy of the store: it starts from what the LMS was last told.
          store.restore(latestProgress);
        }
        store.markVisited(page);
        doc.addEventListener("course-progress", function () { report(store); });
      } catch (error) {
        warn("progress store: " + error);
      }
      firstPage = false;
      report(store);
    } else {
      commit();
    }
  }

  function timespan(milliseconds) {
    var centiseconds = Math.floor(milliseconds / 10);
    var hours = Math.min(Math.floor(centiseconds / 360000), 9999);
    var minutes = Math.floor(centiseconds / 6000) % 60;
    var seconds = Math.floor(centiseconds / 100) % 60;
    function two(number) { return (number < 10 ? "0" : "") + number; }
    return two(hours) + ":" + two(minutes) + ":" + two(seconds) + "." + two(centiseconds % 100);
  }

  function finish() {
    if (!api || finished) return;
    finished = true;
    set("cmi.core.session_time", timespan(Date.now() - startedAt));
    // The learner may come back: the LMS keeps the bookmark and the progress for the next launch.
    set("cmi.core.exit", "suspend");
    commit();
    call("LMSFinish", [""]);
  }

  function start() {
    api = discoverAPI();
    if (!api) {
      window.location.replace(HOME + ".html"); // no LMS: the plain website
      return;
    }
    if (call("LMSInitialize", [""]) !== "true") {
      warn("the LMS refused LMSInitialize: the course runs without tracking");
      api = null;
      show(HOME);
      return;
    }
    startedAt = Date.now();
    status = get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") setStatus("incomplete");
    var lmsMastery = parseFloat(get("cmi.student_data.mastery_score"));
    if (isFinite(lmsMastery)) masteryScore = lmsMastery;
    savedProgress = get("cmi.suspend_data");
    var bookmark = get("cmi.core.lesson_location");
    commit();
    frame.addEventListener("load", pageShown);
    window.addEventListener("pagehide", finish);
    window.addEventListener("unload", finish);
    show(isPage(bookmark) ? bookmark : HOME);
  }

  try {
    start();
  } catch (error) {
    warn("runtime stopped: " + error);
    if (!frame.getAttribute("src")) show(HOME);
  }
})();
