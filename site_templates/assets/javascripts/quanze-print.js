/* The 打印本清单 link of a full-list page prints it (without scripts it opens the page itself). */
document.addEventListener("click", function (ev) {
  var link = ev.target.closest && ev.target.closest(".quanze-print > a:last-of-type, .quanze-print > .quanze-screen-only > a:last-of-type, a.quanze-print");
  if (!link) return;
  ev.preventDefault();
  window.print();
});

/* Printing opens every folded quote (browsers without ::details-content hide a closed one's text);
   after printing the reader's own choice is back. */
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.quanze-quote:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  });
})();
