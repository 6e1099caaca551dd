/* Syllabus default theme: the sidebar. navigation.js, loaded just before this file, holds the
   tree of the site's pages as markup (written once for the whole site, so no page repeats it);
   this puts it in the page, marks the page being read and opens its sections. It runs as the
   page is parsed, before the main content, so the sidebar does not shift the page when it
   appears. Without script the sidebar stays hidden and the header's Contents link leads to
   the same tree. */
(function () {
  'use strict';

  var doc = document;
  var html = doc.documentElement;
  var sidebar = doc.getElementById('syllabus-sidebar');
  var markup = window.SYLLABUS_NAVIGATION;
  // A site of one page has no tree to show: no sidebar then.
  if (!sidebar || typeof markup !== 'string' || markup.indexOf('<li') < 0) return;

  var root = html.getAttribute('data-root') || '';
  var here = html.getAttribute('data-path') || '';
  sidebar.innerHTML = markup;

  var current = null;
  Array.prototype.forEach.call(sidebar.querySelectorAll('a[href]'), function (link) {
    var href = link.getAttribute('href');
    // The tree's URLs are from the site's root: made relative to this page, as every link is.
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === '/') return;
    if (href === here && !current) current = link;
    link.setAttribute('href', root + href);
  });

  if (current) {
    current.setAttribute('aria-current', 'page');
    for (var node = current.parentNode; node && node !== sidebar; node = node.parentNode) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
  }

  sidebar.hidden = false;
  html.classList.add('has-sidebar');

  // On a narrow screen the sidebar folds away behind a button in the header.
  var header = doc.querySelector('.site-header-inner');
  if (header) {
    var toggle = doc.createElement('button');
    toggle.type = 'button';
    toggle.className = 'sidebar-toggle';
    toggle.setAttribute('aria-controls', 'syllabus-sidebar');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = 'Menu';
    toggle.addEventListener('click', function () {
      var open = !html.classList.contains('sidebar-open');
      html.classList.toggle('sidebar-open', open);
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open && current) current.focus();
    });
    var title = header.querySelector('.site-title');
    header.insertBefore(toggle, title ? title.nextSibling : header.firstChild);
  }

  // The page being read is in view in a long sidebar, once it is laid out.
  if (current) {
    window.requestAnimationFrame(function () {
      var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top + sidebar.scrollTop;
      if (top > sidebar.clientHeight * 0.6) sidebar.scrollTop = top - sidebar.clientHeight / 3;
    });
  }
})();
