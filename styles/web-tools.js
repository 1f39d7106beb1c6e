/* The web edition's tools (publish): full-text search and „Zitieren“.

   Search: the Pagefind bundle in pagefind/ (made by the build, publish/render/search.py),
   loaded when the search field is first used. Results are the sections (headings) with
   hits, each with the printed page and line of its first hit („S. 12, Z. 345“), taken from
   the page and line markers Pagefind keeps as anchors, and a link to that line.

   Citing: a selection, or a range of whole lines, becomes „S. 12, Z. 345–347“, the quoted
   passage and a pre-filled amendment in the source format of `publish amend`
   (publish/amend/read.py), to download or to mail. Its lines are the frozen edition's:
   a line begins at its first letter, also inside a word broken at the line end, which the
   page's data says (publish/render/cite.py); a passage is widened to whole words and to
   whole emphasised passages and links, split at footnote calls and between paragraphs,
   and says which occurrence it is where its words occur more than once in the cited
   lines – as `publish amend check` reads it. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const tools = $("werkzeuge");
  if (!tools) return;
  tools.hidden = false;
  const DATA = JSON.parse(($("zitier-daten") || {}).textContent || "{}");

  /* --- the printed lines ------------------------------------------------------------- */

  const BLOCK = "article p, article li, article h1, article h2, article h3, article h4, article h5, article h6";
  const OWN_BLOCKS = "ul, ol, p, blockquote, table, figure, div, section, aside, h1, h2, h3, h4, h5, h6";
  const MARKED = "em, strong, a, span[lang]";
  const INVISIBLE = /\p{Cf}/gu;
  const WORD = /[\p{L}\p{N}*]/u;
  const SPACE = /\s/;

  function pageOfLine(number) {
    let page = null;
    for (const [first, onPage] of DATA.seiten || []) {
      if (first > number) break;
      page = onPage;
    }
    return page;
  }

  const wordPart = (number) => (DATA.wortanfang || {})[String(number)] || 0;

  function blockOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(BLOCK) : null;
  }

  /* The text of a block as the edition has it (footnote calls left out, a line break a
     space, invisible characters dropped), its line markers, footnote calls and marked
     passages, collected from `node` (the block, or a copy of a part of it). */
  function collect(node, isItem, into) {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        into.text += child.data.replace(INVISIBLE, "");
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const start = into.text.length;
      if (child.classList.contains("zeile")) {
        into.markers.push({ number: Number(child.id.slice("zeile-".length)), at: start });
      } else if (child.classList.contains("noteref")) {
        into.calls.push(start);
      } else if (child.tagName === "BR") {
        into.text += " ";
      } else if (!child.classList.contains("pagebreak") && !(isItem && child.matches(OWN_BLOCKS))) {
        collect(child, isItem, into);
        if (child.matches(MARKED)) into.marks.push([start, into.text.length]);
      }
    }
    return into;
  }

  const models = new Map();

  function model(block) {
    if (models.has(block)) return models.get(block);
    const found = collect(block, block.tagName === "LI", { text: "", markers: [], calls: [], marks: [] });
    found.block = block;
    // Where each line begins: the first at the block's start, the others at their first letter.
    found.lines = found.markers.map((marker, index) => ({
      number: marker.number,
      start: index === 0 ? 0 : wordStart(found.text, marker.at) + wordPart(marker.number),
    }));
    models.set(block, found);
    return found;
  }

  function wordStart(text, at) {
    while (at > 0 && !SPACE.test(text[at - 1])) at -= 1;
    return at;
  }

  function lineAt(found, position) {
    let number = null;
    for (const line of found.lines) {
      if (line.start > position) break;
      number = line.number;
    }
    return number;
  }

  /* Where a boundary point of a selection lies in a block's text. */
  function position(block, container, offset) {
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(container, offset);
    const part = collect(range.cloneContents(), block.tagName === "LI", { text: "", markers: [], calls: [], marks: [] });
    return part.text.length;
  }

  /* A passage widened to whole words, and so that it begins and ends in the same marked
     text (plain text, or inside the same emphasis, link or language span; it may cover
     marked passages whole), without the white space at its ends: [start, end], or
     {split} where a marked passage ends the block (the parts before and after it are
     tidied on their own), or null if nothing is left. */
  function tidy(found, start, end) {
    const text = found.text;
    const pathAt = (at) => found.marks.filter(([from, to]) => from <= at && at < to);
    for (let changed = true; changed; ) {
      changed = false;
      while (start < end && SPACE.test(text[start])) start += 1;
      while (end > start && SPACE.test(text[end - 1])) end -= 1;
      if (start >= end) return null;
      while (start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start])) start -= 1;
      while (end < text.length && WORD.test(text[end]) && WORD.test(text[end - 1])) end += 1;
      const first = pathAt(start);
      const last = pathAt(end - 1);
      for (const [from] of first.filter((mark) => !last.includes(mark))) {
        let before = from; // begins inside: take in the word before the marked text
        while (before > 0 && SPACE.test(text[before - 1])) before -= 1;
        if (before === 0) return { split: from };
        start = Math.min(start, before - 1);
        changed = true;
      }
      for (const [, to] of last.filter((mark) => !first.includes(mark))) {
        let after = to; // ends inside: take in the word after the marked text
        while (after < text.length && SPACE.test(text[after])) after += 1;
        if (after === text.length) return { split: to };
        end = Math.max(end, after + 1);
        changed = true;
      }
    }
    return [start, end];
  }

  /* The parts of a passage in one block: cut at footnote calls (a passage may not hold
     one), each tidied. */
  function partsOf(found, start, end) {
    const tidied = tidy(found, start, end);
    if (!tidied) return [];
    if (tidied.split !== undefined) {
      return [...partsOf(found, start, tidied.split), ...partsOf(found, tidied.split, end)];
    }
    [start, end] = tidied;
    const calls = found.calls.filter((call) => call > start && call < end);
    if (calls.length) {
      return [...partsOf(found, start, calls[0]), ...partsOf(found, calls[0], end)];
    }
    return [{ model: found, start, end }];
  }

  function selectionParts(range) {
    const parts = [];
    for (const block of document.querySelectorAll(BLOCK)) {
      if (!range.intersectsNode(block)) continue;
      const found = model(block);
      if (!found.lines.length) continue; // a footnote: no printed lines
      const start = block.contains(range.startContainer)
        ? position(block, range.startContainer, range.startOffset) : 0;
      const end = block.contains(range.endContainer)
        ? position(block, range.endContainer, range.endOffset) : found.text.length;
      if (end > start) parts.push(...partsOf(found, start, end));
    }
    return parts;
  }

  function blocksOfLines(first, last) {
    const blocks = [];
    for (let number = first; number <= last; number += 1) {
      const marker = $("zeile-" + number);
      const block = marker && blockOf(marker);
      if (!block) return null; // not on this page
      if (!blocks.includes(block)) blocks.push(block);
    }
    return blocks.map(model);
  }

  function lineParts(first, last) {
    const blocks = blocksOfLines(first, last);
    if (!blocks) return null;
    const parts = [];
    for (const found of blocks) {
      const inRange = found.lines.filter((line) => line.number >= first && line.number <= last);
      const after = found.lines.find((line) => line.number === last + 1);
      parts.push(...partsOf(found, inRange[0].start, after ? after.start : found.text.length));
    }
    return parts;
  }

  /* --- the normalised text of `publish amend` (publish/amend/text.py) ------------------- */

  const DOUBLE = "\"„“”‟«»″〃";
  const SINGLE = "'‚‘’‛‹›′";
  const DASHES = "-‐‑‒–—―−⁃";

  function mapped(char) {
    if (DOUBLE.includes(char)) return "\"";
    if (SINGLE.includes(char)) return "'";
    if (DASHES.includes(char)) return "-";
    if (char === "…") return "...";
    if (SPACE.test(char)) return " ";
    if (/\p{Cf}/u.test(char)) return "";
    return char;
  }

  function normalised(text) {
    const chars = [];
    const origin = [];
    for (let index = 0; index < text.length; index += 1) {
      for (const piece of mapped(text[index])) {
        const last = chars[chars.length - 1];
        if ((piece === " " || piece === "-") && last === piece) continue; // a run: its first
        chars.push(piece);
        origin.push(index);
      }
    }
    if (chars[0] === " ") { chars.shift(); origin.shift(); }
    if (chars[chars.length - 1] === " ") { chars.pop(); origin.pop(); }
    return { text: chars.join(""), origin };
  }

  function findAll(text, passage) {
    const found = [];
    if (!passage) return found;
    const beginsWord = WORD.test(passage[0]);
    const endsWord = WORD.test(passage[passage.length - 1]);
    for (let at = text.indexOf(passage); at !== -1; at = text.indexOf(passage, at + 1)) {
      const end = at + passage.length;
      const before = !beginsWord || at === 0 || !WORD.test(text[at - 1]);
      const after = !endsWord || end === text.length || !WORD.test(text[end]);
      if (before && after) found.push(at);
    }
    return found;
  }

  /* Which occurrence of its words in the cited lines a part is (0: the only one). */
  function occurrence(part, first, last) {
    const wanted = normalised(part.model.text.slice(part.start, part.end)).text;
    let count = 0;
    let mine = 0;
    for (const found of blocksOfLines(first, last) || []) {
      found.normal = found.normal || normalised(found.text);
      const { text, origin } = found.normal;
      for (const at of findAll(text, wanted)) {
        const from = lineAt(found, origin[at]);
        const to = lineAt(found, origin[at + wanted.length - 1]);
        if (from < first || to > last) continue;
        count += 1;
        if (found === part.model && origin[at] >= part.start && !mine) mine = count;
      }
    }
    return count > 1 ? mine : 0;
  }

  /* --- the citation and the amendment ------------------------------------------------- */

  function citation(parts) {
    const first = Math.min(...parts.map((part) => lineAt(part.model, part.start)));
    const last = Math.max(...parts.map((part) => lineAt(part.model, part.end - 1)));
    const pages = [pageOfLine(first), pageOfLine(last)];
    const quoted = parts.map((part) => ({
      text: part.model.text.slice(part.start, part.end).replace(/\s+/g, " "),
      occurrence: occurrence(part, first, last),
    }));
    return { first, last, pages, quoted };
  }

  const dash = (a, b) => (a === b ? String(a) : a + "–" + b);
  const reference = (cited) => "S. " + dash(...cited.pages) + ", Z. " + dash(cited.first, cited.last);

  /* Quotation marks the amendment reader closes where the passage ends. */
  function quote(text) {
    let depth = 0;
    let balanced = true;
    for (const char of text) {
      if (char === "„") depth += 1;
      else if ("“”".includes(char)) {
        if (depth === 0) balanced = false;
        else depth -= 1;
      }
    }
    if (balanced && depth === 0) return "„" + text + "“";
    if (!text.includes("\"")) return "\"" + text + "\"";
    return "“" + text + "”";
  }

  function moverLines(name) {
    return "antragsteller:" + (name ? "\n  - " + JSON.stringify(name) : "");
  }

  function amendment(cited, name) {
    const lines = cited.first === cited.last ? String(cited.first) : cited.first + "-" + cited.last;
    const changes = cited.quoted.map((part) =>
      "Ersetze " + quote(part.text) + (part.occurrence ? " (" + part.occurrence + ". Vorkommen)" : "") +
      " durch „…“.");
    return [
      "---",
      "nummer: Ä?",
      "ausgabe: " + DATA.ausgabe,
      "seite: " + cited.pages[0],
      "zeilen: " + lines,
      moverLines(name),
      "status: eingereicht",
      "---",
      "",
      ...changes,
      "",
      "## Begründung",
      "",
      "…",
      "",
    ].join("\n");
  }

  /* --- the dialog ---------------------------------------------------------------------- */

  const dialog = $("zitat");
  const message = $("zitat-meldung");
  const linesForm = $("zitat-zeilen");
  const result = $("zitat-ergebnis");
  const nameField = $("zitat-name");
  const text = $("zitat-antrag");
  const mail = $("zitat-mail");
  let cited = null;
  let opener = null;
  const NAME_KEY = "publish-antragsteller";

  try { nameField.value = localStorage.getItem(NAME_KEY) || ""; } catch (error) { /* private mode */ }

  function say(words) { message.textContent = words; }

  function show(parts) {
    if (!parts || !parts.length) {
      result.hidden = true;
      say("Diese Stelle hat keine Zeilennummern: Fußnoten, Tabellen und Bildunterschriften " +
        "werden nicht gezählt. Markieren Sie Text im nummerierten Text, oder geben Sie Zeilen an.");
      return false;
    }
    cited = citation(parts);
    $("zitat-angabe").textContent = reference(cited);
    $("zitat-text").textContent = cited.quoted.map((part) => "„" + part.text + "“").join(" … ");
    text.value = amendment(cited, nameField.value.trim());
    $("zitat-von").value = cited.first;
    $("zitat-bis").value = cited.last;
    result.hidden = false;
    updateMail();
    say("Zitiert: " + reference(cited) + ".");
    return true;
  }

  function fileName() {
    return "antrag-s" + cited.pages[0] + "-z" + dash(cited.first, cited.last).replace("–", "-") + ".md";
  }

  function updateMail() {
    const subject = "Änderungsantrag zu " + reference(cited);
    const body = text.value.replace(/\r?\n/g, "\r\n");
    mail.href = "mailto:" + (DATA.kontakt || "") + "?subject=" + encodeURIComponent(subject) +
      "&body=" + encodeURIComponent(body);
  }

  function open(from) {
    opener = from || document.activeElement;
    say("");
    const lines = Boolean(DATA.zeilen);
    linesForm.hidden = !lines;
    if (!lines) {
      result.hidden = true;
      say("Diese Vorschau hat noch keine Zeilennummern: sie kommen, sobald das PDF gebaut ist " +
        "(siehe die Statuszeile oben).");
    }
    if (!dialog.open) dialog.showModal();
    return lines;
  }

  function citeRange(range, from) {
    if (!open(from)) return;
    if (show(selectionParts(range))) nextStep();
    else $("zitat-von").focus();
  }

  /* After citing: the name, if it is not given yet, else the download. */
  function nextStep() {
    (nameField.value ? $("zitat-laden") : nameField).focus();
  }

  function citeForm(from) {
    if (!open(from)) return;
    result.hidden = true;
    const current = currentLine();
    if (current && !$("zitat-von").value) {
      $("zitat-von").value = current;
      $("zitat-bis").value = current;
    }
    $("zitat-von").focus();
    $("zitat-von").select(); // typing replaces the line proposed
  }

  function currentLine() {
    const target = /^#zeile-(\d+)$/.exec(location.hash);
    if (target) return Number(target[1]);
    for (const marker of document.querySelectorAll("article .zeile")) {
      if (marker.getBoundingClientRect().top >= 0) return Number(marker.id.slice("zeile-".length));
    }
    return null;
  }

  linesForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = Number($("zitat-von").value);
    const last = Math.max(first, Number($("zitat-bis").value) || first); // „bis“ left: one line
    if (!(first >= 1)) {
      result.hidden = true;
      say("Geben Sie die erste Zeile an (und die letzte, wenn es mehrere sind).");
      return;
    }
    const parts = lineParts(first, last);
    if (!parts) {
      result.hidden = true;
      say(first === last ? "Zeile " + first + " steht nicht auf dieser Seite."
        : "Die Zeilen " + dash(first, last) + " stehen nicht auf dieser Seite.");
      return;
    }
    if (show(parts)) nextStep();
  });

  nameField.addEventListener("input", () => {
    const name = nameField.value.trim();
    text.value = text.value.replace(/^antragsteller:.*(?:\n[ \t]+-.*)*/m, moverLines(name));
    updateMail();
    try { localStorage.setItem(NAME_KEY, name); } catch (error) { /* private mode */ }
  });
  text.addEventListener("input", updateMail);

  $("zitat-laden").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text.value], { type: "text/markdown;charset=utf-8" }));
    link.download = fileName();
    link.hidden = true;
    dialog.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    say("Der Antrag wird als " + link.download + " heruntergeladen.");
  });

  $("zitat-kopieren").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text.value);
    } catch (error) {
      text.select();
      document.execCommand("copy");
    }
    say("Der Antrag ist in der Zwischenablage.");
  });

  dialog.addEventListener("close", () => {
    const back = opener && opener.isConnected && opener !== floating ? opener : $("zitieren-knopf");
    back.focus({ preventScroll: true });
  });

  /* --- selecting text: a „Zitieren“ button beside the selection ------------------------- */

  const main = document.querySelector("main");
  const floating = document.createElement("button");
  floating.type = "button";
  floating.className = "zitieren-schwebend";
  floating.textContent = "Zitieren";
  floating.hidden = true;
  main.append(floating);
  let selected = null;

  function selectedRange() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    const article = (node) => (node.nodeType === 1 ? node : node.parentElement).closest("article");
    return article(range.startContainer) || article(range.endContainer) ? range.cloneRange() : null;
  }

  let pending = 0;
  document.addEventListener("selectionchange", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (dialog.open) return;
      selected = selectedRange();
      floating.hidden = !selected;
      place();
    }, 120);
  });

  /* Below the end of the selection, also when the page's layout changes under it (search
     results shown or hidden, a narrower window). */
  function place() {
    if (!selected || floating.hidden) return;
    const rects = selected.getClientRects();
    const edge = rects[rects.length - 1] || selected.getBoundingClientRect();
    const base = document.body.getBoundingClientRect();
    floating.style.top = edge.bottom - base.top + 6 + "px";
    floating.style.left = Math.max(0, Math.min(edge.right - base.left, base.width - 110)) + "px";
  }
  if (window.ResizeObserver) new ResizeObserver(place).observe(document.body);
  floating.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  floating.addEventListener("click", () => {
    if (selected) citeRange(selected, floating);
    floating.hidden = true;
  });
  const button = $("zitieren-knopf");
  button.addEventListener("mousedown", (event) => event.preventDefault());
  button.addEventListener("click", () => {
    const range = selectedRange() || selected;
    if (range) citeRange(range, button);
    else citeForm(button);
  });

  /* --- jumping to a line: the paragraph is marked and takes the focus ------------------ */

  function markTarget() {
    const target = /^#zeile-(\d+)$/.exec(location.hash);
    const marker = target && $("zeile-" + target[1]);
    const block = marker && blockOf(marker);
    for (const old of document.querySelectorAll(".ziel")) old.classList.remove("ziel");
    if (!block) return;
    block.classList.add("ziel");
    if (!block.hasAttribute("tabindex")) block.setAttribute("tabindex", "-1");
    block.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", markTarget);
  if (location.hash) markTarget();

  /* --- search ---------------------------------------------------------------------------- */

  const form = $("suche-form");
  const field = $("suche-eingabe");
  const status = $("suche-status");
  const list = $("suche-treffer");
  const MAX_PAGES = 40;
  let loading = null;
  let searches = 0;
  let timer = 0;

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", document.baseURI).href).then(async (module) => {
        await module.options({ excerptLength: 24 });
        await module.init();
        return module;
      });
    }
    return loading;
  }

  field.addEventListener("focus", () => pagefind().catch(() => {}), { once: true });
  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  field.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && field.value) {
      field.value = "";
      search();
    }
  });

  async function search() {
    const query = field.value.trim();
    const mine = ++searches;
    if (!query) {
      list.replaceChildren();
      list.hidden = true;
      status.textContent = "";
      return;
    }
    let engine;
    try {
      engine = await pagefind();
    } catch (error) {
      status.textContent = location.protocol === "file:"
        ? "Die Suche braucht einen Webserver: öffnen Sie die Ausgabe über „publish watch“ oder " +
          "„python3 -m http.server“ im Ordner html. Bis dahin findet die Suche des Browsers " +
          "(Strg+F) Wörter auf dieser Seite."
        : "Die Suche ist in dieser Ausgabe nicht verfügbar. Die Suche des Browsers (Strg+F) " +
          "findet Wörter auf dieser Seite.";
      return;
    }
    const found = await engine.search(query);
    if (mine !== searches || !found) return; // a newer search is under way
    const pages = await Promise.all(found.results.slice(0, MAX_PAGES).map((page) => page.data()));
    if (mine !== searches) return;
    const hits = pages.flatMap(hitsOf);
    list.replaceChildren(...hits.map(item));
    list.hidden = !hits.length;
    const places = hits.reduce((sum, found) => sum + 1 + found.others, 0);
    const more = found.results.length > MAX_PAGES ? " (auf den ersten " + MAX_PAGES + " Seiten)" : "";
    status.textContent = hits.length
      ? places + " Treffer in " + hits.length + (hits.length === 1 ? " Abschnitt" : " Abschnitten") +
        " für „" + query + "“" + more + "."
      : "Keine Treffer für „" + query + "“.";
  }

  const here = location.pathname.split("/").pop() || "index.html";

  function link(url) {
    const [file, anchor] = url.replace(/^\//, "").split("#");
    return (file === here || file === "" ? "" : file) + (anchor ? "#" + anchor : "");
  }

  function hitsOf(page) {
    const anchors = page.anchors.slice().sort((a, b) => a.location - b.location);
    const sections = page.sub_results && page.sub_results.length ? page.sub_results
      : [{ title: page.meta.title, url: page.url, excerpt: page.excerpt, locations: page.locations }];
    const file = page.url.split("#")[0];
    return sections.map((section) => hit(section, file, anchors));
  }

  /* The printed line (or footnote) of a section's first hit, from the anchors before it. */
  function placeOf(location, anchors) {
    let line = null;
    let lineAt = -1;
    let note = null;
    let noteAt = -1;
    for (const anchor of anchors) {
      if (anchor.location > location) break;
      if (/^zeile-\d+$/.test(anchor.id)) { line = Number(anchor.id.slice(6)); lineAt = anchor.location; }
      else if (/^fn-\d+$/.test(anchor.id)) { note = Number(anchor.id.slice(3)); noteAt = anchor.location; }
    }
    if (note !== null && noteAt >= lineAt) {
      const call = anchors.find((anchor) => anchor.id === "fnref-" + note);
      const at = call ? placeOf(call.location, anchors) : null;
      return { anchor: "fn-" + note, label: "Fußnote " + note + (at && at.line ? " zu " + at.label : "") };
    }
    if (line === null) return null;
    // A word broken at the end of the line before begins on that line.
    if (lineAt === location && wordPart(line) && line > 1) line -= 1;
    return { anchor: "zeile-" + line, line, label: "S. " + pageOfLine(line) + ", Z. " + line };
  }

  function hit(section, file, anchors) {
    const locations = section.locations || [];
    const place = locations.length ? placeOf(Math.min(...locations), anchors) : null;
    return {
      title: section.title,
      place: place ? place.label : "",
      others: Math.max(0, locations.length - 1),
      href: link(place ? file + "#" + place.anchor : section.url),
      excerpt: section.excerpt || "",
    };
  }

  function item(found) {
    const entry = document.createElement("li");
    const anchor = document.createElement("a");
    anchor.href = found.href;
    anchor.textContent = found.title + (found.place ? " · " + found.place : "");
    entry.append(anchor);
    if (found.others) {
      entry.append(" (und " + found.others + (found.others === 1 ? " weitere Stelle" : " weitere Stellen") +
        " im Abschnitt)");
    }
    const excerpt = document.createElement("p");
    excerpt.className = "treffer-auszug";
    // Pagefind's excerpt: escaped text with <mark> around the hits; only those are kept.
    const parsed = new DOMParser().parseFromString(found.excerpt, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        excerpt.append(mark);
      } else {
        excerpt.append(node.textContent);
      }
    }
    entry.append(excerpt);
    return entry;
  }
})();
