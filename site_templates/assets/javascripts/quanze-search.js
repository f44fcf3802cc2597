/*
 * quanze search: Material's search box and result list, answered in the page by our own matcher.
 *
 * Loaded before Material's bundle (as a polyfill), this replaces the search worker with an
 * object that speaks the worker's messages (setup -> ready, query -> result). It finds any
 * substring of the text (药机构 finds 定点医药机构: no word cuts needed), ranks pages holding the
 * whole query, then all of its terms, then most of them, first, expands the synonyms the index
 * carries (`config.synonyms`, from site_templates/search/synonyms.yaml), and shows each power's agency
 * and category (`where`) first. A query typed before the index has loaded, pasted, or entered
 * by an input method (`input` events) is searched as soon as the index is there.
 *
 * Everything shown is built from the index's text decoded to plain text and escaped again:
 * content never becomes markup.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var MAX_RESULTS = 100, SNIPPET = 120;
  var state = { docs: null, synonyms: {}, answered: null, pending: null };

  function plain(html) {
    var text = String(html || "").replace(/<[^>]*>/g, " ");
    var area = document.createElement("textarea");  // RCDATA: entities decoded, nothing parsed
    area.innerHTML = text;
    return area.value.replace(/\u200b/g, "").replace(/\s+/g, " ").trim();
  }

  function fold(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function setup(data) {
    var pages = {}, lengths = {}, all = [];
    state.synonyms = (data.config && data.config.synonyms) || {};
    state.docs = (data.docs || []).map(function (doc) {
      var title = plain(doc.title), text = plain(doc.text);
      var page = doc.location.split("#")[0];
      var where = doc.where ? plain(doc.where) : "";
      var entry = { location: doc.location, page: page, title: title, text: text,
                    where: where, ftitle: fold(title), fwhere: fold(where), ftext: fold(text) };
      if (page === doc.location) pages[page] = entry;
      lengths[page] = (lengths[page] || 0) + text.length;
      all.push(entry.ftitle, entry.fwhere, entry.ftext);
      return entry;
    });
    state.pages = pages;
    state.lengths = lengths;
    state.all = all.join("\n");  // every folded text once: does a word occur anywhere?
  }

  function occurs(word) {
    return state.all.indexOf(word) >= 0;
  }

  function alternativesOf(word) {
    var alternatives = [word];
    Object.keys(state.synonyms).forEach(function (key) {
      var k = fold(key);
      if (word.indexOf(k) < 0) return;
      [].concat(state.synonyms[key]).forEach(function (value) {
        alternatives.push(word.split(k).join(fold(value)));
      });
    });
    return alternatives;
  }

  /* A run of Chinese typed without spaces that occurs nowhere (医保卡借给别人用, 药店骗保) is cut
     into the longest pieces of two or more characters that do occur, themselves or through a
     synonym, left to right; characters that start no such piece are dropped. A word that occurs
     somewhere is kept whole, and so is a word no piece of which occurs. */
  function pieces(word) {
    var found = function (w) { return alternativesOf(w).some(occurs); };
    if (word.length < 3 || found(word)) return [word];
    var out = [], i = 0;
    while (i < word.length - 1) {
      var j = word.length;
      while (j >= i + 2 && !found(word.slice(i, j))) j--;
      if (j >= i + 2) { out.push(word.slice(i, j)); i = j; } else i++;
    }
    return out.length ? out : [word];
  }

  /* The query's terms, each with its alternatives (the term, and the term with a synonym put in). */
  function terms(query) {
    var words = fold(query).replace(/\u200b/g, "").split(/[\s,，、。；;：:！!？?（）()《》〈〉“”"'【】]+/);
    var list = [];
    words.filter(Boolean).forEach(function (word) {
      (state.all ? pieces(word) : [word]).forEach(function (piece) {
        list.push({ word: piece, alternatives: alternativesOf(piece) });
      });
    });
    return list;
  }

  function bigrams(word) {
    var grams = [];
    for (var i = 0; i + 2 <= word.length; i++) grams.push(word.slice(i, i + 2));
    return grams.length ? grams : [word];
  }

  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at >= 0 && n < 20) { n++; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  /* How well a term matches a text: 1 for any alternative found whole, else the share of its
     two-character pieces found (a long Chinese term typed without spaces). */
  function termMatch(term, text) {
    var best = 0;
    term.alternatives.forEach(function (alternative) {
      if (text.indexOf(alternative) >= 0) { best = 1; return; }
      var grams = bigrams(alternative);
      if (grams.length < 2) return;
      var found = grams.filter(function (g) { return text.indexOf(g) >= 0; }).length / grams.length;
      if (found > best) best = found * 0.9;
    });
    return best;
  }

  /* One entry (a page or a section of it) against the query: per term its match in the title
     and in the text, its hits, and whether the whole query appears. */
  function measure(doc, list, phrase) {
    var title = [], text = [], hits = 0, whole = 0;
    list.forEach(function (term) {
      // the agency and category a page is of count almost as its title does
      title.push(Math.max(termMatch(term, doc.ftitle), doc.fwhere ? 0.9 * termMatch(term, doc.fwhere) : 0));
      text.push(termMatch(term, doc.ftext));
      term.alternatives.forEach(function (a) { hits += count(doc.ftext, a) + 3 * count(doc.ftitle, a); });
    });
    var page = doc.page === doc.location;
    if (phrase.length > 1) {
      if (page && doc.ftitle === phrase) whole = 800;
      else if (doc.ftitle.indexOf(phrase) >= 0) whole = page ? 600 : 400;
      else if (doc.ftext.indexOf(phrase) >= 0) whole = 300;
    }
    return { doc: doc, page: page, title: title, text: text, hits: Math.min(hits, 20), whole: whole };
  }

  /* A page's score from its entries: a term counts when any entry holds it, so that a statute's
     title and one of its articles together match 社会保险法 第八十七条. */
  function score(entries, list, top) {
    var partial = 0, whole = 0, inTitle = 0, hits = 0, phrase = 0, together = 0;
    list.forEach(function (term, i) {
      var m = 0, t = 0;
      entries.forEach(function (e) {
        m = Math.max(m, e.title[i], e.text[i]);
        t = Math.max(t, e.title[i] * (e.page ? 1 : 0.5));  // the page's own title counts most
      });
      partial += m;
      if (m === 1) whole++;
      inTitle += t;
    });
    entries.forEach(function (e) {
      hits = Math.max(hits, e.hits);
      phrase = Math.max(phrase, e.whole);
      if (list.every(function (_, i) { return Math.max(e.title[i], e.text[i]) === 1; })) together = 150;
    });
    if (partial / list.length < 0.5) return 0;
    var s = 100 * partial / list.length + 10 * hits / 20 + phrase + together;
    if (whole === list.length) s += 1000;
    s += 300 * inTitle / list.length;
    if (top && top.ftitle.length) s += 5 / (1 + top.ftitle.length / 20);  // shorter titles: more precise
    if (top) s += 30 / (1 + (state.lengths[top.page] || 0) / 3000);  // and shorter pages: a power before a list of them
    return s;
  }

  /* The entry of a page to quote: the one holding the whole query, else the most terms. */
  function quoted(entries) {
    var best = null, bestValue = -1;
    entries.forEach(function (e) {
      var value = e.whole * 10 + e.text.filter(function (m) { return m === 1; }).length * 10
        + e.title.filter(function (m) { return m === 1; }).length * 5 + Math.min(e.hits, 20) / 20;
      if (value > bestValue) { best = e; bestValue = value; }
    });
    return best;
  }

  function highlight(text, needles) {
    var folded = fold(text), marks = [];
    needles.forEach(function (needle) {
      if (!needle) return;
      var at = folded.indexOf(needle);
      while (at >= 0) { marks.push([at, at + needle.length]); at = folded.indexOf(needle, at + needle.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = "", last = 0;
    marks.forEach(function (m) {
      if (m[0] < last) return;
      out += escapeHtml(text.slice(last, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      last = m[1];
    });
    return out + escapeHtml(text.slice(last));
  }

  function snippet(doc, needles) {
    var at = -1;
    needles.forEach(function (n) { var i = doc.ftext.indexOf(n); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 30), text = doc.text.slice(start, start + SNIPPET);
    return (start > 0 ? "…" : "") + text + (start + SNIPPET < doc.text.length ? "…" : "");
  }

  function search(query) {
    var list = terms(query);
    if (!list.length || !state.docs) return { items: [] };
    var phrase = list.map(function (t) { return t.word; }).join("");
    var byPage = {};
    state.docs.forEach(function (doc) {
      var e = measure(doc, list, phrase);
      if (!e.hits && !e.title.some(Boolean) && !e.text.some(Boolean)) return;
      (byPage[doc.page] = byPage[doc.page] || []).push(e);
    });
    var best = {};
    Object.keys(byPage).forEach(function (page) {
      var s = score(byPage[page], list, state.pages[page]);
      if (s > 0) best[page] = { doc: quoted(byPage[page]).doc, score: s };
    });
    var needles = [phrase];
    list.forEach(function (t) { needles.push.apply(needles, t.alternatives); });
    var matched = {};
    list.forEach(function (t) { matched[t.word] = true; });
    var groups = Object.keys(best).map(function (page) { return best[page]; })
      .sort(function (a, b) { return b.score - a.score || (a.doc.page < b.doc.page ? -1 : 1); })
      .slice(0, MAX_RESULTS)
      .map(function (hit) {
        var page = state.pages[hit.doc.page] || hit.doc;
        var where = page.where ? '<span class="quanze-result-where">' + escapeHtml(page.where) + "</span> " : "";
        var title = highlight(page.title, needles);
        if (hit.doc !== page && hit.doc.title) title += " › " + highlight(hit.doc.title, needles);
        return [{ location: page.location, title: title, score: hit.score, terms: matched,
                  text: where + highlight(snippet(hit.doc, needles), needles) }];
      });
    return { items: groups };
  }

  /* Material's protocol is answered here; anything else (another theme's worker, e.g. Zensical's)
     goes to the real worker, created on the first message that is not Material's setup. */
  function SearchWorker(url, options) {
    this.listeners = [];
    this.onmessage = null;
    this.url = url;
    this.options = options;
    this.real = null;
  }
  SearchWorker.prototype.addEventListener = function (type, fn) {
    if (type === "message") this.listeners.push(fn);
    if (this.real) this.real.addEventListener(type, fn);
  };
  SearchWorker.prototype.removeEventListener = function (type, fn) {
    this.listeners = this.listeners.filter(function (l) { return l !== fn; });
    if (this.real) this.real.removeEventListener(type, fn);
  };
  SearchWorker.prototype.terminate = function () {
    if (this.real) this.real.terminate();
  };
  SearchWorker.prototype.reply = function (data) {
    var self = this, event = { data: data, type: "message", target: this };
    setTimeout(function () {
      self.listeners.forEach(function (fn) { fn.call(self, event); });
      if (self.onmessage) self.onmessage(event);
    }, 0);
  };
  SearchWorker.prototype.forward = function (message) {
    var self = this;
    if (!this.real) {
      this.real = new Original(this.url, this.options);
      this.listeners.forEach(function (fn) { self.real.addEventListener("message", fn); });
      this.real.onmessage = function (ev) { if (self.onmessage) self.onmessage(ev); };
    }
    this.real.postMessage(message);
  };
  SearchWorker.prototype.postMessage = function (message) {
    var material = message && message.data && Array.isArray(message.data.docs) && message.data.config;
    if (this.real || (message.type === SETUP && !material) || (message.type !== SETUP && !state.docs)) {
      this.forward(message);
    } else if (message.type === SETUP) {
      setup(message.data);
      this.reply({ type: READY });
      setTimeout(resync, 50);
    } else if (message.type === QUERY) {
      state.answered = message.data;
      this.reply({ type: RESULT, data: search(message.data) });
    }
  };

  var Original = window.Worker;
  window.Worker = function (url, options) {
    if (String(url).indexOf("workers/search") >= 0) return new SearchWorker(url, options);
    return new Original(url, options);
  };
  window.quanzeSearch = { search: function (q) { return search(q); }, terms: terms };

  function box() {
    return document.querySelector("input.md-search__input");
  }

  /* Material reads the box on key release; make it read what is in the box now. */
  function poke(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  /* Search what the box holds if it was typed before the index was ready (or before Material
     listened): Material compares with the last value it saw, so the value is nudged and put back. */
  function resync() {
    var input = box();
    if (!input || !state.docs || !input.value.trim() || input.value === state.answered) return;
    var value = input.value;
    input.value = value + " ";
    poke(input);
    input.value = value;
    poke(input);
  }

  document.addEventListener("input", function (ev) {
    if (ev.target === box()) poke(ev.target);
  }, true);
  /* No invisible tab stops: on narrow screens the search box while the search overlay is closed
     (the header's search button opens it and focuses it); the result list's scroll box is hidden
     while closed by quanze.css. */
  function tabStops() {
    var toggle = document.getElementById("__search"), input = box();
    if (!toggle || !input) return;
    var hidden = !toggle.checked && window.matchMedia("(max-width: 59.984375em)").matches;
    input.tabIndex = hidden ? -1 : 0;
  }

  document.addEventListener("DOMContentLoaded", function () {
    tabStops();
    var toggle = document.getElementById("__search");
    if (toggle) toggle.addEventListener("change", tabStops);
    window.matchMedia("(max-width: 59.984375em)").addEventListener("change", tabStops);
    var tries = 0, timer = setInterval(function () {
      resync();
      if (++tries > 40) clearInterval(timer);
    }, 250);
  });
})();
