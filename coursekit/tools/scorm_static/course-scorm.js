// The SCORM runtime of the course's LMS packages (coursekit/tools/scorm.py): only the package's
// launch page loads it, never the public website. The launch page shows the course in a frame and
// keeps one LMS session (initialize ... finish) while the learner moves from page to page.
// It reports what the progress store of the framed page knows (window.CourseProgress, see
// coursekit/sphinxext/progress.py): the page as the bookmark, the store as the suspend data, the
// final assessment as the score and the status. The launch page's facts say which edition of SCORM
// the package is (1.2 or 2004 4th edition): one runtime, one table of names and limits per edition.
// Without an LMS the launch page becomes the plain website; an LMS error is logged and never stops a page.
(function () {
  "use strict";
  // ADL's API wrappers give up after seven parent windows.
  var MAX_PARENTS = 7;
  var HOME = "index";
  // The longest value the runtime reads from the LMS before parsing it (more is not a record of this
  // course: it is ignored unread, so a hostile or broken record cannot stall a page).
  var MAX_NUMBER_TEXT = 32;

  // -- The two editions: API names, data-model elements, their types and limits ----------------------

  function timespan12(milliseconds) {
    // CMITimespan: HHHH:MM:SS.SS, hours on two to four digits.
    var centiseconds = Math.floor(milliseconds / 10);
    var hours = Math.min(Math.floor(centiseconds / 360000), 9999);
    var minutes = Math.floor(centiseconds / 6000) % 60;
    var seconds = Math.floor(centiseconds / 100) % 60;
    function two(number) { return (number < 10 ? "0" : "") + number; }
    return two(hours) + ":" + two(minutes) + ":" + two(seconds) + "." + two(centiseconds % 100);
  }

  function timeinterval2004(milliseconds) {
    // timeinterval (second,10,2): an ISO 8601 duration, to the hundredth of a second.
    var centiseconds = Math.floor(milliseconds / 10);
    var hours = Math.floor(centiseconds / 360000);
    var minutes = Math.floor(centiseconds / 6000) % 60;
    var seconds = (centiseconds % 6000) / 100;
    return "PT" + hours + "H" + minutes + "M" + seconds.toFixed(2) + "S";
  }

  var EDITIONS = {
    "1.2": {
      apiName: "API",
      initialize: "LMSInitialize",
      // LMSFinish is SCORM 1.2's name; some LMSs offer only the 2004-style LMSTerminate.
      finish: ["LMSFinish", "LMSTerminate"],
      getValue: "LMSGetValue",
      setValue: "LMSSetValue",
      commit: "LMSCommit",
      lastError: "LMSGetLastError",
      errorString: "LMSGetErrorString",
      // Answers of GetValue that only say "nothing recorded yet": none in 1.2 (empty strings).
      unsetCodes: [],
      location: "cmi.core.lesson_location",
      maxLocation: 255,
      suspendData: "cmi.suspend_data",
      maxSuspendData: 4096,
      exit: "cmi.core.exit",
      sessionTime: "cmi.core.session_time",
      duration: timespan12,
      masteryElement: "cmi.student_data.mastery_score",
      // The mastery score as the LMS gives it, on the 0-100 scale of the pass mark.
      masteryFromLms: function (value) {
        return value >= 0 && value <= 100 ? value : null;
      },
      statusElement: "cmi.core.lesson_status",
      unsetStatuses: ["", "not attempted"],
      statusElements: function (completed, result) {
        // One status in 1.2: the assessment's verdict wins over "completed".
        if (result) return [["cmi.core.lesson_status", result.passed ? "passed" : "failed"]];
        return [["cmi.core.lesson_status", completed ? "completed" : "incomplete"]];
      },
      scoreElements: function (percent) {
        return [["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"], ["cmi.core.score.raw", percent]];
      },
    },
    "2004": {
      apiName: "API_1484_11",
      initialize: "Initialize",
      finish: ["Terminate"],
      getValue: "GetValue",
      setValue: "SetValue",
      commit: "Commit",
      lastError: "GetLastError",
      errorString: "GetErrorString",
      // 403: "Data Model Element Value Not Initialized", the answer for a first launch.
      unsetCodes: ["403"],
      location: "cmi.location",
      maxLocation: 1000,
      suspendData: "cmi.suspend_data",
      maxSuspendData: 64000,
      exit: "cmi.exit",
      sessionTime: "cmi.session_time",
      duration: timeinterval2004,
      masteryElement: "cmi.scaled_passing_score",
      masteryFromLms: function (value) {
        return value >= 0 && value <= 1 ? value * 100 : null;
      },
      statusElement: "cmi.completion_status",
      unsetStatuses: ["", "unknown", "not attempted"],
      statusElements: function (completed, result) {
        // Completion (every module read) and success (the final assessment) are two facts in 2004.
        var elements = [["cmi.completion_status", completed ? "completed" : "incomplete"]];
        if (result) elements.push(["cmi.success_status", result.passed ? "passed" : "failed"]);
        return elements;
      },
      scoreElements: function (percent) {
        return [
          ["cmi.score.min", "0"], ["cmi.score.max", "100"], ["cmi.score.raw", percent],
          ["cmi.score.scaled", String(Math.round(Number(percent) * 100) / 10000)],
        ];
      },
    },
  };

  var facts = JSON.parse(document.getElementById("course-scorm-facts").textContent);
  var edition = EDITIONS[facts.scorm] || EDITIONS["1.2"];
  var frame = document.getElementById("course-frame");
  var api = null;
  var startedAt = 0;
  var masteryScore = facts.masteryScore;
  var savedProgress = "";
  var latestProgress = "";
  var firstPage = true;
  var finished = false;
  var sent = {};
  // The status each status element holds, as the LMS gave it at launch, then as set: what may replace it.
  var statuses = {};
  var store = null;
  // The score and status elements a burst of writes changed, to be sent once more when the writes are quiet.
  // An LMS whose player sends each write without waiting for the previous one, and stores a whole record per
  // request from what it read when the request came (wagtail-lms saves its attempt row so), can have an older
  // write of the burst store the old verdict again after the new one: its own record (its reports) keeps the
  // old verdict, though its data model (what a relaunch reads) is right. The same values sent again once the
  // burst is stored give that record the right ones; for any other LMS they change nothing. They go one at a
  // time, SETTLE_MS apart: sent together, two of them would race each other as the burst did (a score stored
  // with the status read before the status's own write was).
  var SETTLE_MS = 2000;
  var unsettled = [];
  var settleTimer = null;

  function warn(message) {
    if (window.console) window.console.warn("SCORM: " + message);
  }

  // -- Finding the LMS (the RTE's API discovery) -------------------------------------------------

  function apiOf(win) {
    try {
      var candidate = win[edition.apiName];
      return candidate && typeof candidate[edition.initialize] === "function" ? candidate : null;
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

  function lastError() {
    try {
      return typeof api[edition.lastError] === "function" ? String(api[edition.lastError]()) : "";
    } catch (error) {
      return "";
    }
  }

  function errorString(code) {
    try {
      return typeof api[edition.errorString] === "function" ? String(api[edition.errorString](code)) : "";
    } catch (error) {
      return "";
    }
  }

  // The result of one API function as a string, "" when it is missing, throws or fails; quiet
  // lists the error codes that are an answer rather than a failure.
  function call(name, args, quiet) {
    if (!api) return "";
    try {
      if (typeof api[name] !== "function") {
        warn(name + " is not offered by the LMS");
        return "";
      }
      var result = api[name].apply(api, args);
      var code = lastError();
      if (code !== "0" && code !== "" && !(quiet && quiet.indexOf(code) !== -1)) {
        warn(name + "(" + (args[0] || "") + ") failed: " + code + " " + errorString(code));
      }
      return result === null || result === undefined ? "" : String(result);
    } catch (error) {
      warn(name + " threw: " + error);
      return "";
    }
  }

  function get(element) {
    return call(edition.getValue, [element], edition.unsetCodes);
  }

  // Only what changed is sent; the caller commits.
  function set(element, value) {
    value = String(value);
    if (sent[element] === value) return false;
    sent[element] = value;
    call(edition.setValue, [element, value]);
    return true;
  }

  function commit() {
    call(edition.commit, [""]);
  }

  // A number the LMS gave, read only if it is short enough to be one.
  function lmsNumber(element) {
    var text = get(element);
    if (text === "" || text.length > MAX_NUMBER_TEXT) return null;
    var value = Number(text);
    return isFinite(value) ? value : null;
  }

  // -- The course's pages -------------------------------------------------------------------------

  function isPage(name) {
    return typeof name === "string" && name.length <= edition.maxLocation && facts.pages.indexOf(name) !== -1;
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

  function percentOf(result) {
    // CMIDecimal on the 0-100 scale of the mastery score, two decimals at most.
    var percent = Math.round((10000 * result.score) / result.max) / 100;
    return String(Math.min(100, Math.max(0, percent)));
  }

  // A status is never taken back (e.g. by progress that could not be restored, or a relaunch that did not
  // retake the assessment): "completed" never becomes "incomplete", and SCORM 1.2's verdict (passed or failed,
  // in its one status) is replaced only by another verdict.
  function replaces(current, next) {
    var verdicts = ["passed", "failed"];
    if (verdicts.indexOf(current) !== -1) return verdicts.indexOf(next) !== -1;
    return !(current === "completed" && next === "incomplete");
  }

  // Sets a status element (pair: [element, value]) unless that would take back the status it holds.
  function setStatus(pair) {
    if (!replaces(statuses[pair[0]], pair[1])) return false;
    statuses[pair[0]] = pair[1];
    return set(pair[0], pair[1]);
  }

  // Sends the elements again once the writes have been quiet for SETTLE_MS (see SETTLE_MS).
  function settleLater(elements) {
    elements.forEach(function (element) {
      if (unsettled.indexOf(element) === -1) unsettled.push(element);
    });
    if (settleTimer !== null) window.clearTimeout(settleTimer);
    settleTimer = window.setTimeout(settleOne, SETTLE_MS);
  }

  function sendAgain(element) {
    call(edition.setValue, [element, sent[element]]);
    commit();
  }

  // The next element, then the one after it SETTLE_MS later, and so on.
  function settleOne() {
    settleTimer = null;
    if (!api || finished || !unsettled.length) return;
    sendAgain(unsettled.shift());
    if (unsettled.length) settleTimer = window.setTimeout(settleOne, SETTLE_MS);
  }

  // Everything still waiting, at once: the session ends, there is no time left to space them.
  function settleAll() {
    if (settleTimer !== null) window.clearTimeout(settleTimer);
    settleTimer = null;
    var elements = unsettled;
    unsettled = [];
    if (!api || finished) return;
    elements.forEach(sendAgain);
  }

  function report() {
    var state;
    try {
      state = store.get();
      latestProgress = store.serialize();
    } catch (error) {
      warn("progress store: " + error);
      return;
    }
    if (latestProgress.length <= edition.maxSuspendData) {
      set(edition.suspendData, latestProgress);
    } else {
      warn("progress longer than " + edition.maxSuspendData + " characters: not sent");
    }
    var result = null;
    var changed = [];
    var assessment = state.assessment;
    if (assessment && assessment.max > 0) {
      // Compared before rounding, as the quiz itself does (course-quiz.js).
      var passed = typeof masteryScore === "number" ? 100 * assessment.score >= masteryScore * assessment.max : assessment.passed;
      result = { percent: percentOf(assessment), passed: passed };
      edition.scoreElements(result.percent).forEach(function (pair) {
        if (set(pair[0], pair[1])) changed.push(pair[0]);
      });
    }
    var completed = facts.modules.every(function (module) { return state.visited.indexOf(module) !== -1; });
    edition.statusElements(completed, result).forEach(function (pair) {
      if (setStatus(pair)) changed.push(pair[0]);
    });
    commit();
    if (changed.length) settleLater(changed);
  }

  function pageShown() {
    var page, doc, pageStore;
    try {
      doc = frame.contentDocument;
      page = pageName(doc);
      pageStore = frame.contentWindow.CourseProgress;
    } catch (error) {
      return; // another site in the frame: nothing of the course to record
    }
    if (!isPage(page)) return;
    document.title = doc.title;
    openOtherSitesOutside(doc);
    set(edition.location, page);
    if (pageStore) {
      store = pageStore;
      try {
        if (firstPage) {
          // The LMS's record wins over what this browser kept: another learner may have used it.
          if (!(savedProgress && store.restore(savedProgress))) store.reset();
        } else if (latestProgress) {
          // Each page has its own copy of the store: it starts from what the LMS was last told.
          store.restore(latestProgress);
        }
        store.markVisited(page);
        doc.addEventListener("course-progress", report);
      } catch (error) {
        warn("progress store: " + error);
      }
      firstPage = false;
      report();
    } else {
      commit();
    }
  }

  function finish() {
    if (!api || finished) return;
    settleAll(); // what still waits to be sent again goes now, before the session ends
    finished = true;
    set(edition.sessionTime, edition.duration(Date.now() - startedAt));
    // The learner may come back: the LMS keeps the bookmark and the progress for the next launch.
    set(edition.exit, "suspend");
    commit();
    for (var index = 0; index < edition.finish.length; index += 1) {
      if (typeof api[edition.finish[index]] === "function") {
        call(edition.finish[index], [""]);
        return;
      }
    }
    warn("the LMS offers no " + edition.finish.join(" nor ") + ": the session stays open");
  }

  function start() {
    api = discoverAPI();
    if (!api) {
      window.location.replace(HOME + ".html"); // no LMS: the plain website
      return;
    }
    if (call(edition.initialize, [""]) !== "true") {
      warn("the LMS refused " + edition.initialize + ": the course runs without tracking");
      api = null;
      show(HOME);
      return;
    }
    startedAt = Date.now();
    // The status is the LMS's once it has one: a relaunch never sets it back.
    var status = get(edition.statusElement);
    statuses[edition.statusElement] = status;
    if (edition.unsetStatuses.indexOf(status) !== -1) edition.statusElements(false, null).forEach(setStatus);
    // "suspend" from the start: an LMS whose page ends the session before the course's pagehide (wagtail-lms
    // does, in its beforeunload) still keeps the attempt, with its bookmark and progress, for the next launch.
    set(edition.exit, "suspend");
    var lmsMastery = lmsNumber(edition.masteryElement);
    if (lmsMastery !== null && edition.masteryFromLms(lmsMastery) !== null) masteryScore = edition.masteryFromLms(lmsMastery);
    // Sizes checked before anything is parsed: a record longer than this edition allows is not the course's.
    var suspendData = get(edition.suspendData);
    if (suspendData.length <= edition.maxSuspendData) {
      savedProgress = suspendData;
    } else {
      warn(edition.suspendData + " of " + suspendData.length + " characters ignored (at most " + edition.maxSuspendData + ")");
    }
    var bookmark = get(edition.location);
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
