// The demo's channel page: polls /demo/state, renders the channel as Slack would, and sends commands and clicks.
// Everything from the bot becomes DOM text nodes (textContent), never HTML, so nothing it carries can run here.
"use strict";

const POLL_MS = 500;
const EMOJI = {
  white_check_mark: "✅", warning: "⚠️", no_entry: "⛔", rotating_light: "🚨", information_source: "ℹ️", gear: "⚙️",
  thread: "🧵", hourglass_flowing_sand: "⏳", hourglass: "⌛", hammer_and_wrench: "🛠️", grey_question: "❔", eyes: "👀",
  black_square_button: "🔲", ballot_box_with_check: "☑️", x: "❌", lock: "🔒", mag: "🔍", tada: "🎉", red_circle: "🔴",
  large_green_circle: "🟢", large_yellow_circle: "🟡", question: "❓", heavy_check_mark: "✔️", wrench: "🔧",
};

const page = { state: null, shown: null, me: null, thread: null };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// ---- mrkdwn: Slack's escaped text (&amp; &lt; &gt;) with *bold*, _italic_, ~strike~, `code`, ```blocks```, <links>

function unescapeSlack(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function personName(id) {
  const person = page.state && page.state.people.find((p) => p.id === id);
  if (person) return person.name;
  return page.state && id === page.state.bot.id ? page.state.bot.name : id;
}

function angle(token) {
  const inner = token.slice(1, -1);
  const bar = inner.indexOf("|"); // Slack splits at the first bar only: a label may hold more
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (target.startsWith("@")) return el("span", "mention", "@" + personName(target.slice(1)));
  if (target.startsWith("#")) return el("span", "mention", "#" + (label || page.state.channel.name));
  if (target.startsWith("!subteam^")) {
    const id = target.slice("!subteam^".length);
    return el("span", "mention", label ? unescapeSlack(label) : "@" + (page.state.groups[id] || id));
  }
  if (target.startsWith("!date^")) {
    // <!date^epoch^format|fallback>: Slack shows the time in the reader's own zone
    const epoch = Number(target.split("^")[1]);
    return el("span", "date", Number.isFinite(epoch)
      ? new Date(epoch * 1000).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : unescapeSlack(label || ""));
  }
  if (target.startsWith("!")) return el("span", "mention", "@" + target.slice(1));
  const href = unescapeSlack(target);
  const link = el("a", null, unescapeSlack(label || target));
  if (/^https?:\/\//i.test(href)) {
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
  return link;
}

const INLINE = /(`[^`\n]+`)|(<[^<>\n]+>)|(?<![\w*])\*([^*\n]+)\*(?![\w*])|(?<![\w_])_([^_\n]+)_(?![\w_])|(?<![\w~])~([^~\n]+)~(?![\w~])|:([a-z0-9_+-]+):/g;

function inline(text, into) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) into.append(unescapeSlack(text.slice(last, match.index)));
    const [whole, code, link, bold, italic, strike, emoji] = match;
    if (code) into.append(el("code", null, unescapeSlack(code.slice(1, -1))));
    else if (link) into.append(angle(link));
    else if (bold) inline(bold, into.appendChild(el("b")));
    else if (italic) inline(italic, into.appendChild(el("i")));
    else if (strike) inline(strike, into.appendChild(el("s")));
    else into.append(EMOJI[emoji] || whole);
    last = match.index + whole.length;
  }
  if (last < text.length) into.append(unescapeSlack(text.slice(last)));
}

function mrkdwn(text) {
  const root = el("div", "mrkdwn");
  text.split("```").forEach((part, i) => {
    if (i % 2 === 1) {
      root.append(el("pre", null, unescapeSlack(part.replace(/^\n/, ""))));
      return;
    }
    part.split("\n").forEach((line, n, lines) => {
      const quoted = line.startsWith("&gt; ") || line === "&gt;";
      const holder = quoted ? root.appendChild(el("blockquote")) : root;
      inline(quoted ? line.replace(/^&gt; ?/, "") : line, holder);
      if (!quoted && n < lines.length - 1) root.append("\n");
    });
  });
  return root;
}

// plain_text shows its text as it is, but for emoji codes, which Slack turns into emoji unless told not to
function plainText(object) {
  const text = object ? object.text || "" : "";
  return object && object.emoji === false ? text : text.replace(/:([a-z0-9_+-]+):/g, (w, n) => EMOJI[n] || w);
}

function textObject(object) {
  if (!object) return el("span");
  if (object.type === "mrkdwn") return mrkdwn(object.text || "");
  return el("span", "plain", plainText(object));
}

// ---- Block Kit

function button(element, message) {
  const node = el("button", "button" + (element.style ? " " + element.style : ""), plainText(element.text));
  node.type = "button";
  node.dataset.actionId = element.action_id;
  node.addEventListener("click", async () => {
    if (element.confirm && !(await confirmDialog(element.confirm))) return;
    node.disabled = true;
    await post("/demo/click", { as: page.me, ts: message.ts, actionId: element.action_id });
    node.disabled = false;
  });
  return node;
}

function block(b, message) {
  switch (b.type) {
    case "header": return el("div", "block-header", plainText(b.text));
    case "divider": return el("hr", "block-divider");
    case "context": {
      const node = el("div", "block-context");
      (b.elements || []).forEach((e) => node.append(e.type === "image" ? el("span", null, e.alt_text || "") : textObject(e)));
      return node;
    }
    case "actions": {
      const node = el("div", "block-actions");
      (b.elements || []).filter((e) => e.type === "button").forEach((e) => node.append(button(e, message)));
      return node;
    }
    case "section": {
      const node = el("div", "block-section");
      const text = node.appendChild(el("div", "text"));
      if (b.text) text.append(textObject(b.text));
      if (b.fields) {
        const fields = text.appendChild(el("div", "fields"));
        b.fields.forEach((f) => fields.append(textObject(f)));
      }
      if (b.accessory && b.accessory.type === "button") node.append(button(b.accessory, message));
      return node;
    }
    default: return el("div", "block-unknown", "[" + b.type + " block]");
  }
}

// ---- messages, threads, the picker

function messageNode(message, inThread) {
  const node = el("div", "message" + (message.ephemeral ? " ephemeral" : ""));
  node.dataset.ts = message.ts;
  const bot = message.user === page.state.bot.id;
  const name = personName(message.user);
  node.append(el("div", "avatar" + (bot ? " bot" : ""), name.slice(0, 1).toUpperCase()));
  const body = node.appendChild(el("div", "body"));
  const meta = body.appendChild(el("div", "meta"));
  meta.append(el("span", "author", name));
  if (bot) meta.append(el("span", "app-badge", "APP"));
  meta.append(el("span", "time", new Date(parseFloat(message.ts) * 1000).toLocaleTimeString()));
  if (message.edited) meta.append(el("span", "edited", "(edited)"));
  if (message.ephemeral) meta.append(el("span", "only-you", "Only visible to you"));
  if (message.blocks && message.blocks.length) message.blocks.forEach((b) => body.append(block(b, message)));
  else body.append(mrkdwn(message.text));
  if (!inThread) {
    const replies = page.state.messages.filter((m) => m.threadTs === message.ts).length;
    if (replies > 0) {
      const link = body.appendChild(el("button", "replies", replies + (replies === 1 ? " reply" : " replies")));
      link.type = "button";
      link.addEventListener("click", () => { page.thread = message.ts; render(); });
    }
  }
  return node;
}

function renderMessages() {
  const list = document.getElementById("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...page.state.messages.filter((m) => !m.threadTs).map((m) => messageNode(m, false)));
  if (atBottom) list.scrollTop = list.scrollHeight;
  const pane = document.getElementById("thread");
  const parent = page.state.messages.find((m) => m.ts === page.thread);
  pane.hidden = !parent;
  if (parent) {
    const replies = page.state.messages.filter((m) => m.threadTs === parent.ts);
    document.getElementById("thread-messages").replaceChildren(messageNode(parent, true), ...replies.map((m) => messageNode(m, true)));
  }
}

function renderSidebar() {
  const picker = document.getElementById("person");
  if (picker.options.length === 0) {
    page.state.people.forEach((p) => picker.append(new Option(p.name, p.id)));
    picker.value = page.me;
  }
  const me = page.state.people.find((p) => p.id === page.me);
  document.getElementById("role").textContent = me ? me.role : "";
  document.getElementById("accounts").replaceChildren(...page.state.accounts.map((a) => {
    const item = el("li");
    item.append(el("span", "name", a.name), " ", el("span", "id", a.id + (a.partition === "aws" ? "" : " · " + a.partition)));
    item.append(el("div", "description", a.description));
    return item;
  }));
}

function render() {
  renderSidebar();
  renderMessages();
  document.getElementById("starting").hidden = page.state.ready;
  document.getElementById("send").disabled = !page.state.ready;
}

// ---- the confirm dialog of a button, as Slack shows it

function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const backdrop = document.getElementById("confirm");
    document.getElementById("confirm-title").textContent = confirm.title ? plainText(confirm.title) : "Are you sure?";
    document.getElementById("confirm-text").replaceChildren(textObject(confirm.text));
    const ok = document.getElementById("confirm-ok");
    const deny = document.getElementById("confirm-deny");
    ok.textContent = confirm.confirm ? plainText(confirm.confirm) : "Yes";
    deny.textContent = confirm.deny ? plainText(confirm.deny) : "Cancel";
    ok.className = "button " + (confirm.style === "danger" ? "danger" : "primary");
    const escape = (event) => { if (event.key === "Escape") close(false); };
    const close = (answer) => {
      backdrop.hidden = true; ok.onclick = null; deny.onclick = null;
      document.removeEventListener("keydown", escape);
      resolve(answer);
    };
    ok.onclick = () => close(true);
    deny.onclick = () => close(false);
    document.addEventListener("keydown", escape); // Escape cancels, as in Slack
    backdrop.hidden = false;
    ok.focus();
  });
}

// ---- talking to the demo server

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST", headers: { "Content-Type": "application/json", "X-Eksrole-Demo": "1" }, body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: "HTTP " + response.status }));
  document.getElementById("composer-error").textContent = answer.ok ? "" : answer.error;
  await poll();
  return answer;
}

async function poll() {
  try {
    const as = page.me;
    const response = await fetch("/demo/state?as=" + encodeURIComponent(as || ""));
    const state = await response.json();
    if (as !== page.me) return; // the person changed meanwhile: this view is someone else's
    if (!page.me) {
      page.me = state.people[0].id;
      return poll();
    }
    const shown = state.version + "|" + page.me + "|" + state.ready;
    if (shown !== page.shown) {
      page.state = state;
      page.shown = shown;
      render();
    }
  } catch (e) {
    document.getElementById("composer-error").textContent = "The demo is not answering: is it still running?";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("command");
    const text = input.value.trim();
    if (!text || !page.state || !page.state.ready) return; // kept in the box until the bot answers
    input.value = "";
    await post("/demo/command", { as: page.me, text });
  });
  document.getElementById("person").addEventListener("change", (event) => {
    page.me = event.target.value;
    poll();
  });
  document.getElementById("reset").addEventListener("click", async () => {
    page.thread = null;
    await post("/demo/reset", {});
  });
  document.getElementById("thread-close").addEventListener("click", () => { page.thread = null; render(); });
  poll();
  setInterval(poll, POLL_MS);
});
