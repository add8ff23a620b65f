// A strict LMS for the SCORM runtime tests: the LMS side of SCORM 1.2 (window.API) and of SCORM 2004
// 4th edition (window.API_1484_11) that refuses, with the error code the standard gives, every
// element, value and call order the standard forbids. scorm-again, the other LMS of the tests, is
// permissive (it stores cmi.core.suspend_data, which is no SCORM 1.2 element, without a word);
// real LMSs are not. Values are stored only by a commit or the end of the session, as an LMS does.
//
//   var lms = new StrictScormLMS("1.2" | "2004", record, {masteryScore: 70});
//   lms.install(window);          // window.API or window.API_1484_11
//   lms.calls                     // every call: [name, args..., result, error code]
//   lms.refusals()                // the calls the standard refuses (2004's 403 on reading a value never set is an answer)
//   lms.record()                  // what the LMS stored: the next launch's record
(function (global) {
  "use strict";

  // -- Types ------------------------------------------------------------------------------------------

  function decimal(text) {
    return /^-?\d+(\.\d+)?$/.test(text);
  }
  function string(max) {
    return function (text) { return text.length <= max; };
  }
  function vocabulary(words) {
    return function (text) { return words.indexOf(text) !== -1; };
  }
  // SCORM 1.2's CMIDecimal scores, or blank; the conformance suite wants 0-100.
  function score12(text) {
    return text === "" || (decimal(text) && Number(text) >= 0 && Number(text) <= 100);
  }
  function real(text) {
    return decimal(text) || /^-?\d+(\.\d+)?[eE][-+]?\d+$/.test(text);
  }
  function between(low, high) {
    return function (text) { return Number(text) >= low && Number(text) <= high; };
  }
  function timespan12(text) {
    return /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/.test(text);
  }
  function timeinterval(text) {
    return /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.test(text);
  }

  // -- The data models: access ("r", "w", "rw"), type check, and for 2004 a range check -------------

  var MODELS = {
    "1.2": {
      "cmi._version": { access: "r" },
      "cmi.core._children": { access: "r" },
      "cmi.core.student_id": { access: "r" },
      "cmi.core.student_name": { access: "r" },
      "cmi.core.lesson_location": { access: "rw", type: string(255) },
      "cmi.core.credit": { access: "r" },
      // "not attempted" is the LMS's, never a SCO's (SCORM 1.2 RTE 3.4.4).
      "cmi.core.lesson_status": { access: "rw", type: vocabulary(["passed", "completed", "failed", "incomplete", "browsed"]) },
      "cmi.core.entry": { access: "r" },
      "cmi.core.score._children": { access: "r" },
      "cmi.core.score.raw": { access: "rw", type: score12 },
      "cmi.core.score.max": { access: "rw", type: score12 },
      "cmi.core.score.min": { access: "rw", type: score12 },
      "cmi.core.total_time": { access: "r" },
      "cmi.core.lesson_mode": { access: "r" },
      "cmi.core.exit": { access: "w", type: vocabulary(["time-out", "suspend", "logout", ""]) },
      "cmi.core.session_time": { access: "w", type: timespan12 },
      "cmi.suspend_data": { access: "rw", type: string(4096) },
      "cmi.launch_data": { access: "r" },
      "cmi.comments": { access: "rw", type: string(4096) },
      "cmi.comments_from_lms": { access: "r" },
      "cmi.student_data._children": { access: "r" },
      "cmi.student_data.mastery_score": { access: "r" },
      "cmi.student_data.max_time_allowed": { access: "r" },
      "cmi.student_data.time_limit_action": { access: "r" },
      "cmi.student_preference._children": { access: "r" },
      "cmi.student_preference.audio": { access: "rw", type: function (t) { return /^-?\d+$/.test(t) && Number(t) >= -1 && Number(t) <= 100; } },
      "cmi.student_preference.language": { access: "rw", type: string(255) },
      "cmi.student_preference.speed": { access: "rw", type: function (t) { return /^-?\d+$/.test(t) && Math.abs(Number(t)) <= 100; } },
      "cmi.student_preference.text": { access: "rw", type: vocabulary(["-1", "0", "1"]) },
    },
    "2004": {
      "cmi._version": { access: "r" },
      "cmi.completion_status": { access: "rw", type: vocabulary(["completed", "incomplete", "not attempted", "unknown"]) },
      "cmi.completion_threshold": { access: "r" },
      "cmi.credit": { access: "r" },
      "cmi.entry": { access: "r" },
      "cmi.exit": { access: "w", type: vocabulary(["time-out", "suspend", "logout", "normal", ""]) },
      "cmi.launch_data": { access: "r" },
      "cmi.learner_id": { access: "r" },
      "cmi.learner_name": { access: "r" },
      "cmi.location": { access: "rw", type: string(1000) },
      "cmi.max_time_allowed": { access: "r" },
      "cmi.mode": { access: "r" },
      "cmi.progress_measure": { access: "rw", type: real, range: between(0, 1) },
      "cmi.scaled_passing_score": { access: "r" },
      "cmi.score._children": { access: "r" },
      "cmi.score.scaled": { access: "rw", type: real, range: between(-1, 1) },
      "cmi.score.raw": { access: "rw", type: real },
      "cmi.score.min": { access: "rw", type: real },
      "cmi.score.max": { access: "rw", type: real },
      "cmi.session_time": { access: "w", type: timeinterval },
      "cmi.success_status": { access: "rw", type: vocabulary(["passed", "failed", "unknown"]) },
      "cmi.suspend_data": { access: "rw", type: string(64000) },
      "cmi.time_limit_action": { access: "r" },
      "cmi.total_time": { access: "r" },
    },
  };

  // -- The API functions, their names and error codes per edition ----------------------------------

  var EDITIONS = {
    "1.2": {
      global: "API",
      names: {
        initialize: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
        lastError: "LMSGetLastError", errorString: "LMSGetErrorString", diagnostic: "LMSGetDiagnostic",
      },
      errors: {
        general: "101", argument: "201", noChildren: "202", notArray: "203",
        initialized: "101", notInitialized: "301", finishBefore: "301", finishAfter: "301",
        getBefore: "301", getAfter: "301", setBefore: "301", setAfter: "301", commitBefore: "301", commitAfter: "301",
        undefined: "401", keyword: "402", readOnly: "403", writeOnly: "404", type: "405", range: "405", unset: null,
      },
      text: {
        "0": "No error", "101": "General exception", "201": "Invalid argument error", "202": "Element cannot have children",
        "203": "Element not an array - cannot have count", "301": "Not initialized", "401": "Not implemented error",
        "402": "Invalid set value, element is a keyword", "403": "Element is read only", "404": "Element is write only",
        "405": "Incorrect data type",
      },
    },
    "2004": {
      global: "API_1484_11",
      names: {
        initialize: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit",
        lastError: "GetLastError", errorString: "GetErrorString", diagnostic: "GetDiagnostic",
      },
      errors: {
        general: "101", argument: "201", noChildren: "401", notArray: "401",
        initialized: "103", terminated: "104", finishBefore: "112", finishAfter: "113",
        getBefore: "122", getAfter: "123", setBefore: "132", setAfter: "133", commitBefore: "142", commitAfter: "143",
        undefined: "401", keyword: "404", readOnly: "404", writeOnly: "405", type: "406", range: "407", unset: "403",
      },
      text: {
        "0": "No Error", "101": "General Exception", "103": "Already Initialized", "104": "Content Instance Terminated",
        "112": "Termination Before Initialization", "113": "Termination After Termination",
        "122": "Retrieve Data Before Initialization", "123": "Retrieve Data After Termination",
        "132": "Store Data Before Initialization", "133": "Store Data After Termination",
        "142": "Commit Before Initialization", "143": "Commit After Termination", "201": "General Argument Error",
        "401": "Undefined Data Model Element", "403": "Data Model Element Value Not Initialized",
        "404": "Data Model Element Is Read Only", "405": "Data Model Element Is Write Only",
        "406": "Data Model Element Type Mismatch", "407": "Data Model Element Value Out Of Range",
      },
    },
  };

  // The values a new learner starts with, and what the LMS gives on a relaunch from its record.
  function initialValues(edition, record, options) {
    var values = {};
    var resumed = record && record.exit === "suspend";
    if (edition === "1.2") {
      values["cmi._version"] = "3.4";
      values["cmi.core._children"] = "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time";
      values["cmi.core.student_id"] = "learner-1";
      values["cmi.core.student_name"] = "Learner, Test";
      values["cmi.core.lesson_location"] = "";
      values["cmi.core.credit"] = "credit";
      values["cmi.core.lesson_status"] = "not attempted";
      values["cmi.core.entry"] = record ? (resumed ? "resume" : "") : "ab-initio";
      values["cmi.core.score._children"] = "raw,min,max";
      values["cmi.core.score.raw"] = "";
      values["cmi.core.score.min"] = "";
      values["cmi.core.score.max"] = "";
      values["cmi.core.total_time"] = "0000:00:00";
      values["cmi.core.lesson_mode"] = "normal";
      values["cmi.suspend_data"] = "";
      values["cmi.launch_data"] = "";
      values["cmi.comments"] = "";
      values["cmi.comments_from_lms"] = "";
      values["cmi.student_data._children"] = "mastery_score,max_time_allowed,time_limit_action";
      values["cmi.student_data.mastery_score"] = options.masteryScore === undefined ? "" : String(options.masteryScore);
      values["cmi.student_data.max_time_allowed"] = "";
      values["cmi.student_data.time_limit_action"] = "continue,no message";
      values["cmi.student_preference._children"] = "audio,language,speed,text";
      values["cmi.student_preference.audio"] = "0";
      values["cmi.student_preference.language"] = "";
      values["cmi.student_preference.speed"] = "0";
      values["cmi.student_preference.text"] = "0";
    } else {
      values["cmi._version"] = "1.0";
      values["cmi.completion_status"] = "unknown";
      values["cmi.credit"] = "credit";
      values["cmi.entry"] = record ? (resumed ? "resume" : "") : "ab-initio";
      values["cmi.launch_data"] = "";
      values["cmi.learner_id"] = "learner-1";
      values["cmi.learner_name"] = "Learner, Test";
      values["cmi.mode"] = "normal";
      values["cmi.score._children"] = "scaled,raw,min,max";
      values["cmi.success_status"] = "unknown";
      values["cmi.time_limit_action"] = "continue,no message";
      values["cmi.total_time"] = "PT0H0M0S";
      if (options.masteryScore !== undefined) values["cmi.scaled_passing_score"] = String(options.masteryScore / 100);
    }
    // What the LMS keeps from one session to the next (SCORM's RTE: every read-write element of the attempt).
    if (record) {
      Object.keys(record.values).forEach(function (element) {
        if (MODELS[edition][element] && MODELS[edition][element].access === "rw") values[element] = record.values[element];
      });
    }
    return values;
  }

  function StrictScormLMS(edition, record, options) {
    if (!EDITIONS[edition]) throw new Error("no SCORM edition " + edition);
    this.edition = edition;
    this.options = options || {};
    this.values = initialValues(edition, record, this.options);
    this.stored = JSON.parse(JSON.stringify(this.values));
    this.storedWriteOnly = {};
    this.writeOnly = {};
    this.state = "not initialized";
    this.error = "0";
    this.calls = [];
  }

  StrictScormLMS.prototype.fail = function (code) {
    this.error = code;
    return code;
  };

  // The element's definition, or the error that refuses the name.
  StrictScormLMS.prototype.lookup = function (element, writing) {
    var errors = EDITIONS[this.edition].errors;
    if (typeof element !== "string" || element === "") return { error: this.edition === "1.2" ? errors.argument : "301" };
    var model = MODELS[this.edition];
    var keyword = element.match(/^(.*)\.(_children|_count|_version)$/);
    // Writing a keyword (_children, _count, _version) is its own error in 1.2 (402), read only in 2004.
    if (keyword && writing && (model[element] || model[keyword[1]])) return { error: errors.keyword };
    if (model[element]) return { definition: model[element] };
    if (keyword && model[keyword[1]]) return { error: keyword[2] === "_count" ? errors.notArray : errors.noChildren };
    return { error: errors.undefined };
  };

  StrictScormLMS.prototype.session = function (before, after) {
    if (this.state === "not initialized") return before;
    if (this.state === "finished") return after;
    return null;
  };

  StrictScormLMS.prototype.initialize = function (argument) {
    var errors = EDITIONS[this.edition].errors;
    if (argument !== "") return this.fail(errors.argument);
    if (this.state === "running") return this.fail(errors.initialized);
    if (this.state === "finished") return this.fail(this.edition === "1.2" ? errors.initialized : errors.terminated);
    this.state = "running";
    return "0";
  };

  StrictScormLMS.prototype.finish = function (argument) {
    var errors = EDITIONS[this.edition].errors;
    var refused = this.session(errors.finishBefore, errors.finishAfter);
    if (refused) return this.fail(refused);
    if (argument !== "") return this.fail(errors.argument);
    this.store();
    this.state = "finished";
    return "0";
  };

  StrictScormLMS.prototype.commit = function (argument) {
    var errors = EDITIONS[this.edition].errors;
    var refused = this.session(errors.commitBefore, errors.commitAfter);
    if (refused) return this.fail(refused);
    if (argument !== "") return this.fail(errors.argument);
    this.store();
    return "0";
  };

  StrictScormLMS.prototype.store = function () {
    this.stored = JSON.parse(JSON.stringify(this.values));
    this.storedWriteOnly = JSON.parse(JSON.stringify(this.writeOnly));
  };

  StrictScormLMS.prototype.getValue = function (element) {
    var errors = EDITIONS[this.edition].errors;
    var refused = this.session(errors.getBefore, errors.getAfter);
    if (refused) return [this.fail(refused), ""];
    var found = this.lookup(element, false);
    if (found.error) return [this.fail(found.error), ""];
    if (found.definition.access === "w") return [this.fail(errors.writeOnly), ""];
    if (!Object.prototype.hasOwnProperty.call(this.values, element)) {
      return [errors.unset ? this.fail(errors.unset) : "0", ""];
    }
    return ["0", this.values[element]];
  };

  StrictScormLMS.prototype.setValue = function (element, value) {
    var errors = EDITIONS[this.edition].errors;
    var refused = this.session(errors.setBefore, errors.setAfter);
    if (refused) return this.fail(refused);
    var found = this.lookup(element, true);
    if (found.error) return this.fail(found.error);
    if (found.definition.access === "r") return this.fail(errors.readOnly);
    // Values are strings in both APIs (ECMAScript bindings of SCORM 1.2 and IEEE 1484.11.2).
    if (typeof value !== "string") return this.fail(errors.type);
    if (found.definition.type && !found.definition.type(value)) return this.fail(errors.type);
    if (found.definition.range && !found.definition.range(value)) return this.fail(errors.range);
    if (found.definition.access === "w") this.writeOnly[element] = value;
    else this.values[element] = value;
    return "0";
  };

  StrictScormLMS.prototype.install = function (win) {
    var lms = this;
    var names = EDITIONS[this.edition].names;
    var text = EDITIONS[this.edition].text;
    var api = {};
    function logged(name, args, code, result) {
      lms.error = code;
      lms.calls.push([name].concat(Array.prototype.slice.call(args), [result, code]));
      return result;
    }
    api[names.initialize] = function (argument) {
      var code = lms.initialize(argument);
      return logged(names.initialize, arguments, code, code === "0" ? "true" : "false");
    };
    api[names.finish] = function (argument) {
      var code = lms.finish(argument);
      return logged(names.finish, arguments, code, code === "0" ? "true" : "false");
    };
    api[names.commit] = function (argument) {
      var code = lms.commit(argument);
      return logged(names.commit, arguments, code, code === "0" ? "true" : "false");
    };
    api[names.get] = function (element) {
      var answer = lms.getValue(element);
      return logged(names.get, arguments, answer[0], answer[1]);
    };
    api[names.set] = function (element, value) {
      var code = lms.setValue(element, value);
      return logged(names.set, arguments, code, code === "0" ? "true" : "false");
    };
    // The error functions work in any state and change no error code.
    api[names.lastError] = function () { return lms.error; };
    api[names.errorString] = function (code) { return text[String(code)] || ""; };
    api[names.diagnostic] = function (code) { return text[String(code || lms.error)] || ""; };
    win[EDITIONS[this.edition].global] = api;
    return api;
  };

  // Every call refused by the standard. 2004's 403 on GetValue is the answer for "no value yet".
  StrictScormLMS.prototype.refusals = function () {
    var getName = EDITIONS[this.edition].names.get;
    var unset = EDITIONS[this.edition].errors.unset;
    return this.calls.filter(function (call) {
      var code = call[call.length - 1];
      return code !== "0" && !(call[0] === getName && code === unset);
    });
  };

  // What the LMS stored (committed): read-write values and the last write-only ones.
  StrictScormLMS.prototype.record = function () {
    var values = {};
    var model = MODELS[this.edition];
    var stored = this.stored;
    Object.keys(stored).forEach(function (element) {
      if (model[element] && model[element].access === "rw") values[element] = stored[element];
    });
    var exitName = this.edition === "1.2" ? "cmi.core.exit" : "cmi.exit";
    return { values: values, writeOnly: this.storedWriteOnly, exit: this.storedWriteOnly[exitName] || "" };
  };

  global.StrictScormLMS = StrictScormLMS;
})(window);
