/* Syllabus default theme: progress, task ticks, quote links, search and live reload.
   Vanilla, no dependencies. The site works without it; this only adds to it. */
(function () {
  'use strict';

  var doc = document;
  var html = doc.documentElement;
  var root = html.getAttribute('data-root') || '';

  html.classList.add('js');

  /* ---------- Small helpers ---------- */

  function $all(selector, scope) {
    return Array.prototype.slice.call((scope || doc).querySelectorAll(selector));
  }

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function reveal(node) {
    if (node) node.hidden = false;
  }

  // One polite live region for short status messages ("Copied", "5 results").
  var liveRegion = null;
  var liveTimer = null;
  function announce(message) {
    if (!liveRegion) {
      liveRegion = el('div', 'visually-hidden');
      liveRegion.setAttribute('aria-live', 'polite');
      liveRegion.setAttribute('role', 'status');
      doc.body.appendChild(liveRegion);
    }
    // Clear first so that the same message twice is announced twice.
    liveRegion.textContent = '';
    clearTimeout(liveTimer);
    liveTimer = setTimeout(function () {
      liveRegion.textContent = message;
    }, 60);
  }

  /* ---------- 1. Progress ---------- */

  var STORAGE_KEY = 'syllabus-done';

  // What this browser keeps for the reader, as JSON under `key`: `fallback` when it keeps
  // nothing there or cannot be read (private browsing, storage refused or damaged).
  function readStored(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  // Whether `value` could be kept under `key` (storage full or refused: it could not).
  function writeStored(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }

  function readDone() {
    var list = readStored(STORAGE_KEY, []);
    if (!Array.isArray(list)) return [];
    return list.filter(function (slug) {
      return typeof slug === 'string' && slug !== '';
    });
  }

  function writeDone(list) {
    return writeStored(STORAGE_KEY, list);
  }

  function storageWorks() {
    try {
      var probe = STORAGE_KEY + '-probe';
      window.localStorage.setItem(probe, '1');
      window.localStorage.removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  }

  function renderButton(button, done) {
    button.setAttribute('aria-pressed', done ? 'true' : 'false');
    button.textContent = done ? 'Done ✓' : 'Mark as done';
  }

  function renderOutline(done) {
    var items = $all('li[data-slug]');
    if (!items.length) return;
    var seen = {};
    var total = 0;
    var doneCount = 0;
    items.forEach(function (item) {
      var slug = item.getAttribute('data-slug');
      if (!slug) return;
      var isDone = done.indexOf(slug) !== -1;
      item.classList.toggle('is-done', isDone);
      var mark = item.querySelector(':scope > .done-mark');
      var label = item.querySelector(':scope > .done-label');
      if (isDone && !mark) {
        mark = el('span', 'done-mark', '✓');
        mark.setAttribute('aria-hidden', 'true');
        label = el('span', 'done-label visually-hidden', ' (done)');
        item.insertBefore(mark, item.firstChild);
        var link = item.querySelector(':scope > a');
        if (link && link.nextSibling) item.insertBefore(label, link.nextSibling);
        else item.appendChild(label);
      } else if (!isDone && mark) {
        mark.remove();
        if (label) label.remove();
      }
      if (!seen[slug]) {
        seen[slug] = true;
        total += 1;
        if (isDone) doneCount += 1;
      }
    });

    var box = doc.querySelector('.progress');
    var summary = doc.querySelector('[data-progress-summary]');
    var bar = doc.querySelector('.progress-bar');
    if (!box || !summary || total === 0) return;
    var noun = total === 1 ? 'lesson' : 'lessons';
    summary.textContent = doneCount === total
      ? 'All ' + total + ' ' + noun + ' done. Well done.'
      : doneCount + ' of ' + total + ' ' + noun + ' done';
    if (bar) {
      bar.max = total;
      bar.value = doneCount;
    }
    reveal(box);
  }

  function setUpProgress() {
    if (!storageWorks()) return; // Nothing can be remembered: keep the controls hidden.
    var buttons = $all('button.mark-done[data-slug]');
    var done = readDone();

    buttons.forEach(function (button) {
      var slug = button.getAttribute('data-slug');
      if (!slug) return;
      renderButton(button, done.indexOf(slug) !== -1);
      reveal(button.closest('.lesson-done'));
      button.addEventListener('click', function () {
        var list = readDone();
        var at = list.indexOf(slug);
        var nowDone = at === -1;
        if (nowDone) list.push(slug);
        else list.splice(at, 1);
        if (!writeDone(list)) {
          announce('Your progress could not be saved in this browser.');
          return;
        }
        $all('button.mark-done[data-slug]').forEach(function (other) {
          if (other.getAttribute('data-slug') === slug) renderButton(other, nowDone);
        });
        renderOutline(list);
      });
    });

    renderOutline(done);

    // Keep several open tabs in step.
    window.addEventListener('storage', function (event) {
      if (event.key !== STORAGE_KEY) return;
      var list = readDone();
      buttons.forEach(function (button) {
        renderButton(button, list.indexOf(button.getAttribute('data-slug')) !== -1);
      });
      renderOutline(list);
    });
  }

  /* ---------- 1b. Task lists on a lesson ---------- */

  // The ticks of a lesson's task list are kept beside the progress, in this browser only:
  // { "lesson-slug": [indexes of the ticked boxes in the lesson's body] }.
  var TICKS_KEY = 'syllabus-ticks';

  function readTicks() {
    var ticks = readStored(TICKS_KEY, {});
    return ticks && typeof ticks === 'object' && !Array.isArray(ticks) ? ticks : {};
  }

  function writeTicks(ticks) {
    return writeStored(TICKS_KEY, ticks);
  }

  // The text of a box's item, nested lists left out: its name for a screen reader (the
  // markup, as GitHub's, gives the box none).
  function taskName(box) {
    var copy = box.closest('li').cloneNode(true);
    $all('ul, ol', copy).forEach(function (list) { list.remove(); });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }

  function setUpTasks() {
    $all('.content li > input[type="checkbox"], .content li > p:first-child > input[type="checkbox"]').forEach(function (box) {
      var name = taskName(box);
      if (name && !box.hasAttribute('aria-label')) box.setAttribute('aria-label', name);
    });
    // Only a lesson's own body: elsewhere (and without script) the boxes stay disabled.
    var body = doc.querySelector('article.page-lesson .content');
    var marker = doc.querySelector('article.page-lesson button.mark-done[data-slug]');
    var slug = marker && marker.getAttribute('data-slug');
    if (!body || !slug || !storageWorks()) return;
    var boxes = $all('li > input[type="checkbox"][disabled], li > p:first-child > input[type="checkbox"][disabled]', body);
    if (!boxes.length) return;

    function render(ticks) {
      var list = Array.isArray(ticks[slug]) ? ticks[slug] : null;
      boxes.forEach(function (box, index) {
        // A lesson the reader never ticked shows the boxes as written.
        box.checked = list ? list.indexOf(index) !== -1 : box.defaultChecked;
      });
    }

    boxes.forEach(function (box) {
      box.disabled = false;
      box.classList.add('task-box');
      box.addEventListener('change', function () {
        var ticks = readTicks();
        ticks[slug] = boxes.reduce(function (list, other, index) {
          if (other.checked) list.push(index);
          return list;
        }, []);
        if (!writeTicks(ticks)) announce('Your ticks could not be saved in this browser.');
      });
    });
    render(readTicks());

    window.addEventListener('storage', function (event) {
      if (event.key === TICKS_KEY) render(readTicks());
    });
  }

  /* ---------- 2. Quotes ---------- */

  function pageURLWithoutHash() {
    return window.location.href.split('#')[0];
  }

  function quoteURL(figure) {
    if (figure.id) return pageURLWithoutHash() + '#' + figure.id;
    var time = figure.querySelector('a.quote-time');
    if (!time) return null;
    try {
      return new URL(time.getAttribute('href'), window.location.href).href;
    } catch (e) {
      return time.href || null;
    }
  }

  function copyWithSelection(text) {
    var area = el('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    doc.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = doc.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    area.remove();
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext !== false) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithSelection(text); }
      );
    }
    return Promise.resolve(copyWithSelection(text));
  }

  function setUpQuotes() {
    var audio = doc.getElementById('syllabus-episode-audio');

    $all('figure.quote').forEach(function (figure) {
      var url = quoteURL(figure);
      var caption = figure.querySelector('figcaption');
      if (!url || !caption) return;
      var time = figure.querySelector('a.quote-time');
      var button = el('button', 'quote-copy', 'Copy link');
      button.type = 'button';
      button.setAttribute(
        'aria-label',
        'Copy link to the quote' + (time ? ' at ' + time.textContent.trim() : '')
      );
      var resetTimer = null;
      button.addEventListener('click', function () {
        copyText(url).then(function (ok) {
          if (ok) {
            button.textContent = 'Copied';
            button.classList.add('is-copied');
            announce('Copied');
            clearTimeout(resetTimer);
            resetTimer = setTimeout(function () {
              button.textContent = 'Copy link';
              button.classList.remove('is-copied');
            }, 2000);
          } else {
            window.prompt('Copy this link to the quote:', url);
          }
        });
      });
      caption.appendChild(button);
    });

    if (!audio) return;

    var player = audio.closest('.player');
    if (player) {
      audio.addEventListener('play', function () { player.classList.add('is-playing'); });
      audio.addEventListener('pause', function () { player.classList.remove('is-playing'); });
      audio.addEventListener('ended', function () { player.classList.remove('is-playing'); });
    }

    /** The time a link to this page's audio (`audio.opus#t=760`) plays from, else null. */
    function timeInLink(link) {
      var href = link.getAttribute('href') || '';
      var hash = href.lastIndexOf('#t=');
      if (hash < 0 || href.slice(0, hash) !== (audio.getAttribute('src') || '')) return null;
      var seconds = parseFloat(href.slice(hash + 3));
      return isFinite(seconds) ? seconds : null;
    }

    function playFrom(seconds) {
      if (!isFinite(seconds) || seconds < 0) return;
      // Before metadata is loaded, this sets the start position (HTML spec).
      try {
        audio.currentTime = seconds;
      } catch (e) { /* set again below */ }
      if (audio.readyState < 1) {
        audio.addEventListener('loadedmetadata', function () {
          if (Math.abs(audio.currentTime - seconds) > 1) audio.currentTime = seconds;
        }, { once: true });
      }
      var playing = audio.play();
      if (playing && typeof playing.catch === 'function') playing.catch(function () {});
    }

    doc.addEventListener('click', function (event) {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var target = event.target;
      if (!target || !target.closest) return;
      var play = target.closest('a.quote-play');
      if (play) {
        event.preventDefault();
        playFrom(parseFloat(play.getAttribute('data-seconds')));
        return;
      }
      // A chapter's time, and any `#t=` link of the notes: the compiler points them at the
      // episode's audio; they play it here rather than open the file.
      var timed = target.closest('a[href]');
      var seconds = timed && timeInLink(timed);
      if (seconds !== null && seconds !== undefined) {
        event.preventDefault();
        playFrom(seconds);
        return;
      }
      var time = target.closest('a.quote-time');
      if (time) {
        var figure = time.closest('figure.quote');
        var sibling = figure && figure.querySelector('a.quote-play[data-seconds]');
        // The link still moves to its quote; the audio starts there too.
        if (sibling) playFrom(parseFloat(sibling.getAttribute('data-seconds')));
      }
    });
  }

  /* ---------- 3. Search ---------- */

  function fold(text) {
    var s = String(text || '').toLowerCase();
    if (s.normalize) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  }

  function words(query) {
    return fold(query).split(/[\s,;:!?()"]+/).filter(function (w) {
      return w.length > 0;
    });
  }

  function containsAll(haystack, terms) {
    for (var i = 0; i < terms.length; i++) {
      if (haystack.indexOf(terms[i]) === -1) return false;
    }
    return true;
  }

  function countMatches(haystack, terms) {
    var n = 0;
    for (var i = 0; i < terms.length; i++) {
      if (haystack.indexOf(terms[i]) !== -1) n += 1;
    }
    return n;
  }

  function isAbsolute(url) {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.charAt(0) === '/';
  }

  function siteURL(url) {
    url = String(url || '');
    return isAbsolute(url) ? url : root + url;
  }

  function prepareIndex(data) {
    var pages = data && Array.isArray(data.pages) ? data.pages : [];
    return pages.map(function (page) {
      var headings = Array.isArray(page.headings) ? page.headings : [];
      var quotes = Array.isArray(page.quotes) ? page.quotes : [];
      var entry = {
        title: String(page.title || ''),
        url: String(page.url || ''),
        kind: String(page.kind || ''),
        summary: String(page.summary || ''),
        // The sections the page is in: what tells apart pages of one title.
        section: String(page.section || ''),
        headings: headings.map(function (h) {
          return { text: String(h.text || ''), url: String(h.url || ''), key: fold(h.text) };
        }),
        quotes: quotes.map(function (q) {
          return {
            time: String(q.time || ''),
            text: String(q.text || ''),
            url: String(q.url || ''),
            key: fold(q.text)
          };
        })
      };
      entry.titleKey = fold(entry.title);
      entry.summaryKey = fold(entry.summary);
      entry.all = [entry.titleKey, entry.summaryKey, fold(entry.section)]
        .concat(entry.headings.map(function (h) { return h.key; }))
        .concat(entry.quotes.map(function (q) { return q.key; }))
        .join('\n');
      return entry;
    });
  }

  function search(index, query) {
    var terms = words(query);
    if (!terms.length) return [];
    var results = [];
    index.forEach(function (page, order) {
      if (!containsAll(page.all, terms)) return;
      var score = countMatches(page.titleKey, terms) * 10 + countMatches(page.summaryKey, terms) * 3;
      if (containsAll(page.titleKey, terms)) score += 20;
      var result = { page: page, url: page.url, snippet: page.summary, detail: '', score: score, order: order };
      if (!containsAll(page.titleKey, terms) && !containsAll(page.summaryKey, terms)) {
        // Point at the most specific place that has every word.
        var heading = page.headings.filter(function (h) { return containsAll(h.key, terms); })[0];
        var quote = page.quotes.filter(function (q) { return containsAll(q.key, terms); })[0];
        if (heading) {
          result.url = heading.url || page.url;
          result.detail = heading.text;
          result.score += 8;
        } else if (quote) {
          result.url = quote.url || page.url;
          result.detail = quote.time;
          result.snippet = quote.text;
          result.score += 6;
        }
      }
      results.push(result);
    });
    results.sort(function (a, b) {
      return b.score - a.score || a.order - b.order;
    });
    return results.slice(0, 10);
  }

  // Text with every occurrence of the terms wrapped in <mark>, built from text nodes only.
  function highlighted(text, terms) {
    var fragment = doc.createDocumentFragment();
    var source = String(text || '');
    var folded = fold(source);
    // Folding can change the length (rare); then skip highlighting.
    if (folded.length !== source.length || !terms.length) {
      fragment.appendChild(doc.createTextNode(source));
      return fragment;
    }
    var ranges = [];
    terms.forEach(function (term) {
      var from = 0;
      var at;
      while (term && (at = folded.indexOf(term, from)) !== -1) {
        ranges.push([at, at + term.length]);
        from = at + term.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var cursor = 0;
    ranges.forEach(function (range) {
      if (range[0] < cursor) return;
      if (range[0] > cursor) fragment.appendChild(doc.createTextNode(source.slice(cursor, range[0])));
      fragment.appendChild(el('mark', null, source.slice(range[0], range[1])));
      cursor = range[1];
    });
    if (cursor < source.length) fragment.appendChild(doc.createTextNode(source.slice(cursor)));
    return fragment;
  }

  function shorten(text, max) {
    text = String(text || '').replace(/\s+/g, ' ').trim();
    if (text.length <= max) return text;
    var cut = text.lastIndexOf(' ', max);
    return text.slice(0, cut > max * 0.6 ? cut : max) + '…';
  }

  var indexPromise = null;

  function loadIndexScript() {
    return new Promise(function (resolve, reject) {
      if (window.SYLLABUS_SEARCH_INDEX) {
        resolve(window.SYLLABUS_SEARCH_INDEX);
        return;
      }
      var script = doc.createElement('script');
      script.src = root + 'search-index.js';
      script.async = true;
      script.onload = function () {
        if (window.SYLLABUS_SEARCH_INDEX) resolve(window.SYLLABUS_SEARCH_INDEX);
        else reject(new Error('search-index.js did not define the index'));
      };
      script.onerror = function () {
        reject(new Error('search-index.js could not be loaded'));
      };
      doc.head.appendChild(script);
    });
  }

  function loadIndex() {
    if (indexPromise) return indexPromise;
    var viaFetch = (window.fetch && window.location.protocol !== 'file:')
      ? window.fetch(root + 'search-index.json', { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      : Promise.reject(new Error('no fetch'));
    indexPromise = viaFetch
      .catch(function () { return loadIndexScript(); })
      .then(prepareIndex);
    indexPromise.catch(function () {
      indexPromise = null; // Try again on the next keystroke.
    });
    return indexPromise;
  }

  function setUpSearch() {
    var form = doc.querySelector('form.site-search');
    var input = doc.getElementById('syllabus-search-input');
    var box = doc.getElementById('syllabus-search-results');
    if (!form || !input || !box) return;
    reveal(form);

    var lastQuery = null;
    var dismissed = false; // Escape closed the results; focus alone does not reopen them.
    var announceTimer = null;

    function links() {
      return $all('a.search-result', box);
    }

    function close() {
      box.hidden = true;
    }

    function open() {
      if (box.firstChild) box.hidden = false;
    }

    function message(text) {
      box.textContent = '';
      box.appendChild(el('p', 'search-message', text));
      open();
    }

    function render(results, query) {
      var terms = words(query);
      box.textContent = '';
      if (!results.length) {
        message('Nothing in the course matches “' + shorten(query, 40) + '”.');
      } else {
        var list = el('ul');
        results.forEach(function (result) {
          var item = el('li');
          var link = el('a', 'search-result');
          link.href = siteURL(result.url);
          var title = el('span', 'search-result-title');
          title.appendChild(highlighted(result.page.title, terms));
          if (result.page.kind) {
            title.appendChild(el('span', 'kind search-result-kind', result.page.kind));
          }
          link.appendChild(title);
          if (result.page.section) {
            link.appendChild(el('span', 'search-result-section', result.page.section));
          }
          var snippetText = result.detail
            ? result.detail + (result.snippet && result.snippet !== result.page.summary ? ' — ' + result.snippet : '')
            : result.snippet;
          if (snippetText) {
            var snippet = el('span', 'search-result-snippet');
            snippet.appendChild(highlighted(shorten(snippetText, 160), terms));
            link.appendChild(snippet);
          }
          item.appendChild(link);
          list.appendChild(item);
        });
        box.appendChild(list);
        open();
      }
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        announce(results.length === 0
          ? 'No results'
          : results.length + (results.length === 1 ? ' result' : ' results'));
      }, 400);
    }

    function update() {
      var query = input.value.trim();
      if (query === lastQuery && !box.hidden) return;
      lastQuery = query;
      if (!query) {
        box.textContent = '';
        close();
        return;
      }
      loadIndex().then(function (index) {
        if (input.value.trim() !== query) return; // A newer query is on its way.
        render(search(index, query), query);
      }, function () {
        message('Search is not available right now.');
      });
    }

    input.addEventListener('focus', function () {
      loadIndex().catch(function () {});
      if (input.value.trim() && !dismissed) update();
    });
    input.addEventListener('input', function () {
      lastQuery = null;
      dismissed = false;
      update();
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) window.location.href = first.href;
      else update();
    });

    form.addEventListener('keydown', function (event) {
      var items = links();
      var current = items.indexOf(doc.activeElement);
      if (event.key === 'Escape') {
        if (!box.hidden) {
          event.preventDefault();
          dismissed = true;
          close();
          input.focus();
        } else if (doc.activeElement === input && input.value) {
          input.value = '';
          lastQuery = null;
        }
      } else if (event.key === 'ArrowDown') {
        if (box.hidden) {
          dismissed = false;
          lastQuery = null;
          update();
        }
        if (!items.length) return;
        event.preventDefault();
        items[current === -1 ? 0 : Math.min(current + 1, items.length - 1)].focus();
      } else if (event.key === 'ArrowUp') {
        if (current === -1) return;
        event.preventDefault();
        if (current === 0) input.focus();
        else items[current - 1].focus();
      }
    });

    form.addEventListener('focusout', function (event) {
      var next = event.relatedTarget;
      if (next && form.contains(next)) return;
      setTimeout(function () {
        if (!form.contains(doc.activeElement)) close();
      }, 0);
    });

    doc.addEventListener('click', function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  /* ---------- 4. Live reload (syllabus serve) ---------- */

  var errorPanel = null;

  function showErrorReport(text) {
    if (!text) {
      if (errorPanel) errorPanel.hidden = true;
      return;
    }
    if (!errorPanel) {
      errorPanel = el('section', 'dev-error-panel');
      errorPanel.setAttribute('role', 'alert');
      errorPanel.setAttribute('aria-label', 'Build errors');
      var heading = el('h2', null, 'The site could not be rebuilt');
      var close = el('button', 'dev-error-close', 'Dismiss');
      close.type = 'button';
      close.addEventListener('click', function () {
        errorPanel.hidden = true;
      });
      errorPanel.appendChild(heading);
      errorPanel.appendChild(el('pre'));
      errorPanel.appendChild(close);
      doc.body.appendChild(errorPanel);
    }
    errorPanel.querySelector('pre').textContent = text;
    errorPanel.hidden = false;
  }

  function setUpLiveReload() {
    var meta = doc.querySelector('meta[name="syllabus-live-reload"]');
    var url = meta && meta.getAttribute('content');
    if (!url || typeof window.EventSource !== 'function') return;
    var source = null;

    function connect() {
      if (source) return;
      try {
        source = new window.EventSource(url);
      } catch (e) {
        source = null;
        return;
      }
      source.addEventListener('reload', function () {
        window.location.reload();
      });
      source.addEventListener('error-report', function (event) {
        showErrorReport(event.data);
      });
      source.addEventListener('message', function (event) {
        if (event.data === 'reload') window.location.reload();
      });
    }

    // A page kept in the back/forward cache must not hold its connection open: browsers
    // allow only a few per host, and the next page load would wait for one.
    window.addEventListener('pagehide', function () {
      if (source) {
        source.close();
        source = null;
      }
    });
    window.addEventListener('pageshow', function (event) {
      // Back from the cache: the site may have been rebuilt meanwhile.
      if (event.persisted) window.location.reload();
      else connect();
    });
    connect();
  }

  /* ---------- Start ---------- */

  function start() {
    [setUpProgress, setUpTasks, setUpQuotes, setUpSearch, setUpLiveReload].forEach(function (step) {
      try {
        step();
      } catch (e) {
        if (window.console) window.console.error(e);
      }
    });
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
