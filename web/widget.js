/*
 * The rehearsal chat widget: a small chat window that talks to the Rasa
 * server over socket.io (Rasa's `socketio` channel with session persistence).
 *
 *   <script src="https://YOUR-SERVER:8080/widget.js"></script>
 *   <script>RehearsalChat.mount({ server: "https://YOUR-SERVER:5005" });</script>
 *
 * Options: server (the Rasa server's URL), container (a CSS selector; by
 * default the widget adds its own element to the page).
 *
 * Bot text is only ever set with textContent, never as HTML. The transcript
 * and the session id live in this browser's localStorage so that a reload
 * shows the same conversation; "New conversation" starts afresh here, and
 * "Delete conversation" (or the bot's own "Yes, erase it" button) erases the
 * conversation on the server and in this browser.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var BASE = SCRIPT ? SCRIPT.src.replace(/[^/]*$/, "") : "";
  var STORE = "rehearsal-chat";
  var CHARACTER = /^(.+?) \((your [a-z]+)\): ([\s\S]*)$/;
  var COACH = /^Coach: ([\s\S]*)$/;
  var MODEL = /^Model answer: ([\s\S]*)$/;  // the patient's side of a demo
  // Erasing (docs/privacy.md): the server asks before it erases, so the Delete
  // button sends the request, answers the server's question with ERASE, and
  // waits for a message carrying ERASED, which also comes when the user types
  // "delete my conversation" and presses the bot's own "Yes, erase it".
  var ERASE_REQUEST = "/erase_conversation";
  var ERASE = "/confirm_erase";
  var ERASED = "conversation_erased";
  var ERASE_TIMEOUT_MS = 10000;
  var PENDING = "rehearsal-chat-erase-pending";  // ids whose server copy may remain

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function loadScript(src, done) {
    if (window.io) return done();
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    document.head.appendChild(script);
  }

  function saved() {
    try {
      return JSON.parse(localStorage.getItem(STORE)) || {};
    } catch (e) {
      return {};
    }
  }

  function newSessionId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "")
      : String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function addStylesheet() {
    if (document.querySelector('link[href$="widget.css"]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = BASE + "widget.css";
    document.head.appendChild(link);
  }

  function mount(options) {
    options = options || {};
    addStylesheet();
    var server = options.server || (location.protocol + "//" + location.hostname + ":5005");
    var root = options.container ? document.querySelector(options.container) : document.body.appendChild(el("div"));
    root.classList.add("rc");

    var state = saved();
    if (!state.sessionId) state = { sessionId: newSessionId(), messages: [] };

    var header = el("div", "rc-header");
    header.appendChild(el("h2", "rc-title", "Practise a hard conversation"));
    var largeText = el("button", "rc-large", "Large text");
    largeText.type = "button";
    largeText.setAttribute("aria-pressed", "false");
    var restart = el("button", "rc-new", "New conversation");
    restart.type = "button";
    var erase = el("button", "rc-delete", "Delete conversation");
    erase.type = "button";
    header.appendChild(largeText);
    header.appendChild(restart);
    header.appendChild(erase);

    var note = el("p", "rc-note", "A practice space for hard conversations, not medical advice. " +
      "Your conversation is kept in this browser and, for a limited time, on the assistant's server. " +
      "\u201cDelete conversation\u201d erases it from both.");
    var log = el("div", "rc-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0;

    var tools = el("div", "rc-tools");
    var coachButton = el("button", "rc-coach-button", "What should I say?");
    var stopButton = el("button", "rc-stop-button", "Stop");
    var demoButton = el("button", "rc-demo-button", "Show an example");
    var saveButton = el("button", "rc-save-button", "Download transcript");
    coachButton.type = stopButton.type = demoButton.type = saveButton.type = "button";
    [coachButton, stopButton, demoButton, saveButton].forEach(function (b) { tools.appendChild(b); });

    var form = el("form", "rc-form");
    var input = el("input", "rc-input");
    input.type = "text";
    input.setAttribute("aria-label", "Your message");
    input.placeholder = "Type your answer…";
    input.autocomplete = "off";
    var send = el("button", "rc-send", "Send");
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);

    [header, note, log, tools, form].forEach(function (part) { root.appendChild(part); });

    function persist() {
      localStorage.setItem(STORE, JSON.stringify(state));
    }

    function render(message) {
      var item;
      // Only the newest message's buttons work: an old "Next" or "Stop"
      // would act on whatever runs now.
      Array.prototype.forEach.call(log.querySelectorAll(".rc-choice"), function (b) { b.disabled = true; });
      if (message.from === "user") {
        item = el("div", "rc-msg rc-user");
        item.appendChild(el("span", "rc-who", "You"));
        item.appendChild(el("p", "rc-text", message.text));
      } else {
        var character = CHARACTER.exec(message.text || "");
        var coach = COACH.exec(message.text || "");
        var model = MODEL.exec(message.text || "");
        item = el("div", "rc-msg " + (character ? "rc-character" : model ? "rc-model" : "rc-coach"));
        item.appendChild(el("span", "rc-who", character ? character[1] + " (" + character[2] + ")" : model ? "Model answer" : "Coach"));
        item.appendChild(el("p", "rc-text", character ? character[3] : model ? model[1] : (coach ? coach[1] : message.text)));
        var buttons = message.buttons || [];
        if (buttons.length) {
          var row = el("div", "rc-buttons");
          buttons.forEach(function (button) {
            var b = el("button", "rc-choice", button.title);
            b.type = "button";
            b.addEventListener("click", function () { say(button.payload, button.title); });
            row.appendChild(b);
          });
          item.appendChild(row);
        }
      }
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
    }

    var socket;
    var erasing = null;  // the timer while the Delete button waits for the server
    var lastBotText = "";

    function remember(message) {
      state.messages.push(message);
      persist();
      render(message);
    }

    function emit(text, sessionId) {
      socket.emit("user_uttered", { message: text, session_id: sessionId || state.sessionId });
    }

    function say(text, shown) {
      if (!text.trim() || !socket || erasing) return;
      remember({ from: "user", text: shown || text });
      emit(text);
    }

    // The transcript is made here, from this browser's copy: nothing is
    // asked of the server or kept there for it.
    function downloadTranscript() {
      var lines = ["Practice conversation, " + new Date().toLocaleString(), ""];
      state.messages.forEach(function (m) {
        lines.push(m.from === "user" ? "You: " + m.text : m.text, "");
      });
      lines.push("A practice tool, not medical advice.");
      var link = el("a");
      link.href = URL.createObjectURL(new Blob([lines.join("\n")], { type: "text/plain;charset=utf-8" }));
      link.download = "practice-transcript-" + new Date().toISOString().slice(0, 10) + ".txt";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }

    function setBusy(busy) {
      input.disabled = send.disabled = coachButton.disabled = stopButton.disabled = erase.disabled = busy;
    }

    function startAfresh() {
      localStorage.removeItem(STORE);
      state = { sessionId: newSessionId(), messages: [] };
      log.textContent = "";
      if (socket) socket.disconnect();
    }

    function eraseConversation() {
      if (erasing) return;
      if (!socket || !socket.connected) {
        render({ from: "bot", text: "Coach: Not connected to the server yet. Please try again in a moment." });
        return;
      }
      setBusy(true);
      erasing = setTimeout(function () {
        // Forget it here all the same, and ask the server again on the next connection.
        var pending = pendingErases();
        pending.push(state.sessionId);
        localStorage.setItem(PENDING, JSON.stringify(pending));
        erased("Coach: The server did not answer in time. This browser's copy is erased; " +
          "the page will ask the server to erase its copy when it next connects.");
      }, ERASE_TIMEOUT_MS);
      emit(ERASE_REQUEST);
    }

    function pendingErases() {
      try {
        return JSON.parse(localStorage.getItem(PENDING)) || [];
      } catch (e) {
        return [];
      }
    }

    // The conversation is gone from the server: forget it here too and start
    // a new one. The confirmation is shown but not kept.
    function erased(text) {
      clearTimeout(erasing);
      erasing = null;
      setBusy(false);
      startAfresh();
      render({ from: "bot", text: text });
      connect(true);
    }

    function connect(quiet) {
      socket = window.io(server, { transports: ["websocket", "polling"] });
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: state.sessionId });
        pendingErases().forEach(function (old) {  // the server erases after its own question
          emit(ERASE_REQUEST, old);
          emit(ERASE, old);
        });
        localStorage.removeItem(PENDING);
      });
      socket.on("session_confirm", function () {
        if (!state.messages.length && !quiet) say("hi", "Hi");
      });
      socket.on("bot_uttered", function (data) {
        if (data[ERASED]) return erased(lastBotText);
        var buttons = (data.quick_replies || data.buttons || []).map(function (b) {
          return { title: b.title, payload: b.payload };
        });
        if (erasing) {  // the Delete button's exchange is not shown
          if (buttons.some(function (b) { return b.payload === ERASE; })) emit(ERASE);
          lastBotText = data.text || "";
          return;
        }
        lastBotText = data.text || "";
        remember({ from: "bot", text: lastBotText, buttons: buttons });
      });
    }

    state.messages.forEach(render);
    persist();

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say(input.value);
      input.value = "";
    });
    coachButton.addEventListener("click", function () { say("what should I say?", "What should I say?"); });
    demoButton.addEventListener("click", function () { say("/start_demo", "Show an example"); });
    saveButton.addEventListener("click", downloadTranscript);
    stopButton.addEventListener("click", function () { say("/stop", "Stop"); });
    largeText.addEventListener("click", function () {
      var on = root.classList.toggle("rc-large-text");
      largeText.setAttribute("aria-pressed", String(on));
    });
    restart.addEventListener("click", function () {
      startAfresh();
      connect();
    });
    erase.addEventListener("click", function () {
      if (window.confirm("Erase this whole conversation from the server and from this browser? This can't be undone.")) {
        eraseConversation();
      }
    });

    loadScript(BASE + "vendor/socket.io.min.js", function () { connect(false); });
    return root;
  }

  window.RehearsalChat = { mount: mount };
})();
