// The learner's progress, kept on this device only (localStorage, one entry per language):
// pages visited, module quiz scores, the final assessment's result. Nothing leaves the browser.
// The interface (window.CourseProgress) is a contract with the SCORM runtime: see the docstring of
// coursekit/sphinxext/progress.py before changing it. Loaded, deferred, before every script that uses it.
(function () {
  "use strict";
  var VERSION = 1;
  var MAX_SERIALIZED = 4096; // SCORM 1.2 cmi.suspend_data
  var root = document.documentElement;
  var lang = (root.getAttribute("lang") || "und").toLowerCase().replace(/_/g, "-");
  var storageKey = "course-progress:" + lang;
  var pageMeta = document.querySelector('meta[name="course-page"]');

  function emptyState() {
    return { v: VERSION, lang: lang, visited: [], quizzes: {}, assessment: null };
  }

  function isCount(value) {
    return typeof value === "number" && isFinite(value) && value >= 0;
  }

  function isScore(entry) {
    return entry !== null && typeof entry === "object" && isCount(entry.score) && isCount(entry.max) && entry.score <= entry.max;
  }

  function isStringList(list) {
    return Array.isArray(list) && list.every(function (item) { return typeof item === "string"; });
  }

  // A state of this language, well formed; anything else is refused (a stored value from another
  // version, a suspend_data string from another course or language).
  function isValid(state) {
    if (state === null || typeof state !== "object" || state.v !== VERSION || state.lang !== lang) return false;
    if (!isStringList(state.visited)) return false;
    if (state.quizzes === null || typeof state.quizzes !== "object" || Array.isArray(state.quizzes)) return false;
    for (var id in state.quizzes) {
      if (Object.prototype.hasOwnProperty.call(state.quizzes, id) && !isScore(state.quizzes[id])) return false;
    }
    var result = state.assessment;
    if (result === null) return true;
    return isScore(result) && isCount(result.passMark) && result.passMark <= 100 &&
      typeof result.passed === "boolean" && isStringList(result.revisit);
  }

  function copy(state) {
    return JSON.parse(JSON.stringify(state));
  }

  function parse(serialized) {
    try {
      var state = JSON.parse(serialized);
      return isValid(state) ? state : null;
    } catch (error) {
      return null;
    }
  }

  // Private browsing, file:// or a sandboxed frame may refuse storage: then the state lives in memory.
  function load() {
    try {
      var stored = window.localStorage.getItem(storageKey);
      return (stored && parse(stored)) || emptyState();
    } catch (error) {
      return emptyState();
    }
  }

  var state = load();

  function compact(candidate) {
    var text = JSON.stringify(candidate);
    // The oldest visits go first if a very long visit list would not fit (scores always do).
    while (text.length > MAX_SERIALIZED && candidate.visited.length) {
      candidate.visited.shift();
      text = JSON.stringify(candidate);
    }
    return text;
  }

  function save() {
    var text = compact(state);
    try {
      window.localStorage.setItem(storageKey, text);
    } catch (error) {
      // Storage unavailable or full: the state stays in memory for this page.
    }
    document.dispatchEvent(new CustomEvent("course-progress", { detail: copy(state) }));
  }

  window.CourseProgress = {
    get: function () {
      return copy(state);
    },
    markVisited: function (docname) {
      if (typeof docname !== "string" || !docname) return;
      if (state.visited.indexOf(docname) === -1) state.visited.push(docname);
      save();
    },
    recordQuiz: function (quizId, result) {
      if (typeof quizId !== "string" || !isScore(result)) return;
      state.quizzes[quizId] = { score: result.score, max: result.max };
      save();
    },
    recordAssessment: function (result) {
      var entry = result && {
        score: result.score, max: result.max, passMark: result.passMark,
        passed: result.passed, revisit: result.revisit,
      };
      var candidate = copy(state);
      candidate.assessment = entry;
      if (!entry || !isValid(candidate)) return;
      state.assessment = copy(entry);
      save();
    },
    serialize: function () {
      return compact(copy(state));
    },
    restore: function (serialized) {
      var restored = typeof serialized === "string" ? parse(serialized) : null;
      if (!restored) return false;
      state = restored;
      save();
      return true;
    },
    reset: function () {
      state = emptyState();
      try {
        window.localStorage.removeItem(storageKey);
      } catch (error) {
        // Nothing stored: nothing to forget.
      }
      save();
    },
  };

  if (pageMeta && pageMeta.content) window.CourseProgress.markVisited(pageMeta.content);
})();
