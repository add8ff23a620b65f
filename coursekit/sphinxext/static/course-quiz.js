// Module quizzes and the final assessment, scored in the browser (coursekit/sphinxext/quiz.py writes them).
// Without this script the questions show as written, with their answers behind a toggle; with it
// each question becomes native inputs in a fieldset, scored together on submit. Words come from
// the page (#course-script-text, translated in ui.po); the keys are the data-quiz-key attributes, the
// right answers needed to pass and the attempts before the final assessment shows its key are data of
// the assessment (data-needed, data-answers-after), written by the build. Each attempt goes to the
// progress store (course-progress.js), which keeps the best result and the last answers: a reload
// shows the last attempt again.
(function () {
  "use strict";
  var wordsElement = document.getElementById("course-script-text");
  var words = wordsElement ? JSON.parse(wordsElement.textContent) : {};
  var serial = 0;
  var LETTERS = "abcdefghijklmnopqrstuvwxyz";

  // A word of the catalog, its {fields} filled with plain text (never markup).
  function say(name, values) {
    return String(words[name] || "").replace(/\{(\w+)\}/g, function (field, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : field;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function childrenOf(parent, selector) {
    return Array.prototype.filter.call(parent.children, function (child) { return child.matches(selector); });
  }

  function inlineCopy(source, target) {
    // The content of an option or prompt, without its paragraph wrapper (a label holds phrasing content).
    var paragraphs = source.querySelectorAll(":scope > p");
    var parts = paragraphs.length ? Array.prototype.slice.call(paragraphs) : [source];
    parts.forEach(function (part, index) {
      if (index) target.appendChild(document.createTextNode(" "));
      Array.prototype.forEach.call(part.childNodes, function (node) { target.appendChild(node.cloneNode(true)); });
    });
    // Ids must stay unique in the page: copies keep none.
    target.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
  }

  function sameList(first, second) {
    return first.length === second.length && first.every(function (value, index) { return value === second[index]; });
  }

  function Question(container) {
    var self = this;
    var id = "quiz-" + (++serial);
    this.container = container;
    this.type = container.getAttribute("data-quiz-type");
    this.key = container.getAttribute("data-quiz-key").split(" ").map(Number);
    this.assesses = (container.getAttribute("data-assesses") || "").split(" ").filter(Boolean);
    this.options = childrenOf(container, "ol.quiz-options")[0];
    this.answer = childrenOf(container, "details.answer-toggle")[0];
    this.prompt = childrenOf(container, "p:not(.quiz-assesses):not(.question-number)").filter(function (paragraph) {
      return paragraph.compareDocumentPosition(self.options) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    this.feedbackByOption = {};
    if (this.answer) {
      this.answer.querySelectorAll("dl.quiz-option-feedback > dt").forEach(function (term) {
        var definition = term.nextElementSibling;
        var option = LETTERS.indexOf(term.textContent.trim().charAt(0));
        term.setAttribute("data-option", String(option));
        self.feedbackByOption[option] = definition;
      });
    }
    var items = childrenOf(this.options, "li");

    this.fieldset = element("fieldset", "quiz-fieldset");
    var legend = element("legend", "quiz-legend");
    this.prompt.forEach(function (paragraph, index) {
      var part = element("span");
      if (index) legend.appendChild(document.createTextNode(" "));
      inlineCopy(paragraph, part);
      legend.appendChild(part);
      paragraph.hidden = true;
    });
    this.fieldset.appendChild(legend);

    if (this.type === "ordering") {
      var hint = element("p", "quiz-hint", say("orderingHint"));
      hint.id = id + "-hint";
      this.fieldset.setAttribute("aria-describedby", hint.id);
      this.fieldset.appendChild(hint);
      this.list = element("ol", "quiz-ordering");
      items.forEach(function (item, index) {
        var row = element("li", "quiz-ordering-item");
        row.setAttribute("data-option", String(index));
        var text = element("span", "quiz-ordering-text");
        text.appendChild(element("span", "quiz-letter", LETTERS.charAt(index) + ") "));
        inlineCopy(item, text);
        row.appendChild(text);
        var plain = text.textContent;
        [["moveUp", -1, "↑"], ["moveDown", 1, "↓"]].forEach(function (move) {
          var button = element("button", "quiz-move");
          button.type = "button";
          button.setAttribute("data-move", String(move[1]));
          var arrow = element("span", null, move[2]);
          arrow.setAttribute("aria-hidden", "true");
          button.appendChild(arrow);
          button.appendChild(element("span", "visually-hidden", say(move[0], { item: plain })));
          button.addEventListener("click", function () { self.move(row, move[1], button); });
          row.appendChild(button);
        });
        self.list.appendChild(row);
      });
      this.fieldset.appendChild(this.list);
      this.announcer = element("p", "visually-hidden");
      this.announcer.setAttribute("role", "status");
      this.fieldset.appendChild(this.announcer);
    } else {
      var kind = this.type === "multiple" ? "checkbox" : "radio";
      this.inputs = items.map(function (item, index) {
        var choice = element("div", "quiz-choice");
        var input = element("input");
        input.type = kind;
        input.name = id;
        input.id = id + "-" + index;
        input.value = String(index);
        var label = element("label");
        label.htmlFor = input.id;
        label.appendChild(element("span", "quiz-letter", LETTERS.charAt(index) + ") "));
        inlineCopy(item, label);
        choice.appendChild(input);
        choice.appendChild(label);
        self.fieldset.appendChild(choice);
        return input;
      });
      this.shuffle();
    }
    this.feedback = element("div", "quiz-feedback");
    this.feedback.hidden = true;
    this.options.hidden = true;
    if (this.answer) this.answer.hidden = true;
    this.options.parentNode.insertBefore(this.fieldset, this.options);
    this.fieldset.parentNode.insertBefore(this.feedback, this.fieldset.nextSibling);
  }

  Question.prototype.move = function (row, step, button) {
    var rows = Array.prototype.slice.call(this.list.children);
    var target = rows.indexOf(row) + step;
    if (target >= 0 && target < rows.length) {
      this.list.insertBefore(row, step < 0 ? rows[target] : rows[target].nextSibling);
      button.focus();
    }
    var position = Array.prototype.indexOf.call(this.list.children, row) + 1;
    this.announcer.textContent = say("moved", {
      item: row.querySelector(".quiz-ordering-text").textContent, position: position, count: rows.length,
    });
  };

  Question.prototype.chosen = function () {
    if (this.type === "ordering") {
      return Array.prototype.map.call(this.list.children, function (row) { return Number(row.getAttribute("data-option")); });
    }
    return this.inputs.filter(function (input) { return input.checked; }).map(function (input) { return Number(input.value); });
  };

  // The options of a choice question in a new order at each attempt, so that where the key stands says
  // nothing (true or false keeps its order). Letters follow the order shown, in the answer block too; the
  // inputs keep their option's index as value, so scoring and the progress store never see the order. The
  // e-book and the print edition, without this script, keep the written order with its key.
  Question.prototype.shuffle = function () {
    var order = this.inputs.map(function (input, index) { return index; });
    if (this.type !== "true-false") {
      for (var last = order.length - 1; last > 0; last--) {
        var other = Math.floor(Math.random() * (last + 1));
        var kept = order[last];
        order[last] = order[other];
        order[other] = kept;
      }
    }
    this.order = order;
    var self = this;
    order.forEach(function (option, position) {
      var choice = self.inputs[option].parentNode;
      choice.querySelector(".quiz-letter").textContent = LETTERS.charAt(position) + ") ";
      self.fieldset.appendChild(choice);  // after the legend, in the new order
    });
    if (this.answer) {
      var key = this.answer.querySelector(".quiz-key");
      if (key && key.lastChild && key.lastChild.nodeType === Node.TEXT_NODE) key.lastChild.textContent = " " + this.letters(this.key);
      var list = this.answer.querySelector("dl.quiz-option-feedback");
      if (list) {
        var terms = Array.prototype.slice.call(list.querySelectorAll(":scope > dt[data-option]"));
        terms.sort(function (a, b) {
          return order.indexOf(Number(a.getAttribute("data-option"))) - order.indexOf(Number(b.getAttribute("data-option")));
        });
        terms.forEach(function (term) {
          var definition = term.nextElementSibling;
          term.textContent = self.letterOf(Number(term.getAttribute("data-option"))) + ")";
          list.appendChild(term);
          list.appendChild(definition);
        });
      }
    }
  };

  // The letter an option shows in this attempt.
  Question.prototype.letterOf = function (option) {
    var position = this.order ? this.order.indexOf(option) : option;
    return LETTERS.charAt(position);
  };

  Question.prototype.letters = function (indexes) {
    var self = this;
    var letters = indexes.map(function (index) { return self.letterOf(index); });
    return (this.type === "ordering" ? letters : letters.sort()).join(", ");
  };

  // Whether the answer given is the key.
  Question.prototype.isRight = function () {
    var chosen = this.chosen();
    var compared = this.type === "ordering" ? chosen : chosen.slice().sort(function (a, b) { return a - b; });
    return sameList(compared, this.key);
  };

  // Shows the verdict; with reveal, also the expected answer, the feedback on each option chosen and the
  // explanation. Without (the final assessment, before it is passed or its attempts are used): right or
  // wrong only, so that the next attempt is not a copy of the key. Returns 1 (right) or 0.
  Question.prototype.showVerdict = function (reveal) {
    var chosen = this.chosen();
    var right = this.isRight();
    var answered = chosen.length > 0;
    var self = this;
    this.feedback.textContent = "";
    this.feedback.hidden = false;
    var verdict = element("p", "quiz-verdict");
    verdict.appendChild(element("strong", null, right ? say("correct") : answered ? say("incorrect") : say("unanswered")));
    if (!right && reveal) verdict.appendChild(document.createTextNode(" " + say("expected", { answer: this.letters(this.key) })));
    this.feedback.appendChild(verdict);
    if (this.type !== "ordering" && reveal) {
      chosen.forEach(function (index) {
        var explained = self.feedbackByOption[index];
        if (!explained) return;
        var note = element("div", "quiz-option-note");
        note.appendChild(element("span", "quiz-letter", self.letterOf(index) + ") "));
        Array.prototype.forEach.call(explained.childNodes, function (node) { note.appendChild(node.cloneNode(true)); });
        self.feedback.appendChild(note);
      });
    }
    this.container.classList.toggle("quiz-right", right);
    this.container.classList.toggle("quiz-wrong", !right);
    this.setEnabled(false);
    if (this.answer) this.answer.hidden = !reveal;
    return right ? 1 : 0;
  };

  // The answer as the progress store keeps it: the letters chosen, or for ordering the order given.
  Question.prototype.answerText = function () {
    return this.chosen().map(function (index) { return LETTERS.charAt(index); }).join("");
  };

  // Puts back an answer the store kept; false (nothing changed) if it does not fit this question.
  Question.prototype.restore = function (text) {
    var indexes = text.split("").map(function (letter) { return LETTERS.indexOf(letter); });
    if (this.type === "ordering") {
      var rows = Array.prototype.slice.call(this.list.children);
      var sorted = indexes.slice().sort(function (a, b) { return a - b; });
      if (!sameList(sorted, rows.map(function (row, index) { return index; }))) return false;
      var list = this.list;
      indexes.forEach(function (option) {
        list.appendChild(rows.filter(function (row) { return Number(row.getAttribute("data-option")) === option; })[0]);
      });
      return true;
    }
    var inputs = this.inputs;
    if (!indexes.every(function (index) { return index >= 0 && index < inputs.length; })) return false;
    if (this.type !== "multiple" && indexes.length > 1) return false;
    inputs.forEach(function (input, index) { input.checked = indexes.indexOf(index) !== -1; });
    return true;
  };

  Question.prototype.setEnabled = function (enabled) {
    var controls = this.type === "ordering" ? this.list.querySelectorAll("button") : this.inputs;
    Array.prototype.forEach.call(controls, function (control) { control.disabled = !enabled; });
  };

  Question.prototype.clear = function () {
    if (this.type === "ordering") {
      var list = this.list;
      Array.prototype.slice.call(list.children)
        .sort(function (a, b) { return Number(a.getAttribute("data-option")) - Number(b.getAttribute("data-option")); })
        .forEach(function (row) { list.appendChild(row); });
      this.announcer.textContent = "";
    } else {
      this.inputs.forEach(function (input) { input.checked = false; });
    }
    this.setEnabled(true);
    this.feedback.hidden = true;
    this.feedback.textContent = "";
    this.container.classList.remove("quiz-right", "quiz-wrong");
    if (this.answer) {
      this.answer.open = false;
      this.answer.hidden = true;
    }
  };

  Question.prototype.firstControl = function () {
    return this.type === "ordering" ? this.list.querySelector("button") : this.inputs[this.order[0]];
  };

  function number(container, name) {
    return container.hasAttribute(name) ? Number(container.getAttribute(name)) : null;
  }

  function QuizSet(container) {
    var self = this;
    this.container = container;
    this.quizId = container.getAttribute("data-quiz-id");
    this.passMark = number(container, "data-pass-mark");
    // Computed once, by the build (quiz.py's needed_points): the right answers that pass.
    this.needed = number(container, "data-needed");
    // The attempts after which the final assessment shows its expected answers (course.toml).
    this.answersAfter = number(container, "data-answers-after");
    this.storeId = this.passMark === null ? this.quizId : "assessment";
    this.questions = Array.prototype.map.call(container.querySelectorAll(".quiz-question[data-quiz-type]"), function (question) {
      return new Question(question);
    });
    var actions = element("div", "quiz-actions");
    this.submitButton = element("button", "quiz-submit", say("submit"));
    this.submitButton.type = "button";
    this.retryButton = element("button", "quiz-retry", say("retry"));
    this.retryButton.type = "button";
    this.retryButton.hidden = true;
    actions.appendChild(this.submitButton);
    actions.appendChild(this.retryButton);
    this.result = element("div", "quiz-result");
    this.result.setAttribute("role", "status");
    this.result.tabIndex = -1;
    container.appendChild(actions);
    container.appendChild(this.result);
    this.submitButton.addEventListener("click", function () { self.submit(); });
    this.retryButton.addEventListener("click", function () { self.retry(); });
    // Once the learner acts on the quiz, nothing from the store overwrites what they are doing.
    this.touched = false;
    this.restored = false;
    ["change", "click"].forEach(function (type) {
      container.addEventListener(type, function () { self.touched = true; });
    });
    this.restoreLastAttempt();
    // The store may be filled after this script ran: in an LMS, the SCORM runtime restores the learner's
    // progress into the page once it has loaded. An untouched quiz then shows its last attempt too.
    document.addEventListener("course-progress", function () {
      if (!self.touched) self.restoreLastAttempt();
    });
  }

  QuizSet.prototype.answers = function () {
    return this.questions.map(function (question) { return question.answerText(); }).join(",");
  };

  // The final assessment shows its key once passed (the best result kept) or after its set attempts.
  QuizSet.prototype.reveals = function (attempts) {
    if (this.passMark === null) return true;
    var best = window.CourseProgress && window.CourseProgress.get().assessment;
    return Boolean(best && best.passed) || (this.answersAfter !== null && attempts >= this.answersAfter);
  };

  // Scores the answers given and shows the result; record: the attempt goes to the progress store.
  QuizSet.prototype.show = function (record, attempts) {
    var score = 0;
    var revisit = [];
    this.questions.forEach(function (question) {
      if (question.isRight()) {
        score += 1;
        return;
      }
      question.assesses.forEach(function (objective) {
        if (revisit.indexOf(objective) === -1) revisit.push(objective);
      });
    });
    var max = this.questions.length;
    var store = window.CourseProgress;
    if (record && store) {
      if (this.passMark === null) {
        store.recordQuiz(this.quizId, { score: score, max: max, answers: this.answers() });
      } else {
        store.recordAssessment({
          score: score, max: max, passMark: this.passMark, passed: this.passes(score), revisit: revisit,
          answers: this.answers(),
        });
      }
      var last = store.lastAttempt(this.storeId);
      attempts = last ? last.attempts : attempts;
    }
    var reveal = this.reveals(attempts);
    this.questions.forEach(function (question) { question.showVerdict(reveal); });
    this.result.textContent = "";
    if (this.passMark === null) {
      this.result.appendChild(element("p", "quiz-score", say("score", { score: score, max: max })));
    } else {
      var passed = this.passes(score);
      this.result.appendChild(element("p", "quiz-score", say("assessmentScore", { score: score, max: max, needed: this.needed })));
      this.result.appendChild(element("p", passed ? "quiz-passed" : "quiz-failed", say(passed ? "passed" : "failed")));
      this.result.appendChild(this.revisitList(revisit));
      if (!reveal) {
        this.result.appendChild(element("p", "quiz-answers-hidden", say("answersHidden", { attempt: attempts, count: this.answersAfter })));
      }
    }
    this.submitButton.hidden = true;
    this.retryButton.hidden = false;
  };

  // The objectives to revisit by name, each linked to where it is taught, in course order: the build lists
  // every objective in the page (.assessment-objectives, hidden); an objective it does not list keeps its id.
  QuizSet.prototype.revisitList = function (revisit) {
    var block = element("div", "quiz-revisit");
    if (!revisit.length) {
      block.appendChild(element("p", null, say("nothingToRevisit")));
      return block;
    }
    block.appendChild(element("p", null, say("revisit")));
    var list = element("ul");
    var catalog = this.container.querySelector(".assessment-objectives");
    var named = [];
    if (catalog) {
      Array.prototype.forEach.call(catalog.querySelectorAll("li"), function (item) {
        revisit.forEach(function (objective) {
          if (item.classList.contains("revisit-" + objective.toLowerCase().replace(/\./g, "-"))) {
            list.appendChild(item.cloneNode(true));
            named.push(objective);
          }
        });
      });
    }
    revisit.filter(function (objective) { return named.indexOf(objective) === -1; }).sort().forEach(function (objective) {
      list.appendChild(element("li", null, objective));
    });
    block.appendChild(list);
    return block;
  };

  // Passed when the right answers reach the number the build computed (never a rounded percentage).
  QuizSet.prototype.passes = function (score) {
    return this.needed !== null && score >= this.needed;
  };

  QuizSet.prototype.submit = function () {
    this.show(true, 0);
    this.result.focus();
  };

  // After a reload: the last attempt's answers and result, as the learner left them (nothing recorded).
  // An attempt that no longer fits the questions (an earlier edition of the quiz) is not shown.
  QuizSet.prototype.restoreLastAttempt = function () {
    var last = window.CourseProgress && this.storeId ? window.CourseProgress.lastAttempt(this.storeId) : null;
    var answers = last ? last.answers.split(",") : [];
    var questions = this.questions;
    var fits = answers.length === questions.length && questions.every(function (question, index) {
      return question.restore(answers[index]);
    });
    if (fits) {
      this.show(false, last.attempts);
      this.restored = true;
      return;
    }
    if (last || this.restored) this.clear();
    this.restored = false;
  };

  QuizSet.prototype.clear = function () {
    this.questions.forEach(function (question) { question.clear(); });
    this.result.textContent = "";
    this.retryButton.hidden = true;
    this.submitButton.hidden = false;
  };

  QuizSet.prototype.retry = function () {
    this.clear();
    this.questions.forEach(function (question) {
      if (question.type !== "ordering") question.shuffle();
    });
    var first = this.questions.length && this.questions[0].firstControl();
    if (first) first.focus();
  };

  document.querySelectorAll(".quiz[data-quiz-id], .assessment[data-pass-mark]").forEach(function (container) {
    new QuizSet(container);
  });
})();
