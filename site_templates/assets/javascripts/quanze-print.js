/* The 打印本清单 link of a full-list page prints it (without scripts it opens the page itself). */
document.addEventListener("click", function (ev) {
  var link = ev.target.closest && ev.target.closest(".quanze-print > a:last-of-type, a.quanze-print");
  if (!link) return;
  ev.preventDefault();
  window.print();
});
