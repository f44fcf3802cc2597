/*
 * quanze search: Material's search box and result list, answered in the page by our own matcher.
 *
 * Loaded before Material's bundle (as a polyfill), this replaces the search worker with an
 * object that speaks the worker's messages (setup -> ready, query -> result). It finds any
 * substring of the text (药机构 finds 定点医药机构: no word cuts needed), ranks pages holding the
 * whole query, then all of its terms, then most of them, first, expands the synonyms the index
 * carries (`config.synonyms`, from site_templates/search/synonyms.yaml), and shows each power's agency
 * and category (`where`) first. A query naming an article (社会保险法第八十七条, 条例第40条,
 * 社保法87条) puts that article's section first, linked at its anchor, its number matched
 * exactly; an agency's name or a short name of it (`names`: 大同医保局) puts its page first; a
 * power's name typed with gaps still finds it (the query's characters in order in the title).
 * A query typed before the index has loaded, pasted, or entered by an input method (`input`
 * events) is searched as soon as the index is there.
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
      var article = /#art-(\d+)$/.exec(doc.location);
      var entry = { location: doc.location, page: page, title: title, text: text,
                    where: where, ftitle: fold(title), fwhere: fold(where), ftext: fold(text),
                    names: (doc.names || []).map(function (n) { return fold(plain(n)); }),
                    article: article ? Number(article[1]) : 0 };
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

  /* --- legal references: 第八十七条, 第87条, 87条, 第八十六条第一款 --------------------------- */

  var NUMERAL = "[0-9０-９]+|[零〇一二两三四五六七八九十百千]+";
  var ARTICLE = new RegExp("(?:第\\s*)?(" + NUMERAL + ")\\s*条(?!例)(?:\\s*之\\s*[一二三四五六七八九十]+)?" +
                           "(?:\\s*第?\\s*(?:" + NUMERAL + ")\\s*[款项目])*");
  var DIGITS = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                 "八": 8, "九": 9 };
  var UNITS = { "十": 10, "百": 100, "千": 1000 };

  /* 八十七, 一百零三, 87 or ８７ as a number. */
  function numberOf(numeral) {
    var text = numeral.normalize("NFKC");
    if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
    var total = 0, digit = 0;
    for (var i = 0; i < text.length; i++) {
      if (text[i] in DIGITS) digit = DIGITS[text[i]];
      else { total += (digit || 1) * UNITS[text[i]]; digit = 0; }
    }
    return total + digit;
  }

  /* The article a query names and the rest of the query (the statute's name, or nothing). */
  function articleQuery(query) {
    var found = ARTICLE.exec(query);
    if (!found) return null;
    var rest = query.slice(0, found.index) + query.slice(found.index + found[0].length);
    return { number: numberOf(found[1]), statute: fold(rest).replace(/[\s《》〈〉<>“”"]+/g, "") };
  }

  /* The share of a word's characters found in a text in order, gaps allowed (the longest common
     subsequence over the word's length): 社保法 in 社会保险法 is 1. */
  function inOrder(word, text) {
    if (!word.length) return 0;
    var row = [];
    for (var k = 0; k <= word.length; k++) row.push(0);
    for (var j = 0; j < text.length; j++) {
      var diagonal = 0;
      for (var i = 1; i <= word.length; i++) {
        var above = row[i];
        row[i] = word[i - 1] === text[j] ? diagonal + 1 : Math.max(row[i], row[i - 1]);
        diagonal = above;
      }
    }
    return row[word.length] / word.length;
  }

  /* How well the rest of a query names a statute: 1 when the title holds it or a synonym of it,
     else 0.9 times the share of its characters the title holds in order (医保基金条例 in
     医疗保障基金使用监督管理条例); a shorter title, held more tightly, a little more. */
  function statuteMatch(name, ftitle) {
    if (!name) return 1;
    var best = 0;
    alternativesOf(name).forEach(function (alternative) {
      var value = ftitle.indexOf(alternative) >= 0 ? 1 : 0.9 * inOrder(alternative, ftitle);
      best = Math.max(best, value);
    });
    return best + 0.05 * Math.min(1, name.length / Math.max(ftitle.length, 1));
  }

  /* The sections of the article a query names, in every statute whose title the rest of the
     query names (any statute when it names none), linked at the article. */
  function articleHits(query) {
    var ref = articleQuery(query);
    if (!ref || !ref.number) return [];
    var hits = [];
    state.docs.forEach(function (doc) {
      if (doc.article !== ref.number) return;
      var page = state.pages[doc.page] || doc;
      var match = statuteMatch(ref.statute, page.ftitle);
      if (match >= 0.6) hits.push({ doc: doc, page: page, score: 10000 + 1000 * match });
    });
    return hits;
  }

  /* The two-character pieces of a long query, each weighted by how rare it is among the pages'
     titles (定点 weighs more than 监督): what `likeness` measures a title by. */
  function bigramWeights(phrase) {
    if (!state.titles) {
      state.titles = Object.keys(state.pages).map(function (page) { return state.pages[page].ftitle; });
    }
    var weights = {}, n = state.titles.length;
    bigrams(phrase).forEach(function (gram) {
      if (gram in weights) return;
      var df = state.titles.filter(function (title) { return title.indexOf(gram) >= 0; }).length;
      weights[gram] = df ? Math.log(1 + n / df) : 0;
    });
    return weights;
  }

  /* The weighted share of a long query's pieces that a title holds: 1 when it holds them all. */
  function likeness(weights, ftitle) {
    var found = 0, total = 0;
    Object.keys(weights).forEach(function (gram) {
      total += weights[gram];
      if (ftitle.indexOf(gram) >= 0) found += weights[gram];
    });
    return total ? found / total : 0;
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
      // (the page's text does not repeat its `where`, which counts as its text too)
      text.push(Math.max(termMatch(term, doc.ftext), doc.fwhere ? termMatch(term, doc.fwhere) : 0));
      term.alternatives.forEach(function (a) {
        hits += count(doc.ftext, a) + (doc.fwhere ? count(doc.fwhere, a) : 0) + 3 * count(doc.ftitle, a);
      });
    });
    var page = doc.page === doc.location;
    if (doc.names.length && phrase.length > 1) {  // an agency by its name or a short name of it
      var forms = alternativesOf(phrase);
      if (doc.names.some(function (n) { return forms.indexOf(n) >= 0; })) whole = 2000;
      else if (doc.names.some(function (n) { return forms.some(function (f) { return n.indexOf(f) >= 0; }); })) whole = 700;
    }
    if (whole) {
      // found by its name
    } else if (phrase.length > 1) {
      if (page && doc.ftitle === phrase) whole = 800;
      else if (doc.ftitle.indexOf(phrase) >= 0) whole = page ? 600 : 400;
      else if (doc.ftext.indexOf(phrase) >= 0) whole = 300;
    }
    return { doc: doc, page: page, title: title, text: text, hits: Math.min(hits, 20), whole: whole,
             inText: phrase.length > 1 && doc.ftext.indexOf(phrase) >= 0 };
  }

  /* A page's score from its entries. A term is whole on the page when one section holds it
     together with the others, the page's own title counting for every section (a statute's
     title and one of its articles match 社会保险法 第八十七条), but not when the terms are strewn
     over sections of a long list (对定点医药机构 in one, 的监督检查 in another). */
  function score(entries, list, top, weights) {
    var partial = 0, whole = 0, inTitle = 0, hits = 0, phrase = 0, together = 0;
    var head = entries.filter(function (e) { return e.page; })[0];
    list.forEach(function (term, i) {
      var m = 0, t = 0;
      entries.forEach(function (e) {
        m = Math.max(m, e.title[i], e.text[i]);
        t = Math.max(t, e.title[i] * (e.page ? 1 : 0.5));  // the page's own title counts most
      });
      partial += m;
      inTitle += t;
    });
    entries.forEach(function (e) {
      hits = Math.max(hits, e.hits);
      phrase = Math.max(phrase, e.whole);
      var here = list.filter(function (_, i) {
        return Math.max(e.title[i], e.text[i], head ? head.title[i] : 0) === 1;
      }).length;
      whole = Math.max(whole, here);
      if (list.every(function (_, i) { return Math.max(e.title[i], e.text[i]) === 1; })) together = 150;
    });
    if (partial / list.length < 0.5) return 0;
    var s = 100 * partial / list.length + 10 * hits / 20 + phrase + together;
    if (whole === list.length) s += 1000;
    s += 300 * inTitle / list.length;
    if (top && top.ftitle.length) s += 5 / (1 + top.ftitle.length / 20);  // shorter titles: more precise
    if (top) s += 30 / (1 + (state.lengths[top.page] || 0) / 3000);  // and shorter pages: a power before a list of them
    if (top && weights) {  // a power's name typed with other words or gaps: the title's likeness
      var like = likeness(weights, top.ftitle);
      if (like > 0.5) s += 2400 * (like - 0.5);
    }
    return s;
  }

  /* The entry of a page to quote: the one holding the whole query, else the most terms (a page's
     own title is the result's title: the page's top is quoted for what its text holds). */
  function quoted(entries) {
    var best = null, bestValue = -Infinity;
    entries.forEach(function (e) {
      var value = (e.page && !e.inText ? 0 : e.whole) * 10 + e.text.filter(function (m) { return m === 1; }).length * 10
        + e.title.filter(function (m) { return m === 1; }).length * 5 + Math.min(e.hits, 20) / 20;
      if (e.page && e.doc.fwhere) value -= 15;  // a power page's top is its fields' table: quote a section
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

  /* The sentence holding the first match: from the stop before it (or the start of its table
     cell, or 40 characters before it), SNIPPET characters on, ended at a stop where one is. */
  function snippet(doc, needles) {
    var at = -1;
    needles.forEach(function (n) { var i = n ? doc.ftext.indexOf(n) : -1; if (i >= 0 && (at < 0 || i < at)) at = i; });
    var text = doc.text;
    if (at < 0) return text.slice(0, SNIPPET) + (text.length > SNIPPET ? "…" : "");
    var start = Math.max(0, at - 40), before = text.slice(start, at);
    var stop = Math.max(before.search(/[。；;！？!?][^。；;！？!?]*$/), before.lastIndexOf(" "));
    if (stop >= 0) start += stop + 1;
    var end = Math.min(text.length, start + SNIPPET), after = text.slice(at, end).search(/[。；;！？!?]/);
    if (after >= 0 && at + after + 1 - start >= 20) end = at + after + 1;
    var piece = text.slice(start, end).trim();
    return (start > 0 ? "…" : "") + piece + (end < text.length ? "…" : "");
  }

  function search(query) {
    var list = terms(query);
    if (!list.length || !state.docs) return { items: [] };
    var articles = articleHits(query), cited = {};
    articles.forEach(function (hit) { cited[hit.doc.page] = true; });
    var phrase = list.map(function (t) { return t.word; }).join("");
    var byPage = {}, weights = phrase.length >= 5 ? bigramWeights(phrase) : null;
    state.docs.forEach(function (doc) {
      var e = measure(doc, list, phrase);
      if (!e.hits && !e.title.some(Boolean) && !e.text.some(Boolean)) return;
      (byPage[doc.page] = byPage[doc.page] || []).push(e);
    });
    var best = {};
    Object.keys(byPage).forEach(function (page) {
      var s = score(byPage[page], list, state.pages[page], weights);
      if (s > 0) best[page] = { doc: quoted(byPage[page]).doc, score: s };
    });
    var needles = [phrase];
    list.forEach(function (t) { needles.push.apply(needles, t.alternatives); });
    var matched = {};
    list.forEach(function (t) { matched[t.word] = true; });
    var pages = Object.keys(best).filter(function (page) { return !cited[page]; })
      .map(function (page) { return best[page]; });
    var groups = articles.concat(pages)
      .sort(function (a, b) { return b.score - a.score || (a.doc.location < b.doc.location ? -1 : 1); })
      .slice(0, MAX_RESULTS)
      .map(function (hit) {
        var page = state.pages[hit.doc.page] || hit.doc;
        var where = page.where ? '<span class="quanze-result-where">' + escapeHtml(page.where) + "</span> " : "";
        var title = highlight(page.title, needles);
        if (hit.doc !== page && hit.doc.title) title += " › " + highlight(hit.doc.title, needles);
        var location = hit.doc.article && cited[hit.doc.page] ? hit.doc.location : page.location;
        return [{ location: location, title: title, score: hit.score, terms: matched,
                  text: where + highlight(snippet(hit.doc, needles), needles) }];
      });
    return { items: groups };
  }

  /* The index's entries are in the site once, in search/search_index.js (`var __index = …`), which
     Material loads itself from file://. Served over http(s) Material fetches search_index.json
     instead, where a quanze build keeps only the settings and `config.entries`, the name of that
     script: it is loaded here. An index with its entries (any other build) is taken as it is. */
  function entries(data, done) {
    var file = data.config && data.config.entries;
    if (!file || (data.docs && data.docs.length)) return withLight(data, done);
    if (window.__index && window.__index.docs) return withLight(window.__index, done);
    load("search/" + file, function () {
      withLight(window.__index && window.__index.docs ? window.__index : data, done);
    });
  }

  /* A sub-site of a sharded site finds the pages of the others by name through light entries
     kept once for the whole site, in the top site's search/light.js (`var __light = …`), which
     its index names (`config.light`: the file, the way up to the top site, its own id). They
     are added to its own entries, but for its own pages, located from its root. Without the file
     (a sub-site deployed alone) it searches its own pages. */
  function withLight(data, done) {
    var light = data.config && data.config.light;
    if (!light) return done(data);
    var merge = function () {
      var shared = (window.__light && window.__light.docs) || [];
      var docs = (data.docs || []).slice();
      shared.forEach(function (doc) {
        if (doc.site === light.site) return;
        docs.push({ location: (light.prefix || "") + doc.location, title: doc.title, text: doc.text,
                    where: doc.where, names: doc.names });
      });
      done({ config: data.config, docs: docs });
    };
    if (window.__light && window.__light.docs) return merge();
    load(light.script, merge);
  }

  /* A script of the site, relative to this sub-site's root; `then` runs when it has loaded or failed. */
  function load(path, then) {
    var base = JSON.parse(document.getElementById("__config").textContent).base;
    var script = document.createElement("script");
    script.src = new URL(path, new URL(base, location)).href;
    script.onload = then;
    script.onerror = then;
    document.head.appendChild(script);
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
    var self = this;
    var material = message && message.data && Array.isArray(message.data.docs) && message.data.config;
    if (state.loading && !this.real && message.type !== SETUP) {
      state.queued = message;  // answered once the entries have loaded
    } else if (this.real || (message.type === SETUP && !material) || (message.type !== SETUP && !state.docs)) {
      this.forward(message);
    } else if (message.type === SETUP) {
      state.loading = true;
      entries(message.data, function (data) {
        state.loading = false;
        setup(data);
        self.reply({ type: READY });
        setTimeout(resync, 50);
        if (state.queued) {
          var queued = state.queued;
          state.queued = null;
          self.postMessage(queued);
        }
      });
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

  /* Material's search is a dialog without a name: it takes the name its box has (搜索). */
  function nameTheDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]'), input = box();
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "搜索");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameTheDialog();
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
