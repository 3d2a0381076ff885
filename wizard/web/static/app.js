/* Optional enhancements only: every page works without this file. */
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Questions that depend on another question on the same page appear at once.
  var shownInput = document.querySelector("[data-shown]");
  var dependents = Array.prototype.slice.call(document.querySelectorAll("[data-reveal]"));

  function currentValues(name) {
    var values = [];
    var inputs = document.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { continue; }
      if (el.value !== "") { values.push(el.value); }
    }
    return values;
  }

  function update() {
    var shown = shownInput ? shownInput.value.split(",").filter(Boolean) : [];
    dependents.forEach(function (block) {
      var rule = block.getAttribute("data-reveal").split("=");
      var wanted = rule[1].split("|");
      var values = currentValues(rule[0]);
      var visible = values.some(function (v) { return wanted.indexOf("*") !== -1 || wanted.indexOf(v) !== -1; });
      block.hidden = !visible;
      var id = block.getAttribute("data-field");
      var at = shown.indexOf(id);
      if (visible && at === -1) { shown.push(id); }
      if (!visible && at !== -1) { shown.splice(at, 1); }
    });
    if (shownInput) { shownInput.value = shown.join(","); }
  }

  if (dependents.length) {
    document.addEventListener("change", update);
    document.addEventListener("input", update);
    update();
  }

  // "Listen": read the question aloud with the device's own voices. Nothing is sent anywhere.
  var synth = window.speechSynthesis;
  var buttons = document.querySelectorAll("[data-listen]");
  if (!synth || !buttons.length || typeof SpeechSynthesisUtterance === "undefined") { return; }
  var lang = document.documentElement.lang.toLowerCase();
  var base = lang.split("-")[0];

  function voiceFor() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      var v = voices[i].lang.toLowerCase().replace("_", "-");
      if (v === lang) { return voices[i]; }
    }
    for (var j = 0; j < voices.length; j++) {
      if (voices[j].lang.toLowerCase().split(/[-_]/)[0] === base) { return voices[j]; }
    }
    return null;
  }

  function enable() {
    var voice = voiceFor();
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      button.hidden = !voice;
      if (!voice || button.getAttribute("data-ready")) { continue; }
      button.setAttribute("data-ready", "1");
      button.addEventListener("click", function (event) {
        var block = document.getElementById(event.currentTarget.getAttribute("data-listen"));
        if (!block) { return; }
        var parts = [];
        var nodes = block.querySelectorAll(".label, legend, .hint, .option label");
        for (var k = 0; k < nodes.length; k++) {
          if (!nodes[k].closest('[lang="de"]')) { parts.push(nodes[k].textContent.replace(/\s+/g, " ").trim()); }
        }
        synth.cancel();
        var utterance = new SpeechSynthesisUtterance(parts.join(". "));
        utterance.voice = voiceFor();
        utterance.lang = utterance.voice ? utterance.voice.lang : lang;
        synth.speak(utterance);
      });
    }
  }
  enable();
  if ("onvoiceschanged" in synth) { synth.addEventListener("voiceschanged", enable); }
})();
