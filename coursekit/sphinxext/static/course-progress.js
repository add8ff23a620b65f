// The learner's progress, kept on this device only (localStorage, one entry per language):
// pages visited, each module quiz's best score, the final assessment's best result, and each quiz's last
// attempt (its answers and how many there were). Nothing leaves the browser. Progress never goes back:
// an attempt that scores lower than the recorded one is kept as the last attempt, not as the result.
// The interface (window.CourseProgress) is a contract with the SCORM runtime: see the docstring of
// coursekit/sphinxext/progress.py before changing it. Loaded, deferred, before every script that uses it.
(function () {
  "use strict";
  var VERSION = 1;
  var MAX_SERIALIZED = 4096; // SCORM 1.2 cmi.suspend_data
  // What is read (from the device's storage or an LMS's suspend_data) is not trusted: a value longer than
  // anything this store writes is refused before it is parsed, so a hostile or corrupt one (a huge visit
  // list, a value near the storage quota) costs one length check, not a parse, on every page load.
  var MAX_READ = 4 * MAX_SERIALIZED;
  // A quiz's last answers: per question, the letters of the options chosen (for ordering, the order
  // given), the questions separated by commas ("b,ac,,dbca").
  var ANSWERS = /^[a-z]{0,26}(,[a-z]{0,26}){0,199}$/;
  var root = document.documentElement;
  var lang = (root.getAttribute("lang") || "und").toLowerCase().replace(/_/g, "-");
  var storageKey = "course-progress:" + lang;
  var pageMeta = document.querySelector('meta[name="course-page"]');
  var ASSESSMENT = "assessment"; // the final assessment's name among the last attempts
  // Where an exercise form keeps the answers typed in it (course-exercises.js), beside the state: on this device
  // only, not in what an LMS receives; reset() forgets them with the progress.
  var ANSWERS_PREFIX = "course-answers:" + lang + ":";

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

  function isAnswers(value) {
    return typeof value === "string" && ANSWERS.test(value);
  }

  // Absent (a state written before last attempts were kept), or an object of valid values.
  function isOptionalTable(table, isValue) {
    if (table === undefined) return true;
    if (table === null || typeof table !== "object" || Array.isArray(table)) return false;
    return Object.keys(table).every(function (id) { return isValue(table[id]); });
  }

  // Whether a new result replaces the recorded one: a pass stays a pass, a lower score never replaces a
  // higher one (a result out of another number of questions, from an earlier edition of the quiz, does).
  function improves(entry, best) {
    if (!best || best.max !== entry.max) return true;
    if (best.passed === true && entry.passed === false) return false;
    if (entry.passed === true && best.passed === false) return true;
    return entry.score >= best.score;
  }

  // The last attempt of a quiz ("assessment" for the final assessment): its answers, one more attempt.
  function noteAttempt(target, id, answers) {
    if (!isAnswers(answers)) return;
    target.last = target.last || {};
    target.attempts = target.attempts || {};
    target.last[id] = answers;
    target.attempts[id] = (target.attempts[id] || 0) + 1;
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
    if (!isOptionalTable(state.last, isAnswers) || !isOptionalTable(state.attempts, isCount)) return false;
    var result = state.assessment;
    if (result === null) return true;
    return isScore(result) && isCount(result.passMark) && result.passMark <= 100 &&
      typeof result.passed === "boolean" && isStringList(result.revisit);
  }

  function copy(state) {
    return JSON.parse(JSON.stringify(state));
  }

  function parse(serialized) {
    if (typeof serialized !== "string" || serialized.length > MAX_READ) return null;
    try {
      var state = JSON.parse(serialized);
      if (!isValid(state)) return null;
      trim(state);
      return state;
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

  // The oldest visits go first if a very long visit list would not fit (scores always do), all in one
  // step: the length each visit adds is summed from the front until the excess is covered, then the list
  // is cut once. (Dropping one visit and measuring again took time quadratic in the list's length.)
  // Returns the serialized state.
  function trim(candidate) {
    var text = JSON.stringify(candidate);
    var excess = text.length - MAX_SERIALIZED;
    if (excess <= 0) return text;
    var visited = candidate.visited, dropped = 0, freed = 0;
    while (freed < excess && dropped < visited.length) {
      freed += JSON.stringify(visited[dropped]).length + 1; // the entry and its comma
      dropped += 1;
    }
    candidate.visited = visited.slice(dropped);
    return JSON.stringify(candidate);
  }

  function save() {
    var text = trim(state);
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
    // result: {score, max, answers?}; the score is kept if it is the quiz's best, the answers as its last attempt.
    recordQuiz: function (quizId, result) {
      if (typeof quizId !== "string" || !isScore(result)) return;
      var entry = { score: result.score, max: result.max };
      if (improves(entry, state.quizzes[quizId])) state.quizzes[quizId] = entry;
      noteAttempt(state, quizId, result.answers);
      save();
    },
    // result: {score, max, passMark, passed, revisit, answers?}; kept if it is the best (see improves).
    recordAssessment: function (result) {
      var entry = result && {
        score: result.score, max: result.max, passMark: result.passMark,
        passed: result.passed, revisit: result.revisit,
      };
      var candidate = copy(state);
      candidate.assessment = entry;
      if (!entry || !isValid(candidate)) return;
      if (improves(entry, state.assessment)) state.assessment = copy(entry);
      noteAttempt(state, ASSESSMENT, result.answers);
      save();
    },
    // The last attempt of a quiz (its id; "assessment" for the final assessment): {answers, attempts} or null.
    lastAttempt: function (id) {
      if (!state.last || !Object.prototype.hasOwnProperty.call(state.last, id)) return null;
      return { answers: state.last[id], attempts: (state.attempts && state.attempts[id]) || 1 };
    },
    serialize: function () {
      return trim(copy(state));
    },
    restore: function (serialized) {
      var restored = parse(serialized);
      if (!restored) return false;
      state = restored;
      save();
      return true;
    },
    // The storage key under which an exercise form (its id, "docname#exercise-N") keeps its typed answers.
    answersKey: function (formId) {
      return ANSWERS_PREFIX + formId;
    },
    // Forgets the progress and the answers typed in the exercises' forms of this language.
    reset: function () {
      state = emptyState();
      try {
        window.localStorage.removeItem(storageKey);
        for (var index = window.localStorage.length - 1; index >= 0; index--) {
          var key = window.localStorage.key(index);
          if (key && key.indexOf(ANSWERS_PREFIX) === 0) window.localStorage.removeItem(key);
        }
      } catch (error) {
        // Nothing stored: nothing to forget.
      }
      save();
    },
  };

  if (pageMeta && pageMeta.content) window.CourseProgress.markVisited(pageMeta.content);
})();
