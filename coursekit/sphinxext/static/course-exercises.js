// Exercises done in the browser (coursekit/sphinxext/web_exercises.py writes the forms). An answer is
// checked as the notebook checks it (exercises/coo_feedback.py): the answer is normalised (text trimmed
// and in lower case, numbers to 12 significant digits or, with a tolerance, to a grid of a tenth of it,
// a set of items sorted), written as canonical JSON, and its SHA-256 compared with the expected seals.
// The verdict, the score, the keys to review and the hint are the notebook's own words. An answer with
// several right values is right when its seal is one of the accepted ones (one_of), or when its numbers
// follow the notebook's rules (numbers: coo_feedback.follows_rules), or when tasks are shared out within the
// notebook's skills and capacities (allocation: coo_feedback.follows_allocation; each person's load is shown
// after the check, as the notebook's chart after the check draws it). Totals the notebook computes from an
// answer (coo_feedback.totals_by_answer: the hours by family, say), the totals after the choices made
// (coo_feedback.totals_with: the week after the measures chosen), what has started by each period
// (coo_feedback.reached_by_period: the criteria met by quarter), the lowest scores it finds
// (coo_feedback.lowest_scores: the skills to work on first), the scores it weighs with the weights given
// (coo_feedback.weighted_means) and the points it groups by answer (coo_feedback.points_by_answer: a chart
// coloured by answer) are shown after each check. An answer with nothing to
// compare with (a text, a choice checked by a rule written in Python only) is compared by the learner with
// the worked answer, which the button opens. Nothing is sent anywhere.
var CourseSeals = (function () {
  "use strict";
  var GRID = 10;
  var SET = "<set>";

  // SHA-256 of a UTF-8 string (FIPS 180-4), as hexadecimal: no Web Crypto, which pages served over
  // plain HTTP (a training room's server) do not have.
  var K = [];
  (function () {
    var found = 0;
    for (var candidate = 2; found < 64; candidate++) {
      var prime = true;
      for (var divisor = 2; divisor * divisor <= candidate; divisor++) {
        if (candidate % divisor === 0) { prime = false; break; }
      }
      if (prime) {
        K.push((Math.pow(candidate, 1 / 3) % 1) * 4294967296 | 0);
        found++;
      }
    }
  })();

  function sha256(text) {
    var bytes = unescape(encodeURIComponent(text));
    var words = [];
    var length = bytes.length;
    for (var index = 0; index < length; index++) words[index >> 2] |= bytes.charCodeAt(index) << (24 - (index % 4) * 8);
    words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
    words[(((length + 8) >> 6) << 4) + 15] = length * 8;
    var hash = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var block = 0; block < words.length; block += 16) {
      var a = hash[0], b = hash[1], c = hash[2], d = hash[3], e = hash[4], f = hash[5], g = hash[6], h = hash[7];
      for (var t = 0; t < 64; t++) {
        if (t < 16) {
          w[t] = words[block + t] | 0;
        } else {
          var x = w[t - 15], y = w[t - 2];
          var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
        }
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var temp1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var temp2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + temp1) | 0; d = c; c = b; b = a; a = (temp1 + temp2) | 0;
      }
      hash = [a, b, c, d, e, f, g, h].map(function (value, i) { return (value + hash[i]) | 0; });
    }
    return hash.map(function (value) { return ("00000000" + (value >>> 0).toString(16)).slice(-8); }).join("");
  }

  function isNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  // Python's json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) of a canonical form.
  function dump(form) {
    if (isNumber(form) && form !== 0 && !Number.isInteger(form) && Math.abs(form) < 1e-4) {
      // Python writes 1e-05 where JavaScript writes 0.00001 (and 1e-07 for 1e-7).
      var parts = form.toExponential().split("e");
      var exponent = Number(parts[1]);
      return parts[0] + "e" + (exponent < 0 ? "-" : "+") + ("0" + Math.abs(exponent)).slice(-Math.max(2, String(Math.abs(exponent)).length));
    }
    if (form === null || typeof form !== "object") return JSON.stringify(form);
    if (Array.isArray(form)) return "[" + form.map(dump).join(",") + "]";
    return "{" + Object.keys(form).sort().map(function (key) { return JSON.stringify(key) + ":" + dump(form[key]); }).join(",") + "}";
  }

  // Sort key of canonical items: numbers, then strings, then anything else (coo_feedback._order).
  function order(one, two) {
    function rank(form) { return isNumber(form) ? 0 : typeof form === "string" ? 1 : 2; }
    var difference = rank(one) - rank(two);
    if (difference) return difference;
    var first = rank(one) === 2 ? dump(one) : one;
    var second = rank(two) === 2 ? dump(two) : two;
    return first < second ? -1 : first > second ? 1 : 0;
  }

  function canonical(value, tolerance) {
    if (value === null || value === undefined || typeof value === "boolean") return value === undefined ? null : value;
    if (typeof value === "string") return value.trim().toLowerCase();
    if (isNumber(value)) {
      if (tolerance) return Math.round(value * GRID / tolerance);
      return Number(value.toPrecision(12));
    }
    if (Array.isArray(value)) return value.map(function (item) { return canonical(item, tolerance); });
    var form = {};
    Object.keys(value).forEach(function (key) { form[key] = canonical(value[key], tolerance); });
    return form;
  }

  // The canonical forms under which an answer is right (coo_feedback._forms).
  function forms(actual, tolerance, items) {
    if (items) {
      if (!Array.isArray(actual)) return [];
      var sorted = actual.map(function (item) { return canonical(item, tolerance); }).sort(order);
      var set = {};
      set[SET] = sorted;
      return [set, sorted];
    }
    if (tolerance && isNumber(actual)) {
      var middle = actual * GRID / tolerance;
      var found = [];
      for (var step = Math.ceil(middle - GRID - 1e-9); step <= Math.floor(middle + GRID + 1e-9); step++) found.push(step);
      return found;
    }
    var form = canonical(actual, tolerance);
    if (!Array.isArray(actual)) return [form];
    var asSet = {};
    asSet[SET] = form.slice().sort(order);
    return [form, asSet];
  }

  function seal(form) {
    return "sha256:" + sha256(dump(form)).slice(0, 16);
  }

  // Whether ``actual`` has the seal ``sealed`` (sealed with ``key`` when one is given).
  function unseals(actual, sealed, tolerance, key, items) {
    return forms(actual, tolerance, items).some(function (form) {
      if (key === undefined) return seal(form) === sealed;
      var keyed = {};
      keyed[key] = form;
      return seal(keyed) === sealed;
    });
  }

  function isBlank(value) {
    return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
  }

  var RELATIONS = {
    "<": function (a, b) { return a < b; },
    "<=": function (a, b) { return a <= b; },
    "=": function (a, b) { return a === b; },
    ">=": function (a, b) { return a >= b; },
    ">": function (a, b) { return a > b; }
  };

  // Whether a number, or a mapping of numbers, follows the rules of a numbers check (coo_feedback.follows_rules).
  function followsRules(actual, rules) {
    var values = actual !== null && typeof actual === "object" && !Array.isArray(actual) ? actual : { "": actual };
    var numbers = Object.keys(values).map(function (key) { return values[key]; });
    if (!numbers.length || !numbers.every(isNumber)) return false;  // isNumber: finite numbers only
    if (rules.whole && !numbers.every(function (value) { return Math.floor(value) === value; })) return false;
    if (rules.low !== undefined && Math.min.apply(null, numbers) < rules.low) return false;
    if (rules.high !== undefined && Math.max.apply(null, numbers) > rules.high) return false;
    var sum = numbers.reduce(function (total, value) { return total + value; }, 0);
    if (rules.total !== undefined && Math.abs(sum - rules.total) > 1e-9 * Math.max(Math.abs(sum), Math.abs(rules.total))) return false;
    return (rules.relations || []).every(function (relation) {
      var left = relation[0], right = relation[2];
      return left in values && right in values && RELATIONS[relation[1]](values[left], values[right]);
    });
  }

  // The person of rules.capacity each task is given to (a name typed in any case, with spaces around), or null.
  function givenTo(actual, rules) {
    var people = {}, given = {};
    Object.keys(rules.capacity).forEach(function (person) { people[person.trim().toLowerCase()] = person; });
    Object.keys(actual).forEach(function (task) {
      var typed = typeof actual[task] === "string" ? actual[task].trim().toLowerCase() : null;
      given[task] = typed !== null && Object.prototype.hasOwnProperty.call(people, typed) ? people[typed] : null;
    });
    return given;
  }

  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // The person each task of rules.sizes goes to, or null unless every task has one (coo_feedback._assignees).
  function assignees(actual, rules) {
    if (!isMapping(actual)) return null;
    var tasks = Object.keys(rules.sizes);
    var keys = Object.keys(actual);
    if (keys.length !== tasks.length || !tasks.every(function (task) { return keys.indexOf(task) >= 0; })) return null;
    var given = givenTo(actual, rules);
    return tasks.every(function (task) { return given[task] !== null; }) ? given : null;
  }

  // The tasks given to a person of the team who lacks the skill they need, in the order of rules.needs
  // (coo_feedback.unskilled_tasks): what the page says after checking an allocation.
  function unskilledTasks(actual, rules) {
    if (!isMapping(actual)) return [];
    var given = givenTo(actual, rules);
    return Object.keys(rules.needs).filter(function (task) {
      var person = Object.prototype.hasOwnProperty.call(given, task) ? given[task] : null;
      var need = rules.needs[task];
      return person !== null && need !== null && need !== undefined && (rules.skills[person] || []).indexOf(need) < 0;
    });
  }

  // Each person's load, in per cent of their capacity, when every task goes to a person of the team; null
  // otherwise (coo_feedback.allocation_loads): what the page shows after checking an allocation.
  function allocationLoads(actual, rules) {
    var assigned = assignees(actual, rules);
    if (!assigned) return null;
    var load = {}, rates = {};
    Object.keys(rules.capacity).forEach(function (person) { load[person] = 0; });
    Object.keys(assigned).forEach(function (task) { load[assigned[task]] += rules.sizes[task]; });
    Object.keys(rules.capacity).forEach(function (person) { rates[person] = 100 * load[person] / rules.capacity[person]; });
    return rates;
  }

  // Each key of keys with the choice of choices it gets in answers (in any case, with spaces around), or null.
  function chosen(answers, keys, choices) {
    var given = isMapping(answers) ? answers : {};
    var byText = {};
    choices.forEach(function (choice) { byText[String(choice).trim().toLowerCase()] = choice; });
    return keys.map(function (key) {
      var value = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : null;
      var text = typeof value === "string" ? value.trim().toLowerCase() : null;
      return [key, text !== null && Object.prototype.hasOwnProperty.call(byText, text) ? byText[text] : null];
    });
  }

  // The total of sizes for each choice, in the order of choices, from the choice each key of sizes gets in
  // answers, then [null, the total of the keys without one of the choices] (coo_feedback.totals_by_answer).
  function totalsByAnswer(answers, sizes, choices) {
    var totals = {}, rest = 0;
    choices.forEach(function (choice) { totals[choice] = 0; });
    chosen(answers, Object.keys(sizes), choices).forEach(function (pair) {
      if (pair[1] === null) rest += sizes[pair[0]];
      else totals[pair[1]] += sizes[pair[0]];
    });
    return choices.map(function (choice) { return [choice, totals[choice]]; }).concat([[null, rest]]);
  }

  // The keys of points (in their order) for each choice, in the order of choices, from the choice each gets
  // in answers, then [null, the keys without one of the choices] (coo_feedback.points_by_answer).
  function pointsByAnswer(answers, keys, choices) {
    var groups = {}, rest = [];
    choices.forEach(function (choice) { groups[choice] = []; });
    chosen(answers, keys, choices).forEach(function (pair) {
      (pair[1] === null ? rest : groups[pair[1]]).push(pair[0]);
    });
    return choices.map(function (choice) { return [choice, groups[choice]]; }).concat([[null, rest]]);
  }

  // Each total of base (a number, or a list of numbers to add up) changed by the effects of the choices
  // selected (effects[choice]: a change per key of base), each choice of effects counted once (in any case,
  // with spaces around), anything else ignored, as [key, total] pairs in the order of keys (the notebook's order
  // of base, which the page's data, written with sorted keys, does not keep; by default, base's own order)
  // (coo_feedback.totals_with).
  function totalsWith(selected, base, effects, keys) {
    var order = keys || Object.keys(base);
    var chosen = {};
    if (Array.isArray(selected)) {
      selected.forEach(function (code) { chosen[String(code).trim().toLowerCase()] = true; });
    }
    var totals = {};
    Object.keys(base).forEach(function (key) {
      var value = base[key];
      totals[key] = Array.isArray(value) ? value.reduce(function (sum, part) { return sum + part; }, 0) : value;
    });
    Object.keys(effects).forEach(function (choice) {
      if (!Object.prototype.hasOwnProperty.call(chosen, String(choice).trim().toLowerCase())) return;
      Object.keys(effects[choice]).forEach(function (key) {
        if (Object.prototype.hasOwnProperty.call(totals, key)) totals[key] += effects[choice][key];
      });
    });
    return order.map(function (key) { return [key, totals[key]]; });
  }

  // For each of the periods (in their order), how many keys of firsts have reached it: their first period (one
  // of periods, in any case, with spaces around) is this one or an earlier one, as [period, count] pairs; [] until
  // each key has one (coo_feedback.reached_by_period).
  function reachedByPeriod(firsts, periods) {
    var place = {};
    periods.forEach(function (period, index) { place[String(period).trim().toLowerCase()] = index; });
    var values = isMapping(firsts) ? Object.keys(firsts).map(function (key) { return firsts[key]; }) : [];
    var starts = values.map(function (value) {
      var text = typeof value === "string" ? value.trim().toLowerCase() : null;
      return text !== null && Object.prototype.hasOwnProperty.call(place, text) ? place[text] : null;
    });
    if (!starts.length || starts.indexOf(null) >= 0) return [];
    return periods.map(function (period, index) {
      return [period, starts.filter(function (start) { return start <= index; }).length];
    });
  }

  // The count keys with the lowest scores (ties in the order of keys), once each key has a finite number in
  // scores, else [] (coo_feedback.lowest_scores).
  function lowestScores(scores, keys, count) {
    var given = isMapping(scores) ? scores : {};
    var complete = keys.every(function (key) {
      var value = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : null;
      return typeof value === "number" && isFinite(value);
    });
    if (!complete) return [];
    return keys.map(function (key, index) { return [given[key], index, key]; })
      .sort(function (one, two) { return one[0] - two[0] || one[1] - two[1]; })
      .slice(0, count)
      .map(function (entry) { return entry[2]; });
  }

  // The weighted mean of each item's scores (scores[item]: a score per criterion), as [item, mean] pairs in the
  // order of items, once each criterion has a finite number in weights and they add up to more than zero, else
  // [] (coo_feedback.weighted_means). The criteria are added up in the order of criteria (the notebook's, which
  // the page's sorted data does not keep; by default, the first item's own order), as the notebook adds them.
  function weightedMeans(weights, scores, items, criteria) {
    var given = isMapping(weights) ? weights : {};
    criteria = criteria || (items.length ? Object.keys(scores[items[0]]) : []);
    var complete = criteria.every(function (criterion) {
      var value = Object.prototype.hasOwnProperty.call(given, criterion) ? given[criterion] : null;
      return typeof value === "number" && isFinite(value);
    });
    if (!complete) return [];
    var total = criteria.reduce(function (sum, criterion) { return sum + given[criterion]; }, 0);
    if (!(total > 0)) return [];
    return items.map(function (item) {
      var weighed = criteria.reduce(function (sum, criterion) { return sum + given[criterion] * scores[item][criterion]; }, 0);
      return [item, weighed / total];
    });
  }

  // Whether tasks are shared out within skills and capacities (coo_feedback.follows_allocation): each task of
  // rules.sizes to a person of rules.capacity who has the skill it needs (anyone when it needs null), and each
  // person's load, in per cent of their capacity, from rules.low to rules.high.
  function followsAllocation(actual, rules) {
    var rates = allocationLoads(actual, rules);
    if (!rates || unskilledTasks(actual, rules).length) return false;
    return Object.keys(rates).every(function (person) {
      return rules.low <= rates[person] && rates[person] <= rules.high;
    });
  }

  // The verdict of one check: right, and for a mapping the keys right and the keys answered but wrong.
  function verdict(method, actual, expected, tolerance) {
    if (method === "one_of") {
      return { right: expected.some(function (sealed) { return unseals(actual, sealed, 0, undefined, false); }), keys: null };
    }
    if (method === "numbers") return { right: followsRules(actual, expected), keys: null };
    if (method === "allocation") return { right: followsAllocation(actual, expected), keys: null };
    if (typeof expected === "string") {
      return { right: unseals(actual, expected, tolerance, undefined, method === "same_items"), keys: null };
    }
    var right = [], wrong = [];
    // In the order of the answer's keys (the questions' order: a2 before a10), not the seals' sorted order.
    var asked = isMapping(actual) ? Object.keys(actual) : [];
    function place(key) { return asked.indexOf(key) < 0 ? asked.length : asked.indexOf(key); }
    Object.keys(expected).sort(function (one, two) { return place(one) - place(two); }).forEach(function (key) {
      var value = actual && Object.prototype.hasOwnProperty.call(actual, key) ? actual[key] : null;
      if (!isBlank(value) && unseals(value, expected[key], tolerance, key, false)) right.push(key);
      else if (!isBlank(value)) wrong.push(key);
    });
    return { right: right.length === Object.keys(expected).length, keys: { right: right, wrong: wrong } };
  }

  return {
    sha256: sha256, dump: dump, canonical: canonical, seal: seal, verdict: verdict,
    followsRules: followsRules, followsAllocation: followsAllocation, allocationLoads: allocationLoads,
    unskilledTasks: unskilledTasks, totalsByAnswer: totalsByAnswer, totalsWith: totalsWith,
    reachedByPeriod: reachedByPeriod, lowestScores: lowestScores, weightedMeans: weightedMeans,
    pointsByAnswer: pointsByAnswer
  };
})();

if (typeof module !== "undefined" && module.exports) module.exports = CourseSeals;

(function () {
  "use strict";
  if (typeof document === "undefined") return;

  // "12,5", "12.5", "12,5 %" or " 12 " as a number; anything else stays the text typed (not a number).
  function readNumber(text) {
    var written = text.trim().replace(/\s+/g, "").replace(/%$/, "").replace(",", ".");
    if (written === "") return null;
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(written) ? Number(written) : text.trim();
  }

  function fieldValue(form, field, prefix) {
    var name = prefix + "-" + (field.key || "value");
    var inputs = Array.prototype.filter.call(form.elements, function (element) { return element.name === name; });
    if (field.kind === "boolean") {
      var checked = inputs.filter(function (input) { return input.checked; })[0];
      return checked ? checked.value === "true" : null;
    }
    if (field.kind === "several") {
      return inputs.filter(function (input) { return input.checked; }).map(function (input) { return input.value; });
    }
    if (field.kind === "order") return inputs.map(function (input) { return input.value || null; });
    var value = inputs.length ? inputs[0].value : "";
    if (field.kind === "number") return readNumber(value);
    if (field.kind === "choice") return value || null;
    return value;
  }

  function answerOf(form, spec, prefix) {
    var fields = spec.fields;
    if (fields.length === 1 && !fields[0].key) return fieldValue(form, fields[0], prefix);
    var answer = {};
    fields.forEach(function (field) { answer[field.key] = fieldValue(form, field, prefix); });
    return answer;
  }

  function say(feedback, lines, right) {
    feedback.textContent = "";
    feedback.className = "exercise-feedback " + (right ? "is-right" : "is-not-yet");
    lines.forEach(function (line) {
      var paragraph = document.createElement("p");
      paragraph.textContent = line;
      feedback.appendChild(paragraph);
    });
  }

  // The worked answer (or model answer) of the exercise: the first answer toggle after the form.
  function nextToggle(form) {
    var toggles = document.querySelectorAll("details.answer-toggle");
    for (var index = 0; index < toggles.length; index++) {
      if (form.compareDocumentPosition(toggles[index]) & Node.DOCUMENT_POSITION_FOLLOWING) return toggles[index];
    }
    return null;
  }

  function notNumbers(spec, answer, words) {
    var values = spec.fields.length === 1 && !spec.fields[0].key ? [answer] : spec.fields.map(function (field) {
      return field.kind === "number" ? answer[field.key] : null;
    });
    return values.filter(function (value) { return typeof value === "string" && value !== ""; }).map(function (value) {
      return words.notNumber.replace("{value}", value);
    });
  }

  // The form's id in the learner's progress: "docname#exercise-N" (null without the store or the page's name).
  function formId(form) {
    var page = document.querySelector('meta[name="course-page"]');
    if (!window.CourseProgress || !page || !page.content) return null;
    return page.content + "#exercise-" + form.getAttribute("data-exercise");
  }

  // Each checked question of the page counts as a question of the page's quizzes in the learner's progress
  // (course-progress.js keeps the best result: a question once right stays right).
  function record(form, right) {
    var id = formId(form);
    if (id) window.CourseProgress.recordQuiz(id, { score: right ? 1 : 0, max: 1 });
  }

  // The learner's answers, kept on this device only, so that they are there again when the page opens
  // again (a phone that reloads a tab, a learner who comes back the next day), under the key the progress
  // store gives (CourseProgress.answersKey): not part of the progress an LMS receives (its room is counted),
  // forgotten by "Clear my progress". What is read back is not trusted: a value goes only into a field of its
  // own name, a select takes only one of its own options, and nothing read is ever parsed as markup.
  var MAX_KEPT = 8000; // characters per form: the answers of a grid, or a few sentences

  function keptKey(form) {
    var id = formId(form);
    return id && window.CourseProgress.answersKey(id);
  }

  function isChoice(element) {
    return element.type === "radio" || element.type === "checkbox";
  }

  function keep(form) {
    var key = keptKey(form);
    if (!key) return;
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === "submit") return;
      var list = values[element.name] || (values[element.name] = []);
      if (!isChoice(element)) list.push(element.value);
      else if (element.checked) list.push(element.value);
    });
    var text = JSON.stringify(values);
    try {
      if (text.length <= MAX_KEPT) window.localStorage.setItem(key, text);
    } catch (error) {
      // Storage unavailable or full: the answers stay on the page until it closes.
    }
  }

  function keptValues(form) {
    var key = keptKey(form);
    try {
      var text = key && window.localStorage.getItem(key);
      if (!text || text.length > MAX_KEPT) return null;
      var values = JSON.parse(text);
      return values && typeof values === "object" && !Array.isArray(values) ? values : null;
    } catch (error) {
      return null;
    }
  }

  function fill(form) {
    var values = keptValues(form);
    if (!values) return;
    var position = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !Object.prototype.hasOwnProperty.call(values, element.name)) return;
      var list = values[element.name];
      if (!Array.isArray(list)) return;
      if (isChoice(element)) {
        element.checked = list.indexOf(element.value) !== -1;
        return;
      }
      var index = position[element.name] || 0; // the places of a ranking share a name, in order
      position[element.name] = index + 1;
      var value = list[index];
      if (typeof value !== "string") return;
      var offered = element.tagName !== "SELECT" || Array.prototype.some.call(element.options, function (option) {
        return option.value === value;
      });
      if (offered) element.value = value;
    });
  }

  // A text with its {placeholders} filled in one pass (a value is never read for placeholders in its turn).
  function fillWords(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  // The words of each choice the form offers (the people of an allocation), by code.
  function choiceNames(form) {
    var names = {};
    var select = form.querySelector("select");
    Array.prototype.forEach.call(select ? select.options : [], function (option) {
      if (option.value) names[option.value] = option.textContent;
    });
    return names;
  }

  // Why an allocation is not right yet, in the notebook's words (coo_feedback.Checker's unskilled_task): each
  // task given to someone without the skill it needs, named by its label and the person's name.
  function unskilledLines(form, answer, rules, said, prefix) {
    if (!said.unskilled_task) return [];
    var names = choiceNames(form);
    return CourseSeals.unskilledTasks(answer, rules).map(function (task) {
      var label = form.querySelector('label[for="' + prefix + "-" + task + '"]');
      var person = answer[task].trim().toLowerCase();
      return fillWords(said.unskilled_task, { task: label ? label.textContent : task, person: names[person] || person });
    });
  }

  // A chart of results in words and bars: a caption, then a line of words per row, each with a bar that only
  // repeats them (hidden from screen readers). A marked row (a load outside the target zone, one of the lowest
  // scores) says so in its words, and its bar is orange and hatched, as in the notebook's charts; the row of what
  // has no answer yet (rest) is grey.
  function resultChart(caption, rows, scale, zone) {
    var result = document.createElement("div");
    result.className = "exercise-result";
    var title = document.createElement("p");
    title.textContent = caption;
    var list = document.createElement("ul");
    list.className = "result-chart";
    rows.forEach(function (row) {
      var item = document.createElement("li");
      item.className = row.marked ? "is-marked" : row.rest ? "is-rest" : "is-plain";
      var line = document.createElement("span");
      line.className = "result-words";
      line.textContent = row.text;
      var track = document.createElement("span");
      track.className = "result-track";
      track.setAttribute("aria-hidden", "true");
      if (zone) {
        var band = document.createElement("span");
        band.className = "result-zone";
        band.style.left = (100 * zone.low / scale) + "%";
        band.style.width = (100 * (zone.high - zone.low) / scale) + "%";
        track.appendChild(band);
      }
      var bar = document.createElement("span");
      bar.className = "result-bar";
      bar.style.width = (scale > 0 ? 100 * row.value / scale : 0) + "%";
      track.appendChild(bar);
      item.appendChild(line);
      item.appendChild(track);
      list.appendChild(item);
    });
    result.appendChild(title);
    result.appendChild(list);
    return result;
  }

  // Each person's load after an allocation is checked, as the notebook's chart after the check shows it (the
  // rate rounded as its labels are, on its scale: up to 130 %, or further with room above the highest load).
  function loadsChart(form, answer, rules, words) {
    var rates = CourseSeals.allocationLoads(answer, rules);
    if (!rates) return null;
    var names = choiceNames(form);
    var people = Object.keys(rates);
    var highest = Math.max.apply(null, people.map(function (person) { return rates[person]; }));
    var rows = people.map(function (person) {
      var outside = rates[person] < rules.low || rates[person] > rules.high;
      var text = fillWords(outside ? words.loadOutside : words.load, {
        name: names[person] || person, rate: Math.round(rates[person])
      });
      return { text: text, value: rates[person], marked: outside };
    });
    var caption = fillWords(words.loads, { low: rules.low, high: rules.high });
    return resultChart(caption, rows, Math.max(130, rules.high + 15, highest + 15), rules);
  }

  // The totals a notebook computes from the answers (coo_feedback.totals_by_answer): the hours of a week by the
  // family each activity is classed in, for example, and the hours of the activities without an answer.
  function totalsChart(form, answer, result, words) {
    var totals = CourseSeals.totalsByAnswer(answer, result.sizes, result.choices);
    var names = choiceNames(form);
    var sum = totals.reduce(function (total, pair) { return total + pair[1]; }, 0);
    var rows = totals.map(function (pair) {
      var text = pair[0] === null
        ? fillWords(words.unanswered, { total: pair[1] })
        : fillWords(words.total, { name: names[pair[0]] || pair[0], total: pair[1] });
      return { text: text, value: pair[1], marked: false, rest: pair[0] === null };
    });
    return resultChart(result.caption, rows, sum, null);
  }

  // The totals after the choices of the answer, as the notebook computes them (coo_feedback.totals_with): a
  // week's hours by kind after the measures chosen, for example, each bar its share of the new total.
  function afterChart(answer, result, words) {
    var totals = CourseSeals.totalsWith(answer, result.base, result.effects, result.keys);
    var sum = totals.reduce(function (total, pair) { return total + Math.max(pair[1], 0); }, 0);
    var rows = totals.map(function (pair) {
      return {
        text: fillWords(words.total, { name: result.names[pair[0]] || pair[0], total: pair[1] }),
        value: Math.max(pair[1], 0), marked: false
      };
    });
    return resultChart(result.caption, rows, sum, null);
  }

  // How many keys have started by each period, as the notebook counts them (coo_feedback.reached_by_period): the
  // criteria met quarter by quarter, for example. Nothing until each key has a period.
  function reachedChart(answer, result, words) {
    var counts = CourseSeals.reachedByPeriod(answer, result.periods);
    if (!counts.length) return null;
    var rows = counts.map(function (pair) {
      return { text: fillWords(words.total, { name: result.names[pair[0]] || pair[0], total: pair[1] }), value: pair[1], marked: false };
    });
    return resultChart(result.caption, rows, Object.keys(answer).length, null);
  }

  // The scores of an answer, the lowest marked, as the notebook finds them (coo_feedback.lowest_scores): the
  // skills to work on first in a self-assessment, for example. Nothing until each score is a number. The bars
  // run up to the check's highest score allowed, or to the highest score given.
  function lowestChart(form, answer, result, spec, words, prefix) {
    var lowest = CourseSeals.lowestScores(answer, result.keys, result.count);
    if (!lowest.length) return null;
    var highest = Math.max.apply(null, result.keys.map(function (key) { return answer[key]; }));
    var allowed = spec.check && spec.check.method === "numbers" ? spec.check.expected.high : null;
    var rows = result.keys.map(function (key) {
      var label = form.querySelector('label[for="' + prefix + "-" + key + '"] .field-words');
      var marked = lowest.indexOf(key) >= 0;
      var text = fillWords(marked ? words.scoreLowest : words.score, {
        name: label ? label.textContent : key, score: answer[key].toLocaleString(document.documentElement.lang)
      });
      return { text: text, value: answer[key], marked: marked };
    });
    return resultChart(result.caption, rows, typeof allowed === "number" ? Math.max(allowed, highest) : highest, null);
  }

  // The items' scores weighed with the weights of the answer, as the notebook computes them
  // (coo_feedback.weighted_means): the tools' scores with the learner's weights, for example, with two decimals
  // as the notebook prints them. Nothing until each weight is a number. The bars run up to the highest score.
  function meansChart(answer, result, words) {
    var means = CourseSeals.weightedMeans(answer, result.scores, result.items, result.criteria);
    if (!means.length) return null;
    var language = document.documentElement.lang;
    var highest = Math.max.apply(null, result.items.map(function (item) {
      return Math.max.apply(null, Object.keys(result.scores[item]).map(function (key) { return result.scores[item][key]; }));
    }));
    var rows = means.map(function (pair) {
      var score = pair[1].toLocaleString(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      return { text: fillWords(words.score, { name: result.names[pair[0]] || pair[0], score: score }), value: pair[1], marked: false };
    });
    return resultChart(result.caption, rows, highest, null);
  }

  // The points of a chart grouped by answer, as the notebook groups them (coo_feedback.points_by_answer): the
  // statements placed by horizon and orientation, coloured by the role the learner gives each, for example.
  // The words say each group's points and what each axis measures; the picture repeats them (hidden from
  // screen readers): each point on the two scales, with its code, in its group's colour and shape, and the
  // dotted lines where the notebook's chart divides a scale (the helper's splits).
  var SVG = "http://www.w3.org/2000/svg";
  var GROUP_STYLES = [["#0072b2", "circle"], ["#d55e00", "square"], ["#e69f00", "triangle"], ["#009e73", "diamond"],
    ["#cc79a7", "down"]];
  var REST_STYLE = ["#767676", "cross"];

  function svgNode(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function marker(style, x, y) {
    var r = 5, colour = style[0], shape = style[1];
    if (shape === "circle") return svgNode("circle", { cx: x, cy: y, r: r, fill: colour });
    if (shape === "square") return svgNode("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: colour });
    var corners = {
      triangle: [[0, -r - 1], [r + 1, r], [-r - 1, r]], down: [[0, r + 1], [r + 1, -r], [-r - 1, -r]],
      diamond: [[0, -r - 1], [r + 1, 0], [0, r + 1], [-r - 1, 0]]
    }[shape];
    if (corners) {
      return svgNode("polygon", { fill: colour, points: corners.map(function (c) { return (x + c[0]) + "," + (y + c[1]); }).join(" ") });
    }
    return svgNode("path", { d: "M" + (x - r) + " " + (y - r) + "L" + (x + r) + " " + (y + r) + "M" + (x - r) + " " + (y + r) + "L" + (x + r) + " " + (y - r), stroke: colour, "stroke-width": 2.5 });
  }

  // A scale running from half a unit below the lowest value to half a unit above the highest (as the notebooks'
  // charts do), with at most eight whole-number ticks.
  function scale(values, from, to) {
    var low = Math.floor(Math.min.apply(null, values)) - 0.5, high = Math.ceil(Math.max.apply(null, values)) + 0.5;
    var step = Math.max(1, Math.ceil((high - low) / 8)), ticks = [];
    for (var tick = Math.ceil(low); tick <= high; tick += step) ticks.push(tick);
    return { at: function (value) { return from + (to - from) * (value - low) / (high - low); }, ticks: ticks };
  }

  function pointsPicture(result, styles) {
    var width = 300, height = 210, left = 30, bottom = 24, top = 10, right = 24; // room for a code beside a point
    var points = result.points, axes = result.axes;
    var x = scale(result.keys.map(function (key) { return points[key][axes[0]]; }), left, width - right);
    var y = scale(result.keys.map(function (key) { return points[key][axes[1]]; }), height - bottom, top);
    var svg = svgNode("svg", { viewBox: "0 0 " + width + " " + height, "class": "result-points", "aria-hidden": "true", focusable: "false" });
    svg.appendChild(svgNode("rect", { x: left, y: top, width: width - left - right, height: height - top - bottom, "class": "result-frame" }));
    function label(text, attributes) {
      var node = svgNode("text", attributes);
      node.textContent = text;
      svg.appendChild(node);
    }
    var splits = result.splits || {};
    if (typeof splits[axes[0]] === "number") {
      svg.appendChild(svgNode("line", { x1: x.at(splits[axes[0]]), x2: x.at(splits[axes[0]]), y1: top, y2: height - bottom, "class": "result-split" }));
    }
    if (typeof splits[axes[1]] === "number") {
      svg.appendChild(svgNode("line", { x1: left, x2: width - right, y1: y.at(splits[axes[1]]), y2: y.at(splits[axes[1]]), "class": "result-split" }));
    }
    x.ticks.forEach(function (tick) { label(String(tick), { x: x.at(tick), y: height - 6, "text-anchor": "middle" }); });
    y.ticks.forEach(function (tick) { label(String(tick), { x: left - 6, y: y.at(tick) + 4, "text-anchor": "end" }); });
    result.keys.forEach(function (key) {
      var px = x.at(points[key][axes[0]]), py = y.at(points[key][axes[1]]);
      var point = marker(styles[key], px, py);
      point.setAttribute("class", "result-point");
      point.setAttribute("data-key", key);
      svg.appendChild(point);
      label(key, { x: px + 7, y: py - 5 });
    });
    return svg;
  }

  function pointsChart(form, answer, result, words) {
    var groups = CourseSeals.pointsByAnswer(answer, result.keys, result.choices);
    var names = choiceNames(form), styles = {};
    var chart = document.createElement("div");
    chart.className = "exercise-result";
    var title = document.createElement("p");
    title.textContent = result.caption;
    var list = document.createElement("ul");
    list.className = "result-groups";
    groups.forEach(function (group, index) {
      var style = group[0] === null ? REST_STYLE : GROUP_STYLES[index % GROUP_STYLES.length];
      group[1].forEach(function (key) { styles[key] = style; });
      if (group[0] === null && !group[1].length) return;
      var values = { name: names[group[0]] || group[0], count: group[1].length, items: group[1].join(", "), total: 0 };
      var item = document.createElement("li");
      var swatch = svgNode("svg", { viewBox: "0 0 14 14", "class": "result-swatch", "aria-hidden": "true", focusable: "false" });
      swatch.appendChild(marker(style, 7, 7));
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(fillWords(
        group[0] === null ? words.ungrouped : group[1].length ? words.group : words.total, values
      )));
      list.appendChild(item);
    });
    var axes = document.createElement("p");
    axes.className = "result-axes";
    [[words.horizontal, result.axes[0]], [words.vertical, result.axes[1]]].forEach(function (axis) {
      var line = document.createElement("span");
      line.textContent = fillWords(axis[0], { name: result.names[axis[1]] });
      axes.appendChild(line);
    });
    chart.appendChild(title);
    chart.appendChild(list);
    chart.appendChild(axes);
    chart.appendChild(pointsPicture(result, styles));
    return chart;
  }

  // After a check, right or not, what the notebook computes from the answer: the charts of the last check only.
  function showResults(form, spec, answer, words, prefix) {
    Array.prototype.forEach.call(form.querySelectorAll(".exercise-result"), function (shown) {
      shown.parentNode.removeChild(shown);
    });
    var charts = (spec.results || []).map(function (result) {
      if (result.method === "totals") return totalsChart(form, answer, result, words);
      if (result.method === "lowest") return lowestChart(form, answer, result, spec, words, prefix);
      if (result.method === "means") return meansChart(answer, result, words);
      if (result.method === "after") return afterChart(answer, result, words);
      if (result.method === "reached") return reachedChart(answer, result, words);
      if (result.method === "points") return pointsChart(form, answer, result, words);
      return null;
    });
    if (spec.check && spec.check.method === "allocation") charts.unshift(loadsChart(form, answer, spec.check.expected, words));
    var after = form.querySelector(".exercise-feedback");
    charts.forEach(function (chart) {
      if (!chart) return;
      after.insertAdjacentElement("afterend", chart);
      after = chart;
    });
  }

  function check(form) {
    var data = JSON.parse(form.querySelector("script.exercise-data").textContent);
    var spec = data.spec, words = data.words, said = spec.words || {};
    var prefix = "exercise-" + form.getAttribute("data-exercise");
    var feedback = form.querySelector(".exercise-feedback");
    var answer = answerOf(form, spec, prefix);
    if (!spec.check) {
      var toggle = nextToggle(form);
      if (toggle) toggle.open = true;
      say(feedback, [words.compared], true);
      return;
    }
    var result = CourseSeals.verdict(spec.check.method, answer, spec.check.expected, spec.check.tolerance);
    record(form, result.right);
    showResults(form, spec, answer, words, prefix);
    if (result.right) {
      say(feedback, [said.correct || "✅"], true);
      return;
    }
    var lines = [said.not_yet || "❌"];
    if (result.keys) {
      var total = Object.keys(spec.check.expected).length;
      if (said.score) lines.push(said.score.replace("{right}", result.keys.right.length).replace("{total}", total));
      if (said.review_label && result.keys.wrong.length) lines.push(said.review_label + " " + result.keys.wrong.join(", "));
    }
    lines = lines.concat(notNumbers(spec, answer, words));
    if (spec.check.method === "allocation") lines = lines.concat(unskilledLines(form, answer, spec.check.expected, said, prefix));
    if (spec.check.hint) lines.push(((said.hint_label || "") + " " + spec.check.hint).trim());
    say(feedback, lines, false);
  }

  document.querySelectorAll("form.course-exercise").forEach(function (form) {
    fill(form);
    form.addEventListener("change", function () { keep(form); });
    form.addEventListener("input", function () { keep(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keep(form);
      check(form);
    });
  });
})();
